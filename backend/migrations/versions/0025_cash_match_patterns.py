"""cash match patterns: how a customer writes invoice references, learned from staff confirmations

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-04 15:45:00

One row per customer and shape of reference (``backend.domain.cash.learning``); staff-only, so no data-version
trigger (``backend.domain.versioned_tables``).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cash_match_patterns",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("target", sa.String(8), nullable=False),
        sa.Column("from_end", sa.Integer(), nullable=False),
        sa.Column("groups", sa.Integer(), nullable=False),
        sa.Column("example_reference", sa.String(140), nullable=False),
        sa.Column("example_invoice", sa.String(64), nullable=False),
        sa.Column("confirmed", sa.Integer(), nullable=False),
        sa.Column("contradicted", sa.Integer(), nullable=False),
        sa.Column("applied", sa.Integer(), nullable=False),
        sa.Column("learned_by_id", sa.Uuid(), nullable=True),
        sa.Column("learned_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("target IN ('number', 'po')", name=op.f("ck_cash_match_patterns_target_known")),
        sa.CheckConstraint("from_end >= 1 AND groups >= 1", name=op.f("ck_cash_match_patterns_span_positive")),
        sa.ForeignKeyConstraint(
            ["account_id"], ["customer_accounts.id"], name=op.f("fk_cash_match_patterns_account_id_customer_accounts")
        ),
        sa.ForeignKeyConstraint(["learned_by_id"], ["users.id"], name=op.f("fk_cash_match_patterns_learned_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cash_match_patterns")),
        sa.UniqueConstraint("account_id", "target", "from_end", "groups", name="uq_cash_match_patterns_shape"),
    )
    op.create_index(op.f("ix_cash_match_patterns_account_id"), "cash_match_patterns", ["account_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_cash_match_patterns_account_id"), table_name="cash_match_patterns")
    op.drop_table("cash_match_patterns")
