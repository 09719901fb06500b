"""report snapshot versions: each customer's data version when a day's books were recorded

Revision ID: 0033
Revises: 0032
Create Date: 2026-12-04 19:20:00

A report carries a recorded day's books forward to today exactly: a customer whose data version (migration 0018:
bumped with every change to what the customer has, whichever path wrote it) is not what it was when the books
were recorded is rebuilt whole; the others can only have moved by date (issued, fallen due, paid by date, a case
or credit memo dated since). The recorded-at time alone could not say which: a case reopened, an invoice
corrected by the ERP feed, cash keyed in while the snapshot ran. Kept for the days a report can carry forward
from. Staff-only (no data-version trigger: ``backend.domain.versioned_tables``).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0033"
down_revision = "0032"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "report_snapshot_versions",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("day", "account_id", name=op.f("pk_report_snapshot_versions")),
    )
    # days recorded before this revision have no versions: they are rebuilt, not carried forward, until recorded again
    op.execute("UPDATE report_snapshot_days SET balances_at = NULL")


def downgrade() -> None:
    op.drop_table("report_snapshot_versions")
