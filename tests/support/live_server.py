"""The app as a real server process: uvicorn on a free loopback port, PostgreSQL, S3 (moto), a job worker.

For tests that must see what a client over the network sees (generated operations, load, faults):
separate processes, real sockets, the production job queue. ``LiveServer.start`` resets the
database, seeds the demo data, starts ``python -m backend run`` and ``python -m backend worker``,
and waits for ``/health``; ``stop`` ends exactly the process groups it started.

On SQLite (``sqlite+aiosqlite:///path``) it is the embedded default as ``make run`` starts it: the
database file deleted and seeded again, documents on local disk (no S3 endpoint), jobs in the app
process (no worker), the same two app workers sharing the file.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from tests.support.api import DEMO_PASSWORD

ROOT = Path(__file__).resolve().parents[2]
CSRF_COOKIE = "recoup_csrf"
CSRF_HEADER = "x-csrf-token"

# The demo logins (backend/demo/seed.py) by role; tenant A is Northwind, tenant B Contoso.
ROLE_EMAILS = {
    "customer_a": "ap@northwind.example",
    "customer_b": "ap@contoso.example",
    "ar_clerk": "clerk@recoup.example",
    "collector": "collector@recoup.example",
    "credit_manager": "credit@recoup.example",
    "admin": "admin@recoup.example",
}
STAFF_ROLES = ("ar_clerk", "collector", "credit_manager", "admin")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def reset_postgres(url: str) -> None:
    """An empty ``public`` schema (the role owns the database, so it may)."""
    import asyncpg

    async def reset() -> None:
        conn = await asyncpg.connect(plain_postgres_url(url))
        try:
            await conn.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
        finally:
            await conn.close()

    asyncio.run(reset())


def reset_database(url: str) -> None:
    """An empty database: PostgreSQL's schema dropped, or SQLite's file (and its WAL) deleted."""
    if url.startswith("postgresql"):
        reset_postgres(url)
        return
    path = Path(url.split("///", 1)[1])
    for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        leftover.unlink(missing_ok=True)


def plain_postgres_url(url: str) -> str:
    """``postgresql://…`` for asyncpg/psql from SQLAlchemy's ``postgresql+asyncpg://…``."""
    return url.replace("postgresql+asyncpg://", "postgresql://", 1)


@dataclass
class SignedIn:
    """What a browser holds after signing in: its cookies and the CSRF header every POST must carry."""

    cookies: dict[str, str]
    headers: dict[str, str]


