"""The conversation on a dispute, and internal notes that never reach the customer (issue 3 item 4)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import select

from backend.db.engine import principal_session
from backend.db.scope import Principal
from backend.db.types import utc_now
from backend.domain.messages.models import Message
from backend.domain.messages.service import post_message
from tests.support.api import Api

PASSWORD = "correct horse battery"
THREAD = "query($id: ID!) { dispute(id: $id) { messages { body authorName fromStaff } } }"
POST = """mutation($id: ID!, $body: String!) { postDisputeMessage(disputeId: $id, body: $body) {
  __typename ... on MessagePosted { disputeMessage { body fromStaff } } ... on InvalidInputResult { errors { field code } }
  ... on NotFoundResult { message } } }"""
SECRET_NOTE = "INTERNAL: customer is on credit hold, stall until Friday"


async def _setup(api: Api, factory: Any, demo: Any) -> tuple[Any, Any]:
    account = await factory.account()
    dispute = await factory.dispute(await factory.invoice(account, total=Decimal("50.00")))
    customer = await factory.user("customer_user", account)
    clerk = await factory.user("ar_clerk")
    staff = Principal(user_id=clerk.id, role="ar_clerk", account_id=None)
    async with principal_session(demo, staff) as db:
        await post_message(
            db, principal=staff, dispute_id=dispute.id, body="We are checking the POD.", internal=False, now=utc_now()
        )
    async with principal_session(demo, staff) as db:
        await post_message(db, principal=staff, dispute_id=dispute.id, body=SECRET_NOTE, internal=True, now=utc_now())
    await api.login(customer.email, PASSWORD)
    return dispute, customer


async def test_customer_and_staff_talk_in_one_thread(api: Api, factory: Any, demo: Any) -> None:
    dispute, _ = await _setup(api, factory, demo)

    posted = (await api.graphql(POST, {"id": str(dispute.id), "body": "  The driver left 3 cases short.  "}))["data"]

    assert posted["postDisputeMessage"]["disputeMessage"] == {
        "body": "The driver left 3 cases short.",
        "fromStaff": False,
    }
    thread = (await api.graphql(THREAD, {"id": str(dispute.id)}))["data"]["dispute"]["messages"]
    assert [(m["body"], m["fromStaff"]) for m in thread] == [
        ("We are checking the POD.", True),
        ("The driver left 3 cases short.", False),
    ]


async def test_internal_notes_never_reach_the_customer(api: Api, factory: Any, demo: Any) -> None:
    dispute, customer = await _setup(api, factory, demo)

    response = await api.post_graphql(
        "query($id: ID!) { dispute(id: $id) { messages { id body } } disputes { edges { node { messages { body } } } } }",
        {"id": str(dispute.id)},
    )

    assert response.status_code == 200
    assert SECRET_NOTE not in response.text and "INTERNAL" not in response.text
    principal = Principal(user_id=customer.id, role="customer_user", account_id=customer.account_id)
    async with principal_session(demo, principal) as db:
        assert (await db.execute(select(Message).where(Message.is_internal.is_(True)))).first() is None


async def test_empty_message_is_a_field_error_and_foreign_dispute_is_not_found(
    api: Api, factory: Any, demo: Any
) -> None:
    dispute, _ = await _setup(api, factory, demo)
    foreign = await factory.dispute(await factory.invoice(await factory.account("Foreign")))

    empty = (await api.graphql(POST, {"id": str(dispute.id), "body": "   "}))["data"]["postDisputeMessage"]
    other = (await api.graphql(POST, {"id": str(foreign.id), "body": "hello"}))["data"]["postDisputeMessage"]

    assert empty == {"__typename": "InvalidInputResult", "errors": [{"field": "body", "code": "message_empty"}]}
    assert other["__typename"] == "NotFoundResult"
