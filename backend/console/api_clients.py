"""Console administration of machine API clients (admins): list, create (the secret is shown once), revoke."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

import strawberry

from backend.console.administration import saved_setting
from backend.db.types import utc_now
from backend.domain.api_clients import service as api_clients
from backend.domain.api_clients.models import ApiClient as ApiClientModel
from backend.domain.errors import NotFound
from backend.graphql.context import Info, acting_principal
from backend.graphql.permissions import IsAdmin, IsStaff
from backend.graphql.results import ErrorResult


@strawberry.type(description="A program that calls the machine API with OAuth2 client credentials.")
class ApiClient:
    id: strawberry.ID
    client_id: str = strawberry.field(description="Public identifier, sent with the secret to /oauth/token.")
    name: str
    scopes: list[str]
    is_active: bool
    revoked_at: datetime | None
    created_at: datetime
    last_used_at: datetime | None

    @classmethod
    def of(cls, c: ApiClientModel) -> ApiClient:
        return cls(
            id=strawberry.ID(str(c.id)),
            client_id=c.client_id,
            name=c.name,
            scopes=c.scope_list,
            is_active=c.is_active,
            revoked_at=c.revoked_at,
            created_at=c.created_at,
            last_used_at=c.last_used_at,
        )


@strawberry.type(description="A new API client and its secret: shown this once, never again.")
class ApiClientCreated:
    client: ApiClient
    client_secret: str


@strawberry.type
class ApiClientRevoked:
    client: ApiClient


CreateApiClientResult = Annotated[ApiClientCreated | ErrorResult, strawberry.union("CreateApiClientResult")]
RevokeApiClientResult = Annotated[ApiClientRevoked | ErrorResult, strawberry.union("RevokeApiClientResult")]


@strawberry.type
class ApiClientsQuery:
    @strawberry.field(description="Every machine API client, newest first (admins).", permission_classes=[IsAdmin])
    async def api_clients(self, info: Info) -> list[ApiClient]:
        rows = await api_clients.list_clients(info.context.db, principal=acting_principal(info))
        return [ApiClient.of(c) for c in rows]


@strawberry.type
class ApiClientsMutation:
    @strawberry.mutation(
        description="Create a machine API client with the given scopes; its secret is returned once (admins).",
        permission_classes=[IsStaff],
    )
    async def create_api_client(self, info: Info, name: str, scopes: list[str]) -> CreateApiClientResult:  # type: ignore[valid-type]
        async def act() -> ApiClientCreated:
            created = await api_clients.create_client(
                info.context.db, principal=acting_principal(info), name=name, scopes=scopes, now=utc_now()
            )
            return ApiClientCreated(client=ApiClient.of(created.client), client_secret=created.secret)

        return await saved_setting(info, act)  # type: ignore[return-value]

    @strawberry.mutation(
        description="Revoke a machine API client: its tokens stop working at once (admins).",
        permission_classes=[IsStaff],
    )
    async def revoke_api_client(self, info: Info, id: strawberry.ID) -> RevokeApiClientResult:  # type: ignore[valid-type]
        async def act() -> ApiClientRevoked:
            try:
                client_pk = uuid.UUID(str(id))
            except ValueError:
                raise NotFound("There is no such API client.") from None
            client = await api_clients.revoke_client(
                info.context.db, principal=acting_principal(info), client_pk=client_pk, now=utc_now()
            )
            return ApiClientRevoked(client=ApiClient.of(client))

        return await saved_setting(info, act)  # type: ignore[return-value]
