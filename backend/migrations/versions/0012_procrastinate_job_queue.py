"""procrastinate job queue (PostgreSQL only)

The production job queue is procrastinate's, in the same database. Its schema is the
one shipped with the pinned procrastinate version; when requirements.lock moves to a
newer procrastinate, a new revision applies the SQL migrations it ships
(``procrastinate/sql/migrations``). On SQLite there is no queue: the embedded
in-process worker reads due work from the documents table itself.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 19:10:00
"""

from __future__ import annotations

from alembic import op
from sqlalchemy.util import await_only

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def _run_script(sql: str) -> None:
    # A multi-statement script with $$-quoted functions: hand it to asyncpg as one simple query.
    raw = op.get_bind().connection.dbapi_connection
    await_only(raw.driver_connection.execute(sql))  # type: ignore[union-attr]


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    from procrastinate.schema import SchemaManager

    _run_script(SchemaManager.get_schema())


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    _run_script(
        "DROP TABLE IF EXISTS procrastinate_events, procrastinate_periodic_defers, procrastinate_jobs, "
        "procrastinate_workers CASCADE"
    )
