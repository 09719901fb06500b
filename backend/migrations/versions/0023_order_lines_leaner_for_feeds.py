"""order lines and shipment lines leaner for 100,000-line feeds: no duplicate indexes, room for in-place updates

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-04 14:00:00

``ix_order_lines_order_id`` and ``ix_shipment_lines_shipment_id`` repeated the first column of the unique
constraints ``uq_order_lines_order_line (order_id, line_number)`` and ``uq_shipment_lines_shipment_line
(shipment_id, order_line_id)``, which serve every lookup by order or shipment; each cost every inserted line an
index entry. On PostgreSQL, order lines keep a fifth of each page free (fillfactor 80): reconciliation updates
every line a delivery feed names, and with room on its page an update changes no index (a HOT update).
"""

from __future__ import annotations

from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_order_lines_order_id", table_name="order_lines")
    op.drop_index("ix_shipment_lines_shipment_id", table_name="shipment_lines")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE order_lines SET (fillfactor = 80)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE order_lines RESET (fillfactor)")
    op.create_index("ix_shipment_lines_shipment_id", "shipment_lines", ["shipment_id"])
    op.create_index("ix_order_lines_order_id", "order_lines", ["order_id"])
