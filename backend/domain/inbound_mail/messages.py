"""Reading one e-mail (stdlib ``email``, ``policy.default``) under limits, into its sender and its attachments.

An e-mail bomb costs nothing to refuse: the raw message is at most :data:`MAX_MESSAGE_BYTES`; before it is
parsed, its part headers are counted (at most :data:`MAX_PARTS`, so the parser's recursion stays shallow and a
message of a hundred thousand empty parts is never built); then parts nest at most :data:`MAX_DEPTH` deep
(multiparts and attached messages alike), at most :data:`MAX_ATTACHMENTS` files are taken, and their decoded
bytes add up to at most :data:`MAX_DECODED_BYTES`. A message past a limit is :class:`Unusable` — kept, but
nothing of it is taken.
"""

from __future__ import annotations

import email
import email.utils
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage, Message
from email.parser import BytesHeaderParser
from typing import Any

from backend.domain.inbound_mail.enums import ReviewReason

MAX_MESSAGE_BYTES = 25 * 1024 * 1024
MAX_PARTS = 200
MAX_DEPTH = 10
MAX_ATTACHMENTS = 20
MAX_DECODED_BYTES = 20 * 1024 * 1024
_PART_HEADER = re.compile(rb"^content-type\s*:", re.I | re.M)


class Unusable(Exception):
    """Nothing of the message can be taken; ``reason`` and ``detail`` say why (it goes to the review list)."""

    def __init__(self, reason: ReviewReason, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class Headers:
    sender: str
    """The From address, lower case (``""`` when there is none we can read)."""
    subject: str
    message_id: str
    sent_at: datetime | None


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class ReadMessage:
    headers: Headers
    attachments: list[Attachment]


def _text(value: Any, size: int) -> str:
    return " ".join(str(value or "").split())[:size]


def read_headers(raw: bytes) -> Headers:
    """The headers a person and the sender check need; never raises (an unreadable header is empty)."""
    try:
        parsed = BytesHeaderParser(policy=policy.default).parsebytes(raw[: 256 * 1024])
    except Exception:
        return Headers("", "", "", None)
    sender = ""
    try:
        found = email.utils.getaddresses([str(parsed.get("from") or "")])
        sender = next((address for _, address in found if "@" in address), "").strip().lower()[:320]
    except Exception:
        sender = ""
    subject = ""
    try:
        subject = _text(parsed.get("subject"), 500)
    except Exception:
        subject = ""
    message_id = ""
    try:
        message_id = _text(parsed.get("message-id"), 255).strip("<>")
    except Exception:
        message_id = ""
    sent_at = None
    try:
        sent = email.utils.parsedate_to_datetime(str(parsed.get("date") or ""))
        sent_at = (sent if sent.tzinfo else sent.replace(tzinfo=UTC)).astimezone(UTC)
    except Exception:
        sent_at = None
    return Headers(sender, subject, message_id, sent_at)


def _filename(part: Message) -> str:
    try:
        name = part.get_filename() or ""
    except Exception:
        name = ""
    return " ".join(name.replace("\\", "/").rsplit("/", 1)[-1].split())[:200]


class _Walk:
    def __init__(self) -> None:
        self.attachments: list[Attachment] = []
        self.decoded = 0

    def _count(self, data: bytes) -> None:
        self.decoded += len(data)
        if self.decoded > MAX_DECODED_BYTES:
            raise Unusable(
                ReviewReason.LIMITS,
                f"Its attachments decode to more than {MAX_DECODED_BYTES // (1024 * 1024)} MB (an e-mail bomb?): "
                "not read.",
            )

    def visit(self, part: Message, depth: int) -> None:
        if depth > MAX_DEPTH:
            raise Unusable(
                ReviewReason.LIMITS, f"Its parts are nested more than {MAX_DEPTH} deep (an e-mail bomb?): not read."
            )
        if part.is_multipart():
            payload = part.get_payload()
            for child in payload if isinstance(payload, list) else []:
                if isinstance(child, Message):
                    self.visit(child, depth + 1)
            return
        if part.get_content_type() == "message/rfc822":  # an attached message sent encoded: read it as one
            data = part.get_payload(decode=True)
            self._count(data if isinstance(data, bytes) else b"")
            if isinstance(data, bytes) and data:
                self.visit(email.message_from_bytes(data, _class=EmailMessage, policy=policy.default), depth + 1)
            return
        filename = _filename(part)
        disposition = part.get_content_disposition()
        if not filename and disposition != "attachment":
            return  # the text of the message, or an inline picture of a signature
        if disposition == "inline" and not filename:
            return
        if len(self.attachments) >= MAX_ATTACHMENTS:
            raise Unusable(
                ReviewReason.LIMITS, f"It has more than {MAX_ATTACHMENTS} attachments (an e-mail bomb?): not read."
            )
        data = part.get_payload(decode=True)
        if not isinstance(data, bytes):
            data = b""
        self._count(data)
        self.attachments.append(
            Attachment(filename=filename or "attachment", content_type=part.get_content_type()[:100], data=data)
        )


def read_message(raw: bytes) -> ReadMessage:
    """The message's headers and attached files (module docstring for the limits). Raises :class:`Unusable`."""
    if len(raw) > MAX_MESSAGE_BYTES:
        raise Unusable(
            ReviewReason.TOO_LARGE,
            f"It is {len(raw) // (1024 * 1024)} MB; at most {MAX_MESSAGE_BYTES // (1024 * 1024)} MB are read.",
        )
    parts = len(_PART_HEADER.findall(raw))
    if parts > MAX_PARTS:
        raise Unusable(ReviewReason.LIMITS, f"It has {parts} parts (at most {MAX_PARTS}; an e-mail bomb?): not read.")
    headers = read_headers(raw)
    try:
        message = email.message_from_bytes(raw, _class=EmailMessage, policy=policy.default)
        if not message.keys():
            raise Unusable(ReviewReason.MALFORMED, "It is not an e-mail: no headers could be read.")
        walk = _Walk()
        walk.visit(message, 0)
    except Unusable:
        raise
    except RecursionError:
        raise Unusable(ReviewReason.LIMITS, "Its parts are nested too deep to read (an e-mail bomb?).") from None
    except Exception as error:  # the email package raises many kinds on broken input
        raise Unusable(ReviewReason.MALFORMED, f"It cannot be read as an e-mail ({type(error).__name__}).") from None
    return ReadMessage(headers=headers, attachments=walk.attachments)
