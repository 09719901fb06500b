"""What every resolver gets: the request's database session, the acting user and per-request loaders."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.litestar import BaseContext
from strawberry.types import Info as StrawberryInfo

from backend.db.scope import Principal
from backend.domain.auth.service import SignedInUser
from backend.graphql.dataloaders import Loaders


class Context(BaseContext, kw_only=True):
    """Built once per request. Loaders are per request because they cache by key."""

    db: AsyncSession
    user: SignedInUser | None
    principal: Principal | None
    today: date
    page_cap: int
    link_secret: str
    public_url: str = ""
    archive: Any = None
    """The document archive (``backend.domain.documents.uploads.Archive``) for upload fields."""
    loaders: Any = None

    def __post_init__(self) -> None:
        self.loaders = Loaders(self.db)


Info = StrawberryInfo[Context, None]


def acting_principal(info: Info) -> Principal:
    """The signed-in principal of a field whose permission class already required one."""
    principal = info.context.principal
    assert principal is not None, "permission classes run before resolvers"
    return principal
