"""The Alembic revisions build exactly the schema the models describe, on this run's database."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from backend.db.engine import make_engine
from backend.domain.tables import metadata
from backend.migrations import is_modelled


async def test_models_and_migrations_agree(migrated: str) -> None:
    engine = make_engine(migrated)
    try:
        async with engine.connect() as connection:
            diff = await connection.run_sync(
                lambda sync: compare_metadata(
                    MigrationContext.configure(sync, opts={"compare_type": True, "include_name": is_modelled}), metadata
                )
            )
            tables = await connection.run_sync(lambda sync: set(inspect(sync).get_table_names()))
    finally:
        await engine.dispose()
    assert diff == [], f"models and migrations disagree; write a migration: {diff}"
    assert set(metadata.tables) <= tables
