"""Credit positions, holds and promises (backend/domain/credit): exposure moves with the ledger whatever writes it,
disputed money never counts as past due, holds come and go with their reasons, promises are kept or broken."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import event, func, select, update

from backend.db.engine import principal_session, system_session
from backend.db.scope import Principal
from backend.db.types import utc_now
from backend.domain.audit.models import AuditEvent
from backend.domain.credit.assessment import assess
from backend.domain.credit.models import ContactEntry, CreditHold, CreditPosition, PromiseToPay
from backend.domain.credit.profile import NotPermitted, ProfileChange, change_credit_profile, release_hold
from backend.domain.credit.promises import make_promise
from backend.domain.disputes.service import DisputeRequest, file_dispute
from backend.domain.errors import InvalidInput
from backend.domain.invoices.models import Invoice
from backend.domain.mail.models import OutboxEmail
from tests.support.factories import Factory

TODAY = date.today()


async def _position(demo: Any, account_id: Any) -> CreditPosition:
    async with system_session(demo) as db:
        return (await db.execute(select(CreditPosition).where(CreditPosition.account_id == account_id))).scalar_one()


async def _assess(demo: Any, account_id: Any, today: date = TODAY) -> None:
    async with system_session(demo) as db:
        await assess(db, [account_id], today=today, now=utc_now())
        await db.commit()


async def _active_hold(demo: Any, account_id: Any) -> CreditHold | None:
    async with system_session(demo) as db:
        return (
            await db.execute(
                select(CreditHold).where(CreditHold.account_id == account_id, CreditHold.released_at.is_(None))
            )
        ).scalar_one_or_none()


async def test_exposure_follows_every_write_to_the_account_invoices(demo: Any, factory: Factory) -> None:
    # given an account with two invoices
    account = await factory.account()
    first = await factory.invoice(account, total=Decimal("300.00"))
    await factory.invoice(account, total=Decimal("200.00"))
    assert (await _position(demo, account.id)).open_amount == Decimal("500.00")
    # when a set-based UPDATE pays part of one (as cash application does) and a dispute holds some of it
    async with system_session(demo) as db:
        await db.execute(
            update(Invoice)
            .where(Invoice.id == first.id)
            .values(paid_amount=Decimal("100.00"), open_balance=Decimal("200.00"), disputed_amount=Decimal("50.00"))
        )
        await db.commit()
    # then the position moved in the same commit, without anyone recomputing it
    position = await _position(demo, account.id)
    assert (position.open_amount, position.disputed_amount) == (Decimal("400.00"), Decimal("50.00"))


async def test_disputed_money_is_never_past_due_and_never_holds(demo: Any, factory: Factory) -> None:
    # given an invoice 70 days past due, all of its open money disputed
    account = await factory.account()
    invoice = await factory.invoice(account, total=Decimal("400.00"), issue=TODAY - timedelta(days=100))
    await factory.dispute(invoice, amount=Decimal("400.00"))
    # when the account is assessed
    await _assess(demo, account.id)
    # then nothing is past due and there is no hold (the past-due rule allows 60 days)
    position = await _position(demo, account.id)
    assert position.past_due_undisputed == Decimal("0.00") and position.oldest_past_due_on is None
    assert position.priority == Decimal("0.00")
    assert await _active_hold(demo, account.id) is None


async def test_undisputed_money_past_the_rule_puts_the_account_on_hold_until_it_is_paid(
    demo: Any, factory: Factory
) -> None:
    # given 150.00 undisputed, 70 days past due
    account = await factory.account()
    invoice = await factory.invoice(account, total=Decimal("150.00"), issue=TODAY - timedelta(days=100))
    # when assessed
    await _assess(demo, account.id)
    # then the account is on hold, and the hold says why
    hold = await _active_hold(demo, account.id)
    assert hold is not None and "70 days past due" in hold.reasons
    # the amount is all that is past due, not what is past the limit: said so, not as the 70 days' money
    assert f"150.00 {account.currency} is past due in all" in hold.reasons
    assert (await _position(demo, account.id)).on_hold
    # when it is paid and the account assessed again
    async with system_session(demo) as db:
        await db.execute(
            update(Invoice)
            .where(Invoice.id == invoice.id)
            .values(paid_amount=Decimal("150.00"), open_balance=Decimal("0.00"))
        )
        await assess(db, [account.id], today=TODAY, now=utc_now())
        await db.commit()
    # then the hold was released automatically
    assert await _active_hold(demo, account.id) is None
    assert not (await _position(demo, account.id)).on_hold


async def test_exposure_over_the_limit_holds_and_a_credit_manager_releases_with_a_note(
    demo: Any, factory: Factory
) -> None:
    # given an account with a 1,000.00 limit and 1,200.00 open, none of it due yet
    account = await factory.account()
    await factory.invoice(account, total=Decimal("1200.00"))
    await _assess(demo, account.id)
    assert await _active_hold(demo, account.id) is not None
    collector = await factory.user("collector")
    manager = await factory.user("credit_manager")
    # when a collector tries to release it, then they may not
    async with principal_session(demo, Principal(collector.id, "collector", None)) as db:
        with pytest.raises(NotPermitted):
            await release_hold(db, principal=Principal(collector.id, "collector", None), account_id=account.id,
                               note="please", today=TODAY, now=utc_now())  # fmt: skip
    # when the credit manager releases it without a note, then a note is asked for
    principal = Principal(manager.id, "credit_manager", None)
    async with principal_session(demo, principal) as db:
        with pytest.raises(InvalidInput):
            await release_hold(db, principal=principal, account_id=account.id, note=" ", today=TODAY, now=utc_now())
    # when they release it with a note
    async with principal_session(demo, principal) as db:
        await release_hold(
            db, principal=principal, account_id=account.id, note="Order approved by CFO", today=TODAY, now=utc_now()
        )
        await db.commit()
    # then the hold is gone and stays gone while the same reason lasts, and it was audited
    await _assess(demo, account.id)
    assert await _active_hold(demo, account.id) is None
    async with system_session(demo) as db:
        actions = (
            (await db.execute(select(AuditEvent.action).where(AuditEvent.entity_id == str(account.id)))).scalars().all()
        )
    assert "credit.hold_placed" in actions and "credit.hold_released" in actions


async def test_only_credit_managers_change_the_limit_and_the_change_is_audited(demo: Any, factory: Factory) -> None:
    account = await factory.account()
    await factory.invoice(account, total=Decimal("1200.00"))
    await _assess(demo, account.id)
    change = ProfileChange(Decimal("5000.00"), "low", 45, TODAY + timedelta(days=90))
    collector = Principal((await factory.user("collector")).id, "collector", None)
    async with principal_session(demo, collector) as db:
        with pytest.raises(NotPermitted):
            await change_credit_profile(db, principal=collector, account_id=account.id, version=1, change=change,
                                        today=TODAY, now=utc_now())  # fmt: skip
    manager = Principal((await factory.user("credit_manager")).id, "credit_manager", None)
    async with principal_session(demo, manager) as db:
        with pytest.raises(InvalidInput) as negative:
            await change_credit_profile(db, principal=manager, account_id=account.id, version=1,
                                        change=ProfileChange(Decimal("-1"), "low", 45, None), today=TODAY,
                                        now=utc_now())  # fmt: skip
        assert negative.value.field == "creditLimit"
    async with principal_session(demo, manager) as db:
        await change_credit_profile(
            db, principal=manager, account_id=account.id, version=1, change=change, today=TODAY, now=utc_now()
        )
        await db.commit()
    # the higher limit clears the over-limit hold at once
    assert await _active_hold(demo, account.id) is None
    async with system_session(demo) as db:
        event = (
            await db.execute(
                select(AuditEvent).where(
                    AuditEvent.entity_id == str(account.id), AuditEvent.action == "credit.profile_changed"
                )
            )
        ).scalar_one()
    assert event.before["creditLimit"] == "1000.00" and event.after["creditLimit"] == "5000.00"
    assert event.before["riskClass"] == "medium" and event.after["riskClass"] == "low"


async def test_a_promise_is_checked_kept_when_paid_and_broken_when_its_day_passes(demo: Any, factory: Factory) -> None:
    account = await factory.account()
    paid_later = await factory.invoice(account, total=Decimal("100.00"), issue=TODAY - timedelta(days=40))
    never_paid = await factory.invoice(account, total=Decimal("80.00"), issue=TODAY - timedelta(days=40))
    await factory.dispute(never_paid, amount=Decimal("30.00"))
    customer = await factory.user("customer_admin", account)
    principal = Principal(customer.id, "customer_admin", account.id)
    async with principal_session(demo, principal) as db:
        for kwargs, field in (
            ({"amount": Decimal("10.00"), "promised_on": TODAY - timedelta(days=1)}, "promisedOn"),
            # 100.00 + 80.00 - 30.00 disputed = 150.00 promisable
            ({"amount": Decimal("150.01"), "promised_on": TODAY}, "amount"),
        ):
            with pytest.raises(InvalidInput) as refused:
                await make_promise(db, principal=principal, account_id=account.id,
                                   invoice_ids=[paid_later.id, never_paid.id], note="", today=TODAY, now=utc_now(),
                                   **kwargs)  # fmt: skip
            assert refused.value.field == field
            await db.rollback()
    async with principal_session(demo, principal) as db:
        kept = await make_promise(db, principal=principal, account_id=account.id, invoice_ids=[paid_later.id],
                                  amount=Decimal("100.00"), promised_on=TODAY + timedelta(days=3), note="",
                                  today=TODAY, now=utc_now())  # fmt: skip
        broken = await make_promise(db, principal=principal, account_id=account.id, invoice_ids=[never_paid.id],
                                    amount=Decimal("50.00"), promised_on=TODAY, note="", today=TODAY,
                                    now=utc_now())  # fmt: skip
        await db.commit()
    collector = await factory.user("collector")
    async with system_session(demo) as db:
        await db.execute(
            update(CreditPosition).where(CreditPosition.account_id == account.id).values(collector_id=collector.id)
        )
        await db.execute(
            update(Invoice)
            .where(Invoice.id == paid_later.id)
            .values(paid_amount=Decimal("100.00"), open_balance=Decimal("0.00"))
        )
        await assess(db, [account.id], today=TODAY, now=utc_now())
        await db.commit()
    # when the promised day has passed with the other invoice unpaid
    await _assess(demo, account.id, today=TODAY + timedelta(days=1))
    async with system_session(demo) as db:
        statuses = dict(
            (
                await db.execute(
                    select(PromiseToPay.id, PromiseToPay.status).where(PromiseToPay.account_id == account.id)
                )
            ).all()
        )
        mails = (
            await db.execute(
                select(func.count()).select_from(OutboxEmail).where(OutboxEmail.recipient == collector.email)
            )
        ).scalar_one()
        timeline = (
            (await db.execute(select(ContactEntry.outcome).where(ContactEntry.account_id == account.id)))
            .scalars()
            .all()
        )
    assert statuses == {kept.id: "kept", broken.id: "broken"}
    assert mails == 1, "the collector hears of the broken promise"
    assert "Promise broken" in timeline
    hold = await _active_hold(demo, account.id)
    assert hold is not None and "promise to pay was broken" in hold.reasons


async def _file(demo: Any, customer: Any, invoice: Invoice, amount: Decimal) -> None:
    principal = Principal(customer.id, "customer_user", invoice.account_id)
    async with principal_session(demo, principal) as db:
        request = DisputeRequest(invoice_id=invoice.id, reason_code="SHORTAGE", amount=amount, description="short")
        await file_dispute(db, principal=principal, request=request, now=utc_now())


async def test_filing_a_dispute_on_past_due_money_lifts_its_hold_in_the_same_request(
    demo: Any, factory: Factory
) -> None:
    # given an account on hold for 150.00 undisputed, 70 days past due
    account = await factory.account()
    invoice = await factory.invoice(account, total=Decimal("150.00"), issue=TODAY - timedelta(days=100))
    await _assess(demo, account.id)
    assert await _active_hold(demo, account.id) is not None
    customer = await factory.user("customer_user", account)
    # when the customer disputes all of it
    await _file(demo, customer, invoice, Decimal("150.00"))
    # then nothing is past due any more and the hold is gone, without waiting for the nightly run
    position = await _position(demo, account.id)
    assert position.past_due_undisputed == Decimal("0.00") and not position.on_hold
    assert await _active_hold(demo, account.id) is None


async def test_an_assessment_for_a_feed_that_moved_no_invoice_agrees_with_a_full_one(
    demo: Any, factory: Factory
) -> None:
    # given one account assessed today and one never assessed, each with money 70 days past due
    assessed, fresh = await factory.account(), await factory.account()
    for account in (assessed, fresh):
        await factory.invoice(account, total=Decimal("150.00"), issue=TODAY - timedelta(days=100))
        await factory.invoice(account, total=Decimal("40.00"))
    await _assess(demo, assessed.id)
    full = await _position(demo, assessed.id)
    # when both are assessed as an order or delivery feed does (no invoice moved)
    read: list[tuple[str, str]] = []
    async with system_session(demo) as db:
        engine = db.bind.sync_engine
        seen = lambda *args: read.append((args[2], repr(args[3])))  # noqa: E731 - the statement and its values
        event.listen(engine, "before_cursor_execute", seen)
        try:
            await assess(db, [assessed.id, fresh.id], today=TODAY, now=utc_now(), invoices_moved=False)
        finally:
            event.remove(engine, "before_cursor_execute", seen)
        await db.commit()
    # then only the account never assessed had its invoices read
    [(_, values)] = [(sql, values) for sql, values in read if "FROM invoices" in sql]
    named = lambda account: str(account.id) in values or account.id.hex in values  # noqa: E731
    assert named(fresh) and not named(assessed)
    # and the one assessed today keeps its figures and hold, and the other has what a full assessment gives
    kept, fresh_position = await _position(demo, assessed.id), await _position(demo, fresh.id)
    for position in (kept, fresh_position):
        assert (position.past_due_undisputed, position.oldest_past_due_on, position.on_hold, position.priority) == (
            full.past_due_undisputed, full.oldest_past_due_on, full.on_hold, full.priority,
        )  # fmt: skip
        assert position.past_due_undisputed == Decimal("150.00") and position.on_hold
    assert (await _active_hold(demo, fresh.id)) is not None
