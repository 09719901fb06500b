"""Writing and verifying the audit log."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import event as orm_event
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session, SessionTransaction

from backend.db.bulk import Spool, bulk_insert_tuples
from backend.db.types import utc_now
from backend.domain.audit.models import AuditChainHead, AuditEvent

GENESIS_HASH = "0" * 64


def _canonical(event: AuditEvent) -> str:
    return _canonical_fields(
        {
            "occurred_at": event.occurred_at,
            "actor_user_id": event.actor_user_id,
            "action": event.action,
            "entity_type": event.entity_type,
            "entity_id": event.entity_id,
            "account_id": event.account_id,
            "before": event.before,
            "after": event.after,
        }
    )


_CANONICAL_JSON = json.JSONEncoder(sort_keys=True, separators=(",", ":"), default=str).encode
"""``json.dumps`` with these options, without making an encoder for each event (a feed hashes 40,000)."""


def _canonical_fields(values: dict[str, Any]) -> str:
    return _CANONICAL_JSON(
        {
            "occurred_at": values["occurred_at"].isoformat(),
            "actor_user_id": str(values["actor_user_id"]) if values["actor_user_id"] else None,
            "action": values["action"],
            "entity_type": values["entity_type"],
            "entity_id": values["entity_id"],
            "account_id": str(values["account_id"]) if values["account_id"] else None,
            "before": values["before"],
            "after": values["after"],
        }
    )


def event_hash(prev_hash: str, event: AuditEvent) -> str:
    return hashlib.sha256((prev_hash + _canonical(event)).encode()).hexdigest()


async def record_event(
    session: AsyncSession,
    *,
    action: str,
    entity_type: str,
    entity_id: str | uuid.UUID,
    actor_user_id: uuid.UUID | None = None,
    account_id: uuid.UUID | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    occurred_at: datetime | None = None,
) -> AuditEvent:
    """Append one event to the caller's transaction, chained to the one before when it commits.

    The event is only durable if the caller commits — together with the change it describes —
    and is chained then (see :func:`record_events`).
    """
    events = await record_events(
        session,
        [
            EventRecord(
                action=action,
                entity_type=entity_type,
                entity_id=entity_id,
                actor_user_id=actor_user_id,
                account_id=account_id,
                before=before,
                after=after,
                occurred_at=occurred_at,
            )
        ],
    )
    return events[0]


@dataclass(frozen=True)
class EventRecord:
    action: str
    entity_type: str
    entity_id: str | uuid.UUID
    actor_user_id: uuid.UUID | None = None
    account_id: uuid.UUID | None = None
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    occurred_at: datetime | None = None


def _unchained_row(record: EventRecord) -> tuple[dict[str, Any], str]:
    """An event's row but its place in the chain, and the canonical text its hash covers (the costly part)."""
    row = {
        "occurred_at": (record.occurred_at or utc_now()).replace(microsecond=0),
        "actor_user_id": record.actor_user_id,
        "action": record.action,
        "entity_type": record.entity_type,
        "entity_id": str(record.entity_id),
        "account_id": record.account_id,
        "before": _jsonable(record.before),
        "after": _jsonable(record.after),
    }
    return row, _canonical_fields(row)


class EventList(list[EventRecord]):
    """Events an import appends at its end, which it can get ready beforehand, a few at a time, while the database
    stores its rows (``steps``, drawn on by ``bulk.interleaved``): what is left to do under the chain head's
    lock is the chaining itself."""

    def __init__(self, records: Iterable[EventRecord] = ()) -> None:
        super().__init__(records)
        self.ready: list[tuple[dict[str, Any], str]] = []

    def steps(self) -> Iterator[None]:
        """Make the next event ready at each step, as long as there is one (the list may still grow)."""
        while len(self.ready) < len(self):
            self.ready.append(_unchained_row(self[len(self.ready)]))
            yield

    def unchained(self) -> Iterator[tuple[dict[str, Any], str]]:
        yield from self.ready[: len(self)]
        for record in self[len(self.ready) :]:
            yield _unchained_row(record)


class EventSpool(Spool[tuple[dict[str, Any], str]]):
    """Events an import makes chunk by chunk and appends at its end: each made ready (its row and the canonical text
    its hash covers) as it is added, and kept on disk past the first few thousand (``bulk.Spool``), so a file of a
    million lines holds neither its events in memory nor the chain head's lock while it is read."""

    def add(self, records: Iterable[EventRecord]) -> None:
        self.extend(map(_unchained_row, records))

    def unchained(self) -> Iterator[tuple[dict[str, Any], str]]:
        return iter(self)


