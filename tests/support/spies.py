"""Watching what runs: calls of an async function counted while it still does its work."""

from __future__ import annotations

from typing import Any

import pytest


def count_calls(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str) -> list[int]:
    """A list that grows by one at every call of the coroutine function ``owner.name`` (for this test)."""
    calls: list[int] = []
    real = getattr(owner, name)

    async def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return await real(*args, **kwargs)

    monkeypatch.setattr(owner, name, counted)
    return calls
