"""The report filters that narrow the case figures: one reason (what the customer claimed), one root cause (what
the person deciding found), one staff member (the case's assignee). Every report takes the same filters and reads
them the same way; the books measures (receivables, sales, DSO, CEI, DDO, cash) are the customer's whole books and
are never split by case."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import ColumnElement

from backend.domain.disputes.models import Dispute


@dataclass(frozen=True)
class CaseFilters:
    """None: every reason, root cause or staff member."""

    reason_code: str | None = None
    root_cause: str | None = None
    assignee_id: uuid.UUID | None = None

    @property
    def narrowed(self) -> bool:
        """Any filter is given: the case figures are a part of the cases."""
        return any(value is not None for value in (self.reason_code, self.root_cause, self.assignee_id))

    def conditions(self) -> list[ColumnElement[bool]]:
        """The conditions on a case that keep what the filters say."""
        kept: list[ColumnElement[bool]] = []
        if self.reason_code is not None:
            kept.append(Dispute.reason_code == self.reason_code)
        if self.root_cause is not None:
            kept.append(Dispute.root_cause == self.root_cause)
        if self.assignee_id is not None:
            kept.append(Dispute.assignee_id == self.assignee_id)
        return kept


EVERY_CASE = CaseFilters()
