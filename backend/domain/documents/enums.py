"""A document's place in the two-phase upload, in text extraction, and what kind of paper it is."""

from __future__ import annotations

from enum import StrEnum


class DocumentStatus(StrEnum):
    PENDING = "pending"
    """A row waiting for its bytes and their confirmation; removed when it expires unconfirmed."""
    STORED = "stored"
    """Confirmed: checked, hashed, and the object version recorded."""
    REJECTED = "rejected"


class ExtractionStatus(StrEnum):
    """Indexing a stored document's text and metadata for search, off the request path."""

    PENDING = "pending"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    """Could not be read after every retry; still stored, found by its metadata only."""


class DocumentType(StrEnum):
    PROOF_OF_DELIVERY = "proof_of_delivery"
    BILL_OF_LADING = "bill_of_lading"
    PHOTO = "photo"
    CLAIM_FORM = "claim_form"
    RETURN_AUTHORISATION = "return_authorisation"
    PROMOTION_AGREEMENT = "promotion_agreement"
    PRICE_AGREEMENT = "price_agreement"
    CARRIER_CLAIM = "carrier_claim"
    CREDIT_MEMO = "credit_memo"
    INVOICE = "invoice"
    CORRESPONDENCE = "correspondence"
    OTHER = "other"
