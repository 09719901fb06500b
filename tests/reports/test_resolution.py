"""The resolution figures counted in the database — the median (the mean of the middle two for an even count) and
the nearest-rank 90th percentile of the days each decided case took, and the share within its reason's SLA — are
exactly what ``formulas.median_and_p90`` gives for the same cases, overall and per reason, customer and staff
member."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select

from backend.db.engine import system_session
from backend.domain.disputes.models import Dispute, ReasonCode
from backend.domain.invoices.models import Invoice
from backend.domain.reports import formulas
from backend.domain.reports.resolution import MAX_GROUPS, _by_grouping_sets, _by_ranks, _decided, decided_in, resolution
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


async def test_postgresqls_grouping_sets_give_what_the_window_ranks_give(demo: Any, factory: Any) -> None:
    """The two statements of ``resolution._timing`` side by side on PostgreSQL (SQLite has only the ranks): more
    customers than are shown (the top-50 cut and its ties), odd and even counts, equal durations."""
    async with system_session(demo) as db:
        if db.get_bind().dialect.name != "postgresql":
            pytest.skip("grouping sets and percentile_disc are PostgreSQL's")
        reasons = list((await db.execute(select(ReasonCode.code).order_by(ReasonCode.code))).scalars())[:3]
    currency = await unused_currency(demo, "Z")
    staff = [await factory.user("ar_clerk") for _ in range(3)]
    pick = random.Random(19)
    decided = datetime(2025, 2, 10, 15, tzinfo=UTC)
    for n in range(MAX_GROUPS + 6):
        customer = await factory.account(f"Grouping {n}")
        invoice = await factory.invoice(customer, total=D("100.00"), issue=DECIDED_ON - timedelta(days=40))
        async with system_session(demo) as db:
            (await db.get(Invoice, invoice.id)).currency = currency  # type: ignore[union-attr]
            for _ in range(pick.choice([1, 1, 2, 3, 4])):  # many customers tie on one or two cases
                status = pick.choice(["resolved_valid", "resolved_invalid", "written_off"])
                assignee = pick.choice(staff).id if pick.random() < 0.8 else None
                took = timedelta(hours=pick.choice([2, 24, 24, 49, 170, 500]))
                db.add(Dispute(account_id=customer.id, invoice_id=invoice.id, reason_code=pick.choice(reasons),
                               origin="remittance", status=status, amount=D(pick.choice(["5.00", "12.50", "40.00"])),
                               description="", due_on=DECIDED_ON, resolved_at=decided, assignee_id=assignee,
                               created_at=decided - took))  # fmt: skip
            await db.commit()

    scope = decided_in(currency, DECIDED_ON, DECIDED_ON, None)
    found = {}
    async with system_session(demo) as db:
        for name, build in (("sets", _by_grouping_sets), ("ranks", _by_ranks)):
            rows = (await db.execute(build(_decided(scope)))).all()
            # (kind, key) -> n, within, median in ms, p90, the outcomes' money and counts
            found[name] = {
                (r[0], r[1]): (int(r[2]), int(r[3]), D(int(r[4])) / int(r[5]), int(r[6]), *map(str, r[7:]))
                for r in rows
            }

    assert found["sets"] == found["ranks"]
    assert sum(1 for kind, _ in found["sets"] if kind == 2) == MAX_GROUPS  # customers shown: the top 50 only
