"""Why a document cannot be stored or read."""

from __future__ import annotations

from backend.domain.errors import DomainError, InvalidInput


class DocumentRejected(InvalidInput):
    """The file failed validation (size, type by content, unreadable PDF)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__("file", message, code)


class StorageUnavailable(DomainError):
    code = "storage_unavailable"

    def __init__(self) -> None:
        super().__init__("The document archive is not reachable right now. Nothing was saved; try again shortly.")
