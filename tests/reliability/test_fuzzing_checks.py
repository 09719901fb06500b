"""The generated-operations checks catch what they claim to: a 5xx, a masked resolver error, a leaked id."""

from __future__ import annotations

import httpx

from tests.reliability.fuzzing import _server_error, run_role

A_ID = "0b9d1c2e-1111-4aaa-8bbb-000000000001"


def _answer(status: int, body: str) -> httpx.Response:
    return httpx.Response(status, text=body, headers={"content-type": "application/json"})


def test_server_errors_are_5xx_masked_errors_and_bodies_that_are_not_graphql() -> None:
    assert _server_error(_answer(500, '{"code": "server_error"}')) == "5xx"
    assert _server_error(_answer(200, '{"data": null, "errors": [{"message": "Unexpected error."}]}')) == (
        "masked server error"
    )
    assert _server_error(_answer(200, "<html>oops</html>")) == "not JSON"
    assert _server_error(_answer(200, '{"detail": "x"}')) == "not a GraphQL response"
    assert _server_error(_answer(200, '{"data": null, "errors": [{"message": "Sign in to continue."}]}')) is None
    assert _server_error(_answer(200, '{"data": {"invoice": null}}')) is None


def test_an_id_of_another_tenant_in_an_answer_is_a_leak_unless_the_query_named_it() -> None:
    def leaky(request: httpx.Request) -> httpx.Response:
        named = A_ID in request.content.decode()
        body = '{"data": {"viewer": null}}' if named else f'{{"data": {{"invoice": {{"id": "{A_ID}"}}}}}}'
        return httpx.Response(200, text=body)

    with httpx.Client(base_url="http://test", transport=httpx.MockTransport(leaky)) as http:
        run = run_role(http, "customer_b", operations=61, known_ids=[A_ID], foreign_ids=frozenset({A_ID}), run_seed=1)
    assert run.operations >= 61
    assert run.leaks and not run.server_errors
    assert all(A_ID not in f.query for f in run.leaks)
