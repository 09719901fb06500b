"""Why a dispute cannot be filed or changed; each names the form field it belongs to."""

from __future__ import annotations

from decimal import Decimal

from backend.domain.errors import Conflict, InvalidInput


class DisputeAmountExceedsDisputable(InvalidInput):
    def __init__(self, disputable: Decimal, currency: str) -> None:
        super().__init__(
            "amount",
            f"You can dispute at most {disputable} {currency} on this invoice "
            "(its open balance minus amounts already in open disputes).",
            "amount_exceeds_disputable",
        )
        self.disputable = disputable


class LineNotOnInvoice(InvalidInput):
    def __init__(self) -> None:
        super().__init__("lines", "A chosen line is not on this invoice.", "line_not_on_invoice")


class ReasonCodeNotActive(InvalidInput):
    def __init__(self) -> None:
        super().__init__("reasonCode", "Choose one of the listed reasons.", "reason_not_active")


class DescriptionRequired(InvalidInput):
    def __init__(self) -> None:
        super().__init__(
            "description", "Describe the problem: this reason needs a description.", "description_required"
        )


class IdempotencyKeyReused(Conflict):
    def __init__(self) -> None:
        super().__init__("This request key was already used for a different dispute. Reload the form and try again.")


class DisputeNotOpen(Conflict):
    def __init__(self) -> None:
        super().__init__("This dispute is already closed and cannot be changed.")
