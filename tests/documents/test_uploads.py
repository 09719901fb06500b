"""The two-phase upload on the local store: type by content, size caps, scope, links, versions, nothing left behind."""

from __future__ import annotations

import asyncio
import hashlib
import os
import uuid
from dataclasses import replace
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

from sqlalchemy import func, select, update

from backend.app import JSON_BODY_LIMIT, create_app
from backend.db.engine import system_session
from backend.db.types import utc_now
from backend.domain.audit.models import AuditEvent
from backend.domain.documents.models import Document
from tests.support.api import Api
from tests.support.files import HTML_AS_PDF, PNG_BYTES, pdf_bytes
from tests.support.jobs import run_due_jobs

PASSWORD = "correct horse battery"
DOCS = "query($id: ID!) { dispute(id: $id) { documents { id filename contentType versionNumber downloadUrl } } }"


async def _customer_with_dispute(api: Api, factory: Any) -> tuple[Any, Any]:
    account = await factory.account()
    invoice = await factory.invoice(account, total=Decimal("100.00"))
    dispute = await factory.dispute(invoice)
    user = await factory.user("customer_user", account)
    await api.login(user.email, PASSWORD)
    return account, dispute


async def _rows(sessionmaker: Any, account_id: Any) -> list[Document]:
    async with system_session(sessionmaker) as db:
        return list((await db.execute(select(Document).where(Document.account_id == account_id))).scalars())


async def _stored_events(sessionmaker: Any, account_id: Any) -> int:
    async with system_session(sessionmaker) as db:
        return (
            await db.execute(
                select(func.count())
                .select_from(AuditEvent)
                .where(AuditEvent.account_id == account_id, AuditEvent.action == "document.stored")
            )
        ).scalar_one()


def _files(settings: Any, account_id: Any) -> list[Path]:
    folder = settings.documents_dir / str(account_id)
    return sorted(p for p in folder.iterdir() if not p.name.startswith(".")) if folder.exists() else []


async def test_customer_uploads_a_pdf_in_two_phases_and_downloads_it_through_a_short_lived_link(
    api: Api, factory: Any, settings: Any, demo: Any
) -> None:
    account, dispute = await _customer_with_dispute(api, factory)
    data = pdf_bytes(pages=2)

    # given: a started upload is a pending row, not yet in the dispute's documents
    started = await api.start_upload(data, "POD 4500012345.pdf", disputeId=str(dispute.id))
    assert started["__typename"] == "UploadStarted" and started["upload"]["method"] == "PUT"
    assert [d.status for d in await _rows(demo, account.id)] == ["pending"]
    assert (await api.graphql(DOCS, {"id": str(dispute.id)}))["data"]["dispute"]["documents"] == []

    # when: the bytes are sent and the upload confirmed
    sent = await api.send_bytes(started["upload"], data)
    confirmed = await api.confirm_upload(started["document"]["id"])

    # then: it is stored under a server-made key with its hash, listed, and downloadable by its link
    assert sent.status_code == 204
    assert confirmed["__typename"] == "DocumentConfirmed", confirmed
    document = confirmed["document"]
    assert (document["contentType"], document["pageCount"], document["readStatus"]) == (
        "application/pdf",
        2,
        "INDEXING",
    )
    [row] = await _rows(demo, account.id)
    assert row.status == "stored" and row.storage_key.startswith(f"{account.id}/") and "POD" not in row.storage_key
    assert row.sha256 and len(row.sha256) == 64
    assert [p.read_bytes() for p in _files(settings, account.id)] == [data]
    docs = (await api.graphql(DOCS, {"id": str(dispute.id)}))["data"]["dispute"]["documents"]
    assert [d["id"] for d in docs] == [document["id"]]
    download = await api.http.get(docs[0]["downloadUrl"])
    assert download.status_code == 200 and download.content == data
    assert download.headers["content-disposition"].startswith("attachment;")
    assert "sandbox" in download.headers["content-security-policy"]


async def test_confirming_twice_is_harmless_and_confirming_before_the_bytes_is_not_ready(
    api: Api, factory: Any, demo: Any
) -> None:
    account, dispute = await _customer_with_dispute(api, factory)
    started = await api.start_upload(PNG_BYTES, "photo.png", content_type="image/png", disputeId=str(dispute.id))

    early = await api.confirm_upload(started["document"]["id"])
    assert early["__typename"] == "NotReadyResult" and "not arrived" in early["message"]
    assert [d.status for d in await _rows(demo, account.id)] == ["pending"]
    await api.send_bytes(started["upload"], PNG_BYTES)
    first = await api.confirm_upload(started["document"]["id"])
    second = await api.confirm_upload(started["document"]["id"])

    assert first["__typename"] == second["__typename"] == "DocumentConfirmed"
    assert first["document"]["id"] == second["document"]["id"]
    assert await _stored_events(demo, account.id) == 1


