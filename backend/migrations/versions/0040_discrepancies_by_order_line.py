"""order discrepancies found by order line

Revision ID: 0040
Revises: 0039
Create Date: 2026-12-05 03:00:00

An order revision that drops a line deletes the line, and the database checks that no discrepancy still names it
(``order_discrepancies.order_line_id`` refers to it). Without an index that check read the whole table for each
line dropped: cleaning 1.4 million bench orders off the perf book ran for minutes until a temporary index was added.
Shipments are never deleted, so ``shipment_id`` needs none.
"""

from __future__ import annotations

from alembic import op

revision = "0040"
down_revision = "0039"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_order_discrepancies_order_line_id", "order_discrepancies", ["order_line_id"])


def downgrade() -> None:
    op.drop_index("ix_order_discrepancies_order_line_id", table_name="order_discrepancies")
