"""A long file is matched and posted batch by batch (PostgreSQL): payments that run across batches, invoices paid by
lines of different batches, payments whose lines are apart, and a wrong line late in the file all end as if the
file had been read whole. The batch and the matcher's memory are made tiny here so a few lines cross them."""

from __future__ import annotations

import functools
import uuid
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select

from backend.db.bulk import Spool
from backend.db.engine import system_session
from backend.domain.audit.models import AuditEvent
from backend.domain.audit.service import EventSpool, first_broken_event
from backend.domain.cash import applying, importer
from backend.domain.cash.posting import Posting
from backend.domain.invoices.models import Invoice
from backend.domain.payments.models import Payment, PaymentAllocation
from tests.support.api import Api
from tests.support.imports import import_file

HEADER = "payment_reference,received_on,customer_number,payment_amount,invoice_reference,paid_amount,adjustment_amount,adjustment_scheme,adjustment_code,adjustment_text\n"
D = Decimal


@pytest.fixture
def batches(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Batches of 3 lines, the matcher forgetting its invoices after every batch, the audit events and a rejected
    file's wrong lines kept on disk past 2; the sizes of the posted chunks."""
    monkeypatch.setattr(importer, "BATCH", 3)
    monkeypatch.setattr(importer, "MAX_HELD", 1)
    monkeypatch.setattr(applying, "Spool", functools.partial(Spool, keep=2))
    monkeypatch.setattr(EventSpool, "__init__", functools.partialmethod(Spool.__init__, keep=2))
    posted: list[int] = []
    real_add = Posting.add

    async def add(posting: Posting, plans: Any) -> None:
        posted.append(len(plans))
        await real_add(posting, plans)

    monkeypatch.setattr(Posting, "add", add)
    return posted


async def _clerk(api: Api, factory: Any) -> None:
    clerk = await factory.user("ar_clerk")
    await api.login(clerk.email, "correct horse battery")


async def _balances(demo: Any, *invoices: Any) -> list[tuple[Decimal, Decimal, Decimal]]:
    async with system_session(demo) as db:
        rows = {
            r.id: r
            for r in (await db.execute(select(Invoice).where(Invoice.id.in_([i.id for i in invoices])))).scalars()
        }
    return [(rows[i.id].paid_amount, rows[i.id].open_balance, rows[i.id].disputed_amount) for i in invoices]


async def _payments(demo: Any, account: Any) -> dict[str, tuple[Decimal, list[Decimal]]]:
    """Each payment of the customer by reference: its amount and its allocations' amounts."""
    async with system_session(demo) as db:
        rows = (
            await db.execute(
                select(Payment.reference, Payment.amount, PaymentAllocation.amount)
                .outerjoin(PaymentAllocation, PaymentAllocation.payment_id == Payment.id)
                .where(Payment.account_id == account.id)
            )
        ).all()
    found: dict[str, tuple[Decimal, list[Decimal]]] = {}
    for reference, amount, allocated in rows:
        found.setdefault(reference, (amount, []))[1].append(allocated)
    return {
        reference: (amount, sorted(a for a in allocated if a is not None))
        for reference, (amount, allocated) in found.items()
    }


async def _customer(factory: Any, name: str, *totals: str) -> tuple[Any, list[Any], str, str]:
    """A customer with open invoices of ``totals``, a run id for its payment references, and its number."""
    account = await factory.account(name)
    invoices = [await factory.invoice(account, total=D(total)) for total in totals]
    return account, invoices, uuid.uuid4().hex[:6], account.number


def _streams(app: Any) -> bool:
    return app.state.engine.dialect.name == "postgresql"


async def test_a_file_posted_batch_by_batch_applies_as_if_read_whole(
    app: Any, api: Api, factory: Any, demo: Any, batches: list[int]
) -> None:
    await _clerk(api, factory)
    account, (a, b, c, d), run, n = await _customer(factory, "Streamed Co", "100.00", "50.00", "80.00", "30.00")
    content = HEADER + (
        f"P1-{run},2026-11-20,{n},40.00,{a.number},40.00,0,,,partial payment\n"
        f"P2-{run},2026-11-20,{n},160.00,{b.number},50.00,0,,,\n"
        f"P2-{run},2026-11-20,{n},160.00,{c.number},80.00,0,,,\n"  # the batch ends inside payment P2
        f"P2-{run},2026-11-20,{n},160.00,{d.number},30.00,0,,,\n"
        f"P3-{run},2026-11-20,{n},60.00,{a.number},60.00,0,,,\n"  # the rest of A, two batches after its first line
        f"P4-{run},2026-11-20,{n},10.00,NOPE-{run},10.00,0,,,\n"
    )

    result = await import_file(app, api, content.encode())

    assert result.job is not None
    assert (result.job.status, result.job.payments, result.job.deductions) == ("applied", 4, 0), result.job.message
    assert [line.status for line in result.lines] == ["applied"] * 5 + ["exception"]
    assert [line.rule for line in result.lines[3:5]] == ["exact_reference", "exact_reference"]
    assert await _balances(demo, a, b, c, d) == [
        (D("100.00"), D("0.00"), D("0.00")),
        (D("50.00"), D("0.00"), D("0.00")),
        (D("80.00"), D("0.00"), D("0.00")),
        (D("30.00"), D("0.00"), D("0.00")),
    ]
    assert await _payments(demo, account) == {
        f"P1-{run}": (D("40.00"), [D("40.00")]),
        f"P2-{run}": (D("160.00"), [D("30.00"), D("50.00"), D("80.00")]),
        f"P3-{run}": (D("60.00"), [D("60.00")]),
        f"P4-{run}": (D("10.00"), []),
    }
    if _streams(app):  # posted as it was read: P2's three lines together, though the batch ended inside it
        assert len(batches) > 2 and sum(batches) == 6, batches
    async with system_session(demo) as db:  # every payment's event, chained (read back from disk)
        events = await db.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "cash.payment_imported", AuditEvent.account_id == account.id)
        )
        assert events == 4
        assert await first_broken_event(db) is None


