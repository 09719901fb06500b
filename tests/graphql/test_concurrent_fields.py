"""Sibling root fields share the request's database session; one failing field must not hang the request."""

from __future__ import annotations

import asyncio
from typing import Any

from tests.support.api import Api


async def test_a_refused_field_beside_database_fields_answers_promptly(api: Api, factory: Any) -> None:
    clerk = await factory.user("ar_clerk")
    await api.login(clerk.email, "correct horse battery")
    query = "{ viewer { fullName } staffMembers { id } cases(first: 5) { totalCount } reasonCodes { code } }"

    result = await asyncio.wait_for(api.graphql(query), timeout=10)

    assert result["errors"][0]["message"] == "You are not allowed to do this."
    again = await asyncio.wait_for(api.graphql("{ cases(first: 2) { totalCount } staffMembers { id } }"), timeout=10)
    assert again["data"]["cases"]["totalCount"] >= 0


async def test_many_database_fields_in_one_request(api: Api) -> None:
    await api.login("credit@recoup.example")
    query = """{ viewer { fullName account { id } } staffMembers { id } cases(first: 3) { totalCount edges { node { id } } }
      invoices(first: 3) { totalCount edges { node { account { name } lines { sku } disputes { id } creditMemos { number } } } }
      dashboard { openCount } writeOffLimits { role } routingRules { id } savedViews { name } }"""
    result = await asyncio.wait_for(api.graphql(query), timeout=20)
    assert "errors" not in result, result
    assert result["data"]["cases"]["totalCount"] > 0 and len(result["data"]["invoices"]["edges"]) == 3
