"""Document search: ranked full text and metadata, highlighted snippets, filters, paging — within access rights."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from backend.db.engine import system_session
from backend.domain.accounts.models import CustomerAccount
from tests.support.api import DEMO_PASSWORD, Api

PASSWORD = "correct horse battery"
SEARCH = """query($q: String!, $f: DocumentSearchFilter, $first: Int! = 20, $after: String) {
  searchDocuments(query: $q, filter: $f, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id filename accountId documentType } snippet { text highlighted } } } }"""


def _word() -> str:
    return f"zq{uuid.uuid4().hex[:10]}"


async def _search(api: Api, words: str, flt: dict[str, Any] | None = None, **paging: Any) -> dict[str, Any]:
    result = await api.graphql(SEARCH, {"q": words, "f": flt, **paging})
    assert "errors" not in result, result
    return dict(result["data"]["searchDocuments"])


async def _staff(api: Api, factory: Any) -> None:
    await api.login((await factory.user("ar_clerk")).email, PASSWORD)


async def test_results_are_ranked_and_snippets_highlight_the_words(api: Api, factory: Any) -> None:
    await _staff(api, factory)
    account, marker = await factory.account(), _word()
    filler = " ".join(f"line{n} carton counted" for n in range(30))
    often = await factory.document(
        account.id,
        text=f"Pallets crushed: {marker}. Second pallet {marker}, third {marker}, photographed {marker}. {filler}",
        filename="a.pdf",
    )
    once = await factory.document(account.id, text=f"One pallet was short: {marker}. {filler}", filename="b.pdf")
    await factory.document(account.id, text=f"Invoice copy, nothing else. {filler}", filename="c.pdf")

    found = await _search(api, marker)
    both = await _search(api, f"{marker} pallet")

    # More mentions rank higher (bm25 on SQLite, cover density on PostgreSQL); the word is marked.
    assert found["totalCount"] == 2
    assert [edge["node"]["id"] for edge in found["edges"]] == [str(often.id), str(once.id)]
    for edge in found["edges"]:
        assert next(part["text"].lower() for part in edge["snippet"] if part["highlighted"]) == marker
    assert both["totalCount"] == 2 and "pallet" in "".join(p["text"].lower() for p in both["edges"][1]["snippet"])


async def test_metadata_is_searchable_file_name_customer_and_invoice_number(api: Api, factory: Any) -> None:
    await _staff(api, factory)
    account = await factory.account(f"Acme {_word()}")
    invoice = await factory.invoice(account, total=Decimal("50.00"))
    dispute = await factory.dispute(invoice)
    named = await factory.document(account.id, text="", filename=f"POD-{_word()}.pdf", dispute=dispute)

    by_number = await _search(api, invoice.number)
    by_customer = await _search(api, account.name)
    by_file = await _search(api, named.filename.removesuffix(".pdf"))

    assert [e["node"]["id"] for e in by_number["edges"]] == [str(named.id)]
    assert [e["node"]["id"] for e in by_customer["edges"]] == [str(named.id)]
    assert [e["node"]["id"] for e in by_file["edges"]] == [str(named.id)]


async def test_filters_narrow_by_kind_case_and_date(api: Api, factory: Any) -> None:
    await _staff(api, factory)
    account, marker = await factory.account(), _word()
    dispute = await factory.dispute(await factory.invoice(account))
    pod = await factory.document(account.id, text=marker, dispute=dispute, document_type="proof_of_delivery")
    photo = await factory.document(account.id, text=marker, document_type="photo")
    today = date.today()

    pods = await _search(api, marker, {"documentTypes": ["PROOF_OF_DELIVERY"]})
    on_case = await _search(api, marker, {"disputeId": str(dispute.id)})
    today_only = await _search(api, marker, {"uploadedFrom": today.isoformat(), "uploadedTo": today.isoformat()})
    tomorrow = await _search(api, marker, {"uploadedFrom": (today + timedelta(days=1)).isoformat()})
    for_customer = await _search(api, marker, {"customerIds": [str(account.id)]})

    assert [e["node"]["id"] for e in pods["edges"]] == [str(pod.id)]
    assert [e["node"]["id"] for e in on_case["edges"]] == [str(pod.id)]
    assert {e["node"]["id"] for e in today_only["edges"]} == {str(pod.id), str(photo.id)}
    assert tomorrow["totalCount"] == 0 and for_customer["totalCount"] == 2


async def test_pages_follow_each_other_without_repeats(api: Api, factory: Any) -> None:
    await _staff(api, factory)
    account, marker = await factory.account(), _word()
    made = {str((await factory.document(account.id, text=f"{marker} page test {n}")).id) for n in range(5)}

    first = await _search(api, marker, first=2)
    second = await _search(api, marker, first=2, after=first["pageInfo"]["endCursor"])
    third = await _search(api, marker, first=2, after=second["pageInfo"]["endCursor"])

    seen = [e["node"]["id"] for page in (first, second, third) for e in page["edges"]]
    assert first["totalCount"] == 5 and len(seen) == 5 and set(seen) == made
    assert first["pageInfo"]["hasNextPage"] and not third["pageInfo"]["hasNextPage"]


async def test_search_input_is_never_query_syntax(api: Api, factory: Any) -> None:
    await _staff(api, factory)
    account, marker = await factory.account(), _word()
    await factory.document(account.id, text=f"{marker} NEAR the dock")
    for hostile in [
        f'"{marker}',
        f"{marker} OR *",
        f"({marker}",
        f"{marker} NEAR(",
        "-",
        "'; DROP TABLE documents; --",
        "*",
    ]:
        result = await api.graphql(SEARCH, {"q": hostile})
        assert "errors" not in result, (hostile, result)
    assert (await _search(api, f'"{marker}'))["totalCount"] == 1


async def test_the_contoso_user_finds_nothing_of_northwind(api_factory: Any, factory: Any, demo: Any) -> None:
    # given: Northwind documents (one on a case, one internal note for staff) with words nobody else uses
    async with system_session(demo) as db:
        northwind = (
            await db.execute(select(CustomerAccount).where(CustomerAccount.name == "Northwind Traders"))
        ).scalar_one()
    secret, internal_word = _word(), _word()
    await factory.document(northwind.id, text=f"Northwind warehouse seal {secret} intact", filename=f"nw-{secret}.pdf")
    await factory.document(northwind.id, text=f"Internal: {internal_word} credit risk", internal=True)
    contoso, northwind_user, clerk = api_factory(), api_factory(), api_factory()
    await contoso.login("ap@contoso.example", DEMO_PASSWORD)
    await northwind_user.login("ap@northwind.example", DEMO_PASSWORD)
    await clerk.login((await factory.user("ar_clerk")).email, PASSWORD)

    # when: each searches for the Northwind-only words, by text, by file name, by customer name
    asked = [secret, f"nw-{secret}", f"warehouse seal {secret}", "Northwind Traders", internal_word]
    contoso_sees = [await _search(contoso, words) for words in asked]
    contoso_widens = await _search(contoso, secret, {"customerIds": [str(northwind.id)]})

    # then: Contoso gets no hit, no count and no snippet; Northwind sees its own but not the internal note
    for found in [*contoso_sees, contoso_widens]:
        assert found == {"totalCount": 0, "pageInfo": {"hasNextPage": False, "endCursor": None}, "edges": []}
    assert (await _search(northwind_user, secret))["totalCount"] == 1
    assert (await _search(northwind_user, internal_word))["totalCount"] == 0
    assert (await _search(clerk, internal_word))["totalCount"] == 1


async def test_with_no_words_the_documents_are_listed_newest_first_under_the_filter_and_only_ones_own(
    api: Api, factory: Any
) -> None:
    account, other = await factory.account(), await factory.account()
    photo = await factory.document(account.id, text="a photo of the pallet", document_type="photo")
    pod = await factory.document(account.id, text="signed delivery note", document_type="proof_of_delivery")
    await factory.document(other.id, text="someone else's note", document_type="proof_of_delivery")
    user = await factory.user("customer_user", account)
    await api.login(user.email, "correct horse battery")
    query = """query($f: DocumentSearchFilter) { searchDocuments(query: "", filter: $f, first: 10) {
      totalCount edges { node { id } } } }"""

    everything = (await api.graphql(query))["data"]["searchDocuments"]
    pods = (await api.graphql(query, {"f": {"documentTypes": ["PROOF_OF_DELIVERY"]}}))["data"]["searchDocuments"]

    assert [e["node"]["id"] for e in everything["edges"]] == [str(pod.id), str(photo.id)]
    assert everything["totalCount"] == 2
    assert [e["node"]["id"] for e in pods["edges"]] == [str(pod.id)]
