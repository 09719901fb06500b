"""E-mail goes through the transactional outbox (SECURITY.md F32): a crash after commit loses nothing,
a failed or repeated delivery never sends a message twice."""

from __future__ import annotations

import asyncio
import socket
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from backend.app import create_app
from backend.db.engine import system_session
from backend.domain.mail.models import OutboxEmail
from backend.mail_transport import MailPump
from tests.support.api import Api
from tests.support.smtp import smtp_server


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _pump(settings: Any, demo: Any, port: int) -> MailPump:
    return MailPump(replace(settings, smtp_host="127.0.0.1", smtp_port=port, smtp_starttls=False), demo)


async def _drain(settings: Any, demo: Any, folder: Path) -> None:
    """Deliver what earlier tests left in the outbox (to files), so each test counts only its own mail."""
    await MailPump(replace(settings, smtp_host=None, data_dir=folder), demo).run_once()


async def _rows_to(demo: Any, address: str) -> list[OutboxEmail]:
    async with system_session(demo) as db:
        return list((await db.execute(select(OutboxEmail).where(OutboxEmail.recipient == address))).scalars())


async def test_mail_queued_by_a_committed_change_is_sent_after_the_process_dies(
    settings: Any, demo: Any, factory: Any, tmp_path: Path
) -> None:
    # given: a reset request committed by an app that then dies before its pump runs
    await _drain(settings, demo, tmp_path)
    user = await factory.user("customer_user", await factory.account())
    dying = create_app(settings)
    client = Api(dying)
    assert (await client.http.post("/auth/password-reset", json={"email": user.email})).status_code == 202
    await client.close()
    await dying.state.engine.dispose()

    # when: another process's pump runs
    with smtp_server() as (inbox, port):
        sent = await _pump(settings, demo, port).run_once()

    # then: the e-mail arrives, once
    assert sent == 1
    (message,) = inbox.to(user.email)
    assert "reset-password?token=" in message.get_content()


async def test_a_failed_delivery_is_retried_and_a_repeated_run_sends_nothing_twice(
    settings: Any, demo: Any, factory: Any, tmp_path: Path
) -> None:
    await _drain(settings, demo, tmp_path)
    user = await factory.user("customer_user", await factory.account())
    api = Api(create_app(settings))
    await api.http.post("/auth/password-reset", json={"email": user.email})
    await api.close()

    # when: the mail server is down for the first run
    assert await _pump(settings, demo, _closed_port()).run_once() == 0
    [waiting] = await _rows_to(demo, user.email)
    assert waiting.sent_at is None and waiting.attempts == 1 and waiting.last_error

    # then: the next run delivers it, and the runs after that send nothing more
    with smtp_server() as (inbox, port):
        pump = _pump(settings, demo, port)
        delivered = [await pump.run_once() for _ in range(3)]
    assert delivered == [1, 0, 0]
    assert len(inbox.to(user.email)) == 1
    [done] = await _rows_to(demo, user.email)
    assert done.sent_at is not None and done.attempts == 2 and done.last_error is None


@pytest.mark.postgresql_only  # the embedded SQLite run is one process with one pump; two rely on SKIP LOCKED
async def test_two_pumps_at_once_send_each_message_once(settings: Any, demo: Any, factory: Any, tmp_path: Path) -> None:
    await _drain(settings, demo, tmp_path)
    users = [await factory.user("customer_user", await factory.account()) for _ in range(5)]
    api = Api(create_app(settings))
    for user in users:
        await api.http.post("/auth/password-reset", json={"email": user.email})
    await api.close()

    with smtp_server() as (inbox, port):
        sent = await asyncio.gather(_pump(settings, demo, port).run_once(), _pump(settings, demo, port).run_once())

    assert sum(sent) == 5
    assert sorted(m["To"] for m in inbox.messages) == sorted(u.email for u in users)
