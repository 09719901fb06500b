"""Ids clients see are random UUIDs, and looking one up goes through the tenant scope (SECURITY.md B12).

There is no global ``node(id:)`` field: each by-id field (``invoice``, ``dispute``, ``case`` …) loads
through the scope, which the authorization matrix checks with another account's ids.
"""

from __future__ import annotations

import uuid
from typing import Any

from graphql import build_schema
from sqlalchemy import Uuid

import backend.domain.tables  # noqa: F401  (every table registered)
from backend.db.base import Base
from backend.schema import schema_sdl
from tests.support.api import Api

# Integer-keyed tables, none of which the API shows by that key: singletons and the audit chain's sequence.
NOT_PUBLIC = {"audit_chain_head", "cash_application_settings", "external_reason_codes"}


def test_every_id_column_is_a_random_uuid_made_by_the_server() -> None:
    for table in Base.metadata.sorted_tables:
        id_column = table.columns.get("id")
        if id_column is None or table.name in NOT_PUBLIC:
            continue
        assert id_column.primary_key and isinstance(id_column.type, Uuid), table.name
        assert id_column.default is not None and id_column.default.arg.__name__ == "uuid4", table.name  # type: ignore[attr-defined]


def test_the_integer_keyed_tables_have_no_id_in_the_api() -> None:
    schema = build_schema(schema_sdl())
    for type_name in ("CashApplicationSettings", "ExternalReasonCode", "AuditEntry"):
        assert "id" not in schema.type_map[type_name].fields  # type: ignore[attr-defined]
    assert "node" not in schema.query_type.fields  # type: ignore[union-attr]


async def test_ids_in_answers_are_version_4_uuids_and_a_made_up_one_finds_nothing(api: Api) -> None:
    await api.login("ap@northwind.example")
    page = await api.graphql("{ invoices(first: 5) { edges { node { id account { id } lines { id } } } } }")
    ids = [
        value
        for edge in page["data"]["invoices"]["edges"]
        for value in (
            edge["node"]["id"],
            edge["node"]["account"]["id"],
            *(line["id"] for line in edge["node"]["lines"]),
        )
    ]
    assert ids and all(uuid.UUID(value).version == 4 for value in ids)
    guessed: Any = await api.graphql("query($id: ID!) { invoice(id: $id) { id } }", {"id": str(uuid.uuid4())})
    assert guessed == {"data": {"invoice": None}}
