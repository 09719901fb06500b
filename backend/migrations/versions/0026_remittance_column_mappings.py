"""remittance column mappings: which column of a customer's own advice (CSV/XLSX) is which, per customer and header

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-05 09:00:00

One row per customer and header layout (``backend.domain.cash.column_mappings``); staff-only, so no data-version
trigger (``backend.domain.versioned_tables``). An import of an advice keeps the customer the clerk chose and the
mapping as it read it (``remittance_imports.account_id``, ``column_map``).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import backend.db.types

revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None


def _postgresql() -> bool:
    return op.get_bind().dialect.name != "sqlite"


def upgrade() -> None:
    op.create_table(
        "remittance_column_mappings",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("header_key", sa.String(64), nullable=False),
        sa.Column("header", sa.JSON(), nullable=False),
        sa.Column("columns", sa.JSON(), nullable=False),
        sa.Column("saved_by_id", sa.Uuid(), nullable=True),
        sa.Column("saved_at", backend.db.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["customer_accounts.id"],
            name=op.f("fk_remittance_column_mappings_account_id_customer_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["saved_by_id"], ["users.id"], name=op.f("fk_remittance_column_mappings_saved_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_remittance_column_mappings")),
        sa.UniqueConstraint("account_id", "header_key", name="uq_remittance_column_mappings_layout"),
    )
    op.create_index(op.f("ix_remittance_column_mappings_account_id"), "remittance_column_mappings", ["account_id"])
    name = op.f("fk_remittance_imports_account_id_customer_accounts")
    if _postgresql():
        op.add_column("remittance_imports", sa.Column("account_id", sa.Uuid(), nullable=True))
        op.create_foreign_key(name, "remittance_imports", "customer_accounts", ["account_id"], ["id"])
    else:  # SQLite adds a column with its reference in place (no ALTER of constraints, no table copy)
        op.execute(
            f"ALTER TABLE remittance_imports ADD COLUMN account_id CHAR(32) CONSTRAINT {name} "
            "REFERENCES customer_accounts (id)"
        )
    op.add_column("remittance_imports", sa.Column("column_map", sa.JSON(), nullable=True))


def downgrade() -> None:
    op.drop_column("remittance_imports", "column_map")
    if _postgresql():
        op.drop_constraint(
            op.f("fk_remittance_imports_account_id_customer_accounts"), "remittance_imports", type_="foreignkey"
        )
    op.drop_column("remittance_imports", "account_id")
    op.drop_index(op.f("ix_remittance_column_mappings_account_id"), table_name="remittance_column_mappings")
    op.drop_table("remittance_column_mappings")
