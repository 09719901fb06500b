"""dispute currency: each case carries its invoice's currency, given by the database

Revision ID: 0031
Revises: 0030
Create Date: 2026-12-04 18:20:00

The reports count the cases decided or opened in a period per currency; reading the currency from each case's
invoice cost a million-row index probe per case (16,000 cases in a quarter of the bench book: ~120 ms of a 200 ms
page). The database fills it on insert from the invoice, whichever path inserts the case (the ORM, a
remittance's deductions in bulk, the bench's COPY) — a BEFORE INSERT trigger on PostgreSQL, an AFTER INSERT one on
SQLite (which cannot assign NEW) — and follows an invoice whose currency is corrected. Existing cases are filled
from their invoices. Disputes already have their data-version trigger (0018).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0031"
down_revision = "0030"
branch_labels = None
depends_on = None

PG_FUNCTIONS = [
    """
    CREATE FUNCTION set_dispute_currency() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.currency IS NULL THEN
        SELECT currency INTO NEW.currency FROM invoices WHERE id = NEW.invoice_id;
      END IF;
      RETURN NEW;
    END
    $$
    """,
    """
    CREATE FUNCTION follow_invoice_currency() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE disputes SET currency = NEW.currency WHERE invoice_id = NEW.id;
      RETURN NULL;
    END
    $$
    """,
]
PG_TRIGGERS = [
    """CREATE TRIGGER trg_disputes_currency BEFORE INSERT ON disputes
       FOR EACH ROW EXECUTE FUNCTION set_dispute_currency()""",
    """CREATE TRIGGER trg_invoices_currency_to_disputes AFTER UPDATE OF currency ON invoices
       FOR EACH ROW WHEN (OLD.currency IS DISTINCT FROM NEW.currency) EXECUTE FUNCTION follow_invoice_currency()""",
]
SQLITE_TRIGGERS = [
    """CREATE TRIGGER trg_disputes_currency AFTER INSERT ON disputes WHEN NEW.currency IS NULL
       BEGIN
         UPDATE disputes SET currency = (SELECT currency FROM invoices WHERE id = NEW.invoice_id)
         WHERE rowid = NEW.rowid;
       END""",
    """CREATE TRIGGER trg_invoices_currency_to_disputes AFTER UPDATE OF currency ON invoices
       WHEN OLD.currency IS NOT NEW.currency
       BEGIN
         UPDATE disputes SET currency = NEW.currency WHERE invoice_id = NEW.id;
       END""",
]


def upgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    # a plain ADD COLUMN on SQLite too: a batch table copy would drop the table's triggers
    op.add_column("disputes", sa.Column("currency", sa.String(length=3), nullable=True))
    if postgresql:
        op.execute("UPDATE disputes AS d SET currency = i.currency FROM invoices AS i WHERE i.id = d.invoice_id")
        for statement in (*PG_FUNCTIONS, *PG_TRIGGERS):
            op.execute(statement)
    else:
        op.execute("UPDATE disputes SET currency = (SELECT currency FROM invoices WHERE id = disputes.invoice_id)")
        for statement in SQLITE_TRIGGERS:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER trg_invoices_currency_to_disputes ON invoices")
        op.execute("DROP TRIGGER trg_disputes_currency ON disputes")
        op.execute("DROP FUNCTION follow_invoice_currency()")
        op.execute("DROP FUNCTION set_dispute_currency()")
    else:
        op.execute("DROP TRIGGER trg_invoices_currency_to_disputes")
        op.execute("DROP TRIGGER trg_disputes_currency")
    op.drop_column("disputes", "currency")