async def test_a_file_over_the_json_body_limit_streams_in_and_keeps_every_byte(
    api: Api, factory: Any, settings: Any, demo: Any
) -> None:
    account, dispute = await _customer_with_dispute(api, factory)
    photo = PNG_BYTES + os.urandom(3 * JSON_BODY_LIMIT)  # a 3 MB photo: three times what a JSON request may carry

    result = await api.upload(photo, "pallet.png", disputeId=str(dispute.id))

    assert result["__typename"] == "DocumentConfirmed", result
    assert result["document"]["sizeBytes"] == len(photo)
    [row] = await _rows(demo, account.id)
    assert row.sha256 == hashlib.sha256(photo).hexdigest()
    assert [p.read_bytes() for p in _files(settings, account.id)] == [photo]


async def test_a_path_in_the_file_name_is_only_metadata(api: Api, factory: Any, settings: Any, demo: Any) -> None:
    account, dispute = await _customer_with_dispute(api, factory)

    result = await api.upload(PNG_BYTES, "../../other-account/evil.png", disputeId=str(dispute.id))

    assert result["__typename"] == "DocumentConfirmed"
    [row] = await _rows(demo, account.id)
    prefix, name = row.storage_key.split("/")
    assert prefix == str(account.id) and str(uuid.UUID(name)) == name
    assert "evil" not in row.storage_key and "evil.png" in row.filename
    assert [p.parent for p in _files(settings, account.id)] == [settings.documents_dir / str(account.id)]


async def test_png_is_accepted_by_its_content_whatever_its_name(api: Api, factory: Any) -> None:
    _, dispute = await _customer_with_dispute(api, factory)
    result = await api.upload(PNG_BYTES, "photo.pdf", disputeId=str(dispute.id))
    assert result["__typename"] == "DocumentConfirmed" and result["document"]["contentType"] == "image/png"


async def test_html_named_pdf_is_refused_and_leaves_nothing(api: Api, factory: Any, demo: Any, settings: Any) -> None:
    account, dispute = await _customer_with_dispute(api, factory)
    result = await api.upload(HTML_AS_PDF, "invoice.pdf", disputeId=str(dispute.id))
    assert result["stage"] == "confirm" and result["__typename"] == "InvalidInputResult"
    assert result["errors"][0]["code"] == "unsupported_type"
    assert await _rows(demo, account.id) == [] and _files(settings, account.id) == []
    assert await _stored_events(demo, account.id) == 0


async def test_encrypted_and_broken_pdfs_are_refused_in_plain_words(api: Api, factory: Any, demo: Any) -> None:
    account, dispute = await _customer_with_dispute(api, factory)
    encrypted = await api.upload(pdf_bytes(password="secret"), disputeId=str(dispute.id))
    truncated = await api.upload(pdf_bytes()[:60], disputeId=str(dispute.id))
    assert encrypted["errors"][0]["code"] == "encrypted_pdf"
    assert encrypted["errors"][0]["message"].startswith("Password-protected PDFs cannot be accepted")
    assert truncated["errors"][0]["code"] == "unreadable_pdf"
    assert await _rows(demo, account.id) == []


async def test_sizes_over_the_cap_are_refused_when_declared_and_when_sent(
    settings: Any, demo: Any, factory: Any
) -> None:
    app = create_app(replace(settings, upload_max_bytes=4096))
    api = Api(app)
    try:
        account, dispute = await _customer_with_dispute(api, factory)
        declared = await api.start_upload(b"x", size=5000, disputeId=str(dispute.id))
        small = await api.start_upload(b"x" * 100, size=100, disputeId=str(dispute.id))
        sent = await api.send_bytes(small["upload"], b"%PDF-1.4\n" + b"0" * 6000)

        assert declared["__typename"] == "InvalidInputResult" and declared["errors"][0]["code"] == "too_large"
        assert "larger than 4 KB" in declared["errors"][0]["message"]
        assert sent.status_code == 413 and sent.json()["code"] == "too_large"
        assert [d.status for d in await _rows(demo, account.id)] == ["pending"]  # the started one, swept later
        assert _files(settings, account.id) == []
    finally:
        await api.close()
        await app.state.engine.dispose()


