"""Checks every upload passes before it is stored: size, type by content, and a readable PDF."""

from __future__ import annotations

from dataclasses import dataclass

from documents.file_types import sniff_content_type
from documents.pdf_check import PdfRejected, check_pdf


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


def human_size(size: int) -> str:
    """``25 MB``, ``512 KB``: how a person reads a size limit."""
    if size >= 1024 * 1024 and size % (1024 * 1024) == 0:
        return f"{size // (1024 * 1024)} MB"
    return f"{max(1, size // 1024)} KB"


def validate_upload(data: bytes, *, max_bytes: int) -> AcceptedFile:
    """The accepted file's real type and size, or :class:`UploadRejected`."""
    if len(data) == 0:
        raise UploadRejected("empty_file", "The file is empty.")
    if len(data) > max_bytes:
        raise UploadRejected("too_large", f"The file is larger than {human_size(max_bytes)}.")
    content_type = sniff_content_type(data[:16])
    if content_type is None:
        raise UploadRejected("unsupported_type", "Only PDF, JPEG, PNG and TIFF files can be attached.")
    if content_type == "application/pdf":
        try:
            check_pdf(data)
        except PdfRejected as error:
            raise UploadRejected("unreadable_pdf", str(error)) from error
    return AcceptedFile(content_type=content_type, size=len(data))
