"""The Litestar application: one process serving the API, the portal and the console."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from litestar import Litestar, Request
from litestar.config.allowed_hosts import AllowedHostsConfig
from litestar.config.cors import CORSConfig
from litestar.config.csrf import CSRFConfig
from litestar.datastructures import State
from litestar.di import NamedDependency, Provide
from litestar.exceptions import HTTPException
from litestar.static_files import create_static_files_router
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.engine import make_engine, make_sessionmaker
from backend.domain.auth.service import principal_for
from backend.graphql.context import Context
from backend.graphql.endpoint import graphql_controller
from backend.graphql.response_cache import ResponseCache
from backend.graphql.trusted_documents import with_trusted_documents
from backend.jobs.runner import Background
from backend.mail_transport import MailPump
from backend.schema import build_schema
from backend.settings import Settings, get_settings
from backend.web import (
    auth_routes,
    document_routes,
    health,
    import_routes,
    inbound_mail_routes,
    invoice_feed_routes,
    machine_routes,
    oauth_server,
    oidc_routes,
    order_feed_routes,
    report_routes,
    spa,
)
from backend.web.identity import CSRF_COOKIE, CSRF_HEADER, acting_user
from backend.web.problems import http_exception_to_problem, unexpected_to_problem
from backend.web.rate_limits import rate_limit_middleware
from backend.web.request_log import RequestLog
from backend.web.security_headers import security_headers

JSON_BODY_LIMIT = 1024 * 1024


async def provide_db(state: State) -> AsyncIterator[AsyncSession]:
    """The request's database session; closed (and rolled back if uncommitted) after the response."""
    async with state.sessionmaker() as session:
        yield session


async def graphql_context(request: Request[Any, Any, Any], db: NamedDependency[AsyncSession]) -> Context:
    user = await acting_user(request, db)
    principal = principal_for(user) if user else None
    settings: Settings = request.app.state.settings
    return Context(
        db=db,
        user=user,
        principal=principal,
        today=date.today(),
        page_cap=settings.graphql_page_cap,
        link_secret=settings.secret_key,
        public_url=settings.public_url,
        archive=request.app.state.background.archive,
    )


def _hosts_with_port(settings: Settings) -> list[str]:
    """Litestar matches the whole Host header, port included: accept each host bare and with our port."""
    hosts = list(settings.allowed_hosts)
    hosts += [f"{host}:{settings.port}" for host in settings.allowed_hosts if ":" not in host and host != "*"]
    return hosts


def _store_origins(settings: Settings) -> list[str]:
    """Origins the browser talks to besides ours: S3, for direct uploads and presigned downloads."""
    if settings.document_store != "s3":
        return []
    if settings.s3_endpoint_url:
        parts = urlsplit(settings.s3_endpoint_url)
        return [f"{parts.scheme}://{parts.netloc}"]
    return [f"https://{settings.s3_bucket}.s3.{settings.s3_region}.amazonaws.com", "https://s3.amazonaws.com"]


def create_app(settings: Settings | None = None) -> Litestar:
    """Build the application for ``settings`` (default: from the environment)."""
    settings = settings or get_settings()
    settings.check()
    engine = make_engine(settings.database_url)
    sessionmaker = make_sessionmaker(engine)

    response_cache = ResponseCache(settings.response_cache_mb * 1024 * 1024) if settings.response_cache_mb > 0 else None
    graphql = with_trusted_documents(
        graphql_controller(
            build_schema(production=settings.is_production),
            production=settings.is_production,
            context_getter=graphql_context,
            cache=response_cache,
        ),
        settings,
    )

    route_handlers: list[Any] = [
        graphql,
        auth_routes.login,
        auth_routes.logout,
        auth_routes.accept_invite,
        auth_routes.request_reset,
        auth_routes.confirm_reset,
        oidc_routes.oidc_login,
        oidc_routes.oidc_callback,
        oidc_routes.sign_in_methods,
        document_routes.receive_document_content,
        document_routes.download_document,
        report_routes.invoice_as_pdf,
        report_routes.credit_memo_as_pdf,
        report_routes.reminder_as_pdf,
        import_routes.import_remittance_file,
        inbound_mail_routes.hand_in_message,
        inbound_mail_routes.download_original,
        invoice_feed_routes.import_invoice_feed_file,
        oauth_server.token_endpoint,
        machine_routes.machine_invoice_feed,
        machine_routes.machine_remittance,
        order_feed_routes.import_order_feed_file,
        order_feed_routes.import_delivery_feed_file,
        order_feed_routes.machine_order_feed,
        order_feed_routes.machine_delivery_feed,
        report_routes.statement_download,
        report_routes.receivables_download,
        spa.root,
        spa.portal,
        spa.console,
        health.health,
        health.ready,
    ]
    assets = settings.frontend_dist / "assets"
    if assets.is_dir():
        route_handlers.append(create_static_files_router(path="/assets", directories=[assets]))

    mail_pump = MailPump(settings, sessionmaker)
    background = Background(settings, sessionmaker)

    async def dispose_engine() -> None:
        await mail_pump.stop()
        await background.stop()
        await engine.dispose()

    app = Litestar(
        route_handlers=route_handlers,
        dependencies={"db": Provide(provide_db)},
        state=State(
            {
                "settings": settings,
                "sessionmaker": sessionmaker,
                "engine": engine,
                "background": background,
                "mail_pump": mail_pump,
                "response_cache": response_cache,
            }
        ),
        csrf_config=CSRFConfig(
            secret=settings.secret_key,
            cookie_name=CSRF_COOKIE,
            header_name=CSRF_HEADER,
            cookie_secure=settings.cookie_secure,
            cookie_samesite="strict",
        ),
        cors_config=CORSConfig(allow_origins=settings.allowed_origins, allow_credentials=True)
        if settings.allowed_origins
        else None,
        allowed_hosts=AllowedHostsConfig(allowed_hosts=_hosts_with_port(settings)),
        middleware=rate_limit_middleware(settings),
        before_send=[security_headers(_store_origins(settings))],
        exception_handlers={HTTPException: http_exception_to_problem, Exception: unexpected_to_problem},
        request_max_body_size=JSON_BODY_LIMIT,
        openapi_config=None,
        # With a job queue the worker processes deliver the outbox (backend/jobs/runner.py): composing and
        # writing mail is background work, kept off the request workers' event loops.
        on_startup=[background.start] if settings.jobs == "queue" else [mail_pump.start, background.start],
        on_shutdown=[dispose_engine],
        # Logging is ours (backend/logs.py, set up by the command that runs the app), not Litestar's.
        logging_config=None,
        debug=False,
    )
    # Around the whole handler, not as middleware: 404s and refusals get a request id and an access line too.
    app.asgi_handler = RequestLog(app.asgi_handler)
    return app
