"""B2B purchase orders through GraphQL with a company user's customer token."""

import json
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from commerce_sdk import (
    AsyncCommerceClient,
    BearerToken,
    CommerceClient,
    CompanyUser,
    ConfigurationError,
    GraphQLError,
)

PAAS = "https://shop.example.com"


def po(n: int, updated: str = "2024-03-02 10:00:00") -> dict[str, Any]:
    return {
        "uid": f"UID{n}",
        "number": f"PO{n:05d}",
        "status": "APPROVED",
        "created_at": "2024-03-01 09:00:00",
        "updated_at": updated,
        "created_by": {"firstname": "Ana", "lastname": "Lopez", "email": "ana@example.com"},
        "order": {"number": f"0000{n}"},
        "quote": {
            "prices": {"grand_total": {"value": 12.5, "currency": "USD"}},
            "items": [
                {
                    "uid": f"Q{n}",
                    "quantity": 2,
                    "product": {"sku": "SKU-1", "name": "Widget"},
                    "prices": {
                        "price": {"value": 5, "currency": "USD"},
                        "row_total": {"value": 10, "currency": "USD"},
                    },
                }
            ],
        },
    }


class GraphQLServer:
    def __init__(self, pos: list[dict[str, Any]], *, page_size: int = 2) -> None:
        self.pos = pos
        self.valid = {"cust-1"}
        self.tokens_issued = 0
        self.queries: list[dict[str, Any]] = []
        self.auth_headers: list[str | None] = []
        self.store_headers: list[str | None] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/rest/all/V1/integration/customer/token":
            body = json.loads(request.content)
            assert "Authorization" not in request.headers
            if body != {"username": "buyer@acme.example", "password": "pw"}:
                return httpx.Response(401, json={"message": "The account sign-in was incorrect"})
            self.tokens_issued += 1
            token = f"cust-{self.tokens_issued}"
            self.valid = {token}
            return httpx.Response(200, json=token)
        assert request.url.path == "/graphql"
        self.auth_headers.append(request.headers.get("Authorization"))
        self.store_headers.append(request.headers.get("Store"))
        payload = json.loads(request.content)
        self.queries.append(payload)
        token = (request.headers.get("Authorization") or "").removeprefix("Bearer ")
        if token not in self.valid:
            return httpx.Response(
                200,
                json={
                    "errors": [
                        {
                            "message": "The current customer isn't authorized.",
                            "extensions": {"category": "graphql-authorization"},
                        }
                    ],
                    "data": {"customer": None},
                },
            )
        v = payload["variables"]
        size, page = v["pageSize"], v["currentPage"]
        total_pages = max(1, -(-len(self.pos) // size))
        page = min(page, total_pages)
        chunk = self.pos[(page - 1) * size : page * size]
        return httpx.Response(
            200,
            json={
                "data": {
                    "customer": {
                        "purchase_orders": {
                            "total_count": len(self.pos),
                            "page_info": {
                                "current_page": page,
                                "page_size": size,
                                "total_pages": total_pages,
                            },
                            "items": chunk,
                        }
                    }
                }
            },
        )


def client_for(server: GraphQLServer, **kwargs: Any) -> CommerceClient:
    http = httpx.Client(transport=httpx.MockTransport(server))
    return CommerceClient(PAAS, auth=BearerToken("admin"), http_client=http, **kwargs)


def test_purchase_orders_come_with_line_items_using_the_company_users_token():
    server = GraphQLServer([po(1), po(2), po(3)])
    user = CompanyUser(email="buyer@acme.example", password="pw")
    with client_for(server, company_user=user) as client:
        got = list(client.purchase_orders.iter(page_size=2, company_id=3))
    assert [p.number for p in got] == ["PO00001", "PO00002", "PO00003"]
    first = got[0]
    assert first.company_id == 3
    assert first.order_number == "00001"
    assert str(first.grand_total) == "12.5"
    assert first.items[0].sku == "SKU-1"
    assert str(first.items[0].row_total) == "10"
    assert server.tokens_issued == 1
    assert server.auth_headers == ["Bearer cust-1", "Bearer cust-1"]  # never the admin token
    assert server.store_headers == ["all", "all"]
    assert "purchase_orders" in server.queries[0]["query"]
    assert server.queries[0]["variables"]["filter"] == {"company_purchase_orders": True}


def test_an_expired_customer_token_is_fetched_again_once():
    server = GraphQLServer([po(1)])
    user = CompanyUser(email="buyer@acme.example", password="pw")
    with client_for(server, company_user=user) as client:
        list(client.purchase_orders.iter())
        server.valid = set()  # every token expires
        server.tokens_issued = 5
        assert [p.uid for p in client.purchase_orders.iter()] == ["UID1"]
    assert server.auth_headers[-2:] == ["Bearer cust-1", "Bearer cust-6"]


def test_a_token_given_directly_is_used_and_its_refusal_is_a_graphql_error():
    server = GraphQLServer([po(1)])
    with client_for(server, customer_token="cust-1") as client:
        assert len(list(client.purchase_orders.iter())) == 1
    with (
        client_for(server, customer_token="stale") as client,
        pytest.raises(GraphQLError, match="customer token") as info,
    ):
        list(client.purchase_orders.iter())
    assert info.value.category == "graphql-authorization"
    assert server.tokens_issued == 0


def test_updated_since_keeps_only_recently_updated_purchase_orders():
    server = GraphQLServer([po(1, "2024-01-01 00:00:00"), po(2, "2024-06-01 00:00:00")])
    since = datetime(2024, 3, 1, tzinfo=UTC)
    with client_for(server, customer_token="cust-1") as client:
        assert [p.uid for p in client.purchase_orders.iter(updated_since=since)] == ["UID2"]


def test_without_a_company_user_or_token_the_error_says_what_to_configure():
    with (
        client_for(GraphQLServer([])) as client,
        pytest.raises(ConfigurationError, match="company_user"),
    ):
        list(client.purchase_orders.iter())


def test_other_graphql_errors_are_typed():
    def handler(request):
        return httpx.Response(
            200,
            json={
                "errors": [
                    {"message": 'Field "x" is not defined', "extensions": {"category": "graphql"}}
                ]
            },
        )

    http = httpx.Client(transport=httpx.MockTransport(handler))
    client = CommerceClient(PAAS, auth=BearerToken("a"), customer_token="c", http_client=http)
    with client, pytest.raises(GraphQLError, match="is not defined") as info:
        list(client.purchase_orders.iter())
    assert info.value.errors[0]["extensions"]["category"] == "graphql"


async def test_async_purchase_orders():
    server = GraphQLServer([po(1), po(2), po(3)])
    user = CompanyUser(email="buyer@acme.example", password="pw")
    http = httpx.AsyncClient(transport=httpx.MockTransport(server))
    async with AsyncCommerceClient(
        PAAS, auth=BearerToken("a"), company_user=user, http_client=http
    ) as client:
        got = [p.uid async for p in client.purchase_orders.iter(page_size=2)]
        server.valid = set()
        again = [p.uid async for p in client.purchase_orders.iter(page_size=5)]
    assert got == ["UID1", "UID2", "UID3"]
    assert again == got
    assert server.tokens_issued == 2


def test_fetch_customer_token_reads_another_company_users_purchase_orders() -> None:
    from commerce_sdk import CommerceClient, CompanyUser, OAuth1
    from commerce_sdk.testing import FakeCommerce

    fake = FakeCommerce()
    seeded = fake.seed_demo(seed=3, orders=10, companies=3, customers=4)
    creds = fake.oauth_credentials
    by_company: dict[int, tuple[str, str]] = {}
    for customer in fake.store.all("customer"):
        company = (customer.get("extension_attributes") or {}).get("company_attributes") or {}
        if company.get("company_id") and customer["email"] in seeded.company_users:
            by_company.setdefault(
                int(company["company_id"]),
                (customer["email"], seeded.company_users[customer["email"]]),
            )
    with CommerceClient(
        fake.base_url,
        auth=OAuth1(
            creds.consumer_key, creds.consumer_secret, creds.access_token, creds.access_token_secret
        ),
        http_client=httpx.Client(transport=fake),
    ) as client:
        seen: set[int] = set()
        for company_id, (email, password) in by_company.items():
            token = client.fetch_customer_token(CompanyUser(email=email, password=password))
            pos = list(client.purchase_orders.iter(customer_token=token, company_id=company_id))
            assert pos
            assert {po.company_id for po in pos} == {company_id}
            seen.add(company_id)
    assert seen == {int(po["company_id"]) for po in fake.store.all("purchase_order")}


async def test_async_fetch_customer_token() -> None:
    from commerce_sdk import AsyncCommerceClient, CompanyUser, OAuth1
    from commerce_sdk.testing import FakeCommerce

    fake = FakeCommerce()
    seeded = fake.seed_demo(seed=3, orders=10, companies=2, customers=4)
    email, password = sorted(seeded.company_users.items())[0]
    creds = fake.oauth_credentials
    async with AsyncCommerceClient(
        fake.base_url,
        auth=OAuth1(
            creds.consumer_key, creds.consumer_secret, creds.access_token, creds.access_token_secret
        ),
        http_client=httpx.AsyncClient(transport=fake),
    ) as client:
        token = await client.fetch_customer_token(CompanyUser(email=email, password=password))
        pos = [po async for po in client.purchase_orders.iter(customer_token=token)]
    assert pos
