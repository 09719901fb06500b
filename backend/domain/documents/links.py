"""Short-lived download links: signed for one user and one document, checked again against scope on use."""

from __future__ import annotations

import hashlib
import hmac
import uuid
from datetime import datetime, timedelta

LINK_LIFETIME = timedelta(minutes=5)


def _signature(secret: str, document_id: uuid.UUID, user_id: uuid.UUID, expires: int) -> str:
    message = f"{document_id}|{user_id}|{expires}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def download_url(secret: str, document_id: uuid.UUID, user_id: uuid.UUID, now: datetime) -> str:
    expires = int((now + LINK_LIFETIME).timestamp())
    return f"/api/documents/{document_id}/download?expires={expires}&sig={_signature(secret, document_id, user_id, expires)}"


def link_is_valid(
    secret: str, document_id: uuid.UUID, user_id: uuid.UUID, expires: int, sig: str, now: datetime
) -> bool:
    """True when the link was made for this user and document and has not expired."""
    if expires < int(now.timestamp()):
        return False
    return hmac.compare_digest(_signature(secret, document_id, user_id, expires), sig)
