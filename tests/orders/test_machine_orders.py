"""Orders and deliveries through the machine API: the ``orders:import`` scope, the same report as the console's."""

from __future__ import annotations

from typing import Any

from tests.machine.test_machine_api import admin_api, new_client, token
from tests.orders.feeds import DELIVERY_HEADER, ORDER_HEADER, delivery_row, order_row
from tests.support.api import Api
from tests.support.factories import unique


async def test_a_client_with_the_orders_scope_sends_orders_and_deliveries_and_one_without_is_refused(
    api: Api, api_factory: Any, factory: Any
) -> None:
    admin = await admin_api(api_factory, factory)
    account = await factory.account()
    order, delivery = unique("SO-"), unique("DL-")
    orders = ORDER_HEADER + order_row(order, account.number, 1, "CF-1", "5", "4.00")
    deliveries = DELIVERY_HEADER + delivery_row(delivery, order, 1, "5")

    invoices_only = await new_client(admin, ["invoices:import"])
    narrow = (await token(api.http, invoices_only)).json()["access_token"]
    refused = await api.http.post(
        "/api/machine/orders",
        content=orders.encode(),
        headers={"content-type": "text/csv", "Authorization": f"Bearer {narrow}"},
    )
    assert refused.status_code == 403
    assert 'scope="orders:import"' in refused.headers["www-authenticate"]

    erp = await new_client(admin, ["orders:import"])
    access = (await token(api.http, erp)).json()["access_token"]
    headers = {"content-type": "text/csv", "Authorization": f"Bearer {access}"}
    sent = await api.http.post("/api/machine/orders", content=orders.encode(), headers=headers)
    assert sent.status_code == 200 and sent.json()["created"] == 1
    shipped = await api.http.post("/api/machine/deliveries", content=deliveries.encode(), headers=headers)
    assert shipped.status_code == 200 and shipped.json()["created"] == 1
    again = await api.http.post("/api/machine/deliveries", content=deliveries.encode(), headers=headers)
    assert again.json()["unchanged"] == 1
    bad = await api.http.post(
        "/api/machine/deliveries",
        content=(DELIVERY_HEADER + delivery_row(unique("DL-"), "NO-SUCH", 1, "5")).encode(),
        headers=headers,
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["row"] == 2
