"""orders to close-out: sales orders and lines, shipments with proof of delivery, discrepancies, claim checks

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-04 08:00:00

Orders, their lines, shipments and shipment lines are what a customer sees (data-version triggers, 0018's
pattern); discrepancies are staff-only. Invoices and invoice lines may name their order and order line. A
dispute keeps what the records said of its claim when it was filed, and a resolution rule may act on it
(``records_support_claim``).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None

NIL_POSTGRESQL = "00000000-0000-0000-0000-000000000000"
VERSIONED = {
    "sales_orders": "account_id",
    "order_lines": "account_id",
    "shipments": "account_id",
    "shipment_lines": "account_id",
}
OPERATIONS = ("insert", "update", "delete")
_PG_TRANSITIONS = {
    "insert": "REFERENCING NEW TABLE AS changed_rows",
    "update": "REFERENCING OLD TABLE AS old_rows NEW TABLE AS changed_rows",
    "delete": "REFERENCING OLD TABLE AS changed_rows",
}
_PG_VERSIONS = """
CREATE FUNCTION recoup_versions_{table}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    INSERT INTO data_version_changes (txid, scope_id)
      SELECT txid_current(), a FROM (SELECT COALESCE({column}, '{nil}'::uuid) AS a FROM changed_rows
                                     UNION SELECT COALESCE({column}, '{nil}'::uuid) FROM old_rows) AS touched;
  ELSE
    INSERT INTO data_version_changes (txid, scope_id)
      SELECT DISTINCT txid_current(), COALESCE({column}, '{nil}'::uuid) FROM changed_rows;
  END IF;
  RETURN NULL;
END $$;
"""
# The deferred appliers of 0018 (data versions) and 0020 (credit positions) are row triggers: each row a transaction
# noted fires one at COMMIT, and each firing looked up the transaction's notes again — by then deleted, but still in
# the index until vacuum, so a transaction that noted n rows paid n lookups over n dead entries (4 s of an order
# import's commit for 10,000 notes). Now a transaction-local count of the rows already applied lets every firing
# but the first of each wave return at once; notes made later in the same COMMIT (the credit applier's own
# updates note data versions) are a new wave and are applied.
_PG_APPLY_ONCE = """
CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r record;
  fired bigint := coalesce(nullif(current_setting('recoup.{counter}_fired', true), ''), '0')::bigint + 1;
  applied bigint := coalesce(nullif(current_setting('recoup.{counter}_applied', true), ''), '0')::bigint;
  moved bigint;
BEGIN
  PERFORM set_config('recoup.{counter}_fired', fired::text, true);
  IF fired <= applied THEN
    RETURN NULL;
  END IF;
  {apply}
  WITH gone AS (DELETE FROM {table} WHERE txid = txid_current() RETURNING 1) SELECT count(*) INTO moved FROM gone;
  PERFORM set_config('recoup.{counter}_applied', (applied + moved)::text, true);
  RETURN NULL;
END $$;
"""
_APPLY_VERSIONS = """INSERT INTO data_versions (scope_id, version)
    SELECT DISTINCT scope_id, 1 FROM data_version_changes WHERE txid = txid_current()
    ORDER BY 1
    ON CONFLICT (scope_id) DO UPDATE SET version = data_versions.version + 1;"""
_APPLY_CREDIT = """FOR r IN
    SELECT account_id, currency, sum(open_delta) AS o, sum(disputed_delta) AS d
    FROM credit_position_changes WHERE txid = txid_current()
    GROUP BY account_id, currency ORDER BY account_id
  LOOP
    UPDATE credit_positions SET open_amount = open_amount + r.o, disputed_amount = disputed_amount + r.d
      WHERE account_id = r.account_id AND currency = r.currency;
  END LOOP;"""
_PG_VERSIONS_BEFORE = """
CREATE OR REPLACE FUNCTION recoup_apply_version_changes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO data_versions (scope_id, version)
    SELECT DISTINCT scope_id, 1 FROM data_version_changes WHERE txid = txid_current()
    ORDER BY 1
    ON CONFLICT (scope_id) DO UPDATE SET version = data_versions.version + 1;
  DELETE FROM data_version_changes WHERE txid = txid_current();
  RETURN NULL;
