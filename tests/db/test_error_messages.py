"""Database errors end up in logs: they name the statement, never its values (e-mails, token digests, hashes)."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from backend.db.engine import make_engine


async def test_a_failing_statement_s_error_leaves_its_parameters_out(migrated: str) -> None:
    engine = make_engine(migrated)
    try:
        async with engine.connect() as connection:
            with pytest.raises(DBAPIError) as failure:
                await connection.execute(
                    text("SELECT * FROM no_such_table WHERE secret = :secret"), {"secret": "token-digest-4f2a"}
                )
    finally:
        await engine.dispose()

    message = str(failure.value)
    assert "no_such_table" in message
    assert "token-digest-4f2a" not in message
