"""Evidence upload and download: type by content, size cap, scope, short-lived links, nothing left behind."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qs, urlparse

from sqlalchemy import func, select

from backend.app import create_app
from backend.db.engine import system_session
from backend.domain.audit.models import AuditEvent
from backend.domain.documents.models import Document
from tests.support.api import Api
from tests.support.files import HTML_AS_PDF, PNG_BYTES, pdf_bytes

PASSWORD = "correct horse battery"
DOCS = "query($id: ID!) { dispute(id: $id) { documents { id filename contentType sizeBytes downloadUrl } } }"


async def _customer_with_dispute(api: Api, factory: Any) -> tuple[Any, Any]:
    account = await factory.account()
    invoice = await factory.invoice(account, total=Decimal("100.00"))
    dispute = await factory.dispute(invoice)
    user = await factory.user("customer_user", account)
    await api.login(user.email, PASSWORD)
    return account, dispute


async def _trace(sessionmaker: Any, account_id: Any) -> tuple[int, int]:
    async with system_session(sessionmaker) as db:
        documents = (
            await db.execute(select(func.count()).select_from(Document).where(Document.account_id == account_id))
        ).scalar_one()
        audits = (
            await db.execute(
                select(func.count())
                .select_from(AuditEvent)
                .where(AuditEvent.account_id == account_id, AuditEvent.action == "document.stored")
            )
        ).scalar_one()
    return documents, audits


async def test_customer_attaches_a_pdf_and_downloads_it_through_a_short_lived_link(
    api: Api, factory: Any, settings: Any
) -> None:
    account, dispute = await _customer_with_dispute(api, factory)
    data = pdf_bytes()

    response = await api.upload(data, "POD 4500012345.pdf", disputeId=str(dispute.id))

    assert response.status_code == 201, response.text
    assert response.json()["contentType"] == "application/pdf" and response.json()["filename"] == "POD 4500012345.pdf"
    docs = (await api.graphql(DOCS, {"id": str(dispute.id)}))["data"]["dispute"]["documents"]
    assert [d["id"] for d in docs] == [response.json()["id"]]
    download = await api.http.get(docs[0]["downloadUrl"])
    assert download.status_code == 200 and download.content == data
    assert download.headers["content-type"].startswith("application/pdf")
    assert download.headers["content-disposition"].startswith("attachment;")
    stored = settings.documents_dir / str(account.id) / hashlib.sha256(data).hexdigest()
    assert stored.read_bytes() == data


async def test_png_is_accepted_by_its_content_whatever_its_name(api: Api, factory: Any) -> None:
    _, dispute = await _customer_with_dispute(api, factory)
    response = await api.upload(PNG_BYTES, "photo.pdf", disputeId=str(dispute.id))
    assert response.status_code == 201 and response.json()["contentType"] == "image/png"


async def test_html_named_pdf_is_refused_and_leaves_nothing(api: Api, factory: Any, demo: Any) -> None:
    account, dispute = await _customer_with_dispute(api, factory)
    response = await api.upload(HTML_AS_PDF, "invoice.pdf", disputeId=str(dispute.id))
    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_type"
    assert await _trace(demo, account.id) == (0, 0)


async def test_encrypted_and_broken_pdfs_are_refused(api: Api, factory: Any, demo: Any) -> None:
    account, dispute = await _customer_with_dispute(api, factory)
    encrypted = await api.upload(pdf_bytes(password="secret"), disputeId=str(dispute.id))
    truncated = await api.upload(pdf_bytes()[:60], disputeId=str(dispute.id))
    assert (encrypted.status_code, truncated.status_code) == (422, 422)
    assert "Encrypted" in encrypted.json()["message"]
    assert await _trace(demo, account.id) == (0, 0)


async def test_file_over_the_cap_is_refused_with_a_clear_error(settings: Any, demo: Any, factory: Any) -> None:
    app = create_app(replace(settings, upload_max_bytes=2048))
    api = Api(app)
    try:
        account, dispute = await _customer_with_dispute(api, factory)
        response = await api.upload(b"%PDF-1.4\n" + b"0" * 5000, disputeId=str(dispute.id))
        assert response.status_code == 413
        assert (
            response.json() == {"code": "too_large", "message": "The file is larger than 0 MB."}
            or "larger" in response.json()["message"]
        )
        assert await _trace(demo, account.id) == (0, 0)
    finally:
        await api.close()
        await app.state.engine.dispose()


async def test_customer_cannot_attach_to_another_accounts_dispute(api: Api, factory: Any, demo: Any) -> None:
    await _customer_with_dispute(api, factory)
    other_account = await factory.account("Other")
    other_dispute = await factory.dispute(await factory.invoice(other_account))
    response = await api.upload(pdf_bytes(), disputeId=str(other_dispute.id))
    assert response.status_code == 404
    assert await _trace(demo, other_account.id) == (0, 0)


async def test_anonymous_upload_is_refused(api: Api, factory: Any) -> None:
    dispute = await factory.dispute(await factory.invoice(await factory.account()))
    response = await api.upload(pdf_bytes(), disputeId=str(dispute.id))
    assert response.status_code == 401


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
    clerk = await factory.user("ar_clerk")
    await clerk_api.login(clerk.email, PASSWORD)
    invoice_docs = await clerk_api.graphql(
        "query($id: ID!) { invoice(id: $id) { documents { downloadUrl } } }", {"id": str(dispute.invoice_id)}
    )
    url = invoice_docs["data"]["invoice"]["documents"][0]["downloadUrl"]
    assert (await clerk_api.http.get(url)).status_code == 200


class _UnreachableStore:
    def put(self, prefix: str, data: bytes) -> Any:
        from documents.storage import DocumentStoreError

        raise DocumentStoreError("connection refused")


async def test_archive_outage_is_a_clear_error_and_leaves_no_row(settings: Any, demo: Any, factory: Any) -> None:
    app = create_app(settings)
    app.state.document_store = _UnreachableStore()
    api = Api(app)
    try:
        account, dispute = await _customer_with_dispute(api, factory)
        response = await api.upload(pdf_bytes(), disputeId=str(dispute.id))
        assert response.status_code == 503 and response.json()["code"] == "storage_unavailable"
        assert await _trace(demo, account.id) == (0, 0)
        assert (await api.upload(PNG_BYTES, disputeId=str(dispute.id))).status_code == 503
    finally:
        await api.close()
        await app.state.engine.dispose()


async def test_upload_and_download_through_the_s3_store(settings: Any, factory: Any) -> None:
    import os
    import uuid as uuid_module

    import pytest

    from backend.document_store import document_store

    endpoint = os.environ.get("RECOUP_TEST_S3_ENDPOINT")
    if not endpoint:
        pytest.skip("needs the S3 emulator that make test starts")
    s3_settings = replace(
        settings,
        document_store="s3",
        s3_endpoint_url=endpoint,
        s3_bucket=f"recoup-up-{uuid_module.uuid4().hex[:8]}",
        s3_access_key_id="test",
        s3_secret_access_key="test",
    )
    document_store(s3_settings).ensure_bucket()  # type: ignore[attr-defined]
    app = create_app(s3_settings)
    api = Api(app)
    try:
        _, dispute = await _customer_with_dispute(api, factory)
        data = pdf_bytes(pages=2)
        assert (await api.upload(data, disputeId=str(dispute.id))).status_code == 201
        url = (await api.graphql(DOCS, {"id": str(dispute.id)}))["data"]["dispute"]["documents"][0]["downloadUrl"]
        assert (await api.http.get(url)).content == data
        store = app.state.document_store
        keys = [o["Key"] for o in store.client.list_objects_v2(Bucket=store.bucket).get("Contents", [])]
        assert keys == [f"{dispute.account_id}/{hashlib.sha256(data).hexdigest()}"]
    finally:
        await api.close()
        await app.state.engine.dispose()


async def test_uploads_are_rate_limited_per_user(api: Api, factory: Any, monkeypatch: Any) -> None:
    from backend.domain.documents import service

    monkeypatch.setattr(service, "UPLOADS_PER_10_MINUTES", 1)
    _, dispute = await _customer_with_dispute(api, factory)
    assert (await api.upload(pdf_bytes(), disputeId=str(dispute.id))).status_code == 201
    limited = await api.upload(PNG_BYTES, disputeId=str(dispute.id))
    assert limited.status_code == 429 and limited.json()["code"] == "rate_limited"
