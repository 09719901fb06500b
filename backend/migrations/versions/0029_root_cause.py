"""root cause: what really went wrong, chosen when a case is decided, beside the reason the customer gave

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-04 18:00:00

A nullable column on disputes (NULL: not recorded, as for every case decided before this revision) with a CHECK of
the known values (``backend.domain.disputes.enums.RootCause``), and an index on ``resolved_at`` for the reports,
which read the cases decided in a period. Disputes already have their data-version trigger (0018); a new column
needs none.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0029"
down_revision = "0028"
branch_labels = None
depends_on = None

KNOWN = (
    "root_cause IS NULL OR root_cause IN "
    "('warehouse', 'carrier', 'pricing_master_data', 'promotion_setup', 'customer_error', 'other')"
)
NAME = "ck_disputes_root_cause_known"


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.add_column("disputes", sa.Column("root_cause", sa.String(length=24), nullable=True))
        op.create_check_constraint(NAME, "disputes", KNOWN)
    else:  # SQLite adds a column with its CHECK in place (no table copy, which would drop the table's triggers)
        op.execute(f"ALTER TABLE disputes ADD COLUMN root_cause VARCHAR(24) CONSTRAINT {NAME} CHECK ({KNOWN})")
    op.create_index("ix_disputes_resolved_at", "disputes", ["resolved_at"])


def downgrade() -> None:
    op.drop_index("ix_disputes_resolved_at", table_name="disputes")
    if op.get_bind().dialect.name == "postgresql":
        op.drop_constraint(NAME, "disputes", type_="check")
    op.drop_column("disputes", "root_cause")
