"""``column IN (values)`` that compiles once: on PostgreSQL one array parameter, ``= ANY(:values)``.

SQLAlchemy renders an IN list as one bound parameter per value, each time the statement runs, and
every new list length is a new SQL text that PostgreSQL prepares again. A page's batch reads (the
flags, lines or documents of 50 rows) and the queue's filters pass lists: with an array parameter the
statement text is the same for every list, its compiled form and its prepared statement are reused,
and nothing is rendered per value. SQLite has no arrays and keeps the IN list.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import ARRAY, ColumnElement, any_, bindparam
from sqlalchemy.ext.asyncio import AsyncSession


def among(session: AsyncSession, column: Any, values: Iterable[Any]) -> ColumnElement[bool]:
    """``column`` is one of ``values``, as the session's database reads a list best."""
    listed = list(values)
    if session.get_bind().dialect.name == "postgresql":
        parameter = bindparam(None, listed, type_=ARRAY(column.type))
        condition = column == any_(parameter)
        # ``any_`` memoizes the parameter's comparator on it, and the comparator refers back to the parameter:
        # a reference cycle that would keep the values (a page's ids) for the cyclic collector. The finished
        # condition never asks for the comparator again.
        parameter.__dict__.pop("comparator", None)
        return condition  # type: ignore[no-any-return]
    return column.in_(listed)  # type: ignore[no-any-return]


def among_parameter(dialect: str, column: Any, name: str) -> ColumnElement[bool]:
    """``column`` is one of the list bound as ``name``, for statements built once and run with parameters."""
    if dialect == "postgresql":
        return column == any_(bindparam(name, type_=ARRAY(column.type)))  # type: ignore[no-any-return]
    return column.in_(bindparam(name, expanding=True))  # type: ignore[no-any-return]
