"""report daily totals: each recorded day's books added up per currency

Revision ID: 0032
Revises: 0031
Create Date: 2026-12-04 18:35:00

Written with each day's per-customer books (``report_daily_balances``) so that a report over every customer reads
one row per day — a 12-month trend read thirteen days of 10,000 customers (130,000 rows, ~50 ms) before. Staff-only
(no data-version trigger: ``backend.domain.versioned_tables``).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0032"
down_revision = "0031"
branch_labels = None
depends_on = None


def _money(name: str) -> sa.Column:  # type: ignore[type-arg]
    kind = sa.Numeric(18, 2) if op.get_bind().dialect.name != "sqlite" else sa.BigInteger()
    return sa.Column(name, kind, nullable=False)


def upgrade() -> None:
    op.create_table(
        "report_daily_totals",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        _money("receivables"),
        _money("current"),
        _money("open_deductions"),
        sa.PrimaryKeyConstraint("day", "currency", name=op.f("pk_report_daily_totals")),
    )
    op.execute(
        "INSERT INTO report_daily_totals (day, currency, receivables, current, open_deductions) "
        "SELECT day, currency, sum(receivables), sum(current), sum(open_deductions) FROM report_daily_balances "
        "GROUP BY day, currency"
    )


def downgrade() -> None:
    op.drop_table("report_daily_totals")
