"""report digests: the weekly e-mail of headline figures to credit managers, one per week

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-04 16:45:00

Staff-only (no data-version trigger: ``backend.domain.versioned_tables``).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0028"
down_revision = "0027"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "report_digests",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("week_start", sa.Date(), nullable=False),
        sa.Column("recipients", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_digests")),
        sa.UniqueConstraint("week_start", name=op.f("uq_report_digests_week_start")),
    )


def downgrade() -> None:
    op.drop_table("report_digests")
