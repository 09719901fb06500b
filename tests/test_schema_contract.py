"""The committed schema.graphql is the contract, and customer inputs carry nothing they must not set (SECURITY.md A6, B11)."""

from __future__ import annotations

from graphql import (
    GraphQLInputObjectType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLUnionType,
    build_schema,
)

from backend.archive.schema import ArchiveMutation, ArchiveQuery
from backend.graphql.queries import SharedQuery
from backend.portal.schema import PortalMutation, PortalQuery
from backend.schema import schema_sdl
from backend.settings import PROJECT_ROOT

FORBIDDEN = {
    "accountId",
    "accountIds",
    "account",
    "status",
    "isInternal",
    "internal",
    "createdById",
    "assigneeId",
    "version",
}


def test_committed_schema_is_current() -> None:
    committed = (PROJECT_ROOT / "schema.graphql").read_text()
    assert committed == schema_sdl(), "schema.graphql is stale: run `make schema` and commit it"


def _customer_fields() -> dict[str, set[str]]:
    def names(cls: type) -> set[str]:
        return {f.graphql_name or _camel(f.python_name) for f in cls.__strawberry_definition__.fields}  # type: ignore[attr-defined]

    return {
        "Query": names(SharedQuery) | names(ArchiveQuery) | names(PortalQuery),
        "Mutation": names(PortalMutation) | names(ArchiveMutation),
    }


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def _unwrap(type_):  # type: ignore[no-untyped-def]
    while isinstance(type_, GraphQLNonNull | GraphQLList):
        type_ = type_.of_type
    return type_


def test_no_customer_input_lets_a_customer_set_an_account_status_or_internal_field() -> None:
    schema = build_schema(schema_sdl())
    seen: dict[str, GraphQLInputObjectType] = {}
    pending = []
    for root_name, fields in _customer_fields().items():
        root = schema.get_type(root_name)
        for field_name in fields:
            for arg_name, arg in root.fields[field_name].args.items():  # type: ignore[union-attr]
                # a filter on status, not a way to set one
                assert arg_name not in FORBIDDEN or (root_name, field_name, arg_name) in {
                    ("Query", "disputes", "status"),
                    ("Query", "orders", "status"),
                }
                pending.append(_unwrap(arg.type))
    while pending:
        type_ = pending.pop()
        if isinstance(type_, GraphQLInputObjectType) and type_.name not in seen:
            seen[type_.name] = type_
            pending.extend(_unwrap(f.type) for f in type_.fields.values())
    assert {"FileDisputeInput", "DisputedLineInput", "InvoiceFilter", "DocumentUploadInput"} <= set(seen)
    for name, type_ in seen.items():
        exposed = FORBIDDEN & set(type_.fields)
        if name == "InvoiceFilter":
            exposed -= {"status"}  # a filter on status, not a way to set one
        assert not exposed, f"customer input {name} exposes {exposed}"


STAFF_VIEWS = {"Case", "CaseMessage", "CaseFlag", "AuditEntry", "CaseSummary"}
STAFF_FIELDS = {"assigneeId", "assigneeName", "flags", "auditTrail", "version", "suggestedDocuments", "remittance"}


def _reachable_from_customer_fields(schema):  # type: ignore[no-untyped-def]
    seen: dict[str, object] = {}
    pending = [
        _unwrap(schema.get_type(root).fields[name].type) for root, names in _customer_fields().items() for name in names
    ]
    while pending:
        type_ = pending.pop()
        if type_.name in seen:
            continue
        seen[type_.name] = type_
        if isinstance(type_, GraphQLObjectType):
            pending.extend(_unwrap(f.type) for f in type_.fields.values())
        if isinstance(type_, GraphQLUnionType):
            pending.extend(type_.types)
    return seen


def test_customers_get_a_dispute_view_without_the_staff_fields_of_a_case() -> None:
    schema = build_schema(schema_sdl())
    reachable = _reachable_from_customer_fields(schema)

    # the staff views exist, with their staff fields, and no customer field leads to them
    assert STAFF_VIEWS <= set(schema.type_map)
    assert STAFF_FIELDS - {"remittance"} <= set(schema.type_map["Case"].fields)  # type: ignore[attr-defined]
    assert "isInternal" in schema.type_map["CaseMessage"].fields  # type: ignore[attr-defined]
    assert not STAFF_VIEWS & set(reachable)
    # the customer's own views of the same records carry none of those fields
    assert {"Dispute", "DisputeMessage", "Invoice"} <= set(reachable)
    for name, type_ in reachable.items():
        if isinstance(type_, GraphQLObjectType):
            assert not STAFF_FIELDS & set(type_.fields), f"customer view {name} has staff fields"
    assert "isInternal" not in schema.type_map["DisputeMessage"].fields  # type: ignore[attr-defined]


def test_every_mutation_answers_its_expected_failures_as_typed_results() -> None:
    schema = build_schema(schema_sdl())
    mutation = schema.mutation_type
    assert mutation is not None
    for name, field in mutation.fields.items():
        result = _unwrap(field.type)
        if isinstance(result, GraphQLUnionType):
            members = {member.name for member in result.types}
            assert "InvalidInputResult" in members and "NotFoundResult" in members, f"{name} answers {members}"
            assert all("message" in m.fields or "errors" in m.fields for m in result.types if m.name.endswith("Result"))
        else:
            # bulk actions answer per case: what succeeded and, typed, what failed
            assert isinstance(result, GraphQLObjectType) and "failed" in result.fields, f"{name} answers {result}"
            assert {"caseId", "message"} <= set(_unwrap(result.fields["failed"].type).fields)  # type: ignore[attr-defined]
