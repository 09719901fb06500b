"""The committed schema.graphql is the contract, and customer inputs carry nothing they must not set."""

from __future__ import annotations

from graphql import GraphQLInputObjectType, build_schema

from backend.schema import schema_sdl
from backend.settings import PROJECT_ROOT


def test_committed_schema_is_current() -> None:
    committed = (PROJECT_ROOT / "schema.graphql").read_text()
    assert committed == schema_sdl(), "schema.graphql is stale: run `make schema` and commit it"


def test_no_input_type_lets_a_client_set_an_account_status_or_internal_field() -> None:
    schema = build_schema(schema_sdl())
    forbidden = {"accountId", "account", "status_", "isInternal", "createdById", "version"}
    for type_ in schema.type_map.values():
        if isinstance(type_, GraphQLInputObjectType) and not type_.name.startswith("__"):
            assert not forbidden & set(type_.fields), f"{type_.name} exposes {forbidden & set(type_.fields)}"
