"""Invitations, password resets and notifications walk through real e-mail on loopback (issue 3 item 6)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

from backend.app import create_app
from backend.db.engine import principal_session
from backend.db.scope import Principal
from backend.db.types import utc_now
from backend.domain.messages.service import post_message
from tests.support.api import Api
from tests.support.audit import audit_trail
from tests.support.smtp import Inbox, smtp_server

PASSWORD = "correct horse battery"
INVITE = """mutation($email: String!, $name: String!) { inviteColleague(email: $email, fullName: $name) {
  __typename ... on ColleagueSaved { colleague { id email isActive invitationPending } }
  ... on InvalidInputResult { errors { field code } } ... on NotPermittedResult { message } } }"""


@pytest.fixture
async def mail_app(settings: Any, demo: Any) -> AsyncIterator[tuple[Any, Inbox]]:
    with smtp_server() as (inbox, port):
        app = create_app(
            replace(
                settings, smtp_host="127.0.0.1", smtp_port=port, smtp_starttls=False, public_url="http://portal.test"
            )
        )
        yield app, inbox
        await app.state.engine.dispose()


def _token(link: str) -> str:
    return parse_qs(urlparse(link).query)["token"][0]


async def test_an_admin_invites_a_colleague_who_sets_a_password_and_signs_in(mail_app: Any, factory: Any) -> None:
    app, inbox = mail_app
    admin_api, new_api = Api(app), Api(app)
    account = await factory.account()
    admin = await factory.user("customer_admin", account)
    await admin_api.login(admin.email, PASSWORD)
    address = f"new-{account.number.lower()}@test.example"

    invited = (await admin_api.graphql(INVITE, {"email": address, "name": "Nia New"}))["data"]["inviteColleague"]
    await app.state.mail_pump.run_once()

    assert invited["colleague"] == {
        "id": invited["colleague"]["id"],
        "email": address,
        "isActive": False,
        "invitationPending": True,
    }
    (message,) = inbox.to(address)
    link = inbox.link_in(message)
    assert link.startswith("http://portal.test/portal/accept-invite?token=")
    assert (await new_api.login(address, "new password 123")).status_code == 401
    accepted = await new_api.http.post(
        "/auth/accept-invite", json={"token": _token(link), "password": "new password 123"}
    )
    assert accepted.status_code == 204
    assert (await new_api.login(address, "new password 123")).status_code == 200
    viewer = (await new_api.graphql("{ viewer { role account { id } } }"))["data"]["viewer"]
    assert viewer == {"role": "CUSTOMER_USER", "account": {"id": str(account.id)}}
    again = await new_api.http.post("/auth/accept-invite", json={"token": _token(link), "password": "another one 456"})
    assert again.status_code == 400 and again.json()["code"] == "token_invalid"
    await admin_api.close()
    await new_api.close()


async def test_only_the_account_admin_invites_and_deactivated_colleagues_cannot_sign_in(
    mail_app: Any, factory: Any, demo: Any
) -> None:
    app, _ = mail_app
    admin_api, user_api = Api(app), Api(app)
    account = await factory.account()
    admin = await factory.user("customer_admin", account)
    user = await factory.user("customer_user", account)
    await admin_api.login(admin.email, PASSWORD)
    await user_api.login(user.email, PASSWORD)

    refused = (await user_api.graphql(INVITE, {"email": "x@test.example", "name": "X"}))["data"]["inviteColleague"]
    deactivated = await admin_api.graphql(
        "mutation($id: ID!) { deactivateColleague(userId: $id) { __typename ... on ColleagueSaved { colleague { isActive } } } }",
        {"id": str(user.id)},
    )

    assert refused["__typename"] == "NotPermittedResult"
    assert deactivated["data"]["deactivateColleague"]["colleague"]["isActive"] is False
    assert (await audit_trail(demo, user.id))[-1] == ("user.deactivated", str(admin.id))
    assert (await user_api.graphql("{ viewer { email } }"))["data"]["viewer"] is None
    assert (await Api(app).login(user.email, PASSWORD)).status_code == 401
    await admin_api.close()
    await user_api.close()


async def test_password_reset_by_email_ends_old_sessions(mail_app: Any, factory: Any) -> None:
    app, inbox = mail_app
    old_session, browser = Api(app), Api(app)
    user = await factory.user("customer_user", await factory.account())
    await old_session.login(user.email, PASSWORD)

    asked = await browser.http.post("/auth/password-reset", json={"email": user.email.upper()})
    unknown = await browser.http.post("/auth/password-reset", json={"email": "nobody@test.example"})
    await app.state.mail_pump.run_once()

    assert asked.status_code == unknown.status_code == 202 and asked.json() == unknown.json()
    (message,) = inbox.to(user.email)
    assert inbox.to("nobody@test.example") == []
    confirmed = await browser.http.post(
        "/auth/password-reset/confirm", json={"token": _token(inbox.link_in(message)), "password": "brand new secret"}
    )
    assert confirmed.status_code == 204
    assert (await old_session.graphql("{ viewer { email } }"))["data"]["viewer"] is None
    assert (await browser.login(user.email, PASSWORD)).status_code == 401
    assert (await browser.login(user.email, "brand new secret")).status_code == 200
    short = await browser.http.post("/auth/password-reset/confirm", json={"token": "whatever", "password": "short"})
    assert short.json()["code"] == "password_too_short"
    await old_session.close()
    await browser.close()


async def test_staff_messages_are_emailed_to_the_customer_internal_notes_are_not(
    mail_app: Any, factory: Any, demo: Any
) -> None:
    app, inbox = mail_app
    account = await factory.account()
    customer = await factory.user("customer_user", account)
    dispute = await factory.dispute(await factory.invoice(account, total=Decimal("20.00")))
    clerk = await factory.user("ar_clerk")
    staff = Principal(user_id=clerk.id, role="ar_clerk", account_id=None)
    async with principal_session(demo, staff) as db:
        await post_message(
            db,
            principal=staff,
            dispute_id=dispute.id,
            body="Credit approved.",
            internal=False,
            now=utc_now(),
            portal_url="http://portal.test/portal",
        )
    async with principal_session(demo, staff) as db:
        await post_message(db, principal=staff, dispute_id=dispute.id, body="secret note", internal=True, now=utc_now())

    await app.state.mail_pump.run_once()

    messages = inbox.to(customer.email)
    assert len(messages) == 1
    assert "Credit approved." in messages[0].get_content()
    assert f"http://portal.test/portal/disputes/{dispute.id}" in messages[0].get_content()
    assert all("secret note" not in m.get_content() for m in inbox.messages)


async def test_without_smtp_mail_is_kept_as_eml_files(settings: Any, demo: Any, factory: Any, tmp_path: Any) -> None:
    app = create_app(replace(settings, smtp_host=None, data_dir=tmp_path))
    user = await factory.user("ar_clerk")
    api = Api(app)
    await api.http.post("/auth/password-reset", json={"email": user.email})
    await app.state.mail_pump.run_once()
    files = list((tmp_path / "mail").glob("*.eml"))
    assert len(files) == 1 and user.email in files[0].read_text()
    await api.close()
    await app.state.engine.dispose()


async def test_deactivating_an_invited_colleague_voids_the_invitation_link(mail_app: Any, factory: Any) -> None:
    app, inbox = mail_app
    admin_api, invitee_api = Api(app), Api(app)
    account = await factory.account()
    admin = await factory.user("customer_admin", account)
    await admin_api.login(admin.email, PASSWORD)
    address = f"withdrawn-{account.number.lower()}@test.example"
    invited = (await admin_api.graphql(INVITE, {"email": address, "name": "Wanda Withdrawn"}))["data"][
        "inviteColleague"
    ]
    await app.state.mail_pump.run_once()
    link = inbox.link_in(inbox.to(address)[0])

    await admin_api.graphql(
        "mutation($id: ID!) { deactivateColleague(userId: $id) { __typename } }", {"id": invited["colleague"]["id"]}
    )
    accepted = await invitee_api.http.post(
        "/auth/accept-invite", json={"token": _token(link), "password": "sneaky password 1"}
    )

    assert accepted.status_code == 400 and accepted.json()["code"] == "token_invalid"
    assert (await invitee_api.login(address, "sneaky password 1")).status_code == 401
    # and the admin's list no longer calls the void link a pending invitation
    listed = await admin_api.graphql("{ colleagues { email isActive invitationPending } }")
    assert {"email": address, "isActive": False, "invitationPending": False} in listed["data"]["colleagues"]
    await admin_api.close()
    await invitee_api.close()


HOSTILE_NAME = (
    '"<img src=x onerror=alert(1)> x\r\n\r\nURGENT: your account is suspended. Verify at http://evil.example/login'
)


async def test_a_name_with_line_breaks_is_refused_and_nothing_is_sent(mail_app: Any, factory: Any) -> None:
    app, inbox = mail_app
    admin_api = Api(app)
    account = await factory.account()
    admin = await factory.user("customer_admin", account)
    await admin_api.login(admin.email, PASSWORD)

    refused = (await admin_api.graphql(INVITE, {"email": "victim@test.example", "name": HOSTILE_NAME}))["data"][
        "inviteColleague"
    ]
    await app.state.mail_pump.run_once()

    assert refused == {"__typename": "InvalidInputResult", "errors": [{"field": "fullName", "code": "invalid"}]}
    assert inbox.to("victim@test.example") == []


async def test_an_invitation_begins_with_recoups_words_and_shows_a_name_as_inert_text(
    mail_app: Any, factory: Any
) -> None:
    app, inbox = mail_app
    admin_api = Api(app)
    account = await factory.account()
    admin = await factory.user("customer_admin", account)
    await admin_api.login(admin.email, PASSWORD)
    one_line = HOSTILE_NAME.replace("\r\n", " ")  # what a form may still send: one line, markup and a link in it

    await admin_api.graphql(INVITE, {"email": "victim@test.example", "name": one_line})
    await app.state.mail_pump.run_once()

    (message,) = inbox.to("victim@test.example")
    body = message.get_content().replace("\r\n", "\n")
    assert body.startswith("You are invited to the Recoup customer portal")
    first_paragraph = body.split("\n\n", 1)[0]
    assert "evil.example" not in first_paragraph and "URGENT" not in first_paragraph
    assert body.count("\n") == body.replace(one_line, "").count("\n")  # the name added no line of its own
    assert message.get_content_type() == "text/plain"


def test_the_composer_keeps_fields_inert_and_refuses_a_template_that_starts_with_one() -> None:
    from backend.domain.mail.compose import compose

    text = compose("Hello from Recoup: {name}.\n{note_block}\n", name="a\r\nb\x1b[31m", note_block="line 1\r\nline 2")

    assert text == "Hello from Recoup: a b [31m.\n> line 1\n> line 2\n"
    with pytest.raises(ValueError):
        compose("{name} wrote to you", name="x")
