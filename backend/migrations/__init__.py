"""Alembic migrations: the same revisions build the SQLite and the PostgreSQL schema."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent
# Tables the migrations make that no model describes: the search index (an FTS5 virtual table on
# SQLite, a tsvector table on PostgreSQL, written with SQL of its own), procrastinate's job queue, and
# the notes PostgreSQL's data-version and credit-position triggers keep until commit (migrations 0018, 0020).
NOT_MODELLED_PREFIXES = ("document_search", "procrastinate_", "data_version_changes", "credit_position_changes")


def is_modelled(name: str | None, type_: str, parent_names: object) -> bool:
    """Alembic ``include_name``: leave the tables above out of model comparison."""
    return not (type_ == "table" and name is not None and name.startswith(NOT_MODELLED_PREFIXES))


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
