"""Ids clients see are UUIDs with 74 random bits (version 7: the time they were made, then random bits), and looking one up goes through the tenant scope (SECURITY.md B12).

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
from backend.db.ids import _RANDOM, _VERSION_AND_VARIANT, _made, new_id
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
        assert id_column.default is not None and id_column.default.arg.__name__ == "new_id", table.name  # type: ignore[attr-defined]


def test_an_id_is_the_millisecond_it_was_made_then_74_random_bits() -> None:
    made = [new_id() for _ in range(2000)]
    assert all(i.version == 7 and i.variant == uuid.RFC_4122 for i in made)
    assert len(set(made)) == len(made)
    # Ids of the same millisecond share the time and nothing else a guesser could use: no counter, no sequence.
    same_ms = [i for i in made if i.int >> 80 == made[0].int >> 80]
    randoms = [i.int & _RANDOM for i in same_ms]
    assert len(set(randoms)) == len(randoms)
    assert _RANDOM.bit_count() == 74
    assert _made(0, (1 << 80) - 1).int == _VERSION_AND_VARIANT | _RANDOM  # every random bit lands in a free one
    # A later millisecond sorts after: a bulk insert appends to the primary key's index.
    assert _made(1_800_000_000_001, 0) > _made(1_800_000_000_000, (1 << 80) - 1)


def test_the_integer_keyed_tables_have_no_id_in_the_api() -> None:
    schema = build_schema(schema_sdl())
    for type_name in ("CashApplicationSettings", "ExternalReasonCode", "AuditEntry"):
        assert "id" not in schema.type_map[type_name].fields  # type: ignore[attr-defined]
    assert "node" not in schema.query_type.fields  # type: ignore[union-attr]


async def test_ids_in_answers_are_random_uuids_and_a_made_up_one_finds_nothing(api: Api) -> None:
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
    # Made by the server: version 7; the demo book's own (seeded, the same on every run): version 4.
    assert ids and all(uuid.UUID(value).version in (4, 7) for value in ids)
    assert any(uuid.UUID(value).version == 7 for value in ids)
    guessed: Any = await api.graphql("query($id: ID!) { invoice(id: $id) { id } }", {"id": str(uuid.uuid4())})
    assert guessed == {"data": {"invoice": None}}
