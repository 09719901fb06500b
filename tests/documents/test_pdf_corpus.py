"""Hostile PDFs are refused within their limits with a clear error, and the server keeps answering (SECURITY.md E25)."""

from __future__ import annotations

import asyncio
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from backend.db.engine import system_session
from backend.domain.documents.models import Document
from documents.pdf_sandbox import PdfLimits, PdfRejected, PdfSandbox
from tests.support.crafted_pdfs import CORPUS, compression_bomb
from tests.support.files import pdf_bytes, text_pdf

PASSWORD = "correct horse battery"
EXPECTED = {
    "compression bomb": ("unreadable_pdf", "expands beyond what can be read safely"),
    "circular xref": ("unreadable_pdf", "cross-reference table loops back on itself"),
    "truncated": ("unreadable_pdf", "damaged or not a PDF"),
    "encrypted": ("encrypted_pdf", "Password-protected PDFs cannot be accepted"),
    "outline loop": ("unreadable_pdf", "bookmarks go round in a loop"),
    "5,000 empty pages": ("unreadable_pdf", "more than 2,000 pages"),
    "HTML named .pdf": ("unsupported_type", "Only PDF, JPEG, PNG and TIFF"),
    "xref loop in a sound file": ("unreadable_pdf", "cross-reference table loops back on itself"),
    "script on open": ("active_content_pdf", "contains a script"),
    "script on a page": ("active_content_pdf", "contains a script"),
    "launch action": ("active_content_pdf", "launches a program"),
    "embedded file": ("active_content_pdf", "contains an embedded file"),
}


@pytest.mark.parametrize("name", sorted(CORPUS))
async def test_a_crafted_file_is_refused_while_the_server_keeps_answering(
    name: str, api_factory: Any, factory: Any, demo: Any
) -> None:
    # given: a customer with a dispute, and a colleague using the portal at the same time
    uploader, bystander = api_factory(), api_factory()
    account = await factory.account()
    dispute = await factory.dispute(await factory.invoice(account, total=Decimal("100.00")))
    await uploader.login((await factory.user("customer_user", account)).email, PASSWORD)
    await bystander.login((await factory.user("customer_user", account)).email, PASSWORD)
    data = CORPUS[name]()

    async def keep_asking() -> list[float]:
        waits = []
        for _ in range(5):
            started = time.monotonic()
            answer = await bystander.graphql("{ viewer { email } }")
            assert answer["data"]["viewer"]["email"]
            waits.append(time.monotonic() - started)
            await asyncio.sleep(0.02)
        return waits

    # when: the crafted file is uploaded as "evidence.pdf"
    started = time.monotonic()
    result, waits = await asyncio.gather(
        uploader.upload(data, "evidence.pdf", disputeId=str(dispute.id)), keep_asking()
    )
    took = time.monotonic() - started

    # then: refused with its own clear reason, nothing kept, and nobody else kept waiting
    code, words = EXPECTED[name]
    assert result["__typename"] == "InvalidInputResult", result
    assert result["errors"][0]["code"] == code and words in result["errors"][0]["message"]
    async with system_session(demo) as db:
        kept = (
            await db.execute(select(func.count()).select_from(Document).where(Document.account_id == account.id))
        ).scalar_one()
    assert kept == 0
    assert took < 30  # the sandbox's wall-clock limit
    assert max(waits) < 2.0


async def test_the_sandbox_stops_a_parse_at_its_memory_limit(tmp_path: Path) -> None:
    # 70 MB inflated is under pypdf's own output limit: only the process's memory limit stops it.
    bomb = tmp_path / "bomb.pdf"
    bomb.write_bytes(compression_bomb(expanded_mb=70))
    assert (await PdfSandbox(PdfLimits(memory_mb=512)).extract(bomb)).pages == 1
    with pytest.raises(PdfRejected) as refused:
        await PdfSandbox(PdfLimits(memory_mb=120, cpu_seconds=10, wall_seconds=20)).extract(bomb)
    assert refused.value.reason == "too_complex"
    assert "read safely" in refused.value.message


async def test_the_sandbox_kills_a_parse_at_its_wall_clock_limit_and_reads_the_next_file(tmp_path: Path) -> None:
    # given: a file whose every page of text is read for the index (300 full pages: pypdf reads ~450 pages a
    # second here, so most of a second; the limit is 100 ms)
    slow = tmp_path / "many.pdf"
    slow.write_bytes(text_pdf(*[" ".join(["delivered short two cases crushed"] * 80)] * 300))
    sound = tmp_path / "sound.pdf"
    sound.write_bytes(pdf_bytes(pages=2))
    hurried = PdfSandbox(PdfLimits(memory_mb=512, cpu_seconds=10, wall_seconds=0.1), concurrency=1)
    started = time.monotonic()

    # when / then: the reader is killed at the limit, promptly
    with pytest.raises(PdfRejected) as refused:
        await hurried.extract(slow)
    assert refused.value.reason == "too_slow" and time.monotonic() - started < 2

    # and the same sandbox reads the next file (its reader server stayed in step)
    assert (await hurried.inspect(sound)).pages == 2


async def test_a_sound_pdf_passes_the_sandbox_with_its_pages(tmp_path: Path) -> None:
    sound = tmp_path / "sound.pdf"
    sound.write_bytes(pdf_bytes(pages=7))
    reading = await PdfSandbox().inspect(sound)
    assert reading.pages == 7
