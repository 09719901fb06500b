"""Planner settings for a few statements are theirs alone: inside, the statements see them; after, whatever was
set before is back (not the server's default)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

from backend.db.engine import system_session
from backend.db.planner import planner_settings


async def test_settings_hold_inside_and_the_previous_ones_come_back(demo: Any) -> None:
    async with system_session(demo) as db:
        if db.get_bind().dialect.name != "postgresql":
            async with planner_settings(db, work_mem="32MB"):  # nothing to set on SQLite, and nothing breaks
                assert (await db.execute(text("SELECT 1"))).scalar_one() == 1
            return
        await db.execute(text("SET LOCAL work_mem = '64MB'"))
        async with planner_settings(db, work_mem="32MB", plan_cache_mode="force_custom_plan"):
            inside = (
                await db.execute(text("SELECT current_setting('work_mem'), current_setting('plan_cache_mode')"))
            ).one()
        after = (await db.execute(text("SELECT current_setting('work_mem'), current_setting('plan_cache_mode')"))).one()
        await db.rollback()

    assert tuple(inside) == ("32MB", "force_custom_plan")
    assert tuple(after) == ("64MB", "auto")
