"""Generated GraphQL operations (schemathesis) sent to the live server, and what counts as a failure.

The schema comes from ``schema.graphql`` (production turns introspection off). Schemathesis
builds each operation's query from it with Hypothesis, valid ones and ones with wrong values; the
ids it puts in come mostly from the database (every tenant's records, staff, settings), so the
queries reach real rows, including another tenant's. A response fails when the server erred (a
5xx, a masked ``Unexpected error.``, a body that is not GraphQL's JSON) or, for a customer, when it
carries an id of another tenant's record that the request did not name itself.
"""

from __future__ import annotations

import json
import random
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import graphql
import httpx
import schemathesis
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.graphql import nodes

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "schema.graphql"
MASKED_MESSAGE = "Unexpected error."  # backend/graphql/limits.py: what a resolver's unexpected exception becomes
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
NEGATIVE_SHARE = 4  # one example in four carries values of the wrong type or shape

_DECIMAL_EDGES = ["0", "0.00", "-0.01", "0.001", "1e3", "NaN", "Infinity", "-Infinity", "", " 1", "1,000", "1.2.3"]
_DECIMAL_EDGES += ["999999999999.99", "1000000000000.00", "9999999999999999.9999", "00000000000000001"]


def _json_values() -> st.SearchStrategy[graphql.ValueNode]:
    """Any JSON value as a GraphQL literal: what a saved view's filter or an audit entry might hold."""
    leaves = st.one_of(
        st.text(max_size=12).map(nodes.String),
        st.integers(min_value=-(10**12), max_value=10**12).map(nodes.Int),
        st.booleans().map(lambda b: graphql.BooleanValueNode(value=b)),
        st.just(graphql.NullValueNode()),
    )

    def objects(children: st.SearchStrategy[graphql.ValueNode]) -> st.SearchStrategy[graphql.ValueNode]:
        keys = st.sampled_from(["status", "assignee", "reason", "search", "amountMin", "x"]) | st.text(max_size=8)
        fields = st.dictionaries(keys, children, max_size=4).map(
            lambda d: [graphql.ObjectFieldNode(name=graphql.NameNode(value=k), value=v) for k, v in d.items()]
        )
        return fields.map(nodes.Object) | st.lists(children, max_size=4).map(nodes.List)

    return st.recursive(leaves, objects, max_leaves=8)


def register_scalars(known_ids: list[str]) -> None:
    """Strategies for the schema's own scalars, and ids that mostly exist (the rest random or malformed)."""
    decimals = st.decimals(min_value=-(10**13), max_value=10**13, places=2, allow_nan=False, allow_infinity=False)
    schemathesis.graphql.scalar(
        "Decimal", st.one_of(decimals.map(lambda d: format(d, "f")), st.sampled_from(_DECIMAL_EDGES)).map(nodes.String)
    )
    schemathesis.graphql.scalar("JSON", _json_values())
    ids = st.sampled_from(sorted(known_ids)) if known_ids else st.nothing()
    schemathesis.graphql.scalar(
        "ID",
        st.one_of(ids, ids, ids, st.uuids().map(str), st.text(max_size=40)).map(nodes.String),
    )


@dataclass
class Finding:
    operation: str
    kind: str
    query: str
    status: int
    body: str

    def __str__(self) -> str:
        return f"{self.operation}: {self.kind} (HTTP {self.status})\n  query: {self.query}\n  answer: {self.body[:600]}"