async def test_a_payment_whose_lines_are_apart_in_the_file_is_applied_whole_as_one_payment(
    app: Any, api: Api, factory: Any, demo: Any, batches: list[int]
) -> None:
    await _clerk(api, factory)
    account, (a, b, c, d), run, n = await _customer(
        factory, "Sorted By Invoice Co", "100.00", "50.00", "80.00", "30.00"
    )
    content = HEADER + (
        f"P1-{run},2026-11-20,{n},180.00,{a.number},100.00,0,,,\n"
        f"P2-{run},2026-11-20,{n},80.00,{b.number},50.00,0,,,\n"
        f"P3-{run},2026-11-20,{n},30.00,{d.number},30.00,0,,,\n"
        f"P4-{run},2026-11-20,{n},5.00,NOPE-{run},5.00,0,,,\n"
        f"P1-{run},2026-11-20,{n},180.00,{c.number},80.00,0,,,\n"  # P1 again, after P1 was posted
        f"P2-{run},2026-11-20,{n},80.00,NOPE2-{run},30.00,0,,,\n"
    )

    result = await import_file(app, api, content.encode())

    assert result.job is not None
    assert (result.job.status, result.job.payments, result.job.deductions) == ("applied", 4, 0), result.job.message
    assert await _payments(demo, account) == {
        f"P1-{run}": (D("180.00"), [D("80.00"), D("100.00")]),
        f"P2-{run}": (D("80.00"), [D("50.00")]),
        f"P3-{run}": (D("30.00"), [D("30.00")]),
        f"P4-{run}": (D("5.00"), []),
    }
    assert await _balances(demo, a, b, c, d) == [
        (D("100.00"), D("0.00"), D("0.00")),
        (D("50.00"), D("0.00"), D("0.00")),
        (D("80.00"), D("0.00"), D("0.00")),
        (D("30.00"), D("0.00"), D("0.00")),
    ]
    async with system_session(demo) as db:
        lines = await db.scalar(select(func.count()).select_from(Payment).where(Payment.account_id == account.id))
    assert lines == 4  # the streamed attempt's first payments were rolled back, not posted twice
    assert [line.status for line in result.lines] == [
        "applied",
        "applied",
        "applied",
        "exception",
        "applied",
        "exception",
    ]


