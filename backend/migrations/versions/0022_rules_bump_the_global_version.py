"""rules bump the global data version: routing, resolution and credit-hold rules

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-04 11:10:00

A filing read the reason codes and three small rule tables every time (a quarter of its statements). The reason
codes already bump the global data version (0018); the three rule tables now do too, so a process can keep what
it read of them for as long as the global version a request sees stays the same (``backend.db.global_cache``).
A staff member's change to a rule thereby also renews customers' cached answers: rare, and harmless.
"""

from __future__ import annotations

from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None

TABLES = ("routing_rules", "resolution_rules", "credit_hold_rules")
OPERATIONS = ("insert", "update", "delete")
NIL_SQLITE = "00000000000000000000000000000000"


def _trigger(table: str, operation: str) -> str:
    return f"data_version_{table}_{operation}"


def upgrade() -> None:
    postgresql = op.get_bind().dialect.name != "sqlite"
    for table in TABLES:
        for operation in OPERATIONS:
            if postgresql:  # 0018's function: notes the global scope, applied at COMMIT
                op.execute(
                    f"CREATE TRIGGER {_trigger(table, operation)} AFTER {operation.upper()} ON {table} "
                    "FOR EACH ROW EXECUTE FUNCTION recoup_versions_global()"
                )
            else:
                op.execute(
                    f"CREATE TRIGGER {_trigger(table, operation)} AFTER {operation.upper()} ON {table} BEGIN "
                    f"INSERT INTO data_versions (scope_id, version) VALUES ('{NIL_SQLITE}', 1) "
                    "ON CONFLICT (scope_id) DO UPDATE SET version = version + 1; END"
                )


def downgrade() -> None:
    postgresql = op.get_bind().dialect.name != "sqlite"
    for table in TABLES:
        for operation in OPERATIONS:
            op.execute(f"DROP TRIGGER IF EXISTS {_trigger(table, operation)}" + (f" ON {table}" if postgresql else ""))
