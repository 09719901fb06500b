"""The credit and collections settings staff keep as data: when accounts go on hold, and the reminder ladder.

Credit managers and admins change them; every change is audited with before and after.
"""

from __future__ import annotations

import string
import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.scope import Principal
from backend.domain.audit.service import record_event
from backend.domain.credit.enums import HoldRuleKind
from backend.domain.credit.models import DunningLevel, HoldRule
from backend.domain.credit.profile import require_credit_manager
from backend.domain.errors import InvalidInput, NotFound
from backend.domain.text import one_line

PLACEHOLDERS = frozenset({"account", "amount_due", "items", "under_review", "portal"})


async def save_hold_rule(
    session: AsyncSession, *, principal: Principal, kind: str, days: int | None, active: bool, now: datetime
) -> HoldRule:
    """Turn a hold rule on or off, or change its days (past due); not committed."""
    require_credit_manager(principal)
    if kind not in {k.value for k in HoldRuleKind}:
        raise InvalidInput("kind", "Choose a hold rule.", "kind_unknown")
    if kind == HoldRuleKind.PAST_DUE.value and (days is None or not 0 <= days <= 365):
        raise InvalidInput("days", "Say how many days past due, 0 to 365.", "days_out_of_range")
    rule = (await session.execute(select(HoldRule).where(HoldRule.kind == kind).with_for_update())).scalar_one()
    before = {"days": rule.days, "active": rule.active}
    rule.days = days if kind == HoldRuleKind.PAST_DUE.value else None
    rule.active = active
    await record_event(
        session,
        action="credit.hold_rule_saved",
        entity_type="credit_hold_rule",
        entity_id=rule.id,
        actor_user_id=principal.user_id,
        before=before,
        after={"kind": kind, "days": rule.days, "active": active},
        occurred_at=now,
    )
    return rule


@dataclass(frozen=True)
class LevelChange:
    name: str
    days_after_due: int
    subject: str
    body: str
    active: bool


def _checked_level(change: LevelChange) -> LevelChange:
    name = one_line(change.name, field="name", label="The name")
    subject = one_line(change.subject, field="subject", label="The subject")
    if not name or len(name) > 100:
        raise InvalidInput("name", "Name the level (up to 100 characters).", "name_required")
    if not subject or len(subject) > 200:
        raise InvalidInput("subject", "Write the e-mail's subject (up to 200 characters).", "subject_required")
    if not -60 <= change.days_after_due <= 365:
        raise InvalidInput("daysAfterDue", "Days after the due date are -60 to 365.", "days_out_of_range")
    body = change.body.replace("\r\n", "\n").strip()
    if not body or len(body) > 5000:
        raise InvalidInput("body", "Write the e-mail (up to 5,000 characters).", "body_required")
    if body.startswith("{"):
        raise InvalidInput("body", "Begin the e-mail with your own words, not a placeholder.", "body_starts_with_field")
    try:
        fields = {name for _, name, _, _ in string.Formatter().parse(body) if name is not None}
    except ValueError as error:
        raise InvalidInput("body", "A { or } is unbalanced; write {{ or }} for a brace.", "body_braces") from error
    unknown = fields - PLACEHOLDERS
    if unknown:
        raise InvalidInput(
            "body",
            f"Unknown placeholder {{{sorted(unknown)[0]}}}; use {', '.join('{' + p + '}' for p in sorted(PLACEHOLDERS))}.",
            "body_unknown_placeholder",
        )
    return LevelChange(name, change.days_after_due, subject, body, change.active)


async def save_dunning_level(
    session: AsyncSession,
    *,
    principal: Principal,
    level_id: uuid.UUID | None,
    change: LevelChange,
    now: datetime,
) -> DunningLevel:
    """Change a level of the reminder ladder, or add one at the end; not committed. Letters already sent keep the
    level's name as it was; an invoice receives each level (by position) once."""
    require_credit_manager(principal)
    checked = _checked_level(change)
    same_day = select(DunningLevel.id).where(DunningLevel.days_after_due == checked.days_after_due)
    if level_id is not None:
        same_day = same_day.where(DunningLevel.id != level_id)
    clash = (await session.execute(same_day)).first()
    if clash is not None:
        raise InvalidInput("daysAfterDue", "Another level already applies on that day.", "days_taken")
    ladder = list((await session.execute(select(DunningLevel).order_by(DunningLevel.position))).scalars())
    # Positions rise with the days: "a later level" is a higher position, which is what an invoice's letters
    # are compared by (each level once, never a lower one after a higher).
    position = next((lv.position for lv in ladder if lv.id == level_id), (ladder[-1].position if ladder else 0) + 1)
    earlier = [lv.days_after_due for lv in ladder if lv.position < position]
    later = [lv.days_after_due for lv in ladder if lv.position > position]
    if (earlier and checked.days_after_due <= max(earlier)) or (later and checked.days_after_due >= min(later)):
        raise InvalidInput(
            "daysAfterDue",
            "Levels go in order of their days: this one must come after the level before it and before the next.",
            "days_out_of_order",
        )
    if level_id is None:
        level = DunningLevel(position=position, **checked.__dict__)
        session.add(level)
        before: dict[str, object] = {}
    else:
        found = (
            await session.execute(select(DunningLevel).where(DunningLevel.id == level_id).with_for_update())
        ).scalar_one_or_none()
        if found is None:
            raise NotFound("Level not found.")
        level = found
        before = {"name": level.name, "daysAfterDue": level.days_after_due, "active": level.active}
        for key, value in checked.__dict__.items():
            setattr(level, key, value)
    await session.flush()
    await record_event(
        session,
        action="dunning.level_saved",
        entity_type="dunning_level",
        entity_id=level.id,
        actor_user_id=principal.user_id,
        before=before,
        after={"name": level.name, "daysAfterDue": level.days_after_due, "active": level.active},
        occurred_at=now,
    )
    return level
