"""Dunning (backend/domain/credit/dunning.py): letters ask only for open, undisputed, unpromised money, list disputed
items apart, go once per invoice and level, skip paused accounts, and cost the same statements per batch."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import event, select, update

from backend.db.engine import principal_session, system_session
from backend.db.scope import Principal
from backend.db.types import utc_now
from backend.domain.accounts.models import CustomerAccount
from backend.domain.credit import dunning
from backend.domain.credit.models import ContactEntry, DunningLetter, DunningLetterItem
from backend.domain.credit.promises import make_promise
from backend.domain.mail.models import OutboxEmail
from tests.support.factories import Factory

TODAY = date.today()
PORTAL = "http://recoup.test/portal"


async def _run(demo: Any, accounts: list[uuid.UUID], today: date = TODAY) -> dunning.RunSummary:
    async with system_session(demo) as db:
        return await dunning.run(db, today=today, now=utc_now(), portal_url=PORTAL, account_ids=accounts)


async def _letters(demo: Any, account_id: uuid.UUID) -> list[tuple[DunningLetter, list[DunningLetterItem]]]:
    async with system_session(demo) as db:
        letters = list(
            (
                await db.execute(
                    select(DunningLetter).where(DunningLetter.account_id == account_id).order_by(DunningLetter.number)
                )
            ).scalars()
        )
        items = {
            letter.id: list(
                (await db.execute(select(DunningLetterItem).where(DunningLetterItem.letter_id == letter.id))).scalars()
            )
            for letter in letters
        }
    return [(letter, items[letter.id]) for letter in letters]


async def test_a_letter_asks_for_undisputed_money_only_and_lists_disputes_apart(demo: Any, factory: Factory) -> None:
    # given an account whose admin receives reminders, an invoice 10 days late with 30.00 of 100.00 disputed
    account = await factory.account()
    admin = await factory.user("customer_admin", account)
    late = await factory.invoice(account, total=Decimal("100.00"), issue=TODAY - timedelta(days=40))
    await factory.dispute(late, amount=Decimal("30.00"))
    await factory.invoice(account, total=Decimal("55.00"))  # not due for 30 days: no level reached
    # when the run goes
    summary = await _run(demo, [account.id])
    # then one letter at the first-after-due level asks for 70.00 and lists the 30.00 as under review
    assert summary.letters == 1
    [(letter, items)] = await _letters(demo, account.id)
    assert (letter.level_name, letter.amount_due, letter.under_review_amount) == (
        "First reminder",
        Decimal("70.00"),
        Decimal("30.00"),
    )
    assert sorted((i.amount, i.under_review) for i in items) == [(Decimal("30.00"), True), (Decimal("70.00"), False)]
    async with system_session(demo) as db:
        mail = (await db.execute(select(OutboxEmail).where(OutboxEmail.attachment_id == letter.id))).scalar_one()
        timeline = (await db.execute(select(ContactEntry).where(ContactEntry.letter_id == letter.id))).scalar_one()
    assert mail.recipient == admin.email and mail.attachment_kind == "dunning_letter"
    assert "Amount due now: 70.00 USD" in mail.body and "Under review, not due now" in mail.body
    assert timeline.outcome == "First reminder sent"


async def test_running_twice_sends_nothing_twice_and_the_next_level_comes_when_due(demo: Any, factory: Factory) -> None:
    account = await factory.account()
    await factory.user("customer_admin", account)
    await factory.invoice(account, total=Decimal("100.00"), issue=TODAY - timedelta(days=40))
    assert (await _run(demo, [account.id])).letters == 1
    assert (await _run(demo, [account.id])).letters == 0
    # 14 days on, the invoice is 24 days late: the second reminder (21 days) is due, once
    later = TODAY + timedelta(days=14)
    assert (await _run(demo, [account.id], later)).letters == 1
    assert (await _run(demo, [account.id], later)).letters == 0
    levels = [letter.level_name for letter, _ in await _letters(demo, account.id)]
    assert levels == ["First reminder", "Second reminder"]


async def test_promised_invoices_and_paused_accounts_get_no_letter(demo: Any, factory: Factory) -> None:
    promised_account = await factory.account()
    customer = await factory.user("customer_admin", promised_account)
    promised = await factory.invoice(promised_account, total=Decimal("100.00"), issue=TODAY - timedelta(days=40))
    principal = Principal(customer.id, "customer_admin", promised_account.id)
    async with principal_session(demo, principal) as db:
        await make_promise(db, principal=principal, account_id=promised_account.id, invoice_ids=[promised.id],
                           amount=Decimal("40.00"), promised_on=TODAY + timedelta(days=5), note="", today=TODAY,
                           now=utc_now())  # fmt: skip
        await db.commit()
    paused = await factory.account()
    await factory.invoice(paused, total=Decimal("100.00"), issue=TODAY - timedelta(days=40))
    async with system_session(demo) as db:
        await db.execute(
            update(CustomerAccount)
            .where(CustomerAccount.id == paused.id)
            .values(dunning_paused_until=TODAY + timedelta(days=2), dunning_pause_reason="In talks")
        )
        await db.commit()
    assert (await _run(demo, [promised_account.id, paused.id])).letters == 0
    # after the promised day (broken) and the pause, both are reminded
    assert (await _run(demo, [promised_account.id, paused.id], TODAY + timedelta(days=6))).letters == 2


async def test_a_run_costs_the_same_statements_per_batch_whatever_the_batch_holds(
    demo: Any, factory: Factory, monkeypatch: Any
) -> None:
    async def statements_for(count: int) -> int:
        accounts = []
        for _ in range(count):
            account = await factory.account()
            await factory.user("customer_admin", account)
            for days in (40, 70):
                await factory.invoice(account, total=Decimal("10.00"), issue=TODAY - timedelta(days=days))
            accounts.append(account.id)
        seen = 0

        def count_statement(*_: Any) -> None:
            nonlocal seen
            seen += 1

        async with system_session(demo) as db:
            engine = (await db.connection()).engine.sync_engine
            event.listen(engine, "before_cursor_execute", count_statement)
            try:
                summary = await dunning.run(db, today=TODAY, now=utc_now(), portal_url=PORTAL, account_ids=accounts)
            finally:
                event.remove(engine, "before_cursor_execute", count_statement)
        assert summary.letters == count
        return seen

    assert await statements_for(1) == await statements_for(6)


async def test_what_a_reminder_still_asks_for_follows_payments_disputes_and_promises(
    demo: Any, factory: Factory
) -> None:
    account = await factory.account()
    customer = await factory.user("customer_admin", account)
    first = await factory.invoice(account, total=Decimal("100.00"), issue=TODAY - timedelta(days=40))
    second = await factory.invoice(account, total=Decimal("60.00"), issue=TODAY - timedelta(days=40))
    await _run(demo, [account.id])
    [(letter, _)] = await _letters(demo, account.id)
    # the customer disputes 30.00 of the first and promises 20.00 of the second
    await factory.dispute(first, amount=Decimal("30.00"))
    principal = Principal(customer.id, "customer_admin", account.id)
    async with principal_session(demo, principal) as db:
        await make_promise(db, principal=principal, account_id=account.id, invoice_ids=[second.id],
                           amount=Decimal("20.00"), promised_on=TODAY + timedelta(days=2), note="", today=TODAY,
                           now=utc_now())  # fmt: skip
        await db.commit()
    async with system_session(demo) as db:
        [still_due] = await dunning.still_due_by_letter(db, [letter.id], TODAY)
    assert letter.amount_due == Decimal("160.00") and still_due == Decimal("110.00")  # 70.00 + 40.00
