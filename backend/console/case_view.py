"""Reading one case back as the staff view after an action changed it."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from backend.console.types import Case
from backend.domain.disputes.queue import CaseFilter, list_cases
from backend.graphql.context import Info


async def case_view(info: Info, dispute_id: uuid.UUID) -> Case:
    rows, _, _ = await list_cases(
        info.context.db,
        flt=CaseFilter(),
        sort="newest",
        first=1,
        offset=0,
        today=info.context.today,
        only_id=dispute_id,
    )
    return Case.from_row(rows[0], info.context.today, datetime.now(UTC))
