"""Expected refusals are logged as information, one line; only real faults are errors with a traceback."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from sqlalchemy.exc import OperationalError

from backend.domain.invoices import service as invoices_service
from tests.support.api import Api


def _records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "strawberry.execution"]


async def test_a_bad_cursor_not_signed_in_and_a_typo_are_info_without_a_traceback(
    api: Api, factory: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="strawberry.execution")
    anonymous = await api.graphql("{ invoices { totalCount } }")
    user = await factory.user("ar_clerk")
    await api.login(user.email, "correct horse battery")
    bad_cursor = await api.graphql('{ invoices(after: "not-a-cursor") { totalCount } }')
    typo = await api.graphql("{ invoices { totalCont } }")

    assert anonymous["errors"] and bad_cursor["errors"] and typo["errors"]
    records = _records(caplog)
    assert len(records) == 3
    assert all(r.levelno == logging.INFO and r.exc_info is None for r in records), records
    assert any("paging cursor is not valid" in r.getMessage() for r in records)


async def test_a_fault_is_an_error_with_its_traceback(
    api: Api, factory: Any, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(*args: Any, **kwargs: Any) -> None:
        raise OperationalError("SELECT 1", {}, Exception("disk I/O error"))

    monkeypatch.setattr(invoices_service, "list_invoices", broken)
    user = await factory.user("ar_clerk")
    await api.login(user.email, "correct horse battery")
    caplog.set_level(logging.INFO, logger="strawberry.execution")

    answer = await api.graphql("{ invoices { totalCount } }")

    assert answer["errors"][0]["message"] == "Unexpected error."
    (record,) = _records(caplog)
    assert record.levelno == logging.ERROR and record.exc_info is not None
