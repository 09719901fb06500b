"""data versions: one number per customer account, bumped by triggers in the writing transaction

Revision ID: 0018
Revises: 0016
Create Date: 2026-12-03 19:00:00

The tables and their account columns are written out here (as ``backend.domain.versioned_tables`` said
on this day), so this revision does the same thing whatever that module says later; a later table gets
its trigger from its own revision. ``tests/db/test_data_versions.py`` checks the database's triggers
against the module.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0016"
branch_labels = None
depends_on = None

ACCOUNT_TABLES = {
    "customer_accounts": "id",
    "users": "account_id",
    "invoices": "account_id",
    "invoice_lines": "account_id",
    "disputes": "account_id",
    "dispute_lines": "account_id",
    "dispute_status_changes": "account_id",
    "case_flags": "account_id",
    "credit_memos": "account_id",
    "messages": "account_id",
    "payments": "account_id",
    "payment_allocations": "account_id",
    "documents": "account_id",
    "document_texts": "account_id",
    "document_link_suggestions": "account_id",
}
GLOBAL_TABLES = ("organisations", "reason_codes")
OPERATIONS = ("insert", "update", "delete")
NIL_POSTGRESQL = "00000000-0000-0000-0000-000000000000"
NIL_SQLITE = "0" * 32  # SQLAlchemy's Uuid on SQLite: 32 hex digits

# PostgreSQL: a write notes the accounts it touched in data_version_changes (plain inserts: no row of
# data_versions is locked mid-transaction, where it would deadlock with the invoice and document rows
# other transactions lock in another order); a deferred constraint trigger bumps them all at COMMIT, in
# order, in one statement, as the transaction's last lock. One function per table, one statement
# trigger per operation over its transition tables; NULL (a staff user) is the global row.
_PG_FUNCTION = """
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
_PG_GLOBAL_FUNCTION = """
CREATE FUNCTION recoup_versions_global() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO data_version_changes (txid, scope_id) VALUES (txid_current(), '{nil}'::uuid);
  RETURN NULL;
END $$;
"""
# Fires at COMMIT once per noted change; the first firing bumps every account the transaction touched and
# clears its notes, so the later ones find nothing.
_PG_APPLY_FUNCTION = """
CREATE FUNCTION recoup_apply_version_changes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO data_versions (scope_id, version)
    SELECT DISTINCT scope_id, 1 FROM data_version_changes WHERE txid = txid_current()
    ORDER BY 1
    ON CONFLICT (scope_id) DO UPDATE SET version = data_versions.version + 1;
  DELETE FROM data_version_changes WHERE txid = txid_current();
  RETURN NULL;
END $$;
"""
_PG_TRANSITIONS = {
    "insert": "REFERENCING NEW TABLE AS changed_rows",
    "update": "REFERENCING OLD TABLE AS old_rows NEW TABLE AS changed_rows",
    "delete": "REFERENCING OLD TABLE AS changed_rows",
}


def _trigger(table: str, operation: str) -> str:
    return f"data_version_{table}_{operation}"


def _postgresql_upgrade() -> None:
    op.execute("CREATE UNLOGGED TABLE data_version_changes (txid bigint NOT NULL, scope_id uuid NOT NULL)")
    op.execute("CREATE INDEX ix_data_version_changes_txid ON data_version_changes (txid)")
    op.execute(_PG_APPLY_FUNCTION)
    op.execute(
        "CREATE CONSTRAINT TRIGGER data_version_changes_apply AFTER INSERT ON data_version_changes "
        "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION recoup_apply_version_changes()"
    )
    for table, column in ACCOUNT_TABLES.items():
        op.execute(_PG_FUNCTION.format(table=table, column=column, nil=NIL_POSTGRESQL))
        for operation in OPERATIONS:
            op.execute(
                f"CREATE TRIGGER {_trigger(table, operation)} AFTER {operation.upper()} ON {table} "
                f"{_PG_TRANSITIONS[operation]} FOR EACH STATEMENT EXECUTE FUNCTION recoup_versions_{table}()"
            )
    op.execute(_PG_GLOBAL_FUNCTION.format(nil=NIL_POSTGRESQL))
    for table in GLOBAL_TABLES:
        for operation in OPERATIONS:
            # a statement that changed no row changes nothing a customer sees
            op.execute(
                f"CREATE TRIGGER {_trigger(table, operation)} AFTER {operation.upper()} ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION recoup_versions_global()"
            )


def _sqlite_bump(value: str) -> str:
    return (
        f"INSERT INTO data_versions (scope_id, version) VALUES ({value}, 1) "
        "ON CONFLICT (scope_id) DO UPDATE SET version = version + 1;"
    )


def _sqlite_upgrade() -> None:
    for table, column in [*ACCOUNT_TABLES.items(), *((t, None) for t in GLOBAL_TABLES)]:
        for operation in OPERATIONS:
            rows = {"insert": ("NEW",), "update": ("OLD", "NEW"), "delete": ("OLD",)}[operation]
            bumps = " ".join(
                _sqlite_bump(f"COALESCE({row}.{column}, '{NIL_SQLITE}')" if column else f"'{NIL_SQLITE}'")
                for row in rows
            )
            op.execute(f"CREATE TRIGGER {_trigger(table, operation)} AFTER {operation.upper()} ON {table} BEGIN {bumps} END")


def upgrade() -> None:
    op.create_table(
        "data_versions",
        sa.Column("scope_id", sa.Uuid(), nullable=False, comment="A customer account's id, or GLOBAL_SCOPE."),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("scope_id", name=op.f("pk_data_versions")),
    )
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_upgrade()
    else:
        _postgresql_upgrade()


def downgrade() -> None:
    postgresql = op.get_bind().dialect.name != "sqlite"
    for table in [*ACCOUNT_TABLES, *GLOBAL_TABLES]:
        for operation in OPERATIONS:
            op.execute(f"DROP TRIGGER IF EXISTS {_trigger(table, operation)}" + (f" ON {table}" if postgresql else ""))
        if postgresql and table in ACCOUNT_TABLES:
            op.execute(f"DROP FUNCTION IF EXISTS recoup_versions_{table}()")
    if postgresql:
        op.execute("DROP FUNCTION IF EXISTS recoup_versions_global()")
        op.execute("DROP TABLE IF EXISTS data_version_changes")
        op.execute("DROP FUNCTION IF EXISTS recoup_apply_version_changes()")
    op.drop_table("data_versions")
