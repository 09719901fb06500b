"""an order line's shipped and delivered quantities are its shipments' sums, read, not stored

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-04 14:30:00

``order_lines.shipped_quantity`` and ``delivered_quantity`` repeated what the line's shipment lines say. Keeping
them cost a delivery feed an UPDATE of every line it names (1.6 to 2.2 s of a 100,000-line feed, a fifth of it);
the order page sums the shipments it already reads, and reconciliation sums them in SQL. Invoiced and paid
figures and the ``reconciled`` flag stay: they follow from invoices, claims and discrepancies.

SQLite drops the columns in place (3.35+), keeping the table's data-version triggers (a batch rebuild would drop
them).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None

COLUMNS = ("shipped_quantity", "delivered_quantity")


def upgrade() -> None:
    for name in COLUMNS:
        op.execute(f"ALTER TABLE order_lines DROP COLUMN {name}")


def downgrade() -> None:
    postgresql = op.get_bind().dialect.name != "sqlite"
    kind = sa.Numeric(18, 3) if postgresql else sa.BigInteger()
    op.add_column("order_lines", sa.Column("shipped_quantity", kind, nullable=False, server_default="0"))
    op.add_column("order_lines", sa.Column("delivered_quantity", kind, nullable=True))
