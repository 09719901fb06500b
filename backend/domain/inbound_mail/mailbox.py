"""Where inbound mail comes from: a drop folder of .eml files (the embedded default) and an IMAP mailbox.

The mailbox job (:func:`poll`) keeps every new message (``service.receive``), then tells the source it is done
with it — the file moves to ``processed/``, the IMAP message is flagged ``\\Seen`` — and reads the messages kept
(``service.process``). A message the archive could not take stays where it was and is taken next time; one
message that fails never stops the others.

IMAP is stdlib ``imaplib`` in a thread: ``LOGIN``, ``SELECT``, ``UID SEARCH UNSEEN``, ``UID FETCH`` of
``RFC822.SIZE`` then ``BODY.PEEK[]`` (so fetching does not mark it read: a crash before it is kept loses
nothing) — or only ``BODY.PEEK[HEADER]`` for a message over the size limit, recorded for review and left in the
mailbox — and ``UID STORE +FLAGS (\\Seen)`` once kept.
"""

from __future__ import annotations

import asyncio
import hashlib
import imaplib
import logging
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.db.engine import system_session
from backend.domain.documents.uploads import Archive
from backend.domain.inbound_mail.messages import MAX_MESSAGE_BYTES
from backend.domain.inbound_mail.service import MAX_STORED_BYTES, due_messages, process, receive, receive_bytes
from documents.storage import DocumentStoreError

log = logging.getLogger("recoup.inbound_mail")
BATCH = 50
CHUNK = 64 * 1024
_SIZE = re.compile(rb"RFC822\.SIZE (\d+)")


@dataclass(frozen=True)
class ImapConfig:
    host: str
    port: int
    username: str
    password: str
    mailbox: str = "INBOX"
    tls: bool = True
    timeout: float = 30.0


@dataclass(frozen=True)
class MailboxConfig:
    folder: Path | None
    """The drop folder (``RECOUP_INBOUND_MAIL_DIR``); None: none."""
    imap: ImapConfig | None = None


@dataclass
class PollSummary:
    received: int = 0
    duplicates: int = 0
    processed: int = 0
    failed: int = 0


