"""The console's inbound mail: messages handed in by staff, the review list (assign an unknown sender to a customer,
dismiss), mail domains, a customer's spreadsheet advice read through its saved mapping, the original downloaded."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from backend.db.engine import system_session
from backend.domain.audit.models import AuditEvent
from tests.inbound_mail.support import advices_of
from tests.support.api import Api
from tests.support.mail_messages import message, remittance_pdf
from tests.support.workbooks import workbook

D = Decimal
MESSAGES = """query($s: [String!]) { inboundMessages(status: $s, first: 100) { totalCount reviewCount items {
  id sender subject status reason detail customerNumber hasOriginal
  attachments { filename kind note documentId adviceIds } advices { id status total paymentReference } } } }"""
ASSIGN = """mutation($m: ID!, $n: String!, $r: RememberSender!) {
  assignInboundSender(messageId: $m, customerNumber: $n, remember: $r) {
    __typename ... on InboundMessageUpdated { inboundMessage { id status customerNumber } }
    ... on ConflictResult { message } ... on NotFoundResult { message } } }"""
DISMISS = """mutation($m: ID!, $note: String!) { dismissInboundMessage(messageId: $m, note: $note) {
  __typename ... on InboundMessageUpdated { inboundMessage { status note } } ... on ConflictResult { message } } }"""


async def hand_in(api: Api, raw: bytes, name: str = "message.eml") -> Any:
    if api.csrf is None:
        await api.http.get("/health")
    return await api.http.post(
        "/api/inbound-mail",
        files={"file": (name, raw, "message/rfc822")},
        headers={"x-csrf-token": api.csrf or ""},
    )


async def _signed_in(api: Api, factory: Any, role: str, account: Any = None) -> Any:
    user = await factory.user(role, account)
    await api.login(user.email, "correct horse battery")
    return user


async def _listed(api: Api, sender: str, status: list[str] | None = None) -> list[dict[str, Any]]:
    result = await api.graphql(MESSAGES, {"s": status})
    return [m for m in result["data"]["inboundMessages"]["items"] if m["sender"] == sender]


async def test_staff_assign_an_unknown_sender_and_the_message_is_read_as_that_customers(
    app: Any, api: Api, factory: Any, demo: Any
) -> None:
    # given: a customer's advice from an address nobody knows, handed in by a clerk
    account = await factory.account("Assign Co")
    invoice = await factory.invoice(account, total=D("120.00"))
    sender = f"treasury-{uuid.uuid4().hex[:6]}@group-holding.example"
    advice = remittance_pdf("", [(invoice.number, D("120.00"), D("120.00"))])
    await _signed_in(api, factory, "ar_clerk")
    answer = await hand_in(api, message(sender, "Remittance advice", [("advice.pdf", "application/pdf", advice)]))
    assert answer.status_code == 202, answer.text
    await app.state.background.jobs.read_inbound_mail()
    (waiting,) = await _listed(api, sender, ["review"])
    assert (waiting["reason"], waiting["customerNumber"], waiting["hasOriginal"]) == ("unknown_sender", None, True)

    # when: the clerk says it is that customer's, and to remember the address
    assigned = await api.graphql(ASSIGN, {"m": waiting["id"], "n": account.number, "r": "ADDRESS"})
    await app.state.background.jobs.read_inbound_mail()

    # then: it was read as the customer's: its advice waits for the cash
    assert assigned["data"]["assignInboundSender"]["__typename"] == "InboundMessageUpdated", assigned
    (read,) = await _listed(api, sender)
    assert (read["status"], read["customerNumber"]) == ("processed", account.number)
    assert [(a["status"], a["total"]) for a in read["advices"]] == [("waiting", "120.00")]

    # and: the next message from that address is the customer's without asking
    second = await factory.invoice(account, total=D("30.00"))
    later = remittance_pdf("", [(second.number, D("30.00"), D("30.00"))])
    await hand_in(api, message(sender, "Remittance advice 2", [("advice-2.pdf", "application/pdf", later)]))
    await app.state.background.jobs.read_inbound_mail()
    assert [m["status"] for m in await _listed(api, sender)] == ["processed", "processed"]
    assert await _actions(demo, waiting["id"]) == ["inbound_mail.sender_assigned"]


async def _actions(demo: Any, entity_id: str) -> list[str]:
    async with system_session(demo) as db:
        rows = await db.execute(
            select(AuditEvent.action).where(AuditEvent.entity_id == entity_id).order_by(AuditEvent.sequence)
        )
        return list(rows.scalars())


async def test_staff_dismiss_a_message_and_it_leaves_the_review_list(
    app: Any, api: Api, factory: Any, demo: Any
) -> None:
    account = await factory.account()
    payables = await factory.user("customer_user", account)
    await _signed_in(api, factory, "collector")
    await hand_in(api, message(payables.email, "Just saying hello"))
    await app.state.background.jobs.read_inbound_mail()
    (waiting,) = await _listed(api, payables.email, ["review"])
    assert waiting["reason"] == "nothing_usable"

    dismissed = await api.graphql(DISMISS, {"m": waiting["id"], "note": "a greeting, nothing to do"})
    again = await api.graphql(DISMISS, {"m": waiting["id"], "note": "twice"})

    assert dismissed["data"]["dismissInboundMessage"]["inboundMessage"] == {
        "status": "dismissed",
        "note": "a greeting, nothing to do",
    }
    assert again["data"]["dismissInboundMessage"]["__typename"] == "ConflictResult"
    assert await _listed(api, payables.email, ["review"]) == []
    assert await _actions(demo, waiting["id"]) == ["inbound_mail.dismissed"]


async def test_handing_in_the_same_message_twice_answers_with_the_first(api: Api, factory: Any) -> None:
    await _signed_in(api, factory, "ar_clerk")
    raw = message("a@b.example", "twice")
    first, second = await hand_in(api, raw), await hand_in(api, raw)
    assert (first.status_code, second.status_code) == (202, 200)
    assert second.json() == {"id": first.json()["id"], "duplicate": True}


async def test_customers_and_strangers_cannot_hand_in_or_download_mail(api: Api, factory: Any) -> None:
    raw = message("a@b.example", "no")
    assert (await hand_in(api, raw)).status_code == 401
    account = await factory.account()
    await _signed_in(api, factory, "customer_admin", account)
    assert (await hand_in(api, raw)).status_code == 403
    assert (await api.http.get(f"/api/inbound-mail/{uuid.uuid4()}/original")).status_code == 403


async def test_staff_download_the_original_as_it_arrived(app: Any, api: Api, factory: Any) -> None:
    await _signed_in(api, factory, "ar_clerk")
    raw = message(f"x-{uuid.uuid4().hex[:6]}@nowhere.example", "Keep me")
    answer = await hand_in(api, raw)
    original = await api.http.get(f"/api/inbound-mail/{answer.json()['id']}/original")
    assert original.status_code == 200
    assert original.content == raw and original.headers["content-type"].startswith("message/rfc822")


async def test_a_customers_spreadsheet_advice_is_read_through_their_saved_column_mapping(
    app: Any, api: Api, factory: Any, demo: Any
) -> None:
    account = await factory.account()
    invoice = await factory.invoice(account, total=D("64.00"))
    payables = await factory.user("customer_user", account)
    header = ["Document", "Net paid", "Cheque"]
    await _signed_in(api, factory, "ar_clerk")
    saved = await api.graphql(
        """mutation($n: String!, $h: [String!]!) { saveRemittanceColumnMapping(customerNumber: $n, header: $h,
          columns: [{role: INVOICE_REFERENCE, column: 0}, {role: PAID_AMOUNT, column: 1},
                    {role: PAYMENT_REFERENCE, column: 2}]) { __typename } }""",
        {"n": account.number, "h": header},
    )
    assert saved["data"]["saveRemittanceColumnMapping"]["__typename"] == "ColumnMappingSaved"
    sheet = workbook([header, [invoice.number, 64, "CHQ-5512"]])
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    await hand_in(api, message(payables.email, "Payment details", [("payment.xlsx", xlsx, sheet)]))
    await app.state.background.jobs.read_inbound_mail()

    (read,) = await _listed(api, payables.email)
    assert read["status"] == "processed", read
    ((advice, lines),) = await advices_of(demo, account.id)
    assert (advice.total, advice.payment_reference, lines) == (D("64.00"), "CHQ-5512", [(invoice.number, D("64.00"))])


async def test_admins_give_mail_domains_to_customers_and_take_them_away(api: Api, factory: Any, demo: Any) -> None:
    account, other = await factory.account("Domain Co"), await factory.account("Other Domain Co")
    domain = f"d-{uuid.uuid4().hex[:8]}.example"
    save = "mutation($n: String!, $d: String!) { saveInboundMailDomain(customerNumber: $n, domain: $d) { __typename ... on InboundMailSenderSaved { sender { id kind value customerNumber } } ... on InvalidInputResult { errors { code } } ... on ConflictResult { message } ... on NotPermittedResult { message } } }"
    await _signed_in(api, factory, "ar_clerk")
    refused = await api.graphql(save, {"n": account.number, "d": domain})
    assert refused["data"]["saveInboundMailDomain"]["__typename"] == "NotPermittedResult"
    await _signed_in(api, factory, "admin")

    saved = await api.graphql(save, {"n": account.number, "d": domain.upper()})
    taken = await api.graphql(save, {"n": other.number, "d": domain})
    bad = await api.graphql(save, {"n": account.number, "d": "not a domain"})

    sender = saved["data"]["saveInboundMailDomain"]["sender"]
    assert (sender["kind"], sender["value"], sender["customerNumber"]) == ("domain", domain, account.number)
    assert taken["data"]["saveInboundMailDomain"]["__typename"] == "ConflictResult"
    assert bad["data"]["saveInboundMailDomain"]["errors"][0]["code"] == "domain_invalid"
    listed = await api.graphql(
        "query($c: String!) { inboundMailSenders(customer: $c) { value } }", {"c": account.number}
    )
    assert listed["data"]["inboundMailSenders"] == [{"value": domain}]
    removed = await api.graphql(
        "mutation($id: ID!) { removeInboundMailSender(id: $id) { __typename } }", {"id": sender["id"]}
    )
    assert removed["data"]["removeInboundMailSender"]["__typename"] == "SettingSaved"
    assert await _actions(demo, sender["id"]) == ["inbound_mail.sender_saved", "inbound_mail.sender_removed"]
    listed = await api.graphql(
        "query($c: String!) { inboundMailSenders(customer: $c) { value } }", {"c": account.number}
    )
    assert listed["data"]["inboundMailSenders"] == []
