"""Machine clients (an ERP, a bank connector) and the access tokens they are issued (OAuth2 client credentials)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base, CreatedAt, UUIDPrimaryKey
from backend.db.types import UTCDateTime


class ApiClient(UUIDPrimaryKey, CreatedAt, Base):
    """A program that calls the machine API with its own credentials, never as a person.

    Only the SHA-256 of the secret is kept: the secret is 32 random bytes chosen by
    Recoup, so a fast hash cannot be guessed back (argon2 protects low-entropy human
    passwords and would cost every token request tens of milliseconds of CPU).
    """

    __tablename__ = "api_clients"

    client_id: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    """Public identifier, sent with the secret to the token endpoint."""
    secret_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    scopes: Mapped[str] = mapped_column(String(200), nullable=False)
    """Space-separated scopes the client may ask for (``invoices:import``, ``remittances:import``)."""
    is_active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"), nullable=True)
    """The admin who created it (None for the demo client the seed makes)."""
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    @property
    def scope_list(self) -> list[str]:
        return self.scopes.split()


class ApiAccessToken(Base):
    """An access token issued to a client: only its SHA-256 is kept, with its scope and expiry.

    A table rather than a stateless signed JWT: every machine call must look up the client
    anyway (a revoked client's tokens stop at once), so a self-contained token saves no
    query, while a row can be revoked alone, needs no signing key to rotate, and the token
    itself says nothing to whoever reads it.
    """

    __tablename__ = "api_access_tokens"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    client_pk: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("api_clients.id"), nullable=False, index=True)
    scope: Mapped[str] = mapped_column(String(200), nullable=False)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