class DropFolder:
    """``*.eml`` files put in a folder (write them under another name, then rename: a file is read when it ends in
    ``.eml``); each is moved to ``processed/`` once kept."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def pending(self, limit: int = BATCH) -> list[Path]:
        self.folder.mkdir(parents=True, exist_ok=True)  # so that a person finds where to put mail
        found = sorted(p for p in self.folder.iterdir() if p.is_file() and p.suffix.lower() == ".eml")
        return [p for p in found if not p.name.startswith(".")][:limit]

    def done(self, path: Path) -> None:
        target = self.folder / "processed"
        target.mkdir(exist_ok=True)
        name, n = path.name, 1
        while (target / name).exists():
            n += 1
            name = f"{path.stem}-{n}{path.suffix}"
        shutil.move(str(path), target / name)

    @staticmethod
    def digest(path: Path) -> tuple[str, int, bytes]:
        digest, size = hashlib.sha256(), 0
        with path.open("rb") as handle:
            head = handle.read(256 * 1024)
            handle.seek(0)
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
                size += len(chunk)
        return digest.hexdigest(), size, head

    @staticmethod
    def chunks(path: Path) -> Iterator[bytes]:
        with path.open("rb") as handle:
            while chunk := handle.read(CHUNK):
                yield chunk


@dataclass(frozen=True)
class Fetched:
    uid: bytes
    size: int
    raw: bytes | None
    """The whole message; None when it is over the limit (then ``head`` only)."""
    head: bytes


class ImapMailbox:
    """One IMAP session (blocking: call its methods in a thread)."""

    def __init__(self, config: ImapConfig) -> None:
        self.config = config
        self.client: imaplib.IMAP4 | None = None

    def open(self) -> None:
        c = self.config
        client = (
            imaplib.IMAP4_SSL(c.host, c.port, timeout=c.timeout)
            if c.tls
            else imaplib.IMAP4(c.host, c.port, timeout=c.timeout)
        )
        client.login(c.username, c.password)
        status, _ = client.select(c.mailbox)
        if status != "OK":
            client.logout()
            raise imaplib.IMAP4.error(f"cannot select mailbox {c.mailbox!r}")
        self.client = client

    def close(self) -> None:
        if self.client is not None:
            try:
                self.client.logout()
            except (imaplib.IMAP4.error, OSError):
                pass
            self.client = None

    def unseen(self, limit: int = BATCH) -> list[bytes]:
        assert self.client is not None
        status, data = self.client.uid("SEARCH", "UNSEEN")
        if status != "OK":
            raise imaplib.IMAP4.error("UID SEARCH failed")
        return (data[0] or b"").split()[:limit]

    def _fetch(self, uid: bytes, what: str) -> list[object]:
        assert self.client is not None
        status, data = self.client.uid("FETCH", uid.decode(), what)
        if status != "OK":
            raise imaplib.IMAP4.error(f"UID FETCH {what} failed")
        return list(data)

    def fetch(self, uid: bytes) -> Fetched:
        sized = b" ".join(part if isinstance(part, bytes) else b"" for part in self._fetch(uid, "(RFC822.SIZE)"))
        found = _SIZE.search(sized)
        size = int(found.group(1)) if found else 0
        if size > MAX_MESSAGE_BYTES:
            head = _literal(self._fetch(uid, "(BODY.PEEK[HEADER])"))
            return Fetched(uid, size, None, head)
        raw = _literal(self._fetch(uid, "(BODY.PEEK[])"))
        return Fetched(uid, len(raw), raw, raw[: 256 * 1024])

    def mark_seen(self, uid: bytes) -> None:
        assert self.client is not None
        status, _ = self.client.uid("STORE", uid.decode(), "+FLAGS", "(\\Seen)")
        if status != "OK":
            raise imaplib.IMAP4.error("UID STORE failed")


def _literal(data: list[object]) -> bytes:
    """The message bytes of a FETCH answer (imaplib gives ``(b'1 (UID 7 BODY[] {n}', b'…')``)."""
    for part in data:
        if isinstance(part, tuple) and len(part) == 2 and isinstance(part[1], bytes):
            return part[1]
    raise imaplib.IMAP4.error("the FETCH answer has no message")


async def _poll_folder(
    sessions: async_sessionmaker[AsyncSession],
    archive: Archive,
    folder: DropFolder,
    summary: PollSummary,
    now: datetime,
) -> None:
    for path in await asyncio.to_thread(folder.pending):
        try:
            sha256, size, head = await asyncio.to_thread(DropFolder.digest, path)
            async with system_session(sessions) as session:
                received = await receive(
                    session,
                    archive.store,
                    head=head,
                    sha256=sha256,
                    size=size,
                    chunks=DropFolder.chunks(path) if size <= MAX_STORED_BYTES else None,
                    source="folder",
                    now=now,
                )
            await asyncio.to_thread(folder.done, path)
        except DocumentStoreError:
            log.warning("the archive did not take %s; it is taken next time", path.name)
            return
        except Exception:
            log.exception("could not take %s from the drop folder; it is tried again next time", path.name)
            summary.failed += 1
            continue
        summary.duplicates += received.duplicate
        summary.received += not received.duplicate


async def _poll_imap(
    sessions: async_sessionmaker[AsyncSession],
    archive: Archive,
    config: ImapConfig,
    summary: PollSummary,
    now: datetime,
) -> None:
    box = ImapMailbox(config)
    try:
        await asyncio.to_thread(box.open)
    except (imaplib.IMAP4.error, OSError) as error:
        log.warning("cannot reach the inbound mailbox %s:%s: %s", config.host, config.port, error)
        return
    try:
        for uid in await asyncio.to_thread(box.unseen):
            try:
                fetched = await asyncio.to_thread(box.fetch, uid)
                async with system_session(sessions) as session:
                    if fetched.raw is not None:
                        received = await receive_bytes(session, archive.store, fetched.raw, source="imap", now=now)
                    else:
                        marker = hashlib.sha256(fetched.head + str(fetched.size).encode()).hexdigest()
                        received = await receive(
                            session,
                            archive.store,
                            head=fetched.head,
                            sha256=marker,
                            size=fetched.size,
                            chunks=None,
                            source="imap",
                            now=now,
                        )
                await asyncio.to_thread(box.mark_seen, uid)
            except DocumentStoreError:
                log.warning("the archive did not take IMAP message %s; it is taken next time", uid)
                return
            except (imaplib.IMAP4.error, OSError) as error:
                log.warning("the inbound mailbox failed on message %s: %s", uid, error)
                return
            except Exception:
                log.exception("could not take IMAP message %s; it is tried again next time", uid)
                summary.failed += 1
                continue
            summary.duplicates += received.duplicate
            summary.received += not received.duplicate
    finally:
        await asyncio.to_thread(box.close)


async def process_due(
    sessions: async_sessionmaker[AsyncSession], archive: Archive, summary: PollSummary, now: datetime
) -> None:
    """Read every kept message not read yet (a batch at a time); one that fails never stops the rest."""
    async with system_session(sessions) as session:
        due = await due_messages(session, limit=BATCH)
    for message_id in due:
        try:
            outcome = await process(sessions, archive, message_id, now=now)
        except Exception:
            log.exception("inbound message %s could not be read", message_id)
            summary.failed += 1
            continue
        if outcome not in {"not_due", "retry"}:
            summary.processed += 1


async def poll(
    sessions: async_sessionmaker[AsyncSession], archive: Archive, config: MailboxConfig, *, now: datetime
) -> PollSummary:
    """The mailbox job: new messages from the drop folder and the IMAP mailbox kept, then every kept one read."""
    summary = PollSummary()
    if config.folder is not None:
        await _poll_folder(sessions, archive, DropFolder(config.folder), summary, now)
    if config.imap is not None:
        await _poll_imap(sessions, archive, config.imap, summary, now)
    await process_due(sessions, archive, summary, now)
    return summary
