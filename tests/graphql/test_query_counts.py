"""A page of invoices costs the same number of SQL statements whatever its size (no N+1)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event

from tests.support.api import Api

PAGE = """query($first: Int!) { invoices(first: $first) {
  totalCount edges { node { number status account { name } lines { sku amount } } } } }"""


async def _statements_for(api: Api, app: Any, first: int) -> int:
    engine = app.state.engine.sync_engine
    statements: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        result = await api.graphql(PAGE, {"first": first})
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(result["data"]["invoices"]["edges"]) == first
    return len(statements)


async def test_statement_count_does_not_grow_with_page_size(api: Api, app: Any) -> None:
    await api.login("clerk@recoup.example")
    await api.graphql("{ viewer { email } }")  # warm the session look-up path

    small = await _statements_for(api, app, 10)
    large = await _statements_for(api, app, 100)

    assert small == large
    assert large <= 6  # session, count, page, lines, accounts (+ a session touch at most)


SEARCH = """query($q: String!, $first: Int!) { searchDocuments(query: $q, first: $first) {
  totalCount edges { node { id filename documentType readStatus downloadUrl } snippet { text highlighted } } } }"""


async def test_a_page_of_search_results_costs_the_same_statements_whatever_its_size(
    api: Api, app: Any, factory: Any
) -> None:
    await api.login("clerk@recoup.example")
    account = await factory.account()
    word = "zqcount" + account.number.replace("-", "").lower()
    for n in range(25):
        await factory.document(account.id, text=f"{word} delivery note {n}")
    await api.graphql("{ viewer { email } }")

    def counted(first: int) -> Any:
        engine = app.state.engine.sync_engine
        statements: list[str] = []

        def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
            statements.append(statement)

        async def run() -> int:
            event.listen(engine, "before_cursor_execute", count)
            try:
                result = await api.graphql(SEARCH, {"q": word, "first": first})
            finally:
                event.remove(engine, "before_cursor_execute", count)
            assert len(result["data"]["searchDocuments"]["edges"]) == first
            return len(statements)

        return run()

    small, large = await counted(5), await counted(25)
    assert small == large
    assert large <= 6  # session, plan mode, search (count, window, snippets), documents (+ a session touch at most)
