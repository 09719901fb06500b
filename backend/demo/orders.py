"""The demo's orders: Tailspin Toys (C-1005), whose orders came through the ERP's order, delivery and invoice feeds
— the same code a real feed runs — so that the portal tracks them and the console reconciles them:

* SO-5001: 75 building blocks and 10 puzzles, delivered 65 + 10 (the carrier's feed; its POD, signed by J. Ruiz,
  is in the archive), invoiced 75 + 10 with the puzzles at 10.00 instead of the order's 9.20: two discrepancies
  to settle, and a shortage of 10 the records support if the customer claims it.
* SO-5002: 40 toy cars on the road (shipped, not delivered yet).
* SO-5003: delivered, invoiced and paid in full: closed.

A resolution rule approves, without a person, a claim the records support (up to 5,000.00).
"""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.demo.documents import pdf
from backend.domain.accounts.models import CustomerAccount, Organisation, User
from backend.domain.automation.models import ResolutionRule
from backend.domain.credit.assessment import assess
from backend.domain.documents.enums import DocumentStatus, DocumentType, ExtractionStatus
from backend.domain.documents.models import Document
from backend.domain.invoice_feed.service import FeedActor, import_invoice_feed
from backend.domain.invoices import ledger
from backend.domain.invoices.models import Invoice
from backend.domain.orders.importing import ImportActor, import_deliveries, import_orders
from backend.domain.orders.layouts import DELIVERY_COLUMNS, ORDER_COLUMNS
from backend.domain.orders.models import OrderDiscrepancy, SalesOrder
from backend.domain.orders.reconciliation import reconcile
from backend.domain.payments.models import Payment, PaymentAllocation
from documents.storage import DocumentStore, new_key

TAILSPIN_LOGIN = "ap@tailspin.example"
POD_TEXT = (
    "Proof of delivery\nDelivery DL-5001   Order SO-5001   PO TT-PO-88\nCarrier: Blue Line Freight, BLF-884211\n"
    "TT-BLK-100  Building blocks, box of 100   received 65 of 75 cases\n"
    "TT-PZL-500  Puzzle, 500 pieces            received 10 of 10\n"
    "Received by: J. Ruiz\n"
)
INVOICE_COLUMNS = (
    "invoice_number,customer_number,customer_name,currency,issue_date,due_date,po_number,delivery_number,"
    "cash_discount_percent,cash_discount_due_on,line_number,sku,description,quantity,unit_price,line_amount,"
    "order_number,order_line_number"
)


def _csv(header: str, rows: list[str]) -> io.BytesIO:
    return io.BytesIO(("\n".join([header, *rows]) + "\n").encode())


