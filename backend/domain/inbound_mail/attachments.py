"""What becomes of one attachment of a known customer's message.

* A remittance — a bank or EDI file (lockbox CSV, camt, X12 820, BAI2, EDIFACT REMADV, by detection), the
  customer's own CSV/XLSX advice (through the column mapping saved for that customer and header,
  ``cash.column_mappings``), or a PDF that calls itself a remittance / payment advice (its text read by the
  archive's PDF sandbox, then ``formats.advice_text``) — becomes waiting remittance advices (``cash.advices``).
* Any other PDF, or a photo (JPEG, PNG, TIFF), is a claim or backup document: kept in the archive as the
  customer's (``documents.received``), then extracted and auto-linked by the references it names.
* Anything else, or a remittance that cannot be read (no mapping yet, wrong lines, a PDF refused by the
  sandbox), is unreadable: the message goes to the review list with the reason.
"""

from __future__ import annotations

import asyncio
import io
import re
import tempfile
import uuid
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from backend.domain.accounts.models import CustomerAccount
from backend.domain.cash.advices import keep_advices
from backend.domain.cash.column_mappings import ColumnMappingRequired, column_map_for
from backend.domain.cash.formats import ADVICE, FORMATS, detect_format
from backend.domain.cash.formats.advice import ColumnMap, parse_advice
from backend.domain.cash.formats.advice_text import looks_like_remittance, read_text_advice
from backend.domain.cash.formats.sheets import read_layout
from backend.domain.cash.remittance import FileRejected, LineError, LineSkipped, RemittanceLine
from backend.domain.documents.enums import DocumentType
from backend.domain.documents.errors import DocumentRejected
from backend.domain.documents.received import check_received_file, keep_received_file
from backend.domain.documents.uploads import Archive
from backend.domain.inbound_mail.messages import Attachment
from documents.file_types import sniff_content_type
from documents.pdf_sandbox import PdfRejected
from documents.validation import AcceptedFile

