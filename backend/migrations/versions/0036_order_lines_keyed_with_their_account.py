"""order and shipment lines keyed with their account; an account's unshipped orders in an index of their own

Revision ID: 0036
Revises: 0035
Create Date: 2026-12-04 23:50:00

A line carries its account (the tenant scope reads it) and had two foreign keys: to its order (or shipment) and to
the account. Each was a check per inserted line, and the account's was the dearer (every line of a feed locks one of
a few thousand account rows): ~0.4 s of a 100,000-line order feed's 1.1 s in PostgreSQL. Now one composite key,
``(order_id, account_id)`` to the order's ``(id, account_id)`` (``(shipment_id, account_id)`` to the shipment's),
checks both at once and says more: a line can never carry another account than its order's. The parents get the
unique index such a key refers to.

The credit assessment sums each account's approved orders not shipped yet; it read every order the account ever
placed (on the bench book, after some feeds, ~30 per account, 0.3 s a delivery feed). ``ix_sales_orders_unshipped``
holds only the orders that count.

On SQLite a foreign key changes only with the table rebuilt (Alembic's batch mode: copy, drop, rename); the
environment turns foreign keys off for the migration (``env.py``) and checks them after, and the rebuilt tables get
their data-version triggers back as they were.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from backend.migrations import altered

revision = "0036"
down_revision = "0035"
branch_labels = None
depends_on = None

KEYED = (("order_lines", "order_id", "sales_orders"), ("shipment_lines", "shipment_id", "shipments"))
UNSHIPPED = "credit_decision = 'approved' AND unshipped_amount > 0"


def _swap_keys(table: str, column: str, parent: str, *, composite: bool) -> None:
    """Replace the line's two keys (its parent's, the account's) by the composite one, or back."""
    account_key, parent_key = f"fk_{table}_account_id_customer_accounts", f"fk_{table}_{column}_{parent}"
    with altered(table) as batch:
        if composite:
            batch.drop_constraint(account_key, type_="foreignkey")
            batch.drop_constraint(parent_key, type_="foreignkey")
            batch.create_foreign_key(parent_key, parent, [column, "account_id"], ["id", "account_id"])
        else:
            batch.drop_constraint(parent_key, type_="foreignkey")
            batch.create_foreign_key(parent_key, parent, [column], ["id"])
            batch.create_foreign_key(account_key, "customer_accounts", ["account_id"], ["id"])


def upgrade() -> None:
    op.create_index("uq_sales_orders_id_account", "sales_orders", ["id", "account_id"], unique=True)
    op.create_index("uq_shipments_id_account", "shipments", ["id", "account_id"], unique=True)
    for table, column, parent in KEYED:
        _swap_keys(table, column, parent, composite=True)
    op.create_index(
        "ix_sales_orders_unshipped",
        "sales_orders",
        ["account_id"],
        postgresql_include=["currency", "unshipped_amount"],
        postgresql_where=sa.text(UNSHIPPED),
        sqlite_where=sa.text(UNSHIPPED),
    )


def downgrade() -> None:
    op.drop_index("ix_sales_orders_unshipped", table_name="sales_orders")
    for table, column, parent in KEYED:
        _swap_keys(table, column, parent, composite=False)
    op.drop_index("uq_shipments_id_account", table_name="shipments")
    op.drop_index("uq_sales_orders_id_account", table_name="sales_orders")
