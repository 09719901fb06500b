"""The exceptions queue: remittance lines no rule matched with enough confidence, waiting for staff to choose.

Their cash is on the payment, unapplied. Confirming a line applies it to the invoices staff
chose (in the order given, each up to its open, undisputed balance), turns the short pay on
a single invoice into a deduction like the import does, and takes the cash off the
payment's unapplied amount — all in one transaction, audited. What identified the invoice in the
line's reference is learned for the customer's next files (``learning.py``).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal

from sqlalchemy import insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.scope import Principal
from backend.domain.accounts.models import CustomerAccount
from backend.domain.audit.service import record_event
from backend.domain.automation.service import after_case_created
from backend.domain.cash.learning import learn_from_confirmation
from backend.domain.cash.models import RemittanceLineRecord
from backend.domain.cash.posting import DeductionRules, new_deduction
from backend.domain.cash.remittance import RemittanceLine
from backend.domain.credit.assessment import assess
from backend.domain.disputes.models import Dispute, DisputeStatusChange
from backend.domain.errors import Conflict, InvalidInput, NotFound
from backend.domain.invoices import ledger
from backend.domain.invoices.models import Invoice
from backend.domain.invoices.references import normalise_reference
from backend.domain.payments.models import Payment, PaymentAllocation
from backend.domain.resolution.errors import StaffOnly

ZERO = Decimal("0.00")
MAX_INVOICES = 20


def _as_line(record: RemittanceLineRecord) -> RemittanceLine:
    assert record.received_on is not None
    return RemittanceLine(
        line=record.line,
        payment_reference=record.payment_reference,
        received_on=record.received_on,
        customer_number=record.customer_number,
        customer_name=record.customer_name,
        payment_amount=record.paid_amount,
        currency="",
        invoice_reference=record.invoice_reference,
        paid_amount=record.paid_amount,
        adjustment_amount=record.adjustment_amount,
        adjustment_scheme=record.adjustment_scheme,
        adjustment_code=record.adjustment_code,
        adjustment_text=record.adjustment_text,
    )


async def _ids_of_numbers(session: AsyncSession, account_id: uuid.UUID, numbers: list[str]) -> list[uuid.UUID]:
    ids = []
    for number in numbers[:MAX_INVOICES]:
        key = normalise_reference(number)
        found = (
            (
                await session.execute(
                    select(Invoice.id).where(
                        Invoice.account_id == account_id,
                        or_(Invoice.number == number.strip(), Invoice.number_key == key),
                    )
                )
            )
            .scalars()
            .all()
        )
        if len(found) != 1:
            elsewhere = not found and await session.scalar(
                select(Invoice.id).where(Invoice.number == number.strip(), Invoice.account_id != account_id).limit(1)
            )
            raise InvalidInput(
                "invoiceNumbers",
                f"{number.strip()} is another customer's invoice: a payment is applied only to its own customer's "
                "invoices."
                if elsewhere
                else f"No single invoice of this customer is numbered {number.strip()!r}.",
                "invoice_unknown",
            )
        ids.append(found[0])
    return ids


async def confirm_match(
    session: AsyncSession,
    *,
    principal: Principal,
    line_id: uuid.UUID,
    invoice_ids: list[uuid.UUID],
    deduct_remainder: bool,
    now: datetime,
    invoice_numbers: list[str] | None = None,
) -> RemittanceLineRecord:
    """Apply an exception line to ``invoice_ids``, or to the customer's invoices with ``invoice_numbers`` as staff
    typed them (any case or spacing), in that order (see module docstring). Commits."""
    if not principal.is_staff:
        raise StaffOnly()
    record = (
        await session.execute(select(RemittanceLineRecord).where(RemittanceLineRecord.id == line_id).with_for_update())
    ).scalar_one_or_none()
    if record is None:
        raise NotFound("That remittance line does not exist.")
    if record.status != "exception" or record.payment_id is None or record.account_id is None:
        raise Conflict("Someone already applied this line; reload the queue.")
    if invoice_numbers:
        invoice_ids = invoice_ids + await _ids_of_numbers(session, record.account_id, invoice_numbers)
    if not invoice_ids or len(invoice_ids) > MAX_INVOICES or len(set(invoice_ids)) != len(invoice_ids):
        raise InvalidInput("invoiceIds", f"Choose one to {MAX_INVOICES} different invoices.", "invoices_invalid")
    found = {
        i.id: i
        for i in (
            await session.execute(
                select(Invoice)
                .where(Invoice.id.in_(invoice_ids), Invoice.account_id == record.account_id)
                .with_for_update()
            )
        ).scalars()
    }
    if set(found) != set(invoice_ids):
        raise InvalidInput("invoiceIds", "Choose open invoices of the customer who paid.", "invoice_not_customers")
    invoices = [found[i] for i in invoice_ids]
    payment = (
        await session.execute(select(Payment).where(Payment.id == record.payment_id).with_for_update())
    ).scalar_one()
    line = _as_line(record)
    left = record.paid_amount
    applied_to = []
    for invoice in invoices:
        collectible = invoice.open_balance - invoice.disputed_amount
        amount = min(left, collectible)
        if amount <= ZERO:
            raise InvalidInput("invoiceIds", f"{invoice.number} has nothing open to apply cash to.", "invoice_not_open")
        ledger.pay(invoice, amount)
        session.add(
            PaymentAllocation(
                account_id=invoice.account_id,
                payment_id=payment.id,
                invoice_id=invoice.id,
                amount=amount,
                created_at=now,
            )
        )
        applied_to.append(
            {"invoice_id": str(invoice.id), "number": invoice.number, "amount": str(amount), "held": "0.00"}
        )
        left -= amount
    if left > ZERO:
        raise InvalidInput(
            "invoiceIds",
            f"The chosen invoices owe {record.paid_amount - left}, less than the {record.paid_amount} paid; "
            "add another invoice.",
            "invoices_too_small",
        )
    payment.unapplied_amount -= record.paid_amount
    deduction = None
    if len(invoices) == 1:
        invoice = invoices[0]
        rest = invoice.open_balance - invoice.disputed_amount
        held = (
            min(record.adjustment_amount, rest)
            if record.adjustment_amount > ZERO
            else (rest if deduct_remainder else ZERO)
        )
        if held > ZERO:
            rules = await DeductionRules.load(session)
            case, step, event = new_deduction(
                line,
                invoice_id=invoice.id,
                invoice_number=invoice.number,
                held=held,
                account_id=invoice.account_id,
                rules=rules,
                actor_user_id=principal.user_id,
                now=now,
            )
            ledger.hold_for_dispute(invoice, held)
            await session.execute(insert(Dispute), [case])
            await session.execute(insert(DisputeStatusChange), [step])
            await record_event(
                session,
                action=event.action,
                entity_type=event.entity_type,
                entity_id=event.entity_id,
                actor_user_id=event.actor_user_id,
                account_id=event.account_id,
                after=event.after,
                occurred_at=now,
            )
            applied_to[0]["held"] = str(held)
            deduction = (await session.execute(select(Dispute).where(Dispute.id == case["id"]))).scalar_one()
    await learn_from_confirmation(
        session,
        account_id=record.account_id,
        reference=record.invoice_reference,
        invoices=invoices,
        principal=principal,
        now=now,
    )
    record.status = "confirmed"
    record.rule = "confirmed_by_staff"
    record.confidence = Decimal("1.00")
    record.applied_to = applied_to
    record.deduction_id = deduction.id if deduction is not None else None
    record.resolved_by_id = principal.user_id
    record.resolved_at = now
    await record_event(
        session,
        action="cash.exception_confirmed",
        entity_type="remittance_line",
        entity_id=record.id,
        actor_user_id=principal.user_id,
        account_id=record.account_id,
        occurred_at=now,
        after={"payment": payment.reference, "applied_to": applied_to},
    )
    if deduction is not None:
        await after_case_created(session, deduction, now=now, paid_on=record.received_on, claimed_amount=None)
    if record.account_id is not None:
        await assess(session, [record.account_id], today=now.date(), now=now)
    await session.commit()
    return record


async def move_payment(
    session: AsyncSession, *, principal: Principal, line_id: uuid.UUID, customer_number: str, now: datetime
) -> RemittanceLineRecord:
    """Move the payment of an exception line, nothing of it applied yet, to the customer whose money it is (a group
    company paying another's invoice, or an advice imported under the wrong customer number): the payment and its
    lines change customer, audited, and the lines then wait to be applied to that customer's invoices like any
    other. Refused when part of the payment is applied, the customer is billed in another currency, or already has
    a payment with that reference. Commits."""
    if not principal.is_staff:
        raise StaffOnly()
    record = (
        await session.execute(select(RemittanceLineRecord).where(RemittanceLineRecord.id == line_id).with_for_update())
    ).scalar_one_or_none()
    if record is None:
        raise NotFound("That remittance line does not exist.")
    if record.status != "exception" or record.payment_id is None:
        raise Conflict("Someone already applied this line; reload the queue.")
    number = customer_number.strip()
    target = (
        await session.execute(select(CustomerAccount).where(CustomerAccount.number == number))
    ).scalar_one_or_none()
    if target is None:
        raise InvalidInput("customerNumber", f"No customer is numbered {number!r}.", "customer_unknown")
    payment = (
        await session.execute(select(Payment).where(Payment.id == record.payment_id).with_for_update())
    ).scalar_one()
    source = await session.get(CustomerAccount, payment.account_id)
    assert source is not None
    if target.id == payment.account_id:
        raise InvalidInput("customerNumber", f"The payment is already {target.name}'s.", "same_customer")
    if payment.currency != target.currency:
        raise InvalidInput(
            "customerNumber",
            f"The payment is in {payment.currency}; {target.name} is billed in {target.currency}.",
            "currency_differs",
        )
    applied = await session.scalar(
        select(PaymentAllocation.id).where(PaymentAllocation.payment_id == payment.id).limit(1)
    )
    if applied is not None:
        raise InvalidInput(
            "customerNumber",
            f"Part of payment {payment.reference} is applied to {source.name}'s invoices: it cannot move whole. "
            "Apply this line by hand instead.",
            "payment_applied",
        )
    clash = await session.scalar(
        select(Payment.id).where(Payment.account_id == target.id, Payment.reference == payment.reference).limit(1)
    )
    if clash is not None:
        raise InvalidInput(
            "customerNumber", f"{target.name} already has a payment {payment.reference}.", "payment_exists"
        )
    payment.account_id = target.id
    await session.execute(
        update(RemittanceLineRecord)
        .where(RemittanceLineRecord.payment_id == payment.id)
        .values(account_id=target.id)
        .execution_options(synchronize_session=False)
    )
    await record_event(
        session,
        action="cash.payment_moved",
        entity_type="payment",
        entity_id=payment.id,
        actor_user_id=principal.user_id,
        account_id=target.id,
        occurred_at=now,
        before={"customer": source.number},
        after={"customer": target.number, "payment": payment.reference, "amount": payment.amount},
    )
    await session.commit()
    await session.refresh(record)
    return record
