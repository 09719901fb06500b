"""Logs: one JSON object a line (production) or text for people (development), from every logger.

Our code logs with the standard library (``logging.getLogger("recoup.…")``), and so do uvicorn and
procrastinate; structlog's ``ProcessorFormatter`` on the one root handler renders all of them the
same way. What :func:`bound` binds (the request id of the request being served, the job id of the
job being worked) is on every line written while it is bound: contextvars, so one request's or
job's id never leaks into another's (each runs in its own asyncio task).

Nothing here logs headers, cookies, tokens, passwords or bodies; callers pass only what they name.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator, MutableMapping
from contextlib import contextmanager
from typing import Any

import structlog

from backend.settings import Settings

# stdlib record attributes that ExtraAdder would otherwise copy as if the caller had passed them.
_NOISE = ("color_message",)


def _drop_noise(_: Any, __: str, event: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    for key in _NOISE:
        event.pop(key, None)
    return event


def _job_id_on_top(_: Any, __: str, event: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    """procrastinate puts the job in ``job: {id, …}``; give its lines the same ``job_id`` as ours."""
    job = event.get("job")
    if "job_id" not in event and isinstance(job, dict) and job.get("id") is not None:
        event["job_id"] = job["id"]
    return event


def configure_logging(settings: Settings, *, default_level: str = "INFO") -> None:
    """Send every logger's records to stderr in ``settings.log_format``; idempotent (a worker calls it again)."""
    shared: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True, key="time"),
        structlog.stdlib.ExtraAdder(),
        _drop_noise,
        _job_id_on_top,
    ]
    if settings.log_format == "json":
        rendering: list[Any] = [
            structlog.processors.format_exc_info,
            structlog.processors.JSONRenderer(default=str),
        ]
    else:
        # Plain tracebacks: rich's, with every frame's local variables, cost ~0.8 s of CPU per logged GraphQL error.
        rendering = [structlog.dev.ConsoleRenderer(colors=False, exception_formatter=structlog.dev.plain_traceback)]
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=shared,
            processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, *rendering],
        )
    )
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(settings.log_level or default_level)
    # uvicorn's access log is replaced by ours (backend/web/request_log.py), which carries the request id.
    logging.getLogger("uvicorn.access").disabled = True
    for name in ("uvicorn", "uvicorn.error", "procrastinate"):
        logging.getLogger(name).handlers.clear()
        logging.getLogger(name).propagate = True
    # Alembic says which of its plugins it loaded whenever it is imported (readiness imports it).
    logging.getLogger("alembic").setLevel(logging.WARNING)


@contextmanager
def bound(**values: Any) -> Iterator[None]:
    """Put ``values`` on every log line written inside the block (in this task and the tasks it starts)."""
    with structlog.contextvars.bound_contextvars(**values):
        yield
