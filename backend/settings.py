"""Typed settings read once from ``RECOUP_*`` environment variables.

Every variable has a default that is safe for the embedded run (one process,
SQLite under ``var/``, documents in a local directory). Production mode
(``RECOUP_ENV=production``) refuses to start with a default secret or cookies
that travel over plain HTTP.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class SettingsError(RuntimeError):
    """The configuration is unsafe or inconsistent; the process must not start."""


def _env(name: str, default: str) -> str:
    return os.environ.get(name, default)


def _env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def _hour(value: str) -> int | None:
    """An hour of the day, or None for ``off``."""
    if value.strip().lower() in {"off", "none", ""}:
        return None
    hour = int(value)
    if not 0 <= hour <= 23:
        raise SettingsError("RECOUP_COLLECTIONS_HOUR must be an hour, 0 to 23, or off")
    return hour


def _folder(value: str) -> Path | None:
    """A folder, or None for ``off``."""
    return None if value.strip().lower() in {"off", "none", ""} else Path(value)


def _env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


@dataclass(frozen=True)
class Settings:
    environment: str
    """``development`` (default) or ``production`` (``RECOUP_ENV``)."""
    data_dir: Path
    """Where the embedded run keeps its database, documents, mail and secret (``RECOUP_DATA_DIR``, default ``var/``)."""
    database_url: str
    """SQLAlchemy async URL (``RECOUP_DATABASE_URL``, default SQLite file ``<data_dir>/recoup.db``)."""
    secret_key: str
    """Signs CSRF tokens (``RECOUP_SECRET_KEY``; embedded default: random, kept in ``<data_dir>/secret_key``)."""
    secret_key_is_default: bool
    host: str
    """Interface to listen on (``RECOUP_HOST``, default 127.0.0.1)."""
    port: int
    """Port to listen on (``PORT``, default 8000)."""
    allowed_hosts: list[str]
    """Host headers accepted (``RECOUP_ALLOWED_HOSTS``, comma separated)."""
    allowed_origins: list[str]
    """Exact CORS origins (``RECOUP_ALLOWED_ORIGINS``, comma separated; default none: same origin only)."""
    cookie_secure: bool
    """Send cookies only over HTTPS (``RECOUP_COOKIE_SECURE``; default false in development, must be true in production)."""
    session_idle_minutes: int
    """A session ends after this many minutes without a request (``RECOUP_SESSION_IDLE_MINUTES``, default 30)."""
    session_absolute_hours: int
    """A session ends this many hours after login whatever happens (``RECOUP_SESSION_ABSOLUTE_HOURS``, default 12)."""
    login_max_failures: int
    """Failed logins per e-mail address within the window before login is throttled (``RECOUP_LOGIN_MAX_FAILURES``, default 5)."""
    login_window_minutes: int
    """The throttling window (``RECOUP_LOGIN_WINDOW_MINUTES``, default 15)."""
    document_store: str
    """``local`` (default) or ``s3`` (``RECOUP_DOCUMENT_STORE``)."""
    documents_dir: Path
    """Local document directory (``RECOUP_DOCUMENTS_DIR``, default ``<data_dir>/documents``)."""
    s3_endpoint_url: str | None
    """S3 endpoint for any S3-compatible store (``RECOUP_S3_ENDPOINT_URL``; empty means AWS)."""
    s3_bucket: str
    """Bucket (``RECOUP_S3_BUCKET``, default ``recoup-documents``)."""
    s3_region: str
    """Region (``RECOUP_S3_REGION``, default ``us-east-1``)."""
    s3_access_key_id: str | None
    """Access key (``RECOUP_S3_ACCESS_KEY_ID``; empty: boto3's default chain)."""
    s3_secret_access_key: str | None
    """Secret key (``RECOUP_S3_SECRET_ACCESS_KEY``)."""
    oidc_issuer: str | None
    """Staff single sign-on issuer URL (``RECOUP_OIDC_ISSUER``; empty disables SSO)."""
    oidc_client_id: str | None
    """OIDC client id (``RECOUP_OIDC_CLIENT_ID``)."""
    oidc_client_secret: str | None
    """OIDC client secret (``RECOUP_OIDC_CLIENT_SECRET``)."""
    oidc_role_claim: str
    """ID-token claim holding the staff role (``RECOUP_OIDC_ROLE_CLAIM``, default ``recoup_role``)."""
    demo_password: str
    """Password of every demo user seeded on first start (``RECOUP_DEMO_PASSWORD``, default ``recoup-demo``)."""
    seed_demo_data: bool
    """Seed demo data into an empty database on start (``RECOUP_SEED_DEMO``, default true in development)."""
    frontend_dist: Path
    """Built frontend assets (``RECOUP_FRONTEND_DIST``, default ``frontend/dist``)."""
    upload_max_bytes: int
    """Largest accepted upload (``RECOUP_UPLOAD_MAX_MB``, default 25)."""
    public_url: str
    """Where people reach Recoup, for links in e-mails (``RECOUP_PUBLIC_URL``, default ``http://127.0.0.1:<PORT>``)."""
    mail_from: str
    """Sender of every e-mail (``RECOUP_MAIL_FROM``, default ``Recoup <no-reply@recoup.example>``)."""
    smtp_host: str | None
    """SMTP server (``RECOUP_SMTP_HOST``); empty: each e-mail is written as a .eml file under ``<data_dir>/mail``."""
    smtp_port: int
    """SMTP port (``RECOUP_SMTP_PORT``, default 587)."""
    smtp_username: str | None
    """SMTP user (``RECOUP_SMTP_USERNAME``; empty: no login)."""
    smtp_password: str | None
    """SMTP password (``RECOUP_SMTP_PASSWORD``)."""
    smtp_starttls: bool
    """Upgrade the SMTP connection with STARTTLS (``RECOUP_SMTP_STARTTLS``, default true)."""
    upload_pending_minutes: int = 60
    """A started upload not confirmed within this time is removed, row and object (``RECOUP_UPLOAD_PENDING_MINUTES``)."""
    s3_object_lock_mode: str | None = None
    """S3 Object Lock retention for every confirmed object: GOVERNANCE or COMPLIANCE (``RECOUP_S3_OBJECT_LOCK_MODE``; empty: off).
    The bucket must have been created with Object Lock enabled."""
    s3_object_lock_days: int = 2557
    """How long each confirmed object is locked (``RECOUP_S3_OBJECT_LOCK_DAYS``, default 7 years)."""
    s3_timeout_seconds: float = 30.0
    """How long one S3 call waits for an answer before it is retried once, then the request is told the
    archive is unavailable (``RECOUP_S3_TIMEOUT_SECONDS``; a hung store holds a request about twice this)."""
    pdf_memory_mb: int = 512
    """Address-space limit of the process that parses one PDF (``RECOUP_PDF_MEMORY_MB``)."""
    pdf_cpu_seconds: int = 20
    """CPU-time limit of that process (``RECOUP_PDF_CPU_SECONDS``)."""
    pdf_wall_seconds: float = 30.0
    """Wall-clock limit; the process is killed when it is reached (``RECOUP_PDF_WALL_SECONDS``)."""
    jobs: str = "in-process"
    """Where background work runs (``RECOUP_JOBS``): ``in-process`` (the embedded default: a worker inside the
    app) or ``queue`` (PostgreSQL only: procrastinate, done by ``python -m backend worker`` processes)."""
    job_lease_seconds: int = 300
    """A job a worker took but did not finish in this time (the worker died) is taken up again (``RECOUP_JOB_LEASE_SECONDS``).

    A remittance import renews its lease every third of this while it runs, so a long file is never taken twice."""
    collections_hour: int | None = 6
    """The hour (UTC) from which the daily collections run — every account assessed, due reminders sent — goes,
    once a day (``RECOUP_COLLECTIONS_HOUR``, default 6; ``off`` leaves it to ``python -m backend dunning``)."""
    extraction_max_attempts: int = 5
    """Text extraction is retried with back-off this many times before the document shows "could not read"."""
    machine_token_seconds: int = 900
    """Lifetime of an access token issued to a machine client (``RECOUP_MACHINE_TOKEN_SECONDS``, default 900)."""
    graphql_page_cap: int = 100
    """Largest page any list field returns, whatever the client asks."""
    response_cache_mb: int = 32
    """Memory each process may keep customers' answers in (``RECOUP_RESPONSE_CACHE_MB``, default 32; 0 turns the
    cache off). An answer is sent again only while nothing the customer can see has changed
    (``backend/graphql/response_cache.py``)."""
    rate_limit_per_minute: int = 1200
    """Requests one client address may make per minute to any route but health checks and build assets
    (``RECOUP_RATE_LIMIT_PER_MINUTE``, default 1200; 0 turns it off). Counted per process."""
    sign_in_rate_limit_per_minute: int = 20
    """Requests one client address may make per minute to sign-in, invitation, password-reset and token routes
    (``RECOUP_SIGN_IN_RATE_LIMIT_PER_MINUTE``, default 20; 0 turns it off). Counted per process."""
    max_money_amount: Decimal = field(default=Decimal("999999999999.99"))
    workers: int = 2
    """App worker processes that ``python -m backend serve`` starts (``RECOUP_WORKERS``, default 2); each is a
    separate process with its own app, so nothing a second worker needs may live in one worker's memory."""
    graceful_shutdown_seconds: int = 30
    """On SIGTERM an app worker stops accepting connections and gives in-flight requests this long to finish;
    a job worker gives its running jobs this long (``RECOUP_GRACEFUL_SHUTDOWN_SECONDS``, default 30)."""
    forwarded_allow_ips: list[str] = field(default_factory=list)
    """Proxies (IP addresses or CIDR ranges) whose ``X-Forwarded-For``/``-Proto`` headers ``serve`` believes
    (``RECOUP_FORWARDED_ALLOW_IPS``, comma separated; default none: the connecting address is the client)."""
    log_format: str = "text"
    """``json`` (one JSON object per line; the production default) or ``text`` (for people; the development
    default) (``RECOUP_LOG_FORMAT``)."""
    log_level: str | None = None
    """Least severe log level written: DEBUG, INFO, WARNING or ERROR (``RECOUP_LOG_LEVEL``; default INFO for
    ``serve`` and ``worker``, WARNING for ``run``, whose console stays quiet)."""
    inbound_mail_dir: Path | None = None
    """The drop folder of inbound mail: ``.eml`` files put there are read by the mailbox job and moved to its
    ``processed/`` folder (``RECOUP_INBOUND_MAIL_DIR``, default ``<data_dir>/inbound-mail``; ``off``: none)."""
    inbound_imap_host: str | None = None
    """IMAP server of the inbound mailbox (``RECOUP_INBOUND_IMAP_HOST``; empty: the drop folder only)."""
    inbound_imap_port: int = 993
    """Its port (``RECOUP_INBOUND_IMAP_PORT``, default 993)."""
    inbound_imap_username: str = ""
    """The mailbox's user (``RECOUP_INBOUND_IMAP_USERNAME``)."""
    inbound_imap_password: str = ""
    """The mailbox's password (``RECOUP_INBOUND_IMAP_PASSWORD``)."""
    inbound_imap_mailbox: str = "INBOX"
    """The folder read (``RECOUP_INBOUND_IMAP_MAILBOX``, default ``INBOX``)."""
    inbound_imap_tls: bool = True
    """IMAP over TLS (``RECOUP_INBOUND_IMAP_TLS``, default true; production refuses plain IMAP to any host but
    this machine's loopback)."""
    inbound_mail_poll_seconds: int = 60
    """How often the mailbox job reads new mail (``RECOUP_INBOUND_MAIL_POLL_SECONDS``, default 60; 0: never)."""

    @property
    def is_production(self) -> bool:
        return self.environment == "production"

    def check(self) -> None:
        """Raise :class:`SettingsError` when the configuration is unsafe for its mode."""
        if self.environment not in {"development", "production"}:
            raise SettingsError(f"RECOUP_ENV must be development or production, not {self.environment!r}")
        if not 1 <= self.machine_token_seconds <= 86_400:
            raise SettingsError("RECOUP_MACHINE_TOKEN_SECONDS must be between 1 and 86400")
        if self.document_store not in {"local", "s3"}:
            raise SettingsError("RECOUP_DOCUMENT_STORE must be local or s3")
        if self.jobs not in {"in-process", "queue"}:
            raise SettingsError("RECOUP_JOBS must be in-process or queue")
        if self.jobs == "queue" and not self.database_url.startswith("postgresql"):
            raise SettingsError("RECOUP_JOBS=queue needs PostgreSQL (the queue lives in its database)")
        if self.log_format not in {"json", "text"}:
            raise SettingsError("RECOUP_LOG_FORMAT must be json or text")
        if self.log_level not in {None, "DEBUG", "INFO", "WARNING", "ERROR"}:
            raise SettingsError("RECOUP_LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR")
        if not 1 <= self.workers <= 64:
            raise SettingsError("RECOUP_WORKERS must be between 1 and 64")
        if not 1 <= self.graceful_shutdown_seconds <= 3600:
            raise SettingsError("RECOUP_GRACEFUL_SHUTDOWN_SECONDS must be between 1 and 3600")
        if self.rate_limit_per_minute < 0 or self.sign_in_rate_limit_per_minute < 0:
            raise SettingsError(
                "RECOUP_RATE_LIMIT_PER_MINUTE and RECOUP_SIGN_IN_RATE_LIMIT_PER_MINUTE must be 0 or more"
            )
        if self.s3_object_lock_mode not in {None, "GOVERNANCE", "COMPLIANCE"}:
            raise SettingsError("RECOUP_S3_OBJECT_LOCK_MODE must be empty, GOVERNANCE or COMPLIANCE")
        if self.inbound_mail_poll_seconds < 0:
            raise SettingsError("RECOUP_INBOUND_MAIL_POLL_SECONDS must be 0 or more")
        if self.inbound_imap_host and not (self.inbound_imap_username and self.inbound_imap_password):
            raise SettingsError("RECOUP_INBOUND_IMAP_HOST needs RECOUP_INBOUND_IMAP_USERNAME and _PASSWORD")
        if (
            self.is_production
            and self.inbound_imap_host
            and not self.inbound_imap_tls
            and self.inbound_imap_host not in {"127.0.0.1", "::1", "localhost"}
        ):
            raise SettingsError(
                "production needs RECOUP_INBOUND_IMAP_TLS=true: the mailbox password must not travel in clear"
            )
        if not 0 < self.s3_timeout_seconds <= 600:
            raise SettingsError("RECOUP_S3_TIMEOUT_SECONDS must be more than 0 and at most 600")
        if self.is_production:
            if self.secret_key_is_default or len(self.secret_key) < 32:
                raise SettingsError("production needs RECOUP_SECRET_KEY set to at least 32 random characters")
            if not self.cookie_secure:
                raise SettingsError(
                    "production needs RECOUP_COOKIE_SECURE=true: session cookies must not travel over HTTP"
                )
            if "*" in self.allowed_hosts:
                raise SettingsError("production needs RECOUP_ALLOWED_HOSTS set to the real host names")


def _embedded_secret(data_dir: Path) -> str:
    """A random secret kept beside the embedded database, so restarts keep sessions valid."""
    path = data_dir / "secret_key"
    if path.exists():
        return path.read_text().strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(48)
    path.write_text(value)
    path.chmod(0o600)
    return value


def load_settings() -> Settings:
    """Build settings from the environment (uncached: tests build their own)."""
    environment = _env("RECOUP_ENV", "development")
    production = environment == "production"
    data_dir = Path(_env("RECOUP_DATA_DIR", str(PROJECT_ROOT / "var"))).resolve()
    database_url = _env("RECOUP_DATABASE_URL", f"sqlite+aiosqlite:///{data_dir / 'recoup.db'}")
    explicit_secret = os.environ.get("RECOUP_SECRET_KEY", "")
    secret = explicit_secret or ("" if production else _embedded_secret(data_dir))
    return Settings(
        environment=environment,
        data_dir=data_dir,
        database_url=database_url,
        secret_key=secret,
        secret_key_is_default=not explicit_secret,
        host=_env("RECOUP_HOST", "127.0.0.1"),
        port=int(_env("PORT", "8000")),
        allowed_hosts=_env_list("RECOUP_ALLOWED_HOSTS", ["127.0.0.1", "localhost"]),
        allowed_origins=_env_list("RECOUP_ALLOWED_ORIGINS", []),
        cookie_secure=_env_bool("RECOUP_COOKIE_SECURE", production),
        session_idle_minutes=int(_env("RECOUP_SESSION_IDLE_MINUTES", "30")),
        session_absolute_hours=int(_env("RECOUP_SESSION_ABSOLUTE_HOURS", "12")),
        login_max_failures=int(_env("RECOUP_LOGIN_MAX_FAILURES", "5")),
        login_window_minutes=int(_env("RECOUP_LOGIN_WINDOW_MINUTES", "15")),
        document_store=_env("RECOUP_DOCUMENT_STORE", "local"),
        documents_dir=Path(_env("RECOUP_DOCUMENTS_DIR", str(data_dir / "documents"))),
        s3_endpoint_url=os.environ.get("RECOUP_S3_ENDPOINT_URL") or None,
        s3_bucket=_env("RECOUP_S3_BUCKET", "recoup-documents"),
        s3_region=_env("RECOUP_S3_REGION", "us-east-1"),
        s3_access_key_id=os.environ.get("RECOUP_S3_ACCESS_KEY_ID") or None,
        s3_secret_access_key=os.environ.get("RECOUP_S3_SECRET_ACCESS_KEY") or None,
        oidc_issuer=os.environ.get("RECOUP_OIDC_ISSUER") or None,
        oidc_client_id=os.environ.get("RECOUP_OIDC_CLIENT_ID") or None,
        oidc_client_secret=os.environ.get("RECOUP_OIDC_CLIENT_SECRET") or None,
        oidc_role_claim=_env("RECOUP_OIDC_ROLE_CLAIM", "recoup_role"),
        demo_password=_env("RECOUP_DEMO_PASSWORD", "recoup-demo"),
        seed_demo_data=_env_bool("RECOUP_SEED_DEMO", not production),
        frontend_dist=Path(_env("RECOUP_FRONTEND_DIST", str(PROJECT_ROOT / "frontend" / "dist"))),
        upload_max_bytes=int(_env("RECOUP_UPLOAD_MAX_MB", "25")) * 1024 * 1024,
        public_url=_env("RECOUP_PUBLIC_URL", f"http://127.0.0.1:{_env('PORT', '8000')}").rstrip("/"),
        mail_from=_env("RECOUP_MAIL_FROM", "Recoup <no-reply@recoup.example>"),
        smtp_host=os.environ.get("RECOUP_SMTP_HOST") or None,
        smtp_port=int(_env("RECOUP_SMTP_PORT", "587")),
        smtp_username=os.environ.get("RECOUP_SMTP_USERNAME") or None,
        smtp_password=os.environ.get("RECOUP_SMTP_PASSWORD") or None,
        smtp_starttls=_env_bool("RECOUP_SMTP_STARTTLS", True),
        upload_pending_minutes=int(_env("RECOUP_UPLOAD_PENDING_MINUTES", "60")),
        s3_object_lock_mode=(os.environ.get("RECOUP_S3_OBJECT_LOCK_MODE") or "").upper() or None,
        s3_object_lock_days=int(_env("RECOUP_S3_OBJECT_LOCK_DAYS", "2557")),
        s3_timeout_seconds=float(_env("RECOUP_S3_TIMEOUT_SECONDS", "30")),
        pdf_memory_mb=int(_env("RECOUP_PDF_MEMORY_MB", "512")),
        pdf_cpu_seconds=int(_env("RECOUP_PDF_CPU_SECONDS", "20")),
        pdf_wall_seconds=float(_env("RECOUP_PDF_WALL_SECONDS", "30")),
        jobs=_env("RECOUP_JOBS", "queue" if database_url.startswith("postgresql") else "in-process"),
        job_lease_seconds=int(_env("RECOUP_JOB_LEASE_SECONDS", "300")),
        extraction_max_attempts=int(_env("RECOUP_EXTRACTION_MAX_ATTEMPTS", "5")),
        collections_hour=_hour(_env("RECOUP_COLLECTIONS_HOUR", "6")),
        machine_token_seconds=int(_env("RECOUP_MACHINE_TOKEN_SECONDS", "900")),
        workers=int(_env("RECOUP_WORKERS", "2")),
        graceful_shutdown_seconds=int(_env("RECOUP_GRACEFUL_SHUTDOWN_SECONDS", "30")),
        forwarded_allow_ips=_env_list("RECOUP_FORWARDED_ALLOW_IPS", []),
        log_format=_env("RECOUP_LOG_FORMAT", "json" if production else "text").strip().lower(),
        log_level=(os.environ.get("RECOUP_LOG_LEVEL") or "").strip().upper() or None,
        rate_limit_per_minute=int(_env("RECOUP_RATE_LIMIT_PER_MINUTE", "1200")),
        sign_in_rate_limit_per_minute=int(_env("RECOUP_SIGN_IN_RATE_LIMIT_PER_MINUTE", "20")),
        response_cache_mb=int(_env("RECOUP_RESPONSE_CACHE_MB", "32")),
        inbound_mail_dir=_folder(_env("RECOUP_INBOUND_MAIL_DIR", str(data_dir / "inbound-mail"))),
        inbound_imap_host=os.environ.get("RECOUP_INBOUND_IMAP_HOST") or None,
        inbound_imap_port=int(_env("RECOUP_INBOUND_IMAP_PORT", "993")),
        inbound_imap_username=_env("RECOUP_INBOUND_IMAP_USERNAME", ""),
        inbound_imap_password=_env("RECOUP_INBOUND_IMAP_PASSWORD", ""),
        inbound_imap_mailbox=_env("RECOUP_INBOUND_IMAP_MAILBOX", "INBOX"),
        inbound_imap_tls=_env_bool("RECOUP_INBOUND_IMAP_TLS", True),
        inbound_mail_poll_seconds=int(_env("RECOUP_INBOUND_MAIL_POLL_SECONDS", "60")),
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process's settings, built once."""
    return load_settings()
