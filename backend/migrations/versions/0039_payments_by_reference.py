"""payments found by customer and reference

Revision ID: 0039
Revises: 0038
Create Date: 2026-12-05 02:45:00

A remittance import checks every payment of its file against the payments already imported (same customer, same
payment reference: "the same payment arriving twice changes nothing"). With only ``ix_payments_account_id`` each
check read all the customer's payments, and the planner turned the import's 500-pair lookups into scans of the
table: on a book of 45,000 payments, 100,000 lines' checks took 15.6 s waiting on the database (0.45 s of
client time). One index on (account, reference) makes each an index probe; it grows with the payments, not with
each lookup's length.
"""

from __future__ import annotations

from alembic import op

revision = "0039"
down_revision = "0038"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_payments_account_reference", "payments", ["account_id", "reference"])


def downgrade() -> None:
    op.drop_index("ix_payments_account_reference", table_name="payments")
