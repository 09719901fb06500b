"""Realistic, deterministic demo data: one seller, three customers, 18 months of invoices.

The same random seed always makes the same invoices, relative to the day of seeding:
paid, open, overdue, short-paid (with deductions) and some with open portal disputes.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.engine import make_engine, make_sessionmaker, system_session
from backend.demo.automation import seed_automation
from backend.demo.catalogue import PRODUCTS
from backend.demo.credit import seed_credit
from backend.demo.orders import seed_orders
from backend.domain.accounts.enums import UserRole
from backend.domain.accounts.models import CustomerAccount, Organisation, User
from backend.domain.api_clients.service import SCOPES, seed_client
from backend.domain.auth.passwords import hash_password
from backend.domain.disputes.enums import DisputeOrigin, DisputeStatus
from backend.domain.disputes.models import Dispute, DisputeStatusChange, ReasonCode
from backend.domain.invoices.models import Invoice, InvoiceLine
from backend.domain.payments.models import Payment, PaymentAllocation
from backend.domain.resolution.models import CreditMemo, NumberSequence
from backend.settings import Settings

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
HISTORY_DAYS = 548  # 18 months

DEMO_LOGINS: list[tuple[str, str]] = [
    ("ap@northwind.example", "customer: Northwind Traders (portal)"),
    ("ap@contoso.example", "customer: Contoso Retail (portal)"),
    ("ap@fabrikam.example", "customer: Fabrikam Foods (portal)"),
    ("ap@litware.example", "customer: Litware Grocers, on credit hold (portal)"),
    ("ap@tailspin.example", "customer: Tailspin Toys, orders to track and a shortage to claim (portal)"),
    ("clerk@recoup.example", "staff: AR clerk (console)"),
    ("collector@recoup.example", "staff: collector (console)"),
    ("credit@recoup.example", "staff: credit manager (console)"),
    ("admin@recoup.example", "staff: admin (console)"),
]
DEMO_API_CLIENT_ID = "demo-erp"
DEMO_API_CLIENT_SECRET = "demo-erp-secret-NOT-FOR-PRODUCTION"
"""The demo ERP's machine credentials (POST /oauth/token); a fixed, plainly demo secret, seeded only in demo mode."""


@dataclass(frozen=True)
class DemoCustomer:
    number: str
    name: str
    currency: str
    terms_days: int
    credit_limit: Decimal
    invoice_count: int
    invoice_prefix: str
    user_email: str
    user_name: str


CUSTOMERS = [
    DemoCustomer(
        "C-1001",
        "Northwind Traders",
        "USD",
        30,
        Decimal("250000.00"),
        320,
        "NW",
        "ap@northwind.example",
        "Nora Lindqvist",
    ),
    DemoCustomer(
        "C-1002", "Contoso Retail", "USD", 45, Decimal("400000.00"), 360, "CO", "ap@contoso.example", "Carl Osei"
    ),
    DemoCustomer(
        "C-1003", "Fabrikam Foods", "EUR", 60, Decimal("150000.00"), 240, "FA", "ap@fabrikam.example", "Femke Bakker"
    ),
]

STAFF = [
    ("clerk@recoup.example", "Alex Clerk", UserRole.AR_CLERK),
    ("collector@recoup.example", "Sam Collector", UserRole.COLLECTOR),
    ("credit@recoup.example", "Robin Credit", UserRole.CREDIT_MANAGER),
    ("admin@recoup.example", "Dana Admin", UserRole.ADMIN),
]

DEDUCTION_REASONS = ["SHORTAGE", "DAMAGED", "PRICING", "PROMOTION", "FREIGHT", "COMPLIANCE", "RETURN"]


def _money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _at(day: date) -> datetime:
    return datetime.combine(day, time(9, 0), tzinfo=UTC)


