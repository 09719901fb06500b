"""The resolution figures counted in the database — the median (the mean of the middle two for an even count) and
the nearest-rank 90th percentile of the days each decided case took, and the share within its reason's SLA — are
exactly what ``formulas.median_and_p90`` gives for the same cases, overall and per reason, customer and staff
member."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from backend.db.engine import system_session
from backend.domain.disputes.models import Dispute, ReasonCode
from backend.domain.invoices.models import Invoice
from backend.domain.reports import formulas
from backend.domain.reports.resolution import resolution
from tests.reports.conftest import unused_currency

D = Decimal
DECIDED_ON = date(2025, 2, 10)


async def test_medians_percentiles_and_sla_shares_match_the_formulas(demo: Any, factory: Any) -> None:
    currency = await unused_currency(demo, "Y")
    async with system_session(demo) as db:
        reasons = (await db.execute(select(ReasonCode.code, ReasonCode.sla_days).order_by(ReasonCode.code))).all()
    (first, first_sla), (second, second_sla) = reasons[0], reasons[1]
    alice, bob = await factory.user("ar_clerk"), await factory.user("ar_clerk")
    north, south = await factory.account("North"), await factory.account("South")
    # (reason, customer, staff, hours the case took): seven of the first reason (odd), four of the second (even)
    hours = [30, 2, 75, 200, 49, 170, 96, 12, 500, 36, 61]
    plan = [(first, north, alice)] * 4 + [(first, south, bob)] * 3 + [(second, south, None)] * 4
    taken: dict[tuple[str, str], list[Decimal]] = {}
    for (reason, customer, staff), took in zip(plan, hours, strict=True):
        invoice = await factory.invoice(customer, total=D("100.00"), issue=DECIDED_ON - timedelta(days=40))
        case = await factory.dispute(invoice, amount=D("10.00"), status="resolved_invalid")
        async with system_session(demo) as db:
            (await db.get(Invoice, invoice.id)).currency = currency  # type: ignore[union-attr]
            row = await db.get(Dispute, case.id)
            assert row is not None
            row.reason_code, row.assignee_id = reason, staff.id if staff else None
            row.resolved_at = datetime(2025, 2, 10, 15, tzinfo=UTC)
            row.created_at = row.resolved_at - timedelta(hours=took)
            await db.commit()
        days = D(took) / 24
        for key in (("all", ""), ("reason", reason), ("customer", customer.number),
                    ("staff", str(staff.id) if staff else "")):  # fmt: skip
            taken.setdefault(key, []).append(days)

    async with system_session(demo) as db:
        found = await resolution(db, currency=currency, start=DECIDED_ON, end=DECIDED_ON)

    def expected(key: tuple[str, str]) -> tuple[Decimal, Decimal]:
        timing = formulas.median_and_p90(taken[key])
        assert timing is not None
        return timing

    assert found.decided == 11
    assert found.days == expected(("all", ""))
    slas = {first: first_sla, second: second_sla}
    within = sum(1 for (reason, _, _), took in zip(plan, hours, strict=True) if D(took) / 24 <= slas[reason])
    assert found.within_sla == formulas.share(D(within), D(11))
    groups = {("reason", g.key): g for g in found.by_reason}
    groups |= {("customer", g.key): g for g in found.by_customer}
    groups |= {("staff", g.key): g for g in found.by_staff}
    assert set(groups) == set(taken) - {("all", "")}
    for key, group in groups.items():
        assert (group.decided, (group.median_days, group.p90_days)) == (len(taken[key]), expected(key)), key
    # most cases first, then by name: nobody assigned (4), Alice (4), Bob (3)
    assert [(g.label, g.decided) for g in found.by_staff] == [
        ("Nobody assigned", 4),
        ("Test ar_clerk", 4),
        ("Test ar_clerk", 3),
    ]
    assert [g.label for g in found.by_customer] == ["South", "North"]  # seven cases, then four
    ((reason, outcomes),) = {(o.reason_code, o.invalid) for o in found.outcomes if o.reason_code == first}
    assert outcomes == (D("70.00"), 7)
