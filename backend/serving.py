"""Production serving: ``python -m backend serve`` runs N uvicorn worker processes behind one socket.

Each worker is its own process that imports :func:`worker_app` and builds its own app (engine,
pools, job queue client), so the workers share nothing but the database and the document store:
any of them can serve any request. Nothing is migrated or seeded here (``python -m backend
migrate`` is its own step, run once per release before the workers start; ``/ready`` answers 503
until the schema is at head).

On SIGTERM the uvicorn supervisor passes SIGTERM to every worker; each stops accepting
connections, lets in-flight requests finish for up to ``RECOUP_GRACEFUL_SHUTDOWN_SECONDS``, then
runs the app's shutdown (the mail pump and job client close, the engine is disposed). SIGHUP
replaces the workers one by one without dropping the socket.
"""

from __future__ import annotations

import logging

from litestar import Litestar

from backend.logs import configure_logging
from backend.settings import Settings, get_settings

APP_FACTORY = "backend.serving:worker_app"
WORKER_START_SECONDS = 60
"""How long a worker may take to start, or to answer the supervisor's health check, before it is replaced."""
KEEP_ALIVE_SECONDS = 65
"""How long an idle keep-alive connection stays open. Longer than its clients keep one (httpx 5 s, browsers and
load balancers up to 60 s): with uvicorn's 5 s a client reused a connection the server was closing at the same
moment and got no answer (a ReadError in the 50-person load); behind a load balancer that is a 502."""
log = logging.getLogger("recoup.serve")


def server_app(settings: Settings) -> Litestar:
    """The app as a long-running server process holds it: built, then its heap frozen (``backend.heap``)."""
    from backend.app import create_app
    from backend.heap import FreezeAfterWarmUp, freeze_heap

    app = create_app(settings)
    app.asgi_handler = FreezeAfterWarmUp(app.asgi_handler)
    freeze_heap()
    return app


def worker_app() -> Litestar:
    """What uvicorn calls in each worker process: logging as the settings say, then the app."""
    settings = get_settings()
    configure_logging(settings)
    return server_app(settings)


def _check_trusted_documents(settings: Settings) -> None:
    """Refuse to start here, once, on a manifest the app cannot run from: in a worker, uvicorn would restart it."""
    from backend.graphql.trusted_documents import for_settings
    from backend.schema import build_schema

    for_settings(settings, build_schema(production=settings.is_production))


def serve(settings: Settings | None = None, *, app_factory: str = APP_FACTORY) -> None:
    """Run ``settings.workers`` app workers on ``settings.host:settings.port`` until SIGTERM or SIGINT.

    ``app_factory`` names what each worker imports; the load benchmark passes its own (this app plus a baseline route).
    """
    import uvicorn

    settings = settings or get_settings()
    settings.check()
    configure_logging(settings)
    _check_trusted_documents(settings)
    log.info(
        "serving",
        extra={
            "host": settings.host,
            "port": settings.port,
            "workers": settings.workers,
            "jobs": settings.jobs,
            "document_store": settings.document_store,
        },
    )
    uvicorn.run(
        app_factory,
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=settings.workers,
        log_config=None,
        access_log=False,
        timeout_graceful_shutdown=settings.graceful_shutdown_seconds,
        proxy_headers=bool(settings.forwarded_allow_ips),
        forwarded_allow_ips=settings.forwarded_allow_ips or None,
        server_header=False,
        timeout_keep_alive=KEEP_ALIVE_SECONDS,
        # uvicorn's default (5 s) restarts a worker that has not finished importing and building the app within
        # 5 s: on a loaded 2-core machine that is every worker, forever (seen under the load suite).
        timeout_worker_healthcheck=WORKER_START_SECONDS,
    )