class _Builder:
    """Collects rows as dicts for a handful of bulk inserts."""

    def __init__(self, today: date) -> None:
        self.today = today
        self.invoices: list[dict[str, Any]] = []
        self.lines: list[dict[str, Any]] = []
        self.payments: list[dict[str, Any]] = []
        self.allocations: list[dict[str, Any]] = []
        self.disputes: list[dict[str, Any]] = []

    def customer(self, account_id: uuid.UUID, spec: DemoCustomer, rng: random.Random, sla: dict[str, int]) -> None:
        start = self.today - timedelta(days=HISTORY_DAYS)
        issue_days = sorted(rng.randrange(HISTORY_DAYS + 1) for _ in range(spec.invoice_count))
        for seq, offset in enumerate(issue_days, start=1):
            issue = start + timedelta(days=offset)
            self._invoice(account_id, spec, rng, sla, seq, issue)

    def _invoice(
        self, account_id: uuid.UUID, spec: DemoCustomer, rng: random.Random, sla: dict[str, int], seq: int, issue: date
    ) -> None:
        invoice_id = uuid.UUID(int=rng.getrandbits(128), version=4)
        total = ZERO
        for line_number, (sku, description, price) in enumerate(rng.sample(PRODUCTS, rng.randint(1, 6)), start=1):
            quantity = Decimal(1) if sku.startswith("FR") else Decimal(rng.randint(2, 120))
            amount = _money(quantity * price)
            total += amount
            self.lines.append(
                {
                    "id": uuid.UUID(int=rng.getrandbits(128), version=4),
                    "account_id": account_id,
                    "invoice_id": invoice_id,
                    "line_number": line_number,
                    "sku": sku,
                    "description": description,
                    "quantity": quantity.quantize(Decimal("0.001")),
                    "unit_price": price.quantize(Decimal("0.0001")),
                    "amount": amount,
                }
            )
        due = issue + timedelta(days=spec.terms_days)
        paid, credited, written_off, disputed, paid_back = ZERO, ZERO, ZERO, ZERO, ZERO
        days_past_due = (self.today - due).days
        roll = rng.random()
        if days_past_due > 15 and roll < 0.82:
            paid = total
            # some of these were short-paid first, the deduction denied and the money paid back afterwards (the
            # reports' invalid deductions and recovery); drawn from the invoice's own stream, so the rest of the
            # demo stays as it was
            own = random.Random(invoice_id.int)
            if 45 < days_past_due < 420 and own.random() < 0.15:
                deduction = _money(total * Decimal(own.choice(["0.03", "0.05", "0.08", "0.12"])))
                case = self._dispute(
                    account_id,
                    invoice_id,
                    own,
                    sla,
                    own.choice(DEDUCTION_REASONS),
                    deduction,
                    DisputeStatus.RESOLVED_INVALID,
                    DisputeOrigin.REMITTANCE,
                    due,
                    own,
                )
                back_on = case["resolved_at"].date() + timedelta(days=own.randint(3, 25))
                if back_on <= self.today and own.random() < 0.8:
                    self._payment(account_id, invoice_id, own, deduction, back_on, spec.currency)
                    paid_back = deduction
                paid = total - deduction
        elif days_past_due > 15 and roll < 0.93:
            deduction = _money(total * Decimal(rng.choice(["0.03", "0.05", "0.08", "0.12", "0.2"])))
            paid = total - deduction
            outcome = rng.random()
            reason = rng.choice(DEDUCTION_REASONS)
            if days_past_due > 120 and outcome < 0.6:
                credited = deduction
                status = DisputeStatus.RESOLVED_VALID
            elif days_past_due > 120 and outcome < 0.75 and deduction < Decimal("100"):
                written_off = deduction
                status = DisputeStatus.WRITTEN_OFF
            else:
                disputed = deduction
                status = rng.choice([DisputeStatus.NEW, DisputeStatus.ASSIGNED, DisputeStatus.IN_REVIEW])
            self._dispute(account_id, invoice_id, rng, sla, reason, deduction, status, DisputeOrigin.REMITTANCE, due)
        elif days_past_due <= 15 and days_past_due > -20 and roll < 0.06:
            claimed = _money(total * Decimal("0.1"))
            disputed = claimed
            self._dispute(
                account_id,
                invoice_id,
                rng,
                sla,
                rng.choice(["DAMAGED", "SHORTAGE", "PRICING"]),
                claimed,
                DisputeStatus.NEW,
                DisputeOrigin.PORTAL,
                min(self.today, issue + timedelta(days=7)),
            )
        if paid > ZERO:
            self._payment(
                account_id,
                invoice_id,
                rng,
                paid,
                min(self.today, due + timedelta(days=rng.randint(-10, 12))),
                spec.currency,
            )
        paid += paid_back
        self.invoices.append(
            {
                "id": invoice_id,
                "account_id": account_id,
                "number": f"INV-{spec.invoice_prefix}-{seq:05d}",
                "po_number": f"PO-{rng.randint(4500000000, 4599999999)}",
                # Derived, not drawn: the random sequence (and so the rest of the demo) stays as it was.
                "delivery_number": f"DN-{10000000 + (seq * 7919 + len(spec.invoice_prefix) * 104729) % 90000000}",
                "issue_date": issue,
                "due_date": due,
                "currency": spec.currency,
                "total_amount": total,
                "paid_amount": paid,
                "credited_amount": credited,
                "written_off_amount": written_off,
                "disputed_amount": disputed,
                "open_balance": total - paid - credited - written_off,
                "version": 1,
                "created_at": _at(issue),
            }
        )

    def _payment(
        self,
        account_id: uuid.UUID,
        invoice_id: uuid.UUID,
        rng: random.Random,
        amount: Decimal,
        on: date,
        currency: str,
    ) -> None:
        payment_id = uuid.UUID(int=rng.getrandbits(128), version=4)
        method = rng.choice(["ach", "wire", "check"])
        self.payments.append(
            {
                "id": payment_id,
                "account_id": account_id,
                "reference": f"{method.upper()}-{rng.randint(100000, 999999)}",
                "received_on": on,
                "method": method,
                "currency": currency,
                "amount": amount,
                "unapplied_amount": ZERO,
                "created_at": _at(on),
            }
        )
        self.allocations.append(
            {
                "id": uuid.UUID(int=rng.getrandbits(128), version=4),
                "account_id": account_id,
                "payment_id": payment_id,
                "invoice_id": invoice_id,
                "amount": amount,
                "created_at": _at(on),
            }
        )

    def _dispute(
        self,
        account_id: uuid.UUID,
        invoice_id: uuid.UUID,
        rng: random.Random,
        sla: dict[str, int],
        reason: str,
        amount: Decimal,
        status: DisputeStatus,
        origin: DisputeOrigin,
        opened: date,
        own: random.Random | None = None,
    ) -> dict[str, Any]:
        """A case; ``own``: the stream its decision day is drawn from (a denied case's, not the demo's)."""
        resolved = status in {DisputeStatus.RESOLVED_VALID, DisputeStatus.WRITTEN_OFF}
        case_id = uuid.UUID(int=rng.getrandbits(128), version=4)
        if own is not None:
            resolved_at: datetime | None = _at(opened + timedelta(days=own.randint(5, 40)))
        else:
            resolved_at = _at(opened + timedelta(days=rng.randint(5, 40))) if resolved else None
        # what the person deciding found (written off: no root cause, as a rule records none)
        decider = random.Random(case_id.int)
        root_cause = {
            DisputeStatus.RESOLVED_VALID: decider.choice(
                ["warehouse", "carrier", "pricing_master_data", "promotion_setup"]
            ),
            DisputeStatus.RESOLVED_INVALID: decider.choice(["customer_error", "customer_error", "carrier", "other"]),
        }.get(status)
        self.disputes.append(
            {
                "id": case_id,
                "account_id": account_id,
                "invoice_id": invoice_id,
                "reason_code": reason,
                "origin": origin.value,
                "status": status.value,
                "amount": amount,
                "description": "Short-paid on remittance."
                if origin == DisputeOrigin.REMITTANCE
                else "Filed in the portal.",
                "due_on": opened + timedelta(days=sla[reason]),
                "resolved_at": resolved_at,
                "root_cause": root_cause,
                "version": 1,
                "created_at": _at(opened),
                "assignee_id": None,
            }
        )
        return self.disputes[-1]