async def test_customer_cannot_upload_to_another_accounts_dispute(api: Api, factory: Any, demo: Any) -> None:
    await _customer_with_dispute(api, factory)
    other_account = await factory.account("Other")
    other_dispute = await factory.dispute(await factory.invoice(other_account))
    result = await api.upload(pdf_bytes(), disputeId=str(other_dispute.id))
    assert result["__typename"] == "NotFoundResult"
    assert await _rows(demo, other_account.id) == []


async def test_anonymous_upload_is_refused(api: Api, factory: Any) -> None:
    dispute = await factory.dispute(await factory.invoice(await factory.account()))
    result = await api.post_graphql(
        "mutation($i: DocumentUploadInput!) { startDocumentUpload(input: $i) { __typename } }",
        {"i": {"filename": "a.pdf", "contentType": "application/pdf", "sizeBytes": 10, "disputeId": str(dispute.id)}},
    )
    assert result.json()["errors"][0]["message"] == "Sign in to continue."


async def test_only_the_uploader_sends_and_confirms_the_bytes(api_factory: Any, factory: Any, demo: Any) -> None:
    owner, colleague = api_factory(), api_factory()
    account, dispute = await _customer_with_dispute(owner, factory)
    await colleague.login((await factory.user("customer_user", account)).email, PASSWORD)
    started = await owner.start_upload(PNG_BYTES, disputeId=str(dispute.id), content_type="image/png")

    pushed = await colleague.send_bytes(started["upload"], PNG_BYTES)
    confirmed = await colleague.confirm_upload(started["document"]["id"])

    assert pushed.status_code == 404 and confirmed["__typename"] == "NotFoundResult"
    assert [d.status for d in await _rows(demo, account.id)] == ["pending"]


async def test_a_download_link_works_only_for_its_user_and_only_while_valid(api_factory: Any, factory: Any) -> None:
    owner, intruder = api_factory(), api_factory()
    _, dispute = await _customer_with_dispute(owner, factory)
    await owner.upload(pdf_bytes(), disputeId=str(dispute.id))
    url = (await owner.graphql(DOCS, {"id": str(dispute.id)}))["data"]["dispute"]["documents"][0]["downloadUrl"]
    other_customer = await factory.user("customer_user", await factory.account("Intruder Co"))
    await intruder.login(other_customer.email, PASSWORD)

    assert (await intruder.http.get(url)).status_code == 404
    query = parse_qs(urlparse(url).query)
    expired = url.replace(f"expires={query['expires'][0]}", "expires=1000")
    assert (await owner.http.get(expired)).status_code == 404
    assert (await owner.http.get(url)).status_code == 200


async def test_staff_see_and_download_a_customers_documents(api_factory: Any, factory: Any) -> None:
    customer, clerk_api = api_factory(), api_factory()
    _, dispute = await _customer_with_dispute(customer, factory)
    await customer.upload(pdf_bytes(), disputeId=str(dispute.id))
    await clerk_api.login((await factory.user("ar_clerk")).email, PASSWORD)
    invoice_docs = await clerk_api.graphql(
        "query($id: ID!) { invoice(id: $id) { documents { downloadUrl } } }", {"id": str(dispute.invoice_id)}
    )
    url = invoice_docs["data"]["invoice"]["documents"][0]["downloadUrl"]
    assert (await clerk_api.http.get(url)).status_code == 200


async def test_identical_content_is_stored_once_per_account_and_linked_twice(
    api: Api, factory: Any, demo: Any, settings: Any
) -> None:
    account, dispute = await _customer_with_dispute(api, factory)
    data = pdf_bytes(pages=3)
    first = await api.upload(data, "pod.pdf", disputeId=str(dispute.id))
    second = await api.upload(data, "pod (copy).pdf", invoiceId=str(dispute.invoice_id))

    rows = await _rows(demo, account.id)
    assert first["__typename"] == second["__typename"] == "DocumentConfirmed"
    assert len(rows) == 2 and len({r.storage_key for r in rows}) == 1
    assert [p.read_bytes() for p in _files(settings, account.id)] == [data]


