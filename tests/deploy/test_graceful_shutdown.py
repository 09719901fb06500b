"""SIGTERM to an app server lets the request in flight finish; new connections are refused meanwhile."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import AsyncIterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.support.api import Api
from tests.support.files import text_pdf
from tests.support.processes import answers, exited_cleanly, start_app

PASSWORD = "correct horse battery"


async def test_an_upload_in_flight_when_the_server_is_told_to_stop_completes(
    server_env: dict[str, str], api: Api, factory: Any, tmp_path: Path
) -> None:
    # given: a customer halfway through sending a file to a server (a slow connection)
    account = await factory.account()
    dispute = await factory.dispute(await factory.invoice(account, total=Decimal("100.00")))
    customer = await factory.user("customer_user", account)
    data = text_pdf("Proof of delivery: 40 cartons, 2 crushed.")
    halves = [data[: len(data) // 2], data[len(data) // 2 :]]
    first_half_sent, server_told_to_stop = asyncio.Event(), asyncio.Event()

    async def slowly() -> AsyncIterator[bytes]:
        yield halves[0]
        first_half_sent.set()
        await server_told_to_stop.wait()
        await asyncio.sleep(1.0)  # the rest arrives well after SIGTERM
        yield halves[1]

    env = {**server_env, "RECOUP_DOCUMENT_STORE": "local", "RECOUP_GRACEFUL_SHUTDOWN_SECONDS": "15"}
    with start_app(env, log_dir=tmp_path) as server:
        browser = Api.for_server(server.url())
        try:
            assert (await browser.login(customer.email, PASSWORD)).status_code == 200
            started = await browser.start_upload(data, "pod.pdf", disputeId=str(dispute.id))
            assert started["upload"]["method"] == "PUT"
            sending = asyncio.create_task(
                browser.http.put(
                    started["upload"]["url"],
                    content=slowly(),
                    headers={"x-csrf-token": browser.csrf or "", "content-length": str(len(data))},
                )
            )
            await asyncio.wait_for(first_half_sent.wait(), 10)
            await asyncio.sleep(0.3)  # the server has the request and is reading its body

            # when: the server is told to stop (systemd stop, docker stop, a rolling deploy)
            server.signal(signal.SIGTERM)
            await asyncio.sleep(0.3)
            refused_meanwhile = not answers(server.url("/health"))
            server_told_to_stop.set()
            sent = await asyncio.wait_for(sending, 20)
        finally:
            await browser.close()
        code = await asyncio.to_thread(server.popen.wait, 20)

    # then: the upload was taken in full, new connections were refused while it finished, and the server exited
    assert sent.status_code == 204, sent.text
    assert refused_meanwhile
    assert exited_cleanly(code)
    # the same session (a database row, not worker memory) confirms the upload through another app instance
    api.http.cookies.update(browser.http.cookies)
    confirmed = await api.confirm_upload(started["document"]["id"])
    assert confirmed["__typename"] == "DocumentConfirmed", confirmed
    assert confirmed["document"]["sizeBytes"] == len(data)


@pytest.mark.parametrize("workers", [2])
def test_sigterm_to_a_multi_worker_server_stops_every_worker(
    server_env: dict[str, str], tmp_path: Path, workers: int
) -> None:
    with start_app(server_env, log_dir=tmp_path, workers=workers) as server:
        assert httpx.get(server.url("/ready")).status_code == 200
        code = server.stop()

    records = server.log_records()
    assert exited_cleanly(code)
    assert sum(r.get("event") == "Application shutdown complete." for r in records) == workers
    assert any(r.get("event", "").startswith("Stopping parent process") for r in records)