async def seed_orders(session: AsyncSession, *, today: date, password_hash: str) -> None:
    """Tailspin Toys, its orders, deliveries and invoices (through the feeds, which commit), and the rule."""
    organisation_id = (await session.execute(select(Organisation.id).limit(1))).scalar_one()
    account = CustomerAccount(organisation_id=organisation_id, number="C-1005", name="Tailspin Toys", currency="USD",
                              payment_terms_days=30, credit_limit=Decimal("20000.00"), risk_class="low")  # fmt: skip
    session.add(account)
    await session.flush()
    session.add(User(email=TAILSPIN_LOGIN, full_name="Tomas Ibarra", password_hash=password_hash,
                     role="customer_admin", account_id=account.id, receives_invoices=True,
                     receives_reminders=True))  # fmt: skip
    session.add(ResolutionRule(priority=15, action="approve", max_amount=Decimal("5000.00"),
                               condition="records_support_claim", active=True,
                               created_at=datetime.combine(today, time(8), tzinfo=UTC)))  # fmt: skip
    await session.flush()

    def day(days_ago: int) -> str:
        return (today - timedelta(days=days_ago)).isoformat()

    orders = [
        f"SO-5001,1,C-1005,Tailspin central warehouse,TT-PO-88,{day(20)},{day(14)},USD,1,TT-BLK-100,"
        '"Building blocks, box of 100",75,4.00,',
        f"SO-5001,1,C-1005,Tailspin central warehouse,TT-PO-88,{day(20)},{day(14)},USD,2,TT-PZL-500,"
        '"Puzzle, 500 pieces",10,9.20,',
        f"SO-5002,1,C-1005,Tailspin central warehouse,TT-PO-91,{day(5)},{day(1)},USD,1,TT-CAR-12,"
        '"Toy cars, pack of 12",40,6.50,',
        f"SO-5003,1,C-1005,Tailspin central warehouse,TT-PO-71,{day(45)},{day(40)},USD,1,TT-KIT-3,"
        '"Kite, 3 colours",30,12.00,5',
    ]
    deliveries = [
        f"DL-5001,SO-5001,Blue Line Freight,BLF-884211,{day(15)},{day(13)},1,75,65",
        f"DL-5001,SO-5001,Blue Line Freight,BLF-884211,{day(15)},{day(13)},2,10,10",
        f"DL-5002,SO-5002,Northern Haulage,NH-55120,{day(2)},,1,40,",
        f"DL-5003,SO-5003,Coastal Carriers,CC-10293,{day(41)},{day(39)},1,30,30",
    ]
    invoices = [
        f"INV-TT-5001,C-1005,Tailspin Toys,USD,{day(12)},{day(-18)},TT-PO-88,DL-5001,,,1,TT-BLK-100,"
        '"Building blocks, box of 100",75,4.00,300.00,SO-5001,1',
        f"INV-TT-5001,C-1005,Tailspin Toys,USD,{day(12)},{day(-18)},TT-PO-88,DL-5001,,,2,TT-PZL-500,"
        '"Puzzle, 500 pieces",10,10.00,100.00,SO-5001,2',
        f"INV-TT-5003,C-1005,Tailspin Toys,USD,{day(38)},{day(8)},TT-PO-71,DL-5003,,,1,TT-KIT-3,"
        '"Kite, 3 colours",30,11.40,342.00,SO-5003,1',
    ]
    now = datetime.combine(today, time(7), tzinfo=UTC)
    actor = ImportActor(filename="demo-erp.csv")
    for report in (
        await import_orders(session, stream=_csv(",".join(ORDER_COLUMNS), orders), actor=actor, now=now),
        await import_deliveries(session, stream=_csv(",".join(DELIVERY_COLUMNS), deliveries), actor=actor, now=now),
        await import_invoice_feed(session, stream=_csv(INVOICE_COLUMNS, invoices), actor=FeedActor(), now=now),
    ):
        assert report.status == "applied", report.as_dict()
    paid = (await session.execute(select(Invoice).where(Invoice.number == "INV-TT-5003"))).scalar_one()
    payment = Payment(account_id=account.id, reference="TT-PAY-5003", received_on=today - timedelta(days=9),
                      method="ach", currency="USD", amount=paid.open_balance, unapplied_amount=Decimal("0.00"))  # fmt: skip
    session.add(payment)
    await session.flush()
    session.add(PaymentAllocation(account_id=account.id, payment_id=payment.id, invoice_id=paid.id,
                                  amount=paid.open_balance))  # fmt: skip
    ledger.pay(paid, paid.open_balance)  # the kite order was paid: it closes
    await session.flush()
    order_ids = list(
        (await session.execute(select(SalesOrder.id).where(SalesOrder.account_id == account.id))).scalars()
    )
    await reconcile(session, order_ids, now=now)
    # The kite delivery's proof is the carrier's e-POD, filed in the ERP: settled with a note, the order closes.
    await session.execute(
        update(OrderDiscrepancy)
        .where(OrderDiscrepancy.kind == "delivered_without_pod", OrderDiscrepancy.order_id.in_(
            select(SalesOrder.id).where(SalesOrder.number == "SO-5003")))
        .values(status="resolved", resolution="note", resolution_note="Carrier's e-POD is filed in the ERP.",
                resolved_at=now)
    )  # fmt: skip
    await reconcile(session, order_ids, now=now)
    await assess(session, [account.id], today=today, now=now)
    await session.commit()


async def seed_order_documents(session: AsyncSession, store: DocumentStore, *, today: date) -> None:
    """The proof of delivery of DL-5001, as if e-mailed in without context: when its text is read, it is linked to
    its delivery (and invoice) and who signed is kept."""
    account = (await session.execute(select(CustomerAccount).where(CustomerAccount.number == "C-1005"))).scalar_one()
    data = pdf("Proof of delivery", POD_TEXT.splitlines())
    key = new_key(str(account.id))
    stored = store.write(key, iter([data]), max_bytes=len(data))
    session.add(
        Document(
            account_id=account.id,
            storage_key=key,
            filename="POD DL-5001.pdf",
            content_type="application/pdf",
            document_type=DocumentType.PROOF_OF_DELIVERY.value,
            size_bytes=stored.size,
            sha256=stored.sha256,
            storage_version_id=stored.version_id,
            status=DocumentStatus.STORED.value,
            extraction_status=ExtractionStatus.PENDING.value,
            created_at=datetime.combine(today - timedelta(days=12), time(9), tzinfo=UTC),
        )
    )