@dataclass
class RoleRun:
    """What one role's run sent and saw."""

    role: str
    operations: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    outcomes: Counter[str] = field(default_factory=Counter)
    """answered (data, no errors), typed refusal (a result type like NotFoundResult), error (GraphQL errors)."""
    per_operation: Counter[str] = field(default_factory=Counter)
    findings: list[Finding] = field(default_factory=list)
    seconds: float = 0.0
    seed: int = 0

    @property
    def server_errors(self) -> list[Finding]:
        return [f for f in self.findings if f.kind != "tenant leak"]

    @property
    def leaks(self) -> list[Finding]:
        return [f for f in self.findings if f.kind == "tenant leak"]

    def summary(self) -> str:
        codes = ", ".join(f"{code}: {n}" for code, n in sorted(self.statuses.items()))
        codes += "; " + ", ".join(f"{what} {n}" for what, n in self.outcomes.most_common())
        return (
            f"{self.role:15} {self.operations} operations over {len(self.per_operation)} fields in {self.seconds:.0f} s "
            f"(seed {self.seed}; HTTP {codes}); {len(self.server_errors)} server errors, {len(self.leaks)} tenant leaks"
        )


REFUSALS = ("InvalidInputResult", "NotFoundResult", "ConflictResult", "NotPermittedResult", "RateLimitedResult")


def _outcome(response: httpx.Response) -> str:
    try:
        payload = response.json()
    except ValueError:
        return "not JSON"
    if payload.get("errors"):
        return "errors" if payload.get("data") is None else "partial"
    return "typed refusal" if any(name in response.text for name in REFUSALS) else "answered"


def _server_error(response: httpx.Response) -> str | None:
    if response.status_code >= 500:
        return "5xx"
    try:
        payload = response.json()
    except ValueError:
        return "not JSON"
    if not isinstance(payload, dict) or not ({"data", "errors"} & payload.keys()):
        return "not a GraphQL response"
    if any(isinstance(e, dict) and e.get("message") == MASKED_MESSAGE for e in payload.get("errors") or []):
        return "masked server error"
    return None


def run_role(
    http: httpx.Client,
    role: str,
    *,
    operations: int,
    known_ids: list[str],
    foreign_ids: frozenset[str] = frozenset(),
    run_seed: int | None = None,
) -> RoleRun:
    """Send at least ``operations`` generated operations, spread evenly over every field of the schema.

    ``known_ids``: the ids generated queries mostly use; ``foreign_ids``: ids this role must never be
    shown (checked only when given).
    """
    register_scalars(known_ids)
    loaded = schemathesis.graphql.from_path(SCHEMA_FILE)
    fields = [result.ok() for result in loaded.get_all_operations()]
    run = RoleRun(role=role, seed=random.randrange(2**32) if run_seed is None else run_seed)
    started = time.monotonic()

    def send(label: str, query: str) -> None:
        response = http.post("/graphql", json={"query": query})
        run.operations += 1
        run.per_operation[label] += 1
        run.statuses[response.status_code] += 1
        run.outcomes[_outcome(response)] += 1
        kind = _server_error(response)
        if kind is None and foreign_ids:
            leaked = (set(UUID.findall(response.text)) & foreign_ids) - set(UUID.findall(query))
            kind = "tenant leak" if leaked else None
        if kind is not None:
            run.findings.append(Finding(label, kind, query, response.status_code, response.text))

    rounds = 0
    while run.operations < operations and rounds < 3:  # a field whose examples run out is topped up by the others
        rounds += 1
        per_field = -(-(operations - run.operations) // len(fields))
        for index, operation in enumerate(fields):
            negatives = per_field // NEGATIVE_SHARE
            for mode, examples in (
                (GenerationMode.POSITIVE, per_field - negatives),
                (GenerationMode.NEGATIVE, negatives),
            ):
                if examples:
                    _generate(operation, mode, examples, run.seed + 1000 * rounds + index, send)
    run.seconds = time.monotonic() - started
    return run


def _generate(operation: Any, mode: GenerationMode, examples: int, example_seed: int, send: Any) -> None:
    """``examples`` queries of one field; a field with nothing to get wrong (no arguments) has no negative ones."""

    @seed(example_seed)
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def generated(case: Any) -> None:
        send(operation.label, case.body if isinstance(case.body, str) else json.dumps(case.body))

    try:
        generated()
    except Unsatisfiable:
        if mode is GenerationMode.POSITIVE:
            raise