async def test_a_wrong_line_late_in_a_long_file_rejects_it_whole_and_the_report_names_every_wrong_line(
    app: Any, api: Api, factory: Any, demo: Any, batches: list[int]
) -> None:
    await _clerk(api, factory)
    account, (a, b, c), run, n = await _customer(factory, "Late Error Co", "100.00", "50.00", "80.00")
    content = HEADER + (
        f"P1-{run},2026-11-20,{n},100.00,{a.number},100.00,0,,,\n"
        f"P2-{run},2026-11-20,{n},50.00,{b.number},50.00,0,,,\n"
        f"P3-{run},2026-11-20,{n},10.00,NOPE-{run},10.00,0,,,\n"
        f"P4-{run},2026-11-20,{n},99.00,{c.number},80.00,0,,,\n"  # does not add up to its payment
        f"P5-{run},2026-11-20,NOBODY-{run},7.00,NOPE-{run},7.00,0,,,\n"  # an unknown customer
    )

    rejected = await import_file(app, api, content.encode())

    assert rejected.job is not None and rejected.job.status == "rejected", rejected.job
    assert "2 line(s) are wrong" in rejected.job.message
    # every line read is in the report: the wrong ones as found, the others not applied, applied to nothing (the
    # streamed import let them go once matched, and reads them again)
    assert (rejected.job.applied_lines, rejected.job.exception_lines, rejected.job.error_lines) == (0, 0, 5)
    assert [(line.line, line.status) for line in rejected.lines] == [
        (2, "not_applied"),
        (3, "not_applied"),
        (4, "not_applied"),
        (5, "error"),
        (6, "error"),
    ]
    assert [line.applied_to for line in rejected.lines] == [[]] * 5
    assert rejected.lines[0].invoice_reference == a.number and rejected.lines[0].paid_amount == D("100.00")
    assert "do not add up" in rejected.lines[3].message
    assert await _balances(demo, a, b, c) == [
        (D("0.00"), D("100.00"), D("0.00")),
        (D("0.00"), D("50.00"), D("0.00")),
        (D("0.00"), D("80.00"), D("0.00")),
    ]
    assert await _payments(demo, account) == {}
    if _streams(app):
        assert batches, "the good payments before the wrong line were posted, then rolled back"

    accepted = await import_file(app, api, content.encode(), accept_valid=True)

    assert accepted.job is not None and accepted.job.status == "partially_applied", accepted.job
    assert set(await _payments(demo, account)) == {f"P1-{run}", f"P2-{run}", f"P3-{run}"}
    assert await _balances(demo, a, b, c) == [
        (D("100.00"), D("0.00"), D("0.00")),
        (D("50.00"), D("0.00"), D("0.00")),
        (D("0.00"), D("80.00"), D("0.00")),
    ]


async def test_a_large_file_whose_payment_lines_are_apart_is_rejected_naming_the_payment_and_line(
    app: Any, api: Api, factory: Any, demo: Any, batches: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:

    monkeypatch.setattr(applying, "WHOLE_FILE_MAX_BYTES", 100)  # read again whole, it would not fit: "large"
    await _clerk(api, factory)
    account, (a, b, c), run, n = await _customer(factory, "Large Unsorted Co", "100.00", "50.00", "80.00")
    content = HEADER + (
        f"P1-{run},2026-11-20,{n},180.00,{a.number},100.00,0,,,\n"
        f"P2-{run},2026-11-20,{n},50.00,{b.number},50.00,0,,,\n"
        f"P3-{run},2026-11-20,{n},7.00,NOPE-{run},7.00,0,,,\n"
        f"P4-{run},2026-11-20,{n},8.00,NOPE-{run},8.00,0,,,\n"
        f"P1-{run},2026-11-20,{n},180.00,{c.number},80.00,0,,,\n"
    )

    result = await import_file(app, api, content.encode())

    assert result.job is not None
    if _streams(app):
        assert result.job.status == "rejected"
        assert f"Payment 'P1-{run}' has lines apart in the file (line 6" in result.job.message
        assert "nothing was applied" in result.job.message
        assert await _payments(demo, account) == {}
        assert await _balances(demo, a, b, c) == [
            (D("0.00"), D("100.00"), D("0.00")),
            (D("0.00"), D("50.00"), D("0.00")),
            (D("0.00"), D("80.00"), D("0.00")),
        ]
    else:  # read whole in the first place
        assert result.job.status == "applied"
        assert set(await _payments(demo, account)) == {f"P1-{run}", f"P2-{run}", f"P3-{run}", f"P4-{run}"}