END $$;
"""
_PG_CREDIT_BEFORE = """
CREATE OR REPLACE FUNCTION recoup_apply_credit_changes() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r record;
BEGIN
  FOR r IN
    SELECT account_id, currency, sum(open_delta) AS o, sum(disputed_delta) AS d
    FROM credit_position_changes WHERE txid = txid_current()
    GROUP BY account_id, currency ORDER BY account_id
  LOOP
    UPDATE credit_positions SET open_amount = open_amount + r.o, disputed_amount = disputed_amount + r.d
      WHERE account_id = r.account_id AND currency = r.currency;
  END LOOP;
  DELETE FROM credit_position_changes WHERE txid = txid_current();
  RETURN NULL;
END $$;
"""
OLD_CONDITIONS = "condition IS NULL OR condition IN ('pod_confirms_shortage')"
NEW_CONDITIONS = "condition IS NULL OR condition IN ('pod_confirms_shortage', 'records_support_claim')"


def _postgresql() -> bool:
    return op.get_bind().dialect.name != "sqlite"


def _money(name: str, *, nullable: bool = False) -> sa.Column:  # type: ignore[type-arg]
    kind = sa.Numeric(18, 2) if _postgresql() else sa.BigInteger()
    return sa.Column(name, kind, nullable=nullable, server_default=None if nullable else "0")


def _quantity(name: str, *, nullable: bool = False, places: int = 3) -> sa.Column:  # type: ignore[type-arg]
    kind = sa.Numeric(18, places) if _postgresql() else sa.BigInteger()
    return sa.Column(name, kind, nullable=nullable)


def _tables() -> None:
    op.create_table(
        "sales_orders",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.String(length=32), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("po_number", sa.String(length=64), nullable=True),
        sa.Column("ship_to", sa.String(length=200), nullable=False),
        sa.Column("order_date", sa.Date(), nullable=False),
        sa.Column("requested_date", sa.Date(), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=False),
        _money("total_amount"),
        _money("unshipped_amount"),
        sa.Column("credit_decision", sa.String(length=16), nullable=False),
        sa.Column("hold_reasons", sa.Text(), nullable=False),
        sa.Column("decided_by_id", sa.Uuid(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("status_since", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "credit_decision IN ('approved', 'held', 'rejected')", name=op.f("ck_sales_orders_credit_decision_known")
        ),
        sa.CheckConstraint(
            "status IN ('received', 'on_hold', 'rejected', 'approved', 'shipped', 'delivered', 'invoiced', 'paid', "
            "'closed')",
            name=op.f("ck_sales_orders_status_known"),
        ),
        sa.CheckConstraint("revision >= 0", name=op.f("ck_sales_orders_revision_not_negative")),
        sa.ForeignKeyConstraint(
            ["account_id"], ["customer_accounts.id"], name=op.f("fk_sales_orders_account_id_customer_accounts")
        ),
        sa.ForeignKeyConstraint(["decided_by_id"], ["users.id"], name=op.f("fk_sales_orders_decided_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sales_orders")),
        sa.UniqueConstraint("number", name=op.f("uq_sales_orders_number")),
    )
    op.create_index(op.f("ix_sales_orders_account_id"), "sales_orders", ["account_id"])
    op.create_index(op.f("ix_sales_orders_po_number"), "sales_orders", ["po_number"])
    op.create_index("ix_sales_orders_account_date", "sales_orders", ["account_id", "order_date", "number"])
    op.create_index("ix_sales_orders_status_date", "sales_orders", ["status", "order_date"])
    op.create_table(
        "order_lines",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("line_number", sa.Integer(), nullable=False),
        sa.Column("sku", sa.String(length=64), nullable=False),
        sa.Column("description", sa.String(length=500), nullable=False),
        _quantity("quantity"),
        _quantity("unit_price", places=4),
        _quantity("discount_percent"),
        _quantity("net_price", places=4),
        _money("amount"),
        _quantity("shipped_quantity"),
        _quantity("delivered_quantity", nullable=True),
        _quantity("invoiced_quantity"),
        _money("invoiced_amount"),
        _money("paid_amount"),
        sa.Column("reconciled", sa.Boolean(), nullable=False),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_order_lines_quantity_positive")),
        sa.CheckConstraint("unit_price >= 0", name=op.f("ck_order_lines_unit_price_not_negative")),
        # Only the sign: on SQLite the column holds thousandths (ExactDecimal), so "< 100" would mean 0.1 %.
        sa.CheckConstraint("discount_percent >= 0", name=op.f("ck_order_lines_discount_not_negative")),
        sa.ForeignKeyConstraint(
            ["account_id"], ["customer_accounts.id"], name=op.f("fk_order_lines_account_id_customer_accounts")
        ),
        sa.ForeignKeyConstraint(["order_id"], ["sales_orders.id"], name=op.f("fk_order_lines_order_id_sales_orders")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_order_lines")),
        sa.UniqueConstraint("order_id", "line_number", name="uq_order_lines_order_line"),
    )
    op.create_index(op.f("ix_order_lines_account_id"), "order_lines", ["account_id"])
    op.create_index(op.f("ix_order_lines_order_id"), "order_lines", ["order_id"])
    op.create_table(
        "shipments",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.String(length=64), nullable=False),
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("carrier", sa.String(length=100), nullable=False),
        sa.Column("tracking_number", sa.String(length=100), nullable=False),
        sa.Column("shipped_on", sa.Date(), nullable=False),
        sa.Column("delivered_on", sa.Date(), nullable=True),
        sa.Column("pod_document_id", sa.Uuid(), nullable=True),
        sa.Column("received_by", sa.String(length=200), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["customer_accounts.id"], name=op.f("fk_shipments_account_id_customer_accounts")
        ),
        sa.ForeignKeyConstraint(["order_id"], ["sales_orders.id"], name=op.f("fk_shipments_order_id_sales_orders")),
        sa.ForeignKeyConstraint(
            ["pod_document_id"], ["documents.id"], name=op.f("fk_shipments_pod_document_id_documents")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shipments")),
        sa.UniqueConstraint("number", name=op.f("uq_shipments_number")),
    )
    op.create_index(op.f("ix_shipments_account_id"), "shipments", ["account_id"])
    op.create_index(op.f("ix_shipments_order_id"), "shipments", ["order_id"])
    op.create_table(
        "shipment_lines",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("shipment_id", sa.Uuid(), nullable=False),
        sa.Column("order_line_id", sa.Uuid(), nullable=False),
        _quantity("quantity_shipped"),
        _quantity("quantity_delivered", nullable=True),
        sa.Column("delivered_source", sa.String(length=8), nullable=True),
        sa.CheckConstraint("quantity_shipped > 0", name=op.f("ck_shipment_lines_shipped_positive")),
        sa.CheckConstraint(
            "quantity_delivered IS NULL OR quantity_delivered >= 0", name=op.f("ck_shipment_lines_delivered_not_negative")
        ),
        sa.CheckConstraint(
            "delivered_source IS NULL OR delivered_source IN ('feed', 'pod', 'staff')",
            name=op.f("ck_shipment_lines_source_known"),
        ),
        sa.ForeignKeyConstraint(
            ["account_id"], ["customer_accounts.id"], name=op.f("fk_shipment_lines_account_id_customer_accounts")
        ),
        sa.ForeignKeyConstraint(
            ["order_line_id"], ["order_lines.id"], name=op.f("fk_shipment_lines_order_line_id_order_lines")
        ),
        sa.ForeignKeyConstraint(["shipment_id"], ["shipments.id"], name=op.f("fk_shipment_lines_shipment_id_shipments")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shipment_lines")),
        sa.UniqueConstraint("shipment_id", "order_line_id", name="uq_shipment_lines_shipment_line"),
    )
    op.create_index(op.f("ix_shipment_lines_account_id"), "shipment_lines", ["account_id"])
    op.create_index(op.f("ix_shipment_lines_shipment_id"), "shipment_lines", ["shipment_id"])
    op.create_index(op.f("ix_shipment_lines_order_line_id"), "shipment_lines", ["order_line_id"])
    op.create_table(
        "order_discrepancies",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("is_internal", sa.Boolean(), nullable=False),
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("order_line_id", sa.Uuid(), nullable=True),
        sa.Column("shipment_id", sa.Uuid(), nullable=True),
        sa.Column("invoice_id", sa.Uuid(), nullable=True),
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        _money("amount"),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=True),
        sa.Column("found_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolution", sa.String(length=16), nullable=True),
        sa.Column("resolution_note", sa.Text(), nullable=False),
        sa.Column("credit_memo_id", sa.Uuid(), nullable=True),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolved_by_id", sa.Uuid(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('short_shipped', 'price_above_order', 'invoiced_before_delivery', 'delivered_without_pod', "
            "'over_shipment')",
            name=op.f("ck_order_discrepancies_kind_known"),
        ),
        sa.CheckConstraint(
            "status IN ('open', 'resolved', 'cleared')", name=op.f("ck_order_discrepancies_status_known")
        ),
        sa.CheckConstraint(
            "resolution IS NULL OR resolution IN ('credit_memo', 'rebill', 'note')",
            name=op.f("ck_order_discrepancies_resolution_known"),
        ),
        sa.CheckConstraint("amount >= 0", name=op.f("ck_order_discrepancies_amount_not_negative")),
        sa.CheckConstraint("is_internal", name=op.f("ck_order_discrepancies_always_internal")),
        sa.ForeignKeyConstraint(
            ["account_id"], ["customer_accounts.id"], name=op.f("fk_order_discrepancies_account_id_customer_accounts")
        ),
        sa.ForeignKeyConstraint(
            ["credit_memo_id"], ["credit_memos.id"], name=op.f("fk_order_discrepancies_credit_memo_id_credit_memos")
        ),
        sa.ForeignKeyConstraint(["invoice_id"], ["invoices.id"], name=op.f("fk_order_discrepancies_invoice_id_invoices")),
        sa.ForeignKeyConstraint(
            ["order_id"], ["sales_orders.id"], name=op.f("fk_order_discrepancies_order_id_sales_orders")
        ),
        sa.ForeignKeyConstraint(
            ["order_line_id"], ["order_lines.id"], name=op.f("fk_order_discrepancies_order_line_id_order_lines")
        ),
        sa.ForeignKeyConstraint(["owner_id"], ["users.id"], name=op.f("fk_order_discrepancies_owner_id_users")),
        sa.ForeignKeyConstraint(
            ["resolved_by_id"], ["users.id"], name=op.f("fk_order_discrepancies_resolved_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["shipment_id"], ["shipments.id"], name=op.f("fk_order_discrepancies_shipment_id_shipments")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_order_discrepancies")),
        sa.UniqueConstraint("subject_id", "kind", name="uq_order_discrepancies_subject_kind"),
    )
    op.create_index(op.f("ix_order_discrepancies_account_id"), "order_discrepancies", ["account_id"])
    op.create_index(op.f("ix_order_discrepancies_order_id"), "order_discrepancies", ["order_id"])
    op.create_index("ix_order_discrepancies_status_found", "order_discrepancies", ["status", "found_at", "id"])


def _columns() -> None:
    for table, column, target in (("invoices", "order_id", "sales_orders"), ("invoice_lines", "order_line_id", "order_lines")):
        name = op.f(f"fk_{table}_{column}_{target}")
        if _postgresql():
            op.add_column(table, sa.Column(column, sa.Uuid(), nullable=True))
            op.create_foreign_key(name, table, target, [column], ["id"])
        else:  # SQLite adds a column with its reference in place (no ALTER of constraints, no table copy)
            op.execute(f"ALTER TABLE {table} ADD COLUMN {column} CHAR(32) CONSTRAINT {name} REFERENCES {target} (id)")
        op.create_index(op.f(f"ix_{table}_{column}"), table, [column])
    op.add_column("credit_positions", _money("orders_amount"))
    op.add_column("disputes", sa.Column("records_check", sa.String(length=16), nullable=True))
    op.add_column("disputes", sa.Column("records_detail", sa.Text(), nullable=False, server_default=""))
    with op.batch_alter_table("resolution_rules", recreate="always" if not _postgresql() else "auto") as batch:
        batch.drop_constraint(op.f("ck_resolution_rules_condition_known"), type_="check")
        batch.create_check_constraint(op.f("ck_resolution_rules_condition_known"), NEW_CONDITIONS)


def _triggers() -> None:
    for table, column in VERSIONED.items():
        if _postgresql():
            op.execute(_PG_VERSIONS.format(table=table, column=column, nil=NIL_POSTGRESQL))
            for operation in OPERATIONS:
                op.execute(
                    f"CREATE TRIGGER data_version_{table}_{operation} AFTER {operation.upper()} ON {table} "
                    f"{_PG_TRANSITIONS[operation]} FOR EACH STATEMENT EXECUTE FUNCTION recoup_versions_{table}()"
                )
            continue
        for operation in OPERATIONS:
            rows = {"insert": ("NEW",), "update": ("OLD", "NEW"), "delete": ("OLD",)}[operation]
            bumps = " ".join(
                f"INSERT INTO data_versions (scope_id, version) VALUES ({row}.{column}, 1) "
                "ON CONFLICT (scope_id) DO UPDATE SET version = version + 1;"
                for row in rows
            )
            op.execute(
                f"CREATE TRIGGER data_version_{table}_{operation} AFTER {operation.upper()} ON {table} BEGIN {bumps} END"
            )


def upgrade() -> None:
    _tables()
    _columns()
    _triggers()
    if _postgresql():
        op.execute(
            _PG_APPLY_ONCE.format(
                function="recoup_apply_version_changes",
                counter="version_rows",
                apply=_APPLY_VERSIONS,
                table="data_version_changes",
            )
        )
        op.execute(
            _PG_APPLY_ONCE.format(
                function="recoup_apply_credit_changes",
                counter="credit_rows",
                apply=_APPLY_CREDIT,
                table="credit_position_changes",
            )
        )


def downgrade() -> None:
    postgresql = _postgresql()
    if postgresql:
        op.execute(_PG_VERSIONS_BEFORE)
        op.execute(_PG_CREDIT_BEFORE)
    on = (lambda table: f" ON {table}") if postgresql else (lambda table: "")
    for table in VERSIONED:
        for operation in OPERATIONS:
            op.execute(f"DROP TRIGGER IF EXISTS data_version_{table}_{operation}{on(table)}")
        if postgresql:
            op.execute(f"DROP FUNCTION IF EXISTS recoup_versions_{table}()")
    with op.batch_alter_table("resolution_rules", recreate="always" if not postgresql else "auto") as batch:
        batch.drop_constraint(op.f("ck_resolution_rules_condition_known"), type_="check")
        batch.create_check_constraint(op.f("ck_resolution_rules_condition_known"), OLD_CONDITIONS)
    op.drop_column("disputes", "records_detail")
    op.drop_column("disputes", "records_check")
    op.drop_column("credit_positions", "orders_amount")
    for table, column, target in (("invoice_lines", "order_line_id", "order_lines"), ("invoices", "order_id", "sales_orders")):
        op.drop_index(op.f(f"ix_{table}_{column}"), table_name=table)
        if postgresql:
            op.drop_constraint(op.f(f"fk_{table}_{column}_{target}"), table, type_="foreignkey")
        op.drop_column(table, column)
    for table in ("order_discrepancies", "shipment_lines", "shipments", "order_lines", "sales_orders"):
        op.drop_table(table)
