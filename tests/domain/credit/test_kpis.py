"""Collections KPIs (backend/domain/credit/kpis.py) move by exactly what happened: a promise kept and one broken,
a reminder sent, an account put on hold, undisputed past-due money in its age band (disputed money never)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import update

from backend.db.engine import principal_session, system_session
from backend.db.scope import Principal
from backend.db.types import utc_now
from backend.domain.credit import dunning
from backend.domain.credit.assessment import assess
from backend.domain.credit.kpis import CollectionsKpis, collections_kpis
from backend.domain.credit.promises import make_promise
from backend.domain.invoices.models import Invoice
from tests.support.factories import Factory

TODAY = date.today()


async def _kpis(demo: Any, today: date = TODAY) -> CollectionsKpis:
    async with system_session(demo) as db:
        return await collections_kpis(db, today=today, now=utc_now(), days=30)


def _usd_promises(k: CollectionsKpis) -> tuple[int, int, Decimal, Decimal]:
    usd = next((p for p in k.promises if p.currency == "USD"), None)
    return (usd.kept, usd.broken, usd.promised, usd.collected) if usd else (0, 0, Decimal("0"), Decimal("0"))


def _age(k: CollectionsKpis, band: str) -> Decimal:
    return next((amount for c, a, amount in k.past_due_by_age if c == "USD" and a == band), Decimal("0.00"))


async def test_kpis_move_by_what_happened(demo: Any, factory: Factory) -> None:
    before = await _kpis(demo)
    account = await factory.account()
    customer = await factory.user("customer_admin", account)
    kept_invoice = await factory.invoice(account, total=Decimal("100.00"), issue=TODAY - timedelta(days=40))
    broken_invoice = await factory.invoice(account, total=Decimal("70.00"), issue=TODAY - timedelta(days=100))
    await factory.dispute(broken_invoice, amount=Decimal("20.00"))
    principal = Principal(customer.id, "customer_admin", account.id)
    async with principal_session(demo, principal) as db:
        for invoice, amount in ((kept_invoice, "100.00"), (broken_invoice, "50.00")):
            await make_promise(db, principal=principal, account_id=account.id, invoice_ids=[invoice.id],
                               amount=Decimal(amount), promised_on=TODAY, note="", today=TODAY,
                               now=utc_now())  # fmt: skip
        await db.commit()
    async with system_session(demo) as db:
        await db.execute(update(Invoice).where(Invoice.id == kept_invoice.id).values(
            paid_amount=Decimal("100.00"), open_balance=Decimal("0.00")))  # fmt: skip
        await assess(db, [account.id], today=TODAY + timedelta(days=1), now=utc_now())
        await db.commit()
        await dunning.run(db, today=TODAY, now=utc_now(), portal_url="x", account_ids=[account.id])
    after = await _kpis(demo)
    kept, broken, promised, collected = (
        a - b for a, b in zip(_usd_promises(after), _usd_promises(before), strict=True)
    )
    assert (kept, broken, promised, collected) == (1, 1, Decimal("150.00"), Decimal("100.00"))
    assert after.accounts_on_hold == before.accounts_on_hold + 1  # 70 days past due, undisputed 50.00
    sent = {name: n for _, name, n in after.letters_per_level}
    assert (
        sent.get("Final notice", 0)
        == dict((name, n) for _, name, n in before.letters_per_level).get("Final notice", 0) + 1
    )
    # 50.00 of the 70.00 is undisputed and 70 days past due; the 20.00 disputed is in no band
    assert _age(after, "61-90 days") - _age(before, "61-90 days") == Decimal("50.00")