@dataclass
class LiveServer:
    """One app process (and one worker) against ``database_url`` and the S3 endpoint."""

    database_url: str
    s3_endpoint: str
    work_dir: Path
    env_overrides: dict[str, str] = field(default_factory=dict)
    port: int = 0
    bucket: str = ""
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def on_postgres(self) -> bool:
        return self.database_url.startswith("postgresql")

    def env(self) -> dict[str, str]:
        """The server's environment: development mode (plain-HTTP cookies), S3, the procrastinate queue."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("RECOUP_")}
        env.update(
            {
                "RECOUP_ENV": "development",
                "PORT": str(self.port),
                "RECOUP_HOST": "127.0.0.1",
                "RECOUP_DATA_DIR": str(self.work_dir / "data"),
                "RECOUP_DATABASE_URL": self.database_url,
                "RECOUP_SECRET_KEY": "live-server-secret-" + "x" * 40,
                "RECOUP_PUBLIC_URL": self.base_url,
                "RECOUP_JOBS": "queue" if self.on_postgres else "in-process",
                "RECOUP_DEMO_PASSWORD": DEMO_PASSWORD,
                "RECOUP_SEED_DEMO": "true",
                # every simulated person comes from 127.0.0.1: a per-address limit would count fifty people as one
                # client (those limits have their own tests in tests/web/test_rate_limits.py)
                "RECOUP_RATE_LIMIT_PER_MINUTE": "0",
                "RECOUP_SIGN_IN_RATE_LIMIT_PER_MINUTE": "0",
                "PYTHONUNBUFFERED": "1",
                # production's log format: in development's text format, structlog renders each logged exception
                # with rich (locals included), ~0.8 s of CPU for every GraphQL error the generated operations provoke
                "RECOUP_LOG_FORMAT": "json",
            }
        )
        if self.s3_endpoint:
            env.update(
                {
                    "RECOUP_DOCUMENT_STORE": "s3",
                    "RECOUP_S3_ENDPOINT_URL": self.s3_endpoint,
                    "RECOUP_S3_BUCKET": self.bucket,
                    "RECOUP_S3_ACCESS_KEY_ID": "test",
                    "RECOUP_S3_SECRET_ACCESS_KEY": "test",
                }
            )
        else:
            env["RECOUP_DOCUMENT_STORE"] = "local"
        env.update(self.env_overrides)
        return env

    def start(self) -> None:
        """Reset and seed the database, then start the app and a worker; fails with the app's log if it does not come up."""
        self.port = self.port or free_port()
        self.bucket = self.bucket or f"recoup-live-{uuid.uuid4().hex[:8]}"
        (self.work_dir / "data").mkdir(parents=True, exist_ok=True)
        reset_database(self.database_url)
        if self.s3_endpoint:
            self._prepare_bucket()
        self._run("migrate-and-seed", "seed", wait=True)
        self._spawn("app", "run")
        if self.on_postgres:
            self._spawn("worker", "worker")
        self.wait_until_healthy()

    def _prepare_bucket(self) -> None:
        from documents.storage import S3Store

        store = S3Store.connect(
            bucket=self.bucket,
            region="us-east-1",
            endpoint_url=self.s3_endpoint,
            access_key_id="test",
            secret_access_key="test",
        )
        store.ensure_bucket(cors_origins=[self.base_url])

    def log_path(self, name: str) -> Path:
        return self.work_dir / f"{name}.log"

    def _run(self, name: str, command: str, *, wait: bool) -> None:
        with self.log_path(name).open("wb") as log:
            done = subprocess.run(
                [sys.executable, "-m", "backend", command],
                cwd=ROOT,
                env=self.env(),
                stdout=log,
                stderr=log,
                check=False,
            )
        if done.returncode != 0:
            raise RuntimeError(f"`python -m backend {command}` failed:\n{self.log_tail(name)}")

    def _spawn(self, name: str, command: str) -> None:
        log = self.log_path(name).open("ab")
        self.processes[name] = subprocess.Popen(
            [sys.executable, "-m", "backend", command],
            cwd=ROOT,
            env=self.env(),
            stdout=log,
            stderr=log,
            start_new_session=True,  # its own process group: stop() ends it and its children, nothing else
        )
        log.close()

    def cpu_seconds(self, name: str) -> float:
        """CPU time the process ``name`` (and its finished children) used so far, from /proc."""
        fields = Path(f"/proc/{self.processes[name].pid}/stat").read_text().rsplit(")", 1)[1].split()
        return sum(int(v) for v in fields[11:15]) / os.sysconf("SC_CLK_TCK")

    def log_tail(self, name: str, lines: int = 40) -> str:
        path = self.log_path(name)
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) if path.exists() else ""

    def wait_until_healthy(self, timeout: float = 90.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            app = self.processes.get("app")
            if app is not None and app.poll() is not None:
                raise RuntimeError(f"the app exited with {app.returncode}:\n{self.log_tail('app')}")
            try:
                if httpx.get(f"{self.base_url}/health", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"the app did not answer /health in {timeout:.0f} s:\n{self.log_tail('app')}")

    def stop(self) -> None:
        """SIGTERM each process group this server started, SIGKILL what is still there after 10 s."""
        for process in self.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        self.processes.clear()

    def sign_in(self, role_or_email: str, password: str = DEMO_PASSWORD) -> SignedIn:
        """Sign in as a role of ``ROLE_EMAILS`` (or any e-mail); ``anonymous`` gets only the CSRF cookie."""
        with httpx.Client(base_url=self.base_url, timeout=30) as http:
            if role_or_email == "anonymous":
                http.get("/health")
            else:
                email = ROLE_EMAILS.get(role_or_email, role_or_email)
                response = http.post("/auth/login", json={"email": email, "password": password})
                if response.status_code != 200:
                    raise RuntimeError(f"sign-in as {email} answered {response.status_code}: {response.text}")
            cookies = {name: value for name, value in http.cookies.items()}
        csrf = cookies.get(CSRF_COOKIE)
        return SignedIn(cookies=cookies, headers={CSRF_HEADER: csrf} if csrf else {})

    def client(self, role_or_email: str, **kwargs: Any) -> httpx.AsyncClient:
        """An httpx client signed in as ``role_or_email``, sending the CSRF header on every request. Close it."""
        signed_in = self.sign_in(role_or_email)
        return httpx.AsyncClient(
            base_url=self.base_url,
            cookies=signed_in.cookies,
            headers=signed_in.headers,
            timeout=kwargs.pop("timeout", 30),
            **kwargs,
        )