EVENT_COLUMNS = (
    "occurred_at", "actor_user_id", "action", "entity_type", "entity_id", "account_id", "before", "after",
    "prev_hash", "hash",
)  # fmt: skip


async def _chain_head(session: AsyncSession) -> AuditChainHead:
    return (await session.execute(select(AuditChainHead).where(AuditChainHead.id == 1).with_for_update())).scalar_one()


async def append_events(session: AsyncSession, records: Sequence[EventRecord] | EventSpool) -> None:
    """Append many events in order, chained, with one lock of the chain head and a bulk insert (imports). An
    ``EventList`` or an ``EventSpool`` brings the events it made ready already."""
    head = await _chain_head(session)
    unchained = records.unchained() if isinstance(records, EventList | EventSpool) else map(_unchained_row, records)

    def chained() -> Iterator[tuple[Any, ...]]:
        # Made as the COPY sends them: the database stores the first events while the last are being hashed.
        for row, canonical in unchained:
            row["prev_hash"] = head.last_hash
            head.last_hash = row["hash"] = hashlib.sha256((head.last_hash + canonical).encode()).hexdigest()
            yield tuple(row[name] for name in EVENT_COLUMNS)

    await bulk_insert_tuples(session, AuditEvent, EVENT_COLUMNS, chained())
    await session.flush()


async def record_events(session: AsyncSession, records: Sequence[EventRecord]) -> list[AuditEvent]:
    """Append events in order to the caller's transaction; they are chained and written as it commits.

    Chaining needs the chain head locked, so concurrent writers append one after the other and the
    chain never forks. Taking that lock at the first event held it for the rest of the transaction,
    and every audited write in the system queued behind the slowest one (filing runs its automation
    after its event); at commit it is held for one UPDATE and one INSERT. The events are returned;
    their hashes (and sequence numbers) are set when the transaction commits.
    """
    events = [
        AuditEvent(
            occurred_at=(r.occurred_at or utc_now()).replace(microsecond=0),
            actor_user_id=r.actor_user_id,
            action=r.action,
            entity_type=r.entity_type,
            entity_id=str(r.entity_id),
            account_id=r.account_id,
            before=_jsonable(r.before),
            after=_jsonable(r.after),
        )
        for r in records
    ]
    session.sync_session.info.setdefault(_PENDING, []).extend(events)
    return events


_PENDING = "recoup_pending_audit_events"
_CHAIN_HEAD_FOR_UPDATE = select(AuditChainHead).where(AuditChainHead.id == 1).with_for_update()


@orm_event.listens_for(Session, "before_commit")
def _chain_pending_events(session: Session) -> None:
    """Lock the chain head, chain the transaction's events to it, add them; the commit's flush writes both."""
    events: list[AuditEvent] | None = session.info.pop(_PENDING, None)
    if not events:
        return
    head = session.execute(_CHAIN_HEAD_FOR_UPDATE).scalar_one()
    for pending in events:
        pending.prev_hash = head.last_hash
        pending.hash = head.last_hash = event_hash(head.last_hash, pending)
    session.add_all(events)


@orm_event.listens_for(Session, "after_soft_rollback")
def _drop_pending_events(session: Session, previous_transaction: SessionTransaction) -> None:
    """A rolled-back transaction's events go with it (the backend opens no savepoints that could keep them)."""
    session.info.pop(_PENDING, None)


_AS_IS = frozenset({str, int, bool, type(None)})
_AS_TEXT = frozenset({Decimal, date, datetime, uuid.UUID})


def _jsonable(values: dict[str, Any] | None) -> dict[str, Any] | None:
    """``values`` as JSON gives them back (what the chain hashes and verification reads): text keys, money, days
    and ids as text. A flat dict of such values (nearly every event, a feed's 60,000 of them) is mapped directly;
    anything else goes through JSON and back."""
    if values is None:
        return None
    if all(type(k) is str for k in values):
        flat: dict[str, Any] = {}
        for key, value in values.items():
            kind = type(value)
            if kind in _AS_IS:
                flat[key] = value
            elif kind in _AS_TEXT:
                flat[key] = str(value)
            else:
                break
        else:
            return flat
    return json.loads(json.dumps(values, default=str))


async def first_broken_event(session: AsyncSession) -> int | None:
    """The sequence number of the first event whose hash does not match, or None when the chain is intact."""
    prev = GENESIS_HASH
    result = await session.stream_scalars(select(AuditEvent).order_by(AuditEvent.sequence))
    async for event in result:
        if event.prev_hash != prev or event_hash(prev, event) != event.hash:
            return event.sequence
        prev = event.hash
    head = (await session.execute(select(AuditChainHead.last_hash).where(AuditChainHead.id == 1))).scalar_one()
    return None if head == prev else -1