def _history(
    disputes: list[dict[str, Any]], assignees: list[uuid.UUID], invoices: dict[uuid.UUID, dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Timelines for the seeded cases, some open ones assigned to the clerk and the collector, and the
    credit memos of the ones resolved as valid, numbered in order."""
    changes: list[dict[str, Any]] = []
    memos: list[dict[str, Any]] = []
    for index, dispute in enumerate(sorted(disputes, key=lambda d: d["created_at"])):
        opened = dispute["created_at"]
        changes.append(
            _change(
                dispute,
                None,
                DisputeStatus.NEW,
                opened,
                "Deduction taken on a payment."
                if dispute["origin"] == DisputeOrigin.REMITTANCE.value
                else "Dispute filed.",
            )
        )
        if dispute["status"] in {DisputeStatus.ASSIGNED.value, DisputeStatus.IN_REVIEW.value}:
            dispute["assignee_id"] = assignees[index % len(assignees)]
            changes.append(
                _change(
                    dispute,
                    DisputeStatus.NEW,
                    DisputeStatus.ASSIGNED,
                    opened + timedelta(days=1),
                    "A clerk is looking at your case.",
                )
            )
            if dispute["status"] == DisputeStatus.IN_REVIEW.value:
                changes.append(
                    _change(
                        dispute,
                        DisputeStatus.ASSIGNED,
                        DisputeStatus.IN_REVIEW,
                        opened + timedelta(days=2),
                        "Under review.",
                    )
                )
        if dispute["resolved_at"] is not None:
            final = DisputeStatus(dispute["status"])
            if final in {DisputeStatus.RESOLVED_VALID, DisputeStatus.RESOLVED_INVALID}:
                dispute["assignee_id"] = assignees[index % len(assignees)]  # decided by the clerk or collector
            if final == DisputeStatus.RESOLVED_VALID:
                number = f"CM-{len(memos) + 1:06d}"
                memos.append(
                    {
                        "id": uuid.uuid5(dispute["id"], "memo"),
                        "account_id": dispute["account_id"],
                        "number": number,
                        "invoice_id": dispute["invoice_id"],
                        "dispute_id": dispute["id"],
                        "amount": dispute["amount"],
                        "reason": "Claim found valid.",
                        "issued_at": dispute["resolved_at"],
                        "created_at": dispute["resolved_at"],
                    }
                )
                note = (
                    f"Approved {dispute['amount']} {invoices[dispute['invoice_id']]['currency']}: credit memo {number}."
                )
            elif final == DisputeStatus.RESOLVED_INVALID:
                note = "Denied: the records do not support the claim; the amount is due."
            else:
                note = "Written off."
            changes.append(_change(dispute, DisputeStatus.NEW, final, dispute["resolved_at"], note))
    return changes, memos


def _change(
    dispute: dict[str, Any], before: DisputeStatus | None, after: DisputeStatus, at: datetime, note: str
) -> dict[str, Any]:
    return {
        "id": uuid.uuid5(dispute["id"], f"{after.value}-{at.isoformat()}"),
        "account_id": dispute["account_id"],
        "dispute_id": dispute["id"],
        "from_status": before.value if before else None,
        "to_status": after.value,
        "changed_at": at,
        "actor_user_id": None,
        "note": note,
    }


async def seed_demo(session: AsyncSession, *, password: str, today: date) -> None:
    """Insert the whole demo data set in the caller's transaction."""
    org = Organisation(name="Harbor Wholesale Supply", base_currency="USD")
    session.add(org)
    await session.flush()
    password_hash = hash_password(password)
    sla = {code: days for code, days in (await session.execute(select(ReasonCode.code, ReasonCode.sla_days))).all()}
    builder = _Builder(today)
    for index, spec in enumerate(CUSTOMERS):
        account = CustomerAccount(
            organisation_id=org.id,
            number=spec.number,
            name=spec.name,
            currency=spec.currency,
            payment_terms_days=spec.terms_days,
            credit_limit=spec.credit_limit,
        )
        session.add(account)
        await session.flush()
        session.add(
            User(
                email=spec.user_email,
                full_name=spec.user_name,
                password_hash=password_hash,
                role=UserRole.CUSTOMER_ADMIN.value,
                account_id=account.id,
            )
        )
        builder.customer(account.id, spec, random.Random(1000 + index), sla)
    staff = []
    for email, name, role in STAFF:
        user = User(email=email, full_name=name, password_hash=password_hash, role=role.value)
        session.add(user)
        staff.append(user)
    await session.flush()
    changes, memos = _history(builder.disputes, [u.id for u in staff[:2]], {i["id"]: i for i in builder.invoices})
    for model, rows in (
        (Invoice, builder.invoices),
        (InvoiceLine, builder.lines),
        (Payment, builder.payments),
        (PaymentAllocation, builder.allocations),
        (Dispute, builder.disputes),
        (DisputeStatusChange, changes),
        (CreditMemo, memos),
    ):
        if rows:
            await session.execute(insert(model), rows)
    await session.execute(
        update(NumberSequence).where(NumberSequence.name == "credit_memo").values(next_value=len(memos) + 1)
    )
    await seed_client(
        session,
        client_id=DEMO_API_CLIENT_ID,
        secret=DEMO_API_CLIENT_SECRET,
        name="Demo ERP (invoice feed)",
        scopes=list(SCOPES),
        now=datetime.combine(today, time(6), tzinfo=UTC),
    )
    await seed_automation(session, today=today)
    await seed_credit(session, today=today, password_hash=password_hash)
    await seed_orders(session, today=today, password_hash=password_hash)


async def seed_if_empty(settings: Settings, today: date | None = None) -> bool:
    """Seed the demo data set unless the database already has an organisation. True when it seeded.

    The demo documents go into the configured store; their text is read by the app's worker after start.
    """
    from backend.demo.documents import seed_documents
    from backend.demo.orders import seed_order_documents
    from backend.demo.remittances import write_sample_remittance
    from backend.document_store import document_store

    engine = make_engine(settings.database_url)
    try:
        async with system_session(make_sessionmaker(engine)) as session:
            if (await session.execute(select(func.count()).select_from(Organisation))).scalar_one():
                return False
            await seed_demo(session, password=settings.demo_password, today=today or date.today())
            await session.commit()
            await seed_documents(session, document_store(settings), today=today or date.today())
            await seed_order_documents(session, document_store(settings), today=today or date.today())
            await session.commit()
            await write_sample_remittance(session, settings.data_dir, today=today or date.today())
            return True
    finally:
        await engine.dispose()