async def test_a_re_upload_is_a_new_version_and_the_old_one_stays_in_the_archive(
    api: Api, factory: Any, demo: Any
) -> None:
    account, dispute = await _customer_with_dispute(api, factory)
    first = await api.upload(pdf_bytes(pages=1), "pod.pdf", disputeId=str(dispute.id))
    second = await api.upload(pdf_bytes(pages=2), "pod-signed.pdf", supersedesId=first["document"]["id"])
    again = await api.upload(pdf_bytes(pages=4), "pod-late.pdf", supersedesId=first["document"]["id"])

    listed = (await api.graphql(DOCS, {"id": str(dispute.id)}))["data"]["dispute"]["documents"]
    rows = {str(r.id): r for r in await _rows(demo, account.id)}
    assert second["document"]["versionNumber"] == 2 and second["document"]["disputeId"] == str(dispute.id)
    assert [(d["filename"], d["versionNumber"]) for d in listed] == [("pod-signed.pdf", 2)]
    assert rows[first["document"]["id"]].is_current is False and rows[first["document"]["id"]].status == "stored"
    assert again["__typename"] == "NotFoundResult" and "newer version" in again["message"]


async def test_pending_uploads_never_confirmed_are_removed_row_and_object(
    app: Any, api: Api, factory: Any, demo: Any, settings: Any
) -> None:
    account, dispute = await _customer_with_dispute(api, factory)
    started = await api.start_upload(PNG_BYTES, content_type="image/png", disputeId=str(dispute.id))
    await api.send_bytes(started["upload"], PNG_BYTES)
    fresh = await api.start_upload(PNG_BYTES, content_type="image/png", disputeId=str(dispute.id))
    async with system_session(demo) as db:
        await db.execute(
            update(Document)
            .where(Document.id == uuid.UUID(started["document"]["id"]))
            .values(upload_expires_at=utc_now() - timedelta(minutes=1))
        )
        await db.commit()

    removed = await app.state.background.jobs.sweep_uploads()

    assert removed >= 1
    assert [str(d.id) for d in await _rows(demo, account.id)] == [fresh["document"]["id"]]
    assert _files(settings, account.id) == []
    assert (await api.confirm_upload(started["document"]["id"]))["__typename"] == "NotFoundResult"


async def test_uploads_are_rate_limited_per_user(api: Api, factory: Any, monkeypatch: Any) -> None:
    from backend.domain.documents import uploads

    monkeypatch.setattr(uploads, "UPLOADS_PER_10_MINUTES", 1)
    _, dispute = await _customer_with_dispute(api, factory)
    assert (await api.upload(pdf_bytes(), disputeId=str(dispute.id)))["__typename"] == "DocumentConfirmed"
    limited = await api.upload(PNG_BYTES, disputeId=str(dispute.id))
    assert limited["__typename"] == "RateLimitedResult"


async def test_a_confirmed_document_is_extracted_and_shown_ready(app: Any, api: Api, factory: Any) -> None:
    _, dispute = await _customer_with_dispute(api, factory)
    uploaded = await api.upload(pdf_bytes(pages=2), disputeId=str(dispute.id))
    assert "done" in await run_due_jobs(app)
    docs = await api.graphql(
        "query($id: ID!) { dispute(id: $id) { documents { id readStatus pageCount } } }", {"id": str(dispute.id)}
    )
    assert {"id": uploaded["document"]["id"], "readStatus": "READY", "pageCount": 2} in docs["data"]["dispute"][
        "documents"
    ]


async def test_two_confirmations_racing_keep_the_file_once(api_factory: Any, factory: Any, demo: Any) -> None:
    first, second = api_factory(), api_factory()
    account, dispute = await _customer_with_dispute(first, factory)
    started = await first.start_upload(pdf_bytes(pages=2), disputeId=str(dispute.id))
    await first.send_bytes(started["upload"], pdf_bytes(pages=2))
    # the same person in a second tab
    async with system_session(demo) as db:
        from backend.domain.accounts.models import User

        uploader = (
            await db.execute(select(User).where(User.account_id == account.id, User.role == "customer_user"))
        ).scalar_one()
    await second.login(uploader.email, PASSWORD)

    answers = await asyncio.gather(*(api.confirm_upload(started["document"]["id"]) for api in (first, second)))

    assert [a["__typename"] for a in answers] == ["DocumentConfirmed", "DocumentConfirmed"]
    assert await _stored_events(demo, account.id) == 1
    assert [d.status for d in await _rows(demo, account.id)] == ["stored"]
