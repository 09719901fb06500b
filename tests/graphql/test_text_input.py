"""A NUL character in any string of a request is refused with one plain error, before anything runs.

PostgreSQL cannot store NUL: an approval whose idempotency key held one was a masked server error
(found by `make reliability`'s generated operations).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import select

from backend.db.engine import system_session
from backend.domain.disputes.models import Dispute
from backend.graphql.text_input import MESSAGE
from tests.support.api import Api

APPROVE = """mutation($input: ApproveCaseInput!) { approveCase(input: $input) { __typename
  ... on CaseUpdated { creditMemo { number } } } }"""


async def _open_case(factory: Any) -> Dispute:
    account = await factory.account()
    invoice = await factory.invoice(account, total=Decimal("100.00"))
    return await factory.dispute(invoice, amount=Decimal("40.00"))  # type: ignore[no-any-return]


async def test_an_approval_whose_key_holds_nul_is_refused_and_changes_nothing(
    api: Api, factory: Any, demo: Any
) -> None:
    dispute = await _open_case(factory)
    assert (await api.login("clerk@recoup.example")).status_code == 200
    for version in (1, 99):  # the current version, and a stale one (the key is read before the version)
        body = {"caseId": str(dispute.id), "version": version, "idempotencyKey": "key-\x00-0123456789"}
        result = await api.graphql(APPROVE, {"input": body})
        assert result == {"data": None, "errors": [{"message": MESSAGE}]}, result
    async with system_session(demo) as db:
        assert (await db.execute(select(Dispute.status).where(Dispute.id == dispute.id))).scalar_one() == "new"


async def test_nul_in_a_literal_or_a_nested_variable_is_refused_too(api: Api, factory: Any) -> None:
    dispute = await _open_case(factory)
    assert (await api.login("clerk@recoup.example")).status_code == 200
    literal = await api.graphql(
        f'mutation {{ writeOffCase(input: {{caseId: "{dispute.id}", version: 1, reason: "a\\u0000b", '
        'idempotencyKey: "0123456789"}) { __typename } }'
    )
    assert literal["errors"] == [{"message": MESSAGE}] and literal.get("data") is None
    search = await api.graphql(
        "query($f: CaseFilter) { cases(filter: $f) { totalCount } }", {"f": {"search": "PO\x00", "reasonCodes": []}}
    )
    assert search["errors"] == [{"message": MESSAGE}]


async def test_text_without_nul_is_untouched(api: Api, factory: Any) -> None:
    dispute = await _open_case(factory)
    assert (await api.login("clerk@recoup.example")).status_code == 200
    body = {"caseId": str(dispute.id), "version": 1, "idempotencyKey": "key-\u2603-0123456789", "rootCause": "OTHER"}
    result = await api.graphql(APPROVE, {"input": body})
    assert result["data"]["approveCase"]["__typename"] == "CaseUpdated"
