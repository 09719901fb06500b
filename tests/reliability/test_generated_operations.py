"""Schemathesis against schema.graphql, once per role: no server errors, and a customer never sees tenant A.

``RECOUP_RELIABILITY_EXAMPLES`` operations per role (default 500; ``make test`` runs fewer). Roles run
from the least to the most powerful, so an administrator's generated changes (deactivated users,
other limits) come after the others' runs; this module runs after the other reliability tests
(``conftest.py`` orders it last), as it changes whatever the schema lets each role change.
"""

from __future__ import annotations

import asyncio
import os

import httpx
import pytest

from tests.reliability.conftest import TenantIds, read_tenant_ids
from tests.reliability.fuzzing import RoleRun, run_role
from tests.support.live_server import LiveServer, plain_postgres_url

OPERATIONS_PER_ROLE = int(os.environ.get("RECOUP_RELIABILITY_EXAMPLES", "500"))
ROLES = ["anonymous", "customer_b", "ar_clerk", "collector", "credit_manager", "admin"]
TABLES_WITH_IDS = [
    "invoices",
    "invoice_lines",
    "disputes",
    "documents",
    "messages",
    "payments",
    "credit_memos",
    "users",
    "customer_accounts",
    "routing_rules",
    "resolution_rules",
    "promotions",
    "api_clients",
    "saved_views",
    "external_reason_codes",
    "remittance_imports",
    "remittance_lines",
]


async def _known_ids(database_url: str, tenant_a: TenantIds) -> list[str]:
    """Up to 40 ids of each table (every tenant), and all of tenant A's disputes, documents and messages."""
    import asyncpg

    conn = await asyncpg.connect(plain_postgres_url(database_url))
    try:
        found: set[str] = set()
        for table in TABLES_WITH_IDS:
            rows = await conn.fetch(f"SELECT id::text FROM {table} ORDER BY random() LIMIT 40")
            found.update(row[0] for row in rows)
    finally:
        await conn.close()
    return sorted(found | tenant_a.disputes | tenant_a.documents | tenant_a.messages | tenant_a.credit_memos)


@pytest.fixture(scope="module")
def known_ids(live_server: LiveServer, tenant_a: TenantIds) -> list[str]:
    return asyncio.run(_known_ids(live_server.database_url, tenant_a))


@pytest.fixture(scope="module")
def not_contoso(live_server: LiveServer, tenant_a: TenantIds) -> frozenset[str]:
    """What Contoso (tenant B) must never be shown: Northwind's and Fabrikam's ids."""
    fabrikam = asyncio.run(read_tenant_ids(live_server.database_url, "ap@fabrikam.example"))
    return tenant_a.all | fabrikam.all


@pytest.mark.parametrize("role", ROLES)
def test_generated_operations_get_no_server_error(
    role: str,
    live_server: LiveServer,
    known_ids: list[str],
    not_contoso: frozenset[str],
    reliability_report: list[str],
) -> None:
    signed_in = live_server.sign_in(role)
    foreign = not_contoso if role == "customer_b" else frozenset()
    with httpx.Client(
        base_url=live_server.base_url, cookies=signed_in.cookies, headers=signed_in.headers, timeout=60
    ) as http:
        run: RoleRun = run_role(http, role, operations=OPERATIONS_PER_ROLE, known_ids=known_ids, foreign_ids=foreign)
    reliability_report.append("schemathesis " + run.summary())
    assert run.operations >= OPERATIONS_PER_ROLE
    assert not run.server_errors, "\n\n".join(str(f) for f in run.server_errors[:10]) + (
        f"\n\napp log:\n{live_server.log_tail('app', 60)}"
    )
    assert not run.leaks, "\n\n".join(str(f) for f in run.leaks[:10])
