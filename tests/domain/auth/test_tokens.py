"""Invitation and reset links are one-time and expire (SECURITY.md D19): an old or used link changes nothing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from backend.db.engine import system_session
from backend.db.types import utc_now
from backend.domain.accounts.models import User
from backend.domain.auth.tokens import (
    INVITE,
    INVITE_LIFETIME,
    PASSWORD_RESET,
    RESET_LIFETIME,
    accept_invitation,
    issue_token,
    reset_password,
)
from backend.domain.errors import InvalidInput

REDEEM = {INVITE: accept_invitation, PASSWORD_RESET: reset_password}
LIFETIME = {INVITE: INVITE_LIFETIME, PASSWORD_RESET: RESET_LIFETIME}


async def _link(demo: Any, user: User, purpose: str, *, issued_ago: timedelta) -> str:
    async with system_session(demo) as db:
        token = issue_token(
            db, user_id=user.id, purpose=purpose, lifetime=LIFETIME[purpose], now=utc_now() - issued_ago
        )
        await db.commit()
    return token


async def _password_hash(demo: Any, user: User) -> str | None:
    async with system_session(demo) as db:
        return (await db.execute(select(User.password_hash).where(User.id == user.id))).scalar_one()


@pytest.mark.parametrize("purpose", [INVITE, PASSWORD_RESET])
async def test_a_link_past_its_lifetime_is_refused_and_changes_nothing(purpose: str, demo: Any, factory: Any) -> None:
    user = await factory.user("customer_user", await factory.account())
    token = await _link(demo, user, purpose, issued_ago=LIFETIME[purpose] + timedelta(seconds=1))
    before = await _password_hash(demo, user)

    async with system_session(demo) as db:
        with pytest.raises(InvalidInput) as refused:
            await REDEEM[purpose](db, token=token, password="a brand new secret", now=utc_now())

    assert refused.value.code == "token_invalid" and "expired" in refused.value.message
    assert await _password_hash(demo, user) == before


@pytest.mark.parametrize("purpose", [INVITE, PASSWORD_RESET])
async def test_a_link_works_once(purpose: str, demo: Any, factory: Any) -> None:
    user = await factory.user("customer_user", await factory.account())
    token = await _link(demo, user, purpose, issued_ago=timedelta(minutes=1))

    async with system_session(demo) as db:
        await REDEEM[purpose](db, token=token, password="the first new secret", now=utc_now())
    after_first = await _password_hash(demo, user)
    async with system_session(demo) as db:
        with pytest.raises(InvalidInput) as refused:
            await REDEEM[purpose](db, token=token, password="the second new secret", now=utc_now())

    assert refused.value.code == "token_invalid"
    assert await _password_hash(demo, user) == after_first


async def test_an_invitation_link_cannot_reset_a_password(demo: Any, factory: Any) -> None:
    user = await factory.user("customer_user", await factory.account())
    token = await _link(demo, user, INVITE, issued_ago=timedelta(minutes=1))
    async with system_session(demo) as db:
        with pytest.raises(InvalidInput):
            await reset_password(db, token=token, password="a brand new secret", now=utc_now())
