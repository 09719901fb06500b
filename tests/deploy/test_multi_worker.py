"""The production shape: two stateless app workers and a job worker, sharing only PostgreSQL and S3.

A session made on one worker is valid on the other, and a job enqueued through one is done by
the separate job worker and seen through the other: nothing that a second worker needs lives in
one worker's memory.
"""

from __future__ import annotations

import asyncio
import uuid
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path
from typing import Any

from tests.deploy.conftest import S3_ENDPOINT
from tests.support.api import Api
from tests.support.imports import submit
from tests.support.processes import RecoupProcess, exited_cleanly, start_app, start_worker

PASSWORD = "correct horse battery"
HEADER = "payment_reference,received_on,customer_number,payment_amount,invoice_reference,paid_amount,adjustment_amount,adjustment_scheme,adjustment_code,adjustment_text\n"
VIEWER = "{ viewer { email role } }"
IMPORT = "query($id: ID!) { remittanceImport(id: $id) { status payments appliedLines } }"
INVOICE = "query($id: ID!) { invoice(id: $id) { paidAmount openBalance } }"


def _start_all(env: dict[str, str], log_dir: Path) -> tuple[RecoupProcess, RecoupProcess, RecoupProcess]:
    """App workers A and B (one process each, own ports) and one job worker, started side by side."""
    with ThreadPoolExecutor(3) as pool:
        a = pool.submit(start_app, env, log_dir=log_dir, name="app-a")
        b = pool.submit(start_app, env, log_dir=log_dir, name="app-b")
        worker = pool.submit(start_worker, env, log_dir=log_dir, name="worker")
        started = []
        try:
            for future in (a, b, worker):
                started.append(future.result())
        except BaseException:
            for process in started:
                process.kill()
            for future in (a, b, worker):
                if future.done() and future.exception() is None:
                    future.result().kill()
            raise
    return started[0], started[1], started[2]


async def _until_done(api: Api, import_id: str, seconds: float = 30) -> dict[str, Any]:
    deadline = asyncio.get_running_loop().time() + seconds
    while True:
        result = (await api.graphql(IMPORT, {"id": import_id}))["data"]["remittanceImport"]
        if result["status"] not in {"queued", "reading", "applying"}:
            return dict(result)
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"import {import_id} still {result['status']} after {seconds} s")
        await asyncio.sleep(0.2)


def _mail_to(folder: Path, address: str) -> str | None:
    for message in sorted(folder.glob("*.eml")) if folder.is_dir() else []:
        text = message.read_text(errors="replace")
        if address in text:
            return text
    return None


async def _delivered_to(folder: Path, address: str, seconds: float = 30) -> str:
    """The text of the first .eml file in ``folder`` addressed to ``address``, waiting for it to be written."""
    deadline = asyncio.get_running_loop().time() + seconds
    while True:
        text = await asyncio.to_thread(_mail_to, folder, address)
        if text is not None:
            return text
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"no mail to {address} in {folder} after {seconds} s")
        await asyncio.sleep(0.2)


async def test_two_app_workers_share_sessions_and_a_separate_worker_does_their_jobs(
    server_env: dict[str, str], factory: Any, tmp_path: Path
) -> None:
    # given: two app workers and a job worker, configured only by environment, on PostgreSQL and S3
    env = {
        **server_env,
        "RECOUP_JOBS": "queue",
        "RECOUP_DOCUMENT_STORE": "s3",
        "RECOUP_S3_ENDPOINT_URL": S3_ENDPOINT,
        "RECOUP_S3_BUCKET": f"recoup-deploy-{uuid.uuid4().hex[:12]}",
        "RECOUP_S3_ACCESS_KEY_ID": "test",
        "RECOUP_S3_SECRET_ACCESS_KEY": "test",
    }
    clerk = await factory.user("ar_clerk")
    account = await factory.account("Two Workers Ltd")
    invoice = await factory.invoice(account, total=Decimal("120.00"))
    app_a, app_b, worker = _start_all(env, tmp_path)
    on_a, on_b = Api.for_server(app_a.url()), Api.for_server(app_b.url())
    try:
        # when: the clerk signs in on A, and B gets the same cookies (a load balancer sent the next request there)
        assert (await on_a.login(clerk.email, PASSWORD)).status_code == 200
        on_b.http.cookies.update(on_a.http.cookies)
        viewer_on_b = await on_b.graphql(VIEWER)

        # then: B knows the session; and CSRF tokens made by A are accepted by B
        assert viewer_on_b["data"]["viewer"] == {"email": clerk.email, "role": "AR_CLERK"}

        # when: a remittance file is imported through A
        reference = f"CHK-{uuid.uuid4().hex[:8]}"
        csv_text = HEADER + f"{reference},2026-11-20,{account.number},120.00,{invoice.number},120.00,0,,,\n"
        submitted = await submit(on_a, csv_text.encode())
        assert submitted.status_code == 202, submitted.text

        # then: the job worker does it, and B shows the result
        done = await _until_done(on_b, submitted.json()["id"])
        assert done == {"status": "applied", "payments": 1, "appliedLines": 1}
        paid = (await on_b.graphql(INVOICE, {"id": str(invoice.id)}))["data"]["invoice"]
        assert (Decimal(paid["paidAmount"]), Decimal(paid["openBalance"])) == (Decimal("120.00"), Decimal("0.00"))

        # when: someone asks A for a password reset (the mail goes to the outbox in A's transaction)
        asked = await on_a.http.post("/auth/password-reset", json={"email": clerk.email})
        assert asked.status_code == 202

        # then: the job worker delivers it (the app workers leave the outbox to the workers)
        mail = await _delivered_to(Path(env["RECOUP_DATA_DIR"]) / "mail", clerk.email)
        assert "reset" in mail.lower()
    finally:
        await on_a.close()
        await on_b.close()
        codes = [process.stop() for process in (app_a, app_b, worker)]

    # and: the worker logged the import under its job id; every process stopped cleanly on SIGTERM
    assert all(exited_cleanly(code) for code in codes), codes
    for app in (app_a, app_b):
        assert any(r.get("event") == "Application shutdown complete." for r in app.log_records())
    import_lines = [r for r in worker.log_records() if r.get("event", "").startswith("remittance import")]
    assert import_lines and all(isinstance(r.get("job_id"), int) for r in import_lines), import_lines
