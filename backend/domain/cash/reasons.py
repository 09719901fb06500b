"""Which internal reason a short pay gets: the adjustment code through the admins' mapping table, else its text."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.domain.administration.models import ExternalReasonCode

KEYWORDS = [
    (re.compile(r"damag|broken|crush", re.I), "DAMAGED"),
    (re.compile(r"short|missing", re.I), "SHORTAGE"),
    (re.compile(r"price|pricing", re.I), "PRICING"),
    (re.compile(r"promo|allowance|co-?op", re.I), "PROMOTION"),
    (re.compile(r"freight|shipping", re.I), "FREIGHT"),
    (re.compile(r"return", re.I), "RETURN"),
    (re.compile(r"rebate", re.I), "REBATE"),
    (re.compile(r"discount", re.I), "EARLY_PAY_DISCOUNT"),
    (re.compile(r"late|fine|penalt", re.I), "COMPLIANCE"),
]
UNEXPLAINED = "OTHER"


class ReasonMapper:
    """The mapping as it stands when an import starts (read once per import, so edits apply to the next one)."""

    def __init__(self, mapping: dict[tuple[str, str], str]) -> None:
        self.mapping = mapping

    @classmethod
    async def load(cls, session: AsyncSession) -> ReasonMapper:
        rows = await session.execute(
            select(ExternalReasonCode.scheme, ExternalReasonCode.code, ExternalReasonCode.reason_code)
        )
        return cls({(scheme, code): reason for scheme, code, reason in rows})

    def reason_for(self, scheme: str, code: str, text: str) -> tuple[str, str]:
        """(reason code, how it was chosen) — ``mapped x12 22``, ``text "damaged"`` or ``unexplained``."""
        if scheme and code:
            mapped = self.mapping.get((scheme.lower(), code.upper()))
            if mapped:
                return mapped, f"mapped {scheme} {code}"
        for pattern, reason in KEYWORDS:
            found = pattern.search(text)
            if found:
                return reason, f'text "{found.group(0)}"'
        return UNEXPLAINED, "unexplained"
