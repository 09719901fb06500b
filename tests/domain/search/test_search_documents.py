"""search_documents on both engines: the ranking window, the capped count, filters and the tenant scope.

On PostgreSQL the search reads the index table alone (its rows carry the documents' scope, type, date and
version), so these tests prove that lean statement keeps what the join to ``documents`` used to keep: nothing
of another account or internal reaches a customer, whichever path (few matches, the capped window, a filter).
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from sqlalchemy import update

from backend.db.engine import principal_session, system_session
from backend.db.scope import MissingPrincipal, Principal
from backend.domain.documents.models import Document
from backend.domain.search import service
from backend.domain.search.index import index_document
from backend.domain.search.service import SearchFilter, SearchPage, search_documents

STAFF = Principal(user_id=uuid.uuid4(), role="ar_clerk", account_id=None)


def _word() -> str:
    return f"zq{uuid.uuid4().hex[:10]}"


def _customer(account: Any) -> Principal:
    return Principal(user_id=uuid.uuid4(), role="customer_user", account_id=account.id)


async def _search(
    demo: Any, principal: Principal, words: str, flt: SearchFilter | None = None, **page: int
) -> SearchPage:
    async with principal_session(demo, principal) as db:
        return await search_documents(
            db,
            principal=principal,
            words=words,
            flt=flt or SearchFilter(),
            offset=page.get("offset", 0),
            limit=page.get("limit", 20),
        )


def _ids(page: SearchPage) -> list[uuid.UUID]:
    return [hit.document_id for hit in page.hits]


@pytest.fixture
def small_window(monkeypatch: pytest.MonkeyPatch) -> int:
    """A ranking window and count cap of 3, so a handful of documents exercises the capped path."""
    monkeypatch.setattr(service, "RANK_WINDOW", 3)
    monkeypatch.setattr(service, "COUNT_CAP", 3)
    return 3


async def test_ranking_looks_at_the_newest_matches_and_counting_stops_at_the_cap(
    demo: Any, factory: Any, small_window: int
) -> None:
    # given: the oldest document mentions the word most (the best rank), four newer ones once each
    account, marker = await factory.account(), _word()
    oldest = await factory.document(account.id, text=f"{marker} {marker} {marker} {marker} {marker} pallet")
    newer = [await factory.document(account.id, text=f"{marker} carton {n}") for n in range(4)]

    # when
    found = await _search(demo, STAFF, marker)
    second_page = await _search(demo, STAFF, marker, offset=2)

    # then: only the newest three are ranked; the count stops at the cap and says so
    assert set(_ids(found)) == {d.id for d in newer[-3:]} and oldest.id not in _ids(found)
    assert (found.total, found.total_is_exact) == (3, False)
    assert _ids(second_page) == _ids(found)[2:]


async def test_few_matches_are_all_ranked_best_first_and_counted_exactly(
    demo: Any, factory: Any, small_window: int
) -> None:
    account, marker = await factory.account(), _word()
    once = await factory.document(account.id, text=f"{marker} carton counted")
    often = await factory.document(account.id, text=f"{marker} crushed {marker} torn {marker} wet")

    found = await _search(demo, STAFF, marker)

    assert _ids(found) == [often.id, once.id]
    assert (found.total, found.total_is_exact) == (2, True)
    assert all(service.HIGHLIGHT_START in hit.snippet for hit in found.hits)


async def test_a_customer_gets_only_their_own_public_documents_on_every_path(
    demo: Any, factory: Any, small_window: int
) -> None:
    # given: one word in two accounts' documents, public and internal, interleaved in time, and more of
    # the customer's own than the window holds
    mine, theirs, marker = await factory.account(), await factory.account(), _word()
    foreign_invoice = await factory.invoice(theirs)
    own, foreign = [], []
    for n in range(4):
        own.append(await factory.document(mine.id, text=f"{marker} own {n}"))
        foreign.append(await factory.document(theirs.id, text=f"{marker} {marker} foreign {n}"))
        await factory.document(mine.id, text=f"{marker} {marker} internal note {n}", internal=True)
    on_invoice = await factory.document(theirs.id, text=f"{marker} on their invoice", invoice=foreign_invoice)
    customer = _customer(mine)

    # when: the plain search, and filters naming the other account, its invoice, or a kind
    plain = await _search(demo, customer, marker)
    widened = await _search(demo, customer, marker, SearchFilter(account_ids=(theirs.id,)))
    by_invoice = await _search(demo, customer, marker, SearchFilter(invoice_id=foreign_invoice.id))
    by_kind = await _search(demo, customer, marker, SearchFilter(document_types=("other",)))
    staff = await _search(demo, STAFF, marker)

    # then: the newest of their own public documents, counted to the cap; nothing else, not even a count
    newest_own = {d.id for d in own[1:]}
    assert set(_ids(plain)) == newest_own and (plain.total, plain.total_is_exact) == (3, False)
    assert set(_ids(by_kind)) == newest_own
    for nothing in (widened, by_invoice):
        assert (nothing.hits, nothing.total, nothing.total_is_exact) == ([], 0, True)
    assert on_invoice.id in _ids(staff) and foreign[3].id in _ids(staff)


async def test_a_search_refuses_a_principal_the_session_does_not_act_for(demo: Any, factory: Any) -> None:
    account = await factory.account()
    async with principal_session(demo, _customer(account)) as db:
        with pytest.raises(MissingPrincipal):
            await search_documents(db, principal=STAFF, words="pallet", flt=SearchFilter(), offset=0, limit=20)


async def test_a_version_no_longer_current_is_not_found_even_if_indexed_after(demo: Any, factory: Any) -> None:
    # given: a document superseded, then indexed again (an extraction that finished after the new version)
    account, marker = await factory.account(), _word()
    old = await factory.document(account.id, text=f"{marker} first scan")
    async with system_session(demo) as db:
        await db.execute(update(Document).where(Document.id == old.id).values(is_current=False))
        await index_document(
            db, document_id=old.id, account_id=account.id, is_internal=False, metadata="", body=f"{marker} first scan"
        )
        await db.commit()

    found = await _search(demo, STAFF, marker)

    assert (found.hits, found.total) == ([], 0)
