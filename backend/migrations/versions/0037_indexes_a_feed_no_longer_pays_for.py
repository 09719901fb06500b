"""indexes a feed no longer pays for: the audit log's unique hash, a second index of orders by account

Revision ID: 0037
Revises: 0036
Create Date: 2026-12-05 00:10:00

``uq_audit_events_hash`` made every audit event a random insert into an index as large as the log (the largest
table a seller keeps, and it only grows): 40,000 events of a delivery feed cost ~0.8 s in PostgreSQL on the bench
book's 2 million events, ~0.35 s without it. Nothing looks an event up by its hash; the chain itself shows
tampering (each event's ``prev_hash`` is the hash of the one before it by sequence, checked by
``audit.service.first_broken_event``), a duplicated or inserted event included.

``ix_sales_orders_account_id`` repeated the first column of ``ix_sales_orders_account_date`` (account, order date,
number), which serves every lookup by account. A status change of an order is an update no index can skip (the
status is indexed), so each index costs every order a delivery feed moves.

SQLite drops a unique constraint only by rebuilding the table (``backend.migrations.altered``).
"""

from __future__ import annotations

from alembic import op

from backend.migrations import altered

revision = "0037"
down_revision = "0036"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with altered("audit_events") as batch:
        batch.drop_constraint("uq_audit_events_hash", type_="unique")
    op.drop_index("ix_sales_orders_account_id", table_name="sales_orders")


def downgrade() -> None:
    op.create_index("ix_sales_orders_account_id", "sales_orders", ["account_id"])
    with altered("audit_events") as batch:
        batch.create_unique_constraint("uq_audit_events_hash", ["hash"])
