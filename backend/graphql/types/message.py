"""A message in a dispute's conversation."""

from __future__ import annotations

from datetime import datetime

import strawberry

from backend.domain.accounts.enums import UserRole
from backend.domain.messages.service import PostedMessage


@strawberry.type(description="A message between the customer and the seller's staff about a dispute.")
class DisputeMessage:
    id: strawberry.ID
    body: str
    created_at: datetime
    author_name: str
    from_staff: bool

    @classmethod
    def from_posted(cls, posted: PostedMessage) -> DisputeMessage:
        return cls(
            id=strawberry.ID(str(posted.message.id)),
            body=posted.message.body,
            created_at=posted.message.created_at,
            author_name=posted.author.full_name,
            from_staff=UserRole(posted.author.role).is_staff,
        )
