"""The projecting executor (backend/graphql/executor.py) answers exactly what graphql-core's field-by-field path
answers — data, errors and their paths — while resolving plain objects without a field resolution each."""

from __future__ import annotations

import enum
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
import strawberry
from strawberry.extensions import ParserCache
from strawberry.schema.config import StrawberryConfig

from backend.graphql.executor import ProjectingExecutionContext, reads_only_context
from backend.graphql.scalars import DecimalScalar


@strawberry.enum
class Colour(enum.Enum):
    RED = "red"
    BLUE = "blue"


@strawberry.type
class Tag:
    code: str
    colour: Colour


@strawberry.type
class Row:
    id: strawberry.ID
    amount: Decimal
    due: date
    note: str | None
    tags: list[Tag]
    must: str  # non-null: a None here is an error

    @strawberry.field
    def shout(self) -> str:
        return self.must.upper()


@strawberry.type
class Page:
    total: int
    rows: list[Row]


def _rows(broken: bool = False) -> list[Row]:
    return [
        Row(
            id=strawberry.ID(str(n)),
            amount=Decimal(f"{n}.50"),
            due=date(2026, 12, n + 1),
            note=None if n % 2 else f"note {n}",
            tags=[Tag(code=f"T{n}", colour=Colour.RED), Tag(code="X", colour=Colour.BLUE)],
            must=None if broken and n == 2 else f"m{n}",  # type: ignore[arg-type]
        )
        for n in range(4)
    ]


@strawberry.type
class Query:
    @strawberry.field
    def page(self, broken: bool = False) -> Page:
        return Page(total=4, rows=_rows(broken))


def _schema(projecting: bool) -> strawberry.Schema:
    return strawberry.Schema(
        query=Query,
        config=StrawberryConfig(scalar_map={Decimal: DecimalScalar}),
        execution_context_class=ProjectingExecutionContext if projecting else None,
    )


QUERIES = [
    "{ page { total rows { id amount due note must tags { code colour } } } }",
    "{ page { __typename total rows { __typename id first: amount second: amount tags { colour } } } }",
    "query($skip: Boolean!) { page { rows { id note @skip(if: $skip) ...R } } } fragment R on Row { due tags { code } }",
    "{ page { rows { id shout tags { code } } } }",  # a field with a resolver in the selection
    "{ page(broken: true) { total rows { id must } } }",  # a None in a non-null field
    "{ page(broken: true) { rows { id tags { code } } } }",  # the broken field not asked: no error
]


@pytest.mark.parametrize("query", QUERIES)
async def test_the_projection_answers_what_graphql_core_answers(query: str) -> None:
    variables = {"skip": True}
    plain = await _schema(projecting=False).execute(query, variable_values=variables)
    projected = await _schema(projecting=True).execute(query, variable_values=variables)

    assert projected.data == plain.data
    assert [(e.message, e.path) for e in projected.errors or []] == [(e.message, e.path) for e in plain.errors or []]


async def test_plain_objects_are_not_resolved_field_by_field(monkeypatch: Any) -> None:
    calls: list[str] = []
    original = ProjectingExecutionContext.execute_field

    def counting(self: Any, parent_type: Any, source: Any, field_details_list: Any, *args: Any) -> Any:
        calls.append(field_details_list[0].node.name.value)
        return original(self, parent_type, source, field_details_list, *args)

    monkeypatch.setattr(ProjectingExecutionContext, "execute_field", counting)

    result = await _schema(projecting=True).execute("{ page { total rows { id amount tags { code colour } } } }")

    assert result.errors is None and len(result.data["page"]["rows"]) == 4  # type: ignore[index]
    assert calls == ["page"]  # one resolution for the root field; the 40 plain values below it, none


async def test_plans_shared_between_requests_follow_each_requests_variables() -> None:
    # given: a schema that parses each document once (as ours does), and one document whose fields a variable picks
    schema = strawberry.Schema(
        query=Query,
        config=StrawberryConfig(scalar_map={Decimal: DecimalScalar}),
        execution_context_class=ProjectingExecutionContext,
        extensions=[lambda: ParserCache(maxsize=8)],
    )
    plain = _schema(projecting=False)
    chosen = "query($skip: Boolean!) { page { rows { id note @skip(if: $skip) tags { code } } } }"
    fixed = "{ page { total rows { id amount tags { colour } } } }"

    # when / then: asked again and again, with the variable flipping, every answer is graphql-core's
    for skip in (True, False, True, False):
        got = await schema.execute(chosen, variable_values={"skip": skip})
        assert got.data == (await plain.execute(chosen, variable_values={"skip": skip})).data
        assert ("note" in got.data["page"]["rows"][0]) is not skip  # type: ignore[index]
    for _ in range(3):
        assert (await schema.execute(fixed)).data == (await plain.execute(fixed)).data


@strawberry.type
class Signed:
    name: str

    @strawberry.field
    @reads_only_context
    def link(self, info: strawberry.Info) -> str:
        return f"/{info.context['user']}/{self.name}"


@strawberry.type
class LinkQuery:
    @strawberry.field
    def signed(self) -> list[Signed]:
        return [Signed(name="a"), Signed(name="b")]


async def test_a_field_computed_from_the_request_context_is_projected_with_each_requests_context() -> None:
    # given: one parsed document, its plan shared between requests, and a field signed for the asking user
    schema = strawberry.Schema(
        query=LinkQuery,
        execution_context_class=ProjectingExecutionContext,
        extensions=[lambda: ParserCache(maxsize=8)],
    )
    plain = strawberry.Schema(query=LinkQuery)
    query = "{ signed { name link } }"

    # when: two users ask in turn
    answers = [(await schema.execute(query, context_value={"user": who})).data for who in ("ann", "bob", "ann")]

    # then: each gets links for themselves, as graphql-core's own path answers
    assert answers[0] == (await plain.execute(query, context_value={"user": "ann"})).data
    assert answers[1] == {"signed": [{"name": "a", "link": "/bob/a"}, {"name": "b", "link": "/bob/b"}]}
    assert answers[2] == answers[0]
