"""Checks every upload passes before it is accepted: size, type by content, and a PDF that parses under limits."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from documents.file_types import sniff_content_type
from documents.pdf_sandbox import PdfRejected, PdfSandbox


class UploadRejected(ValueError):
    """The file cannot be accepted; ``code`` says why for a client, the message for a person."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class AcceptedFile:
    content_type: str
    size: int
    pages: int | None


def human_size(size: int) -> str:
    """``25 MB``, ``512 KB``: how a person reads a size limit."""
    if size >= 1024 * 1024 and size % (1024 * 1024) == 0:
        return f"{size // (1024 * 1024)} MB"
    return f"{max(1, size // 1024)} KB"


def check_size(size: int, max_bytes: int) -> None:
    if size == 0:
        raise UploadRejected("empty_file", "The file is empty.")
    if size > max_bytes:
        raise UploadRejected("too_large", f"The file is larger than {human_size(max_bytes)}.")


_REFUSAL_CODES = {"encrypted": "encrypted_pdf", "active_content": "active_content_pdf"}


async def validate_file(path: Path, *, size: int, max_bytes: int, sandbox: PdfSandbox) -> AcceptedFile:
    """The accepted file's real type, size and page count, or :class:`UploadRejected`."""
    check_size(size, max_bytes)
    with path.open("rb") as handle:
        content_type = sniff_content_type(handle.read(16))
    if content_type is None:
        raise UploadRejected("unsupported_type", "Only PDF, JPEG, PNG and TIFF files can be attached.")
    if content_type != "application/pdf":
        return AcceptedFile(content_type=content_type, size=size, pages=None)
    try:
        reading = await sandbox.inspect(path)
    except PdfRejected as error:
        code = _REFUSAL_CODES.get(error.reason, "unreadable_pdf")
        raise UploadRejected(code, error.message) from error
    return AcceptedFile(content_type=content_type, size=size, pages=reading.pages)
