"""How e-mail leaves: SMTP when configured, else a .eml file per message under ``<data_dir>/mail``.

The pump sends the outbox in the background (every few seconds and right after a
request asks for it), so no request waits for a mail server.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import smtplib
import ssl
from email.message import EmailMessage
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.db.engine import system_session
from backend.db.types import utc_now
from backend.domain.mail.service import Sender, deliver_pending
from backend.reports.attachments import render_attachment
from backend.settings import Settings

log = logging.getLogger("recoup.mail")


def eml_sender(folder: Path) -> Sender:
    def write(message: EmailMessage) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        name = str(message["Message-ID"]).strip("<>").split("@")[0]
        (folder / f"{name}.eml").write_bytes(bytes(message))

    async def send(message: EmailMessage) -> None:
        await asyncio.to_thread(write, message)

    return send


def smtp_sender(settings: Settings) -> Sender:
    def deliver(message: EmailMessage) -> None:
        assert settings.smtp_host is not None
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=15) as smtp:
            if settings.smtp_starttls:
                smtp.starttls(context=ssl.create_default_context())
            if settings.smtp_username:
                smtp.login(settings.smtp_username, settings.smtp_password or "")
            smtp.send_message(message)

    async def send(message: EmailMessage) -> None:
        # smtplib blocks: keep the event loop free while it talks to the server.
        await asyncio.to_thread(deliver, message)

    return send


def mail_sender(settings: Settings) -> Sender:
    return smtp_sender(settings) if settings.smtp_host else eml_sender(settings.data_dir / "mail")


class MailPump:
    """Delivers the outbox in the background; ``wake()`` after queueing mail sends it at once."""

    def __init__(
        self, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession], interval: float = 5.0
    ) -> None:
        self.settings = settings
        self.sessionmaker = sessionmaker
        self.interval = interval
        self.send = mail_sender(settings)
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def wake(self) -> None:
        self._wake.set()

    async def run_once(self, batch: int = 50) -> int:
        """Deliver everything waiting, in batches; returns how many left. Stops early when a batch sends nothing."""
        domain = self.settings.mail_from.rsplit("@", 1)[-1].strip(">") or "recoup.local"
        total = 0
        while True:
            async with system_session(self.sessionmaker) as db:
                sent = await deliver_pending(
                    db,
                    send=self.send,
                    sender=self.settings.mail_from,
                    domain=domain,
                    now=utc_now(),
                    limit=batch,
                    attachments=render_attachment,
                )
            total += sent
            if sent < batch:
                return total

    async def _loop(self) -> None:
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=self.interval)
            self._wake.clear()
            try:
                await self.run_once()
            except Exception:
                log.exception("mail delivery failed; will retry")

    async def start(self) -> None:
        self._task = asyncio.create_task(self._loop())

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
