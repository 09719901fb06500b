"""order lines and shipment lines leaner for 100,000-line feeds: no duplicate indexes, room for in-place updates

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-04 14:00:00

``ix_order_lines_order_id`` and ``ix_shipment_lines_shipment_id`` repeated the first column of the unique
constraints ``uq_order_lines_order_line (order_id, line_number)`` and ``uq_shipment_lines_shipment_line
(shipment_id, order_line_id)``, which serve every lookup by order or shipment; each cost every inserted line an
index entry. ``ix_order_lines_account_id`` and ``ix_shipment_lines_account_id`` served no query: lines are always
read by their order or shipment (the tenant scope's account condition rides along).

On PostgreSQL, order lines keep a fifth of each page free (fillfactor 80): reconciliation updates every line an
invoice feed bills, and with room on its page an update changes no index (a HOT update).
"""

from __future__ import annotations

from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None

INDEXES = (
    ("ix_order_lines_order_id", "order_lines"),
    ("ix_order_lines_account_id", "order_lines"),
    ("ix_shipment_lines_shipment_id", "shipment_lines"),
    ("ix_shipment_lines_account_id", "shipment_lines"),
)


def upgrade() -> None:
    for index, table in INDEXES:
        op.drop_index(index, table_name=table)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE order_lines SET (fillfactor = 80)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE order_lines RESET (fillfactor)")
    for index, table in INDEXES:
        op.create_index(index, table, [index.removeprefix(f"ix_{table}_")])
