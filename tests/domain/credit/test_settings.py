"""Hold rules and the reminder ladder are data a credit manager changes (backend/domain/credit/settings.py):
checked, audited, and the ladder stays in order of days."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import delete, select

from backend.db.engine import principal_session, system_session
from backend.db.scope import Principal
from backend.db.types import utc_now
from backend.domain.audit.models import AuditEvent
from backend.domain.credit.models import DunningLevel
from backend.domain.credit.profile import NotPermitted
from backend.domain.credit.settings import LevelChange, save_dunning_level
from backend.domain.errors import InvalidInput
from tests.support.factories import Factory

BODY = "Dear {account},\n\nPlease pay {amount_due}.\n\n{items}\n\n{under_review}{portal}\n"


async def test_a_level_is_added_after_the_last_checked_and_audited(demo: Any, factory: Factory) -> None:
    manager = Principal((await factory.user("credit_manager")).id, "credit_manager", None)
    collector = Principal((await factory.user("collector")).id, "collector", None)
    async with principal_session(demo, collector) as db:
        with pytest.raises(NotPermitted):
            await save_dunning_level(db, principal=collector, level_id=None,
                                     change=LevelChange("Lawyer", 120, "Legal", BODY, True), now=utc_now())  # fmt: skip
    for change, field, code in (
        (LevelChange("Early", 30, "Late", BODY, True), "daysAfterDue", "days_out_of_order"),
        (LevelChange("Lawyer", 120, "Legal", "{account}: pay", True), "body", "body_starts_with_field"),
        (LevelChange("Lawyer", 120, "Legal", "Pay {amount}", True), "body", "body_unknown_placeholder"),
        (LevelChange("Lawyer", 120, "Legal", "Pay {amount_due", True), "body", "body_braces"),
        (LevelChange("Final\nnotice", 120, "Legal", BODY, True), "name", None),
    ):
        async with principal_session(demo, manager) as db:
            with pytest.raises(InvalidInput) as refused:
                await save_dunning_level(db, principal=manager, level_id=None, change=change, now=utc_now())
        assert refused.value.field == field and (code is None or refused.value.code == code)
    async with principal_session(demo, manager) as db:
        level = await save_dunning_level(db, principal=manager, level_id=None,
                                         change=LevelChange("Lawyer", 120, "Legal", BODY, False), now=utc_now())  # fmt: skip
        await db.commit()
    async with system_session(demo) as db:
        positions = (
            (await db.execute(select(DunningLevel.position).order_by(DunningLevel.days_after_due))).scalars().all()
        )
        event = (await db.execute(select(AuditEvent).where(AuditEvent.entity_id == str(level.id)))).scalar_one()
        await db.execute(delete(DunningLevel).where(DunningLevel.id == level.id))  # leave the ladder as it was
        await db.commit()
    assert positions == sorted(positions) and positions[-1] == level.position
    assert event.action == "dunning.level_saved" and event.after["daysAfterDue"] == 120
