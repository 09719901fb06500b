"""Order authorization: an order is checked against its account's credit when it arrives, and a credit manager
approves or rejects the ones that were held.

An order is held when its account is on credit hold (the hold's reasons), or when the account has a credit limit
and the exposure with this order — open receivables, approved orders not shipped yet, and the file's orders
approved before it — would go over it. Otherwise it is approved, and its unshipped value counts in the exposure
from then on (``credit_positions.orders_amount``, written by ``assess``).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.lists import among
from backend.db.scope import Principal
from backend.domain.accounts.models import CustomerAccount
from backend.domain.audit.service import record_event
from backend.domain.credit.assessment import assess
from backend.domain.credit.models import CreditHold, CreditPosition
from backend.domain.credit.profile import CREDIT_DECIDERS, NotPermitted
from backend.domain.errors import Conflict, InvalidInput, NotFound
from backend.domain.orders.enums import CreditDecision
from backend.domain.orders.models import ZERO, SalesOrder
from backend.domain.orders.reconciliation import reconcile


class Exposure:
    """An account's credit as the decisions of one batch of orders move it."""

    def __init__(self, currency: str, limit: Decimal, exposure: Decimal, hold_reasons: str) -> None:
        self.currency, self.limit, self.exposure, self.hold_reasons = currency, limit, exposure, hold_reasons

    def decide(self, order_currency: str, amount: Decimal) -> tuple[str, str]:
        """(decision, reasons) for an order of ``amount``; an approved one is added to the exposure."""
        if self.hold_reasons:
            return CreditDecision.HELD.value, f"The account is on credit hold: {self.hold_reasons}"
        if order_currency == self.currency and self.limit > 0 and self.exposure + amount > self.limit:
            return (
                CreditDecision.HELD.value,
                f"Exposure with this order would be {self.exposure + amount:,.2f} {self.currency}, over the credit "
                f"limit of {self.limit:,.2f} {self.currency}.",
            )
        if order_currency == self.currency:
            self.exposure += amount
        return CreditDecision.APPROVED.value, ""


async def exposures(session: AsyncSession, account_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Exposure]:
    """Each account's limit, exposure (open receivables + approved unshipped orders) and standing hold."""
    rows = await session.execute(
        select(
            CustomerAccount.id,
            CustomerAccount.currency,
            CustomerAccount.credit_limit,
            CreditPosition.open_amount,
            CreditPosition.orders_amount,
            CreditHold.reasons,
        )
        .outerjoin(CreditPosition, CreditPosition.account_id == CustomerAccount.id)
        .outerjoin(CreditHold, (CreditHold.account_id == CustomerAccount.id) & CreditHold.released_at.is_(None))
        .where(among(session, CustomerAccount.id, account_ids))  # one array, not thousands of parameters
    )
    return {
        r.id: Exposure(r.currency, r.credit_limit, (r.open_amount or ZERO) + (r.orders_amount or ZERO), r.reasons or "")
        for r in rows
    }


async def decide_held_order(
    session: AsyncSession,
    principal: Principal,
    *,
    order_id: uuid.UUID,
    version: int,
    approve: bool,
    note: str,
    now: datetime,
) -> SalesOrder:
    """A credit manager approves or rejects a held order, with a note (audited). Commits."""
    if principal.role not in CREDIT_DECIDERS:
        raise NotPermitted("Only a credit manager can approve or reject a held order.")
    note = note.strip()
    if not note:
        raise InvalidInput("note", "Say why, in a note: it goes on the order's history.")
    if len(note) > 2000:
        raise InvalidInput("note", "The note is longer than 2,000 characters.")
    order = (
        await session.execute(select(SalesOrder).where(SalesOrder.id == order_id).with_for_update())
    ).scalar_one_or_none()
    if order is None:
        raise NotFound("That order does not exist.")
    if order.version != version:
        raise Conflict("Someone changed this order since you opened it; reload it.")
    if order.credit_decision != CreditDecision.HELD.value:
        raise Conflict("This order is not on hold any more; reload it.")
    before = {"decision": order.credit_decision}
    order.credit_decision = (CreditDecision.APPROVED if approve else CreditDecision.REJECTED).value
    order.decided_by_id, order.decided_at, order.decision_note = principal.user_id, now, note
    await record_event(
        session,
        action="order.approved" if approve else "order.rejected",
        entity_type="sales_order",
        entity_id=order.id,
        actor_user_id=principal.user_id,
        account_id=order.account_id,
        occurred_at=now,
        before=before,
        after={"decision": order.credit_decision, "note": note},
    )
    await reconcile(session, [order.id], now=now)
    await assess(session, [order.account_id], today=now.date(), now=now)
    await session.commit()
    return order
