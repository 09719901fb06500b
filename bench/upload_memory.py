"""Peak memory of the server while it receives a 25 MB upload (the local store streams it to disk).

The real server runs as its own process (uvicorn, SQLite, local store); the same process's peak
RSS (VmHWM) is read before and after the upload, and the growth compared with the file's size in
the same run. A server that read the file into memory would grow by at least its size.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from backend.settings import PROJECT_ROOT

SIZE_MB = int(os.environ.get("BENCH_UPLOAD_MB", "25"))
START = """mutation($i: DocumentUploadInput!) { startDocumentUpload(input: $i) {
  __typename ... on UploadStarted { document { id } upload { method url } } } }"""
CONFIRM = """mutation($id: ID!) { confirmDocumentUpload(documentId: $id) { __typename } }"""


def _status_kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    raise RuntimeError(f"no {field}")


def _reset_peak(pid: int) -> bool:
    """Start the peak (VmHWM) afresh from now (Linux: ``5`` into clear_refs; needs the right to write it)."""
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _pdf(size: int) -> bytes:
    """A valid PDF padded with a comment block to ``size`` bytes."""
    head = b"%PDF-1.4\n"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]
    padding = b"%" + b"x" * 1022 + b"\n"
    body = bytearray(head)
    while len(body) < size - 2048:
        body += padding
    offsets = []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n" % number + content + b"\nendobj\n"
    xref = len(body)
    body += b"xref\n0 4\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    body += b"trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(body)


def run() -> int:
    with tempfile.TemporaryDirectory(prefix="recoup-bench-upload-") as folder:
        port = _free_port()
        env = {
            **os.environ,
            "RECOUP_DATA_DIR": folder,
            "PORT": str(port),
            "RECOUP_DEMO_PASSWORD": "bench-password",
            "RECOUP_UPLOAD_MAX_MB": str(SIZE_MB + 1),
        }
        server = subprocess.Popen(
            [sys.executable, "-m", "backend", "run"], cwd=PROJECT_ROOT, env=env, stdout=subprocess.DEVNULL
        )
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(240):
                try:
                    if httpx.get(f"{base}/health").status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.5)
            client = httpx.Client(base_url=base, timeout=120)
            client.get("/health")
            assert client.post(
                "/auth/login", json={"email": "ap@northwind.example", "password": "bench-password"}
            ).is_success
            csrf = {"x-csrf-token": client.cookies["recoup_csrf"]}
            data = _pdf(SIZE_MB * 1024 * 1024)
            client.post("/graphql", json={"query": "{ viewer { email } }"}, headers=csrf)  # warm
            before = _status_kb(server.pid, "VmRSS")
            fresh_peak = _reset_peak(server.pid)
            started = client.post(
                "/graphql",
                json={
                    "query": START,
                    "variables": {
                        "i": {"filename": "big.pdf", "contentType": "application/pdf", "sizeBytes": len(data)}
                    },
                },
                headers=csrf,
            ).json()["data"]["startDocumentUpload"]

            def chunks():  # type: ignore[no-untyped-def]
                for offset in range(0, len(data), 256 * 1024):
                    yield data[offset : offset + 256 * 1024]

            sent_at = time.perf_counter()
            sent = client.put(
                started["upload"]["url"], content=chunks(), headers={**csrf, "content-length": str(len(data))}
            )
            took = time.perf_counter() - sent_at
            confirmed = client.post(
                "/graphql", json={"query": CONFIRM, "variables": {"id": started["document"]["id"]}}, headers=csrf
            ).json()["data"]["confirmDocumentUpload"]["__typename"]
            after = _status_kb(server.pid, "VmHWM")
        finally:
            server.terminate()
            server.wait(timeout=20)
    growth = (after - before) / 1024
    print(f"upload of {SIZE_MB} MB through the server (local store, streamed), then confirmation")
    print(f"  sent: HTTP {sent.status_code} in {took:.2f} s ({SIZE_MB / took:.0f} MB/s); confirmed: {confirmed}")
    print(f"  server RSS before {before / 1024:.0f} MB; peak during upload and confirmation {after / 1024:.0f} MB")
    if not fresh_peak:
        print("  (could not reset the peak counter: the peak may be from start-up, not from the upload)")
    print(f"  growth = {growth / SIZE_MB:.0%} of the file's size (reading it into memory would be >= 100%)")
    return 0 if sent.status_code == 204 and confirmed == "DocumentConfirmed" else 1
