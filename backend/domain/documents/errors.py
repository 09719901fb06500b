"""Why a document cannot be stored or read."""

from __future__ import annotations

from backend.domain.errors import DomainError, InvalidInput


class DocumentRejected(InvalidInput):
    """The file failed validation (size, type by content, unreadable or protected PDF); nothing was kept."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__("file", message, code)


class StorageUnavailable(DomainError):
    """The archive did not answer; nothing changed, and the same request can simply be retried."""

    code = "storage_unavailable"

    def __init__(self) -> None:
        super().__init__("The document archive is not reachable right now. Nothing was lost; try again shortly.")


class UploadIncomplete(DomainError):
    """Confirmation came before the bytes: the upload stays pending."""

    code = "upload_incomplete"

    def __init__(self) -> None:
        super().__init__("The file has not arrived yet. Send it, then confirm again.")
