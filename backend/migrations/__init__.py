"""Alembic migrations: the same revisions build the SQLite and the PostgreSQL schema."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command, op
from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent
# Tables the migrations make that no model describes: the search index (an FTS5 virtual table on
# SQLite, a tsvector table on PostgreSQL, written with SQL of its own), procrastinate's job queue, and
# the notes PostgreSQL's data-version and credit-position triggers keep until commit (migrations 0018, 0020).
NOT_MODELLED_PREFIXES = ("document_search", "procrastinate_", "data_version_changes", "credit_position_changes")


def is_modelled(name: str | None, type_: str, parent_names: object) -> bool:
    """Alembic ``include_name``: leave the tables above out of model comparison."""
    return not (type_ == "table" and name is not None and name.startswith(NOT_MODELLED_PREFIXES))


@contextmanager
def altered(table: str) -> Iterator[Any]:
    """``op.batch_alter_table`` for changes SQLite makes only by rebuilding the table (a foreign key, a unique
    constraint): rebuilt there (copy, drop, rename; ``env.py`` turns foreign keys off for it), with the table's
    triggers (data versions) made again as they were, since they went with the old table. Altered in place on
    PostgreSQL."""
    sqlite = op.get_bind().dialect.name == "sqlite"
    triggers: list[str] = []
    if sqlite:
        found = op.get_bind().execute(
            sa.text("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = :table"), {"table": table}
        )
        triggers = [sql for (sql,) in found]
    with op.batch_alter_table(table, recreate="always" if sqlite else "auto") as batch:
        yield batch
    for sql in triggers:
        op.execute(sql)


def alembic_config(database_url: str) -> Config:
    """An Alembic config for ``database_url`` without needing an alembic.ini."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade_to_head(database_url: str) -> None:
    """Bring the database at ``database_url`` to the newest schema. Call outside a running event loop."""
    command.upgrade(alembic_config(database_url), "head")


def head_revisions() -> set[str]:
    """The revisions the code expects the database to be at (one, unless the history has branched)."""
    from alembic.script import ScriptDirectory

    return set(ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads())
