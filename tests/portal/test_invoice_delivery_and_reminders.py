"""Invoices and reminders delivered (issue 16): a new invoice from the feed is e-mailed with its PDF to the colleagues
the customer's administrator chose, and the portal shows when and to whom; a reminder's PDF is the customer's
own and nobody else's; a customer answers a reminder in one step."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select, update

from backend.db.engine import system_session
from backend.domain.accounts.models import CustomerAccount
from backend.domain.credit.models import CreditPosition
from backend.domain.mail.models import OutboxEmail
from tests.invoice_feed.test_invoice_feed import HEADER, row, upload
from tests.support.api import Api
from tests.support.factories import Factory, unique
from tests.support.outbox import sent_to


async def test_a_fed_invoice_is_mailed_with_its_pdf_to_the_chosen_colleague_and_the_portal_says_so(
    api: Api, factory: Factory, demo: Any
) -> None:
    # given an account whose administrator chose a colleague (not themselves) to receive invoices
    account = await factory.account("Delivery Co")
    admin = await factory.user("customer_admin", account)
    clerk = await factory.user("customer_user", account)
    assert (await api.login(admin.email, "correct horse battery")).status_code == 200
    chose = await api.graphql(
        """mutation($me: ID!, $them: ID!) {
          a: setColleagueMail(userId: $me, receivesInvoices: false, receivesReminders: true) { __typename }
          b: setColleagueMail(userId: $them, receivesInvoices: true, receivesReminders: false) { __typename } }""",
        {"me": str(admin.id), "them": str(clerk.id)},
    )
    assert chose["data"] == {"a": {"__typename": "ColleagueSaved"}, "b": {"__typename": "ColleagueSaved"}}
    # when the ERP feed brings a new invoice for the account
    staff = await factory.user("ar_clerk")
    assert (await api.login(staff.email, "correct horse battery")).status_code == 200
    number = unique("FD-")
    response = await upload(api, HEADER + row(number, account.number, name="Delivery Co"))
    assert response.status_code == 200, response.text
    # then the colleague gets it with the PDF attached, the administrator does not
    mails = await sent_to(demo, clerk.email)
    [mail] = [m for m in mails if number in str(m["Subject"])]
    [pdf] = [part for part in mail.iter_attachments()]
    assert pdf.get_filename() == f"{number}.pdf" and pdf.get_content().startswith(b"%PDF")
    assert not [m for m in await sent_to(demo, admin.email) if number in str(m["Subject"])]
    # and the customer sees when and to whom it was sent
    assert (await api.login(clerk.email, "correct horse battery")).status_code == 200
    listing = await api.graphql('query($s: String) { invoices(first: 5, filter: {search: $s}) { edges { node { id } } } }',
                                {"s": number})  # fmt: skip
    invoice_id = listing["data"]["invoices"]["edges"][0]["node"]["id"]
    detail = await api.graphql(
        "query($id: ID!) { invoice(id: $id) { deliveries { sentAt recipients } } }", {"id": invoice_id}
    )
    [delivery] = detail["data"]["invoice"]["deliveries"]
    assert delivery["recipients"] == [clerk.email]


async def test_a_reminder_pdf_is_the_customers_own_and_lists_disputed_money_apart(
    api: Api, factory: Factory, demo: Any
) -> None:
    own = await factory.account("Reminded Co")
    other = await factory.account("Other Co")
    own_letter = await factory.reminder(await factory.invoice(own, issue=date.today() - timedelta(days=40)))
    other_letter = await factory.reminder(await factory.invoice(other, issue=date.today() - timedelta(days=40)))
    customer = await factory.user("customer_user", own)
    assert (await api.login(customer.email, "correct horse battery")).status_code == 200
    mine = await api.http.get(f"/api/reminders/{own_letter.id}/pdf")
    assert mine.status_code == 200 and mine.content.startswith(b"%PDF")
    assert own_letter.number in mine.headers["content-disposition"]
    theirs = await api.http.get(f"/api/reminders/{other_letter.id}/pdf")
    assert theirs.status_code == 404
    listed = await api.graphql("{ reminders { id pdfUrl } }")
    assert [r["id"] for r in listed["data"]["reminders"]] == [str(own_letter.id)]


async def test_a_customer_promises_from_a_reminder_and_a_bad_promise_says_which_field(
    api: Api, factory: Factory, demo: Any
) -> None:
    account = await factory.account("Promising Co")
    invoice = await factory.invoice(account, total=Decimal("200.00"), issue=date.today() - timedelta(days=40))
    await factory.dispute(invoice, amount=Decimal("50.00"))
    customer = await factory.user("customer_admin", account)
    assert (await api.login(customer.email, "correct horse battery")).status_code == 200
    mutation = """mutation($ids: [ID!]!, $amount: Decimal!, $on: Date!) {
      promiseToPay(invoiceIds: $ids, amount: $amount, promisedOn: $on) {
        __typename ... on InvalidInputResult { errors { field code } } ... on PromiseMade { promise { amount status } } } }"""
    ids = [str(invoice.id)]
    past = await api.graphql(
        mutation, {"ids": ids, "amount": "10.00", "on": (date.today() - timedelta(days=1)).isoformat()}
    )
    assert past["data"]["promiseToPay"]["errors"] == [{"field": "promisedOn", "code": "date_in_past"}]
    too_much = await api.graphql(mutation, {"ids": ids, "amount": "150.01", "on": date.today().isoformat()})
    assert too_much["data"]["promiseToPay"]["errors"] == [{"field": "amount", "code": "amount_exceeds_open"}]
    made = await api.graphql(mutation, {"ids": ids, "amount": "150.00", "on": date.today().isoformat()})
    assert made["data"]["promiseToPay"]["promise"] == {"amount": "150.00", "status": "OPEN"}
    credit = await api.graphql(
        "{ viewer { account { credit { exposure inDispute pastDueUndisputed promised onHold } } } }"
    )
    assert credit["data"]["viewer"]["account"]["credit"] == {
        "exposure": "200.00", "inDispute": "50.00", "pastDueUndisputed": "150.00", "promised": "150.00", "onHold": False,
    }  # fmt: skip
    async with system_session(demo) as db:
        assert (await db.execute(select(CustomerAccount.id).where(CustomerAccount.id == account.id))).scalar_one()
        assert (await db.execute(select(OutboxEmail.id).limit(1))).first() is not None


async def test_already_paid_reaches_the_collector_and_cash_application(api: Api, factory: Factory, demo: Any) -> None:
    account = await factory.account("Says Paid Co")
    letter = await factory.reminder(await factory.invoice(account, issue=date.today() - timedelta(days=40)))
    collector = await factory.user("collector")
    async with system_session(demo) as db:
        await db.execute(
            update(CreditPosition).where(CreditPosition.account_id == account.id).values(collector_id=collector.id)
        )
        await db.commit()
    customer = await factory.user("customer_user", account)
    assert (await api.login(customer.email, "correct horse battery")).status_code == 200
    bad = await api.graphql(
        """mutation($id: ID!, $on: Date!) { reportReminderPaid(reminderId: $id, reference: "", paidOn: $on,
        amount: "10.00") { __typename ... on InvalidInputResult { errors { field } } } }""",
        {"id": str(letter.id), "on": date.today().isoformat()},
    )
    assert bad["data"]["reportReminderPaid"]["errors"] == [{"field": "reference"}]
    said = await api.graphql(
        """mutation($id: ID!, $on: Date!) { reportReminderPaid(reminderId: $id, reference: "BANK-4711", paidOn: $on,
        amount: "10.00", note: "Paid with the October run") { __typename } }""",
        {"id": str(letter.id), "on": date.today().isoformat()},
    )
    assert said["data"]["reportReminderPaid"]["__typename"] == "ReminderAnswered"
    assert (await api.login(collector.email, "correct horse battery")).status_code == 200
    claims = (await api.graphql("{ paymentClaims { accountName said } }"))["data"]["paymentClaims"]
    mine = [c for c in claims if c["accountName"] == "Says Paid Co"]
    assert len(mine) == 1 and "BANK-4711" in mine[0]["said"] and letter.number in mine[0]["said"]
    async with system_session(demo) as db:
        mail = (await db.execute(select(OutboxEmail).where(OutboxEmail.recipient == collector.email))).scalar_one()
    assert "BANK-4711" in mail.body and "Paid with the October run" in mail.body
