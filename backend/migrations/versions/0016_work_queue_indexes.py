"""work queue indexes: reason/status/amount for counts, created_at and due_on for the sorts

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-02 03:10:00
"""

from __future__ import annotations

from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("disputes", schema=None) as batch_op:
        batch_op.create_index("ix_disputes_reason_status_amount", ["reason_code", "status", "amount"], unique=False)
        batch_op.create_index("ix_disputes_created_at_id", ["created_at", "id"], unique=False)
        batch_op.create_index("ix_disputes_due_on_id", ["due_on", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("disputes", schema=None) as batch_op:
        batch_op.drop_index("ix_disputes_due_on_id")
        batch_op.drop_index("ix_disputes_created_at_id")
        batch_op.drop_index("ix_disputes_reason_status_amount")
