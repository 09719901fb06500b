"""SQL functions the two databases spell differently, compiled for each (SQLAlchemy's ``@compiles``)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import BigInteger, Date
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


class utc_day(FunctionElement[Any]):  # noqa: N801 - reads as a SQL function
    """The UTC calendar day of a timestamp (the timestamps are stored in UTC)."""

    type = Date()
    inherit_cache = True


@compiles(utc_day, "postgresql")
def _utc_day_postgresql(element: utc_day, compiler: Any, **kw: Any) -> str:
    return f"CAST(({compiler.process(element.clauses, **kw)}) AT TIME ZONE 'UTC' AS DATE)"


@compiles(utc_day, "sqlite")
def _utc_day_sqlite(element: utc_day, compiler: Any, **kw: Any) -> str:
    return f"date({compiler.process(element.clauses, **kw)})"


class elapsed_ms(FunctionElement[Any]):  # noqa: N801 - reads as a SQL function
    """Whole milliseconds from the first timestamp to the second."""

    type = BigInteger()
    inherit_cache = True


@compiles(elapsed_ms, "postgresql")
def _elapsed_ms_postgresql(element: elapsed_ms, compiler: Any, **kw: Any) -> str:
    start, end = (compiler.process(c, **kw) for c in element.clauses)
    return f"CAST(floor(extract(epoch FROM ({end}) - ({start})) * 1000) AS BIGINT)"


@compiles(elapsed_ms, "sqlite")
def _elapsed_ms_sqlite(element: elapsed_ms, compiler: Any, **kw: Any) -> str:
    start, end = (compiler.process(c, **kw) for c in element.clauses)
    return f"CAST(round((julianday({end}) - julianday({start})) * 86400000) AS INTEGER)"
