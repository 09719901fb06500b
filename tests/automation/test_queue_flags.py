"""Flags on the console: the case page lists them with their reason, the queue filters by them at a constant
statement count, and customers never see them (issue 6 item 5)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import event, select

from backend.db.engine import system_session
from backend.db.scope import Principal, bind_principal
from backend.domain.automation.models import CaseFlag
from backend.schema import build_schema
from tests.automation.support import PASSWORD, create_deduction, customer_api, file_in_portal, flags_of
from tests.support.api import Api

QUEUE = """query($filter: CaseFilter, $first: Int!) { cases(first: $first, filter: $filter) {
  totalCount edges { node { id flags { code message } } } } }"""
CASE = """query($id: ID!) { case(id: $id) { id flags { code message raisedAt } } }"""


async def _clerk(api: Api, factory: Any) -> None:
    user = await factory.user("ar_clerk")
    assert (await api.login(user.email, PASSWORD)).status_code == 200


async def _flagged_and_clean(factory: Any, demo: Any) -> tuple[Any, Any, Any]:
    """One customer's cases: a duplicate (and no evidence), no evidence only, and two without flags."""
    account = await factory.account("Flag Queue Co")
    invoice = await factory.invoice(account, total=Decimal("500.00"))
    first = await create_deduction(demo, invoice, "10.00")
    duplicate = await create_deduction(demo, invoice, "10.00")
    clean_invoice = await factory.invoice(account)
    earlier = await factory.dispute(clean_invoice, amount=Decimal("1.00"))
    await factory.document(account.id, text="POD", dispute=earlier)
    clean = await create_deduction(demo, clean_invoice, "4.00")
    return account, (first, duplicate), (clean, earlier.id)


async def test_the_case_page_lists_each_flag_with_its_reason(api: Api, factory: Any, demo: Any) -> None:
    _, (_, duplicate), _ = await _flagged_and_clean(factory, demo)
    await _clerk(api, factory)

    flags = (await api.graphql(CASE, {"id": str(duplicate)}))["data"]["case"]["flags"]

    assert [f["code"] for f in flags] == ["DUPLICATE_CLAIM", "NO_EVIDENCE"]
    assert flags[0]["message"].startswith("Already claimed: case for 10.00 on ")


async def test_the_queue_filters_by_any_of_several_flags_and_by_no_flags(api: Api, factory: Any, demo: Any) -> None:
    account, (first, duplicate), clean = await _flagged_and_clean(factory, demo)
    await _clerk(api, factory)
    mine = {"accountIds": [str(account.id)]}

    async def ids(flt: dict[str, Any]) -> set[str]:
        result = await api.graphql(QUEUE, {"first": 50, "filter": {**mine, **flt}})
        return {e["node"]["id"] for e in result["data"]["cases"]["edges"]}

    assert await ids({"flags": ["DUPLICATE_CLAIM"]}) == {str(duplicate)}
    assert await ids({"flags": ["DUPLICATE_CLAIM", "NO_EVIDENCE"]}) == {str(first), str(duplicate)}
    assert await ids({"flags": ["EXCEEDS_LINE"]}) == set()
    assert await ids({"noFlags": True}) == {str(c) for c in clean}


async def test_filtering_the_queue_by_flag_costs_the_same_statements_for_5_and_40_rows(
    api: Api, app: Any, factory: Any, demo: Any
) -> None:
    account = await factory.account("Many Flags Co")
    for _ in range(40):
        invoice = await factory.invoice(account)
        await create_deduction(demo, invoice, "3.00")  # each has no evidence
    await _clerk(api, factory)
    await api.graphql("{ viewer { email } }")
    engine = app.state.engine.sync_engine

    async def statements(first: int, flt: dict[str, Any]) -> int:
        seen: list[str] = []

        def count(*args: Any) -> None:
            seen.append(args[2])

        event.listen(engine, "before_cursor_execute", count)
        try:
            result = await api.graphql(QUEUE, {"first": first, "filter": {"accountIds": [str(account.id)], **flt}})
        finally:
            event.remove(engine, "before_cursor_execute", count)
        edges = result["data"]["cases"]["edges"]
        assert len(edges) == first and all(e["node"]["flags"] for e in edges)
        return len(seen)

    assert await statements(5, {"flags": ["NO_EVIDENCE"]}) == await statements(40, {"flags": ["NO_EVIDENCE"]})


async def test_customers_never_see_flags(api: Api, factory: Any, demo: Any) -> None:
    # given: a customer whose filing raised flags
    account = await factory.account()
    invoice = await factory.invoice(account)
    user = await customer_api(api, factory, account)
    case = await file_in_portal(api, invoice, "10.00")
    assert "no_evidence" in await flags_of(demo, case)
    # then: no customer-facing type has flags, the case field is staff-only, and the scope hides the rows
    sdl = build_schema(production=False).as_str()
    dispute_type = sdl[sdl.index("type Dispute {") :].split("}", 1)[0]
    assert "flags" not in dispute_type
    refused = await api.graphql(CASE, {"id": str(case)})
    assert refused["errors"][0]["message"] == "You are not allowed to do this."
    assert refused["data"] is None or refused["data"]["case"] is None
    async with demo() as db:
        bind_principal(db, Principal(user_id=user.id, role="customer_admin", account_id=account.id))
        assert (await db.execute(select(CaseFlag).where(CaseFlag.dispute_id == case))).first() is None
    async with system_session(demo) as db:
        assert (await db.execute(select(CaseFlag).where(CaseFlag.dispute_id == case))).first() is not None
