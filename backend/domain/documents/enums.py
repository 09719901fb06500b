"""A document's place in the two-phase upload."""

from __future__ import annotations

from enum import StrEnum


class DocumentStatus(StrEnum):
    PENDING = "pending"
    STORED = "stored"
    REJECTED = "rejected"
