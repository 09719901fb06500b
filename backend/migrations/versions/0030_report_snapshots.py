"""report snapshots: each day's books per customer and currency, each day's invoicing and new cases, and which
days are recorded

Revision ID: 0030
Revises: 0029
Create Date: 2026-12-04 18:20:00

Written by the daily collections run for the day that ended (``backend.domain.reports.snapshots``) so that a
report reads a few thousand rows instead of rebuilding a million invoices' books per click. Staff-only (no
data-version trigger: ``backend.domain.versioned_tables``).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import backend.db.types

revision = "0030"
down_revision = "0029"
branch_labels = None
depends_on = None


def _money(name: str) -> sa.Column:  # type: ignore[type-arg]
    kind = sa.Numeric(18, 2) if op.get_bind().dialect.name != "sqlite" else sa.BigInteger()
    return sa.Column(name, kind, nullable=False)


def upgrade() -> None:
    op.create_table(
        "report_daily_balances",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        _money("receivables"),
        _money("current"),
        _money("open_deductions"),
        sa.ForeignKeyConstraint(
            ["account_id"], ["customer_accounts.id"], name=op.f("fk_report_daily_balances_account_id_customer_accounts")
        ),
        sa.PrimaryKeyConstraint("day", "currency", "account_id", name=op.f("pk_report_daily_balances")),
    )
    op.create_table(
        "report_daily_activity",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        _money("sales"),
        sa.Column("invoices_issued", sa.Integer(), nullable=False),
        _money("deductions_taken"),
        sa.Column("deductions_taken_count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", "currency", name=op.f("pk_report_daily_activity")),
    )
    op.create_table(
        "report_snapshot_days",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("activity_at", backend.db.types.UTCDateTime(), nullable=True),
        sa.Column("balances_at", backend.db.types.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_report_snapshot_days")),
    )


    # the reports carry a recorded day's books forward over what moved since (``snapshots._moved_since``)
    op.create_index("ix_invoices_due_date", "invoices", ["due_date"])
    op.create_index("ix_invoices_created_at", "invoices", ["created_at"])
    op.create_index("ix_payments_received_on", "payments", ["received_on"])
    op.create_index("ix_payment_allocations_created_at", "payment_allocations", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_payment_allocations_created_at", table_name="payment_allocations")
    op.drop_index("ix_payments_received_on", table_name="payments")
    op.drop_index("ix_invoices_created_at", table_name="invoices")
    op.drop_index("ix_invoices_due_date", table_name="invoices")
    op.drop_table("report_snapshot_days")
    op.drop_table("report_daily_activity")
    op.drop_table("report_daily_balances")
