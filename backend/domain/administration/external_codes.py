"""The mapping from customers' and standards' adjustment codes onto internal reason codes, kept by admins.

Remittance imports read it for every short pay (``backend/domain/cash``), so a change
takes effect on the next imported line, without a restart. Every change is audited.
"""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.scope import Principal
from backend.domain.administration.models import ExternalReasonCode
from backend.domain.administration.service import audit_change, require_admin
from backend.domain.disputes.models import ReasonCode
from backend.domain.errors import InvalidInput, NotFound

# "x12" (ANSI X12 element 426), "edifact" (UN/EDIFACT 4465), or a retailer's own list such as "acme_mart".
SCHEME = re.compile(r"^[a-z][a-z0-9_]{1,15}$")
EXTERNAL_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,15}$")


def _normalised(scheme: str, code: str) -> tuple[str, str]:
    scheme, code = scheme.strip().lower(), code.strip().upper()
    if not SCHEME.match(scheme):
        raise InvalidInput(
            "scheme", "Name the code list in lower case, e.g. x12, edifact or a retailer's name.", "scheme_invalid"
        )
    if not EXTERNAL_CODE.match(code):
        raise InvalidInput(
            "code", "Give the code as it appears on the remittance (up to 16 characters).", "code_invalid"
        )
    return scheme, code


async def list_mappings(session: AsyncSession) -> list[ExternalReasonCode]:
    """Every mapping, grouped by code list, then by code."""
    rows = await session.execute(
        select(ExternalReasonCode).order_by(ExternalReasonCode.scheme, ExternalReasonCode.code)
    )
    return list(rows.scalars())


async def save_mapping(
    session: AsyncSession, *, principal: Principal, scheme: str, code: str, reason_code: str, now: datetime
) -> ExternalReasonCode:
    """Map an external code onto an internal reason (adds it, or re-points an existing one). Commits."""
    require_admin(principal)
    scheme, code = _normalised(scheme, code)
    reason = await session.get(ReasonCode, reason_code.strip().upper())
    if reason is None:
        raise InvalidInput("reasonCode", "Choose one of the reason codes.", "reason_invalid")
    mapping = (
        await session.execute(
            select(ExternalReasonCode).where(ExternalReasonCode.scheme == scheme, ExternalReasonCode.code == code)
        )
    ).scalar_one_or_none()
    before = None if mapping is None else {"reason_code": mapping.reason_code}
    if mapping is None:
        mapping = ExternalReasonCode(scheme=scheme, code=code, reason_code=reason.code)
        session.add(mapping)
    mapping.reason_code = reason.code
    await audit_change(
        session,
        principal,
        "admin.external_code_saved",
        "external_reason_code",
        f"{scheme}:{code}",
        before,
        {"reason_code": reason.code},
        now,
    )
    await session.commit()
    return mapping


async def delete_mapping(session: AsyncSession, *, principal: Principal, scheme: str, code: str, now: datetime) -> None:
    """Forget a mapping: remittance lines with that code fall back to their text, then to OTHER. Commits."""
    require_admin(principal)
    scheme, code = _normalised(scheme, code)
    mapping = (
        await session.execute(
            select(ExternalReasonCode).where(ExternalReasonCode.scheme == scheme, ExternalReasonCode.code == code)
        )
    ).scalar_one_or_none()
    if mapping is None:
        raise NotFound("That code is not mapped.")
    await session.execute(delete(ExternalReasonCode).where(ExternalReasonCode.id == mapping.id))
    await audit_change(
        session,
        principal,
        "admin.external_code_deleted",
        "external_reason_code",
        f"{scheme}:{code}",
        {"reason_code": mapping.reason_code},
        None,
        now,
    )
    await session.commit()
