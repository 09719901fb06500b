"""Why a case action cannot be applied."""

from __future__ import annotations

from decimal import Decimal

from backend.domain.errors import Conflict, DomainError, InvalidInput


class StaleCase(Conflict):
    def __init__(self) -> None:
        super().__init__(
            "Someone else changed this case a moment ago. Reload it to see what changed, then decide again."
        )


class CaseClosed(Conflict):
    def __init__(self) -> None:
        super().__init__("This case is already resolved.")


class OverWriteOffLimit(InvalidInput):
    def __init__(self, limit: Decimal, currency: str) -> None:
        super().__init__(
            "amount",
            f"Your role may write off at most {limit} {currency} per case. Ask a credit manager.",
            "over_write_off_limit",
        )


class StaffOnly(DomainError):
    code = "not_permitted"

    def __init__(self, message: str = "Only the seller's staff can do this.") -> None:
        super().__init__(message)


class RootCauseRequired(InvalidInput):
    def __init__(self) -> None:
        super().__init__(
            "rootCause",
            "Choose the root cause: what really went wrong (warehouse, carrier, pricing master data, promotion "
            "set-up, customer error or other).",
            "root_cause_required",
        )


class RootCauseUnknown(InvalidInput):
    def __init__(self, value: str) -> None:
        super().__init__("rootCause", f"{value[:40]!r} is not a root cause Recoup knows.", "root_cause_unknown")
