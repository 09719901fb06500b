"""Console administration of external adjustment codes: which remittance code means which reason."""

from __future__ import annotations

import strawberry

from backend.console.admin_types import AdminResult, ExternalReasonCode, SettingSaved
from backend.console.administration import saved_setting
from backend.db.types import utc_now
from backend.domain.administration import external_codes
from backend.graphql.context import Info, acting_principal
from backend.graphql.permissions import IsStaff


@strawberry.type
class ExternalCodesQuery:
    @strawberry.field(
        description="How remittance adjustment codes map onto reason codes, by code list.",
        permission_classes=[IsStaff],
    )
    async def external_reason_codes(self, info: Info) -> list[ExternalReasonCode]:
        return [ExternalReasonCode.of(m) for m in await external_codes.list_mappings(info.context.db)]


@strawberry.type
class ExternalCodesMutation:
    @strawberry.mutation(
        description="Map a remittance adjustment code onto a reason code, new or changed (admins).",
        permission_classes=[IsStaff],
    )
    async def save_external_reason_code(self, info: Info, scheme: str, code: str, reason_code: str) -> AdminResult:  # type: ignore[valid-type]
        async def act() -> SettingSaved:
            mapping = await external_codes.save_mapping(
                info.context.db,
                principal=acting_principal(info),
                scheme=scheme,
                code=code,
                reason_code=reason_code,
                now=utc_now(),
            )
            return SettingSaved(external_reason_code=ExternalReasonCode.of(mapping))

        return await saved_setting(info, act)

    @strawberry.mutation(description="Remove a remittance code's mapping (admins).", permission_classes=[IsStaff])
    async def delete_external_reason_code(self, info: Info, scheme: str, code: str) -> AdminResult:  # type: ignore[valid-type]
        async def act() -> SettingSaved:
            await external_codes.delete_mapping(
                info.context.db, principal=acting_principal(info), scheme=scheme, code=code, now=utc_now()
            )
            return SettingSaved()

        return await saved_setting(info, act)
