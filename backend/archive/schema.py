"""The archive's root fields, assembled for backend/schema.py."""

from __future__ import annotations

import strawberry

from backend.archive.mutations.upload_document import UploadDocumentMutation
from backend.archive.queries import ArchiveQuery


@strawberry.type
class ArchiveMutation(UploadDocumentMutation):
    pass


__all__ = ["ArchiveMutation", "ArchiveQuery"]
