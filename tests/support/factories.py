"""Make rows a test owns (unique e-mails and numbers), beside the shared demo data."""

from __future__ import annotations

import itertools
import uuid
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.db.engine import system_session
from backend.db.types import utc_now
from backend.domain.accounts.models import CustomerAccount, Organisation, User
from backend.domain.auth.passwords import hash_password, needs_rehash
from backend.domain.disputes.models import Dispute
from backend.domain.documents.models import Document, DocumentText
from backend.domain.invoices.models import Invoice, InvoiceLine

_counter = itertools.count(1)
_PASSWORD_HASH: dict[str, str] = {}


def unique(prefix: str) -> str:
    return f"{prefix}{next(_counter)}-{uuid.uuid4().hex[:6]}"


def _hash(password: str) -> str:
    """One hash per password, made again when the hashing parameters in force changed (tests/support/password_hashing.py)."""
    if password not in _PASSWORD_HASH or needs_rehash(_PASSWORD_HASH[password]):
        _PASSWORD_HASH[password] = hash_password(password)
    return _PASSWORD_HASH[password]


class Factory:
    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        self.sessionmaker = sessionmaker

    async def account(self, name: str = "Test Customer") -> CustomerAccount:
        async with system_session(self.sessionmaker) as db:
            org_id = (await db.execute(select(Organisation.id).limit(1))).scalar_one()
            account = CustomerAccount(
                organisation_id=org_id,
                number=unique("T-"),
                name=name,
                currency="USD",
                payment_terms_days=30,
                credit_limit=Decimal("1000.00"),
            )
            db.add(account)
            await db.commit()
            return account

    async def user(
        self,
        role: str,
        account: CustomerAccount | None = None,
        password: str = "correct horse battery",
        active: bool = True,
    ) -> User:
        async with system_session(self.sessionmaker) as db:
            user = User(
                email=f"{unique(role)}@test.example",
                full_name=f"Test {role}",
                password_hash=_hash(password),
                role=role,
                account_id=account.id if account else None,
                is_active=active,
            )
            db.add(user)
            await db.commit()
            return user

    async def invoice(
        self,
        account: CustomerAccount,
        *,
        total: Decimal = Decimal("100.00"),
        issue: date | None = None,
        paid: Decimal = Decimal("0.00"),
        due_in_days: int = 30,
        po_number: str | None = None,
        delivery_number: str | None = None,
    ) -> Invoice:
        issue = issue or date.today()
        async with system_session(self.sessionmaker) as db:
            invoice = Invoice(
                account_id=account.id,
                number=unique("INV-T-"),
                po_number=po_number,
                delivery_number=delivery_number,
                issue_date=issue,
                due_date=issue + timedelta(days=due_in_days),
                currency="USD",
                total_amount=total,
                paid_amount=paid,
                open_balance=total - paid,
            )
            db.add(invoice)
            await db.flush()
            db.add(
                InvoiceLine(
                    account_id=account.id,
                    invoice_id=invoice.id,
                    line_number=1,
                    sku="SKU-1",
                    description="Widget",
                    quantity=Decimal("1.000"),
                    unit_price=total,
                    amount=total,
                )
            )
            await db.commit()
            return invoice

    async def dispute(self, invoice: Invoice, *, amount: Decimal = Decimal("10.00"), status: str = "new") -> Dispute:
        """An open dispute on ``invoice`` (its disputed amount grows to match)."""
        async with system_session(self.sessionmaker) as db:
            dispute = Dispute(
                account_id=invoice.account_id,
                invoice_id=invoice.id,
                reason_code="SHORTAGE",
                origin="portal",
                status=status,
                amount=amount,
                description="",
                due_on=date.today() + timedelta(days=10),
            )
            db.add(dispute)
            row = await db.get(Invoice, invoice.id)
            assert row is not None
            row.disputed_amount = row.disputed_amount + amount
            await db.commit()
            return dispute

    async def reminder(self, invoice: Invoice, *, amount: Decimal = Decimal("10.00")) -> Any:
        """A payment reminder sent to ``invoice``'s account, listing it (as a dunning run would have)."""
        from backend.domain.credit.models import DunningLetter, DunningLetterItem

        async with system_session(self.sessionmaker) as db:
            letter = DunningLetter(
                account_id=invoice.account_id, number=unique("R-T-")[:24], level_position=2,
                level_name="First reminder", sent_on=date.today(), currency="USD", amount_due=amount,
                under_review_amount=Decimal("0.00"), recipients="",
            )  # fmt: skip
            db.add(letter)
            await db.flush()
            item = DunningLetterItem(
                account_id=invoice.account_id, letter_id=letter.id, invoice_id=invoice.id, level_position=2,
                amount=amount, days_overdue=8,
            )  # fmt: skip
            db.add(item)
            await db.commit()
            return letter

    async def promise(self, invoice: Invoice, made_by: User, *, amount: Decimal = Decimal("5.00")) -> Any:
        """An open promise to pay ``amount`` of ``invoice`` in a week."""
        from backend.domain.credit.models import PromiseItem, PromiseToPay

        async with system_session(self.sessionmaker) as db:
            promise = PromiseToPay(
                account_id=invoice.account_id, amount=amount, currency="USD",
                promised_on=date.today() + timedelta(days=7), status="open", received_amount=Decimal("0.00"),
                made_by_id=made_by.id, made_in_portal=True, note="",
            )  # fmt: skip
            db.add(promise)
            await db.flush()
            item = PromiseItem(
                account_id=invoice.account_id, promise_id=promise.id, invoice_id=invoice.id, amount=amount,
                settled_before=Decimal("0.00"),
            )  # fmt: skip
            db.add(item)
            await db.commit()
            return promise

    async def document(
        self,
        account_id: Any,
        *,
        text: str = "",
        filename: str = "evidence.pdf",
        dispute: Dispute | None = None,
        invoice: Invoice | None = None,
        internal: bool = False,
        document_type: str = "other",
    ) -> Document:
        """A stored, indexed document (as after upload, confirmation and extraction) with ``text`` as its body."""
        from backend.domain.documents.extraction import metadata_text
        from backend.domain.search.index import index_document

        async with system_session(self.sessionmaker) as db:
            document = Document(
                account_id=account_id,
                dispute_id=dispute.id if dispute else None,
                invoice_id=dispute.invoice_id if dispute else (invoice.id if invoice else None),
                storage_key=f"{account_id}/{uuid.uuid4()}",
                filename=filename,
                content_type="application/pdf",
                document_type=document_type,
                size_bytes=len(text),
                sha256=uuid.uuid4().hex * 2,
                status="stored",
                is_internal=internal,
                extraction_status="done",
                created_at=utc_now(),
            )
            db.add(document)
            await db.flush()
            metadata = await metadata_text(db, document)
            db.add(
                DocumentText(
                    document_id=document.id,
                    account_id=account_id,
                    is_internal=internal,
                    body=text,
                    metadata_text=metadata,
                    extracted_at=utc_now(),
                )
            )
            await index_document(
                db, document_id=document.id, account_id=account_id, is_internal=internal, metadata=metadata, body=text
            )
            await db.commit()
            return document

    async def order(self, account: CustomerAccount, invoice: Invoice | None = None) -> dict[str, Any]:
        """An approved order of one line (10 ordered at 4.00), shipped in full and delivered 8, billed by ``invoice``'s
        first line when given, with an open short-shipped discrepancy: ids of the order, shipment and discrepancy."""
        from backend.domain.orders.models import OrderDiscrepancy, OrderLine, SalesOrder, Shipment, ShipmentLine

        now = utc_now()
        async with system_session(self.sessionmaker) as db:
            order = SalesOrder(
                account_id=account.id, number=unique("SO-T-"), revision=1, po_number=None, ship_to="Dock 1",
                order_date=date.today() - timedelta(days=5), currency="USD", total_amount=Decimal("40.00"),
                unshipped_amount=Decimal("0.00"), credit_decision="approved", hold_reasons="", decision_note="",
                status="invoiced" if invoice else "delivered", status_since=now, updated_at=now,
            )  # fmt: skip
            db.add(order)
            await db.flush()
            line = OrderLine(
                account_id=account.id, order_id=order.id, line_number=1, sku="SKU-1", description="Widget",
                quantity=Decimal("10.000"), unit_price=Decimal("4.0000"), discount_percent=Decimal("0.000"),
                net_price=Decimal("4.0000"), amount=Decimal("40.00"), invoiced_quantity=Decimal("10.000"),
                invoiced_amount=Decimal("40.00"), paid_amount=Decimal("0.00"), reconciled=False,
            )  # fmt: skip
            shipment = Shipment(
                account_id=account.id, number=unique("DL-T-"), order_id=order.id, carrier="Roadrunner",
                tracking_number="RR1", shipped_on=date.today() - timedelta(days=4),
                delivered_on=date.today() - timedelta(days=3), received_by="", updated_at=now,
            )  # fmt: skip
            db.add_all([line, shipment])
            await db.flush()
            db.add(
                ShipmentLine(
                    account_id=account.id,
                    shipment_id=shipment.id,
                    order_line_id=line.id,
                    quantity_shipped=Decimal("10.000"),
                    quantity_delivered=Decimal("8.000"),
                    delivered_source="feed",
                )
            )
            if invoice is not None:
                invoice = await db.get(Invoice, invoice.id)
                assert invoice is not None
                invoice.order_id = order.id
                first = (
                    (await db.execute(select(InvoiceLine).where(InvoiceLine.invoice_id == invoice.id)))
                    .scalars()
                    .first()
                )
                if first is not None:
                    first.order_line_id = line.id
            discrepancy = OrderDiscrepancy(
                account_id=account.id, order_id=order.id, order_line_id=line.id, invoice_id=invoice.id if invoice else None,
                subject_id=line.id, kind="short_shipped", amount=Decimal("8.00"), currency="USD",
                detail="Line 1 (SKU-1): 8 delivered, 10 invoiced.", status="open", found_at=now, resolution_note="",
                is_internal=True,
            )  # fmt: skip
            db.add(discrepancy)
            await db.commit()
            return {"order": str(order.id), "number": order.number, "shipment": str(shipment.id),
                    "discrepancy": str(discrepancy.id)}  # fmt: skip