SPREADSHEET_TYPES = {
    "text/csv",
    "application/csv",
    "application/vnd.ms-excel",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
_KINDS = [
    (re.compile(r"proof\s+of\s+delivery|\bpod\b|delivery\s+(receipt|note)", re.I), DocumentType.PROOF_OF_DELIVERY),
    (re.compile(r"bill\s+of\s+lading|\bbol\b", re.I), DocumentType.BILL_OF_LADING),
    (re.compile(r"claim|deduction|chargeback|debit\s+memo", re.I), DocumentType.CLAIM_FORM),
    (re.compile(r"return\s+auth|\brma\b", re.I), DocumentType.RETURN_AUTHORISATION),
]


@dataclass
class Taken:
    """One attachment's outcome, and what the caller must do about the archive."""

    outcome: dict[str, Any]
    unreadable: bool = False
    document_ids: list[uuid.UUID] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    """Objects written for it: discarded when the message's transaction rolls back."""


@dataclass(frozen=True)
class Context:
    account: CustomerAccount
    message_id: uuid.UUID
    subject: str
    received_on: date
    sha256: str
    now: datetime


def _outcome(attachment: Attachment, kind: str, note: str, **more: Any) -> dict[str, Any]:
    return {
        "filename": attachment.filename,
        "content_type": attachment.content_type,
        "size": len(attachment.data),
        "kind": kind,
        "note": note[:500],
        **more,
    }


def _unreadable(attachment: Attachment, note: str) -> Taken:
    return Taken(_outcome(attachment, "unreadable", note), unreadable=True)


def _errors(errors: list[LineError]) -> str:
    shown = "; ".join(error.message for error in errors[:3])
    return f"{len(errors)} line(s) cannot be read: {shown}"


async def _advices(
    session: AsyncSession, attachment: Attachment, context: Context, lines: list[RemittanceLine], how: str
) -> Taken:
    advices = await keep_advices(
        session,
        account_id=context.account.id,
        lines=lines,
        filename=attachment.filename,
        inbound_message_id=context.message_id,
        now=context.now,
    )
    if not advices:
        return _unreadable(attachment, f"{how}, but its lines pay nothing.")
    totals = ", ".join(f"{a.total:,.2f}" + (f" ({a.payment_reference})" if a.payment_reference else "") for a in advices)
    return Taken(
        _outcome(
            attachment,
            "remittance",
            f"{how}: {len(lines)} line(s), waiting for a payment of {totals}.",
            advice_ids=[str(a.id) for a in advices],
        )
    )


async def _bank_file(session: AsyncSession, attachment: Attachment, context: Context, fmt: str) -> Taken:
    try:
        items = await asyncio.to_thread(lambda: list(FORMATS[fmt](io.BytesIO(attachment.data))))
    except FileRejected as error:
        return _unreadable(attachment, f"A {fmt} file that cannot be read: {error}")
    lines = [replace(i, customer_number=context.account.number) for i in items if isinstance(i, RemittanceLine)]
    errors = [item for item in items if isinstance(item, LineError)]
    if errors or not lines:
        return _unreadable(attachment, f"A {fmt} file: " + (_errors(errors) if errors else "no payment in it."))
    return await _advices(session, attachment, context, lines, f"A {fmt} remittance")


def _read_advice(path: Path, columns: ColumnMap) -> list[RemittanceLine | LineError | LineSkipped]:
    with path.open("rb") as handle:
        return list(parse_advice(handle, columns))


async def _spreadsheet(session: AsyncSession, attachment: Attachment, context: Context, path: Path) -> Taken:
    try:
        layout = await asyncio.to_thread(read_layout, path)
        columns = await column_map_for(
            session, context.account, layout, sha256=context.sha256, today=context.received_on
        )
    except FileRejected as error:
        return _unreadable(attachment, f"A spreadsheet that cannot be read: {error}")
    except ColumnMappingRequired:
        return _unreadable(
            attachment,
            f"A spreadsheet whose columns are not mapped for {context.account.number} yet: import it once under "
            "Cash → Import (customer chosen) to say which column is which; the next ones are read by themselves.",
        )
    try:
        items = await asyncio.to_thread(_read_advice, path, replace(columns, default_reference=""))
    except FileRejected as error:
        return _unreadable(attachment, f"A spreadsheet that cannot be read: {error}")
    lines = [item for item in items if isinstance(item, RemittanceLine)]
    errors = [item for item in items if isinstance(item, LineError)]
    if errors or not lines:
        return _unreadable(attachment, "A remittance spreadsheet: " + (_errors(errors) if errors else "no line."))
    return await _advices(session, attachment, context, lines, "A remittance spreadsheet")


def _document_type(attachment: Attachment, context: Context, content_type: str) -> str:
    for pattern, kind in _KINDS:
        if pattern.search(attachment.filename) or pattern.search(context.subject):
            return kind.value
    return DocumentType.PHOTO.value if content_type.startswith("image/") else DocumentType.CORRESPONDENCE.value


async def _document(
    session: AsyncSession,
    archive: Archive,
    attachment: Attachment,
    context: Context,
    path: Path,
    accepted: AcceptedFile | None = None,
) -> Taken:
    try:
        accepted = accepted or await check_received_file(archive, path)
        kept = await keep_received_file(
            session,
            archive,
            account_id=context.account.id,
            filename=attachment.filename,
            path=path,
            accepted=accepted,
            document_type=_document_type(attachment, context, accepted.content_type),
            note=f"e-mail {context.message_id}",
            now=context.now,
        )
    except DocumentRejected as error:
        return _unreadable(attachment, f"Not kept: {error.message}")
    return Taken(
        _outcome(
            attachment,
            "document",
            "Kept in the archive as the customer's; linked to the invoice and case its text names once read.",
            document_id=str(kept.document.id),
        ),
        document_ids=[kept.document.id],
        written=[kept.new_key] if kept.new_key else [],
    )


async def _pdf(session: AsyncSession, archive: Archive, attachment: Attachment, context: Context, path: Path) -> Taken:
    try:
        accepted = await check_received_file(archive, path)
        text = (await archive.sandbox.extract(path)).text
    except DocumentRejected as error:
        return _unreadable(attachment, f"A PDF that cannot be kept: {error.message}")
    except PdfRejected as error:
        return _unreadable(attachment, f"A PDF that cannot be read: {error.message}")
    if looks_like_remittance(attachment.filename, context.subject, text[:5000]):
        advice = read_text_advice(text, customer_number=context.account.number, received_on=context.received_on)
        if advice.problem:
            return _unreadable(attachment, f"A remittance advice PDF, but {advice.problem}.")
        return await _advices(session, attachment, context, advice.lines, "A remittance advice PDF")
    return await _document(session, archive, attachment, context, path, accepted)


def _spool(spool: Any, data: bytes) -> None:
    spool.write(data)
    spool.flush()


async def take_attachment(session: AsyncSession, archive: Archive, attachment: Attachment, context: Context) -> Taken:
    """What becomes of ``attachment`` (module docstring), inside the caller's transaction."""
    if not attachment.data:
        return _unreadable(attachment, "The attachment is empty.")
    head = attachment.data[:4096]
    found = detect_format(head)
    if found in FORMATS:
        return await _bank_file(session, attachment, context, found)
    name = attachment.filename.lower()
    spreadsheet = (
        found == ADVICE or name.endswith((".csv", ".xlsx", ".xls")) or attachment.content_type in SPREADSHEET_TYPES
    )
    sniffed = sniff_content_type(head[:16])
    if sniffed is None and not spreadsheet:
        return _unreadable(
            attachment,
            f"{attachment.content_type} is not read: only PDFs, photos (JPEG, PNG, TIFF), CSV or XLSX advices and "
            "bank or EDI remittance files are.",
        )
    with tempfile.NamedTemporaryFile(prefix="recoup-mail-") as spool:
        await asyncio.to_thread(_spool, spool, attachment.data)
        path = Path(spool.name)
        if sniffed == "application/pdf":
            return await _pdf(session, archive, attachment, context, path)
        if sniffed is not None:
            return await _document(session, archive, attachment, context, path)
        return await _spreadsheet(session, attachment, context, path)
