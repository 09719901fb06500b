"""Files that arrive in a request, for the import routes: the raw body spooled, an upload in chunks, a form flag."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from typing import IO, Any

from litestar import Request, Response

from backend.web.problems import problem

CHUNK = 64 * 1024
SPOOL_IN_MEMORY = 1024 * 1024


def is_true(value: object) -> bool:
    """A form or query flag: ``1``, ``true``, ``yes`` or ``on`` (any case)."""
    return isinstance(value, str) and value.strip().lower() in {"1", "true", "yes", "on"}


def file_chunks(handle: IO[bytes]) -> Iterator[bytes]:
    """An open file from its start, in chunks (never read whole into memory)."""
    handle.seek(0)
    while chunk := handle.read(CHUNK):
        yield chunk


async def spooled_body(request: Request[Any, Any, Any], *, max_bytes: int, too_large: str) -> IO[bytes] | Response[Any]:
    """The raw request body in a spooled temporary file (memory up to 1 MB, then disk), or 413 past ``max_bytes``.
    The caller closes it."""
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > max_bytes:
            spool.close()
            return problem(413, "too_large", too_large)
        spool.write(chunk)
    spool.seek(0)
    return spool
