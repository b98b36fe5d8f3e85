"""AsyncCommerceClient: the same behaviour as the blocking client, plus concurrent paging."""

import asyncio
import json
from typing import Any

import httpx
import pytest

from commerce_sdk import (
    AsyncCommerceClient,
    BearerToken,
    ConfigurationError,
    NotFoundError,
    OAuth1,
    RateLimitError,
    TransportError,
)

PAAS = "https://shop.example.com"


def client_for(handler: Any, sleeps: Any = None, **kwargs: Any) -> AsyncCommerceClient:
    http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    if sleeps is not None:
        kwargs["sleep"] = sleeps
    return AsyncCommerceClient(PAAS, auth=BearerToken("t"), http_client=http, **kwargs)


def orders(n: int) -> list[dict[str, Any]]:
    return [{"entity_id": i, "increment_id": str(i), "items": []} for i in range(1, n + 1)]


async def test_async_iter_pages_concurrently_and_yields_in_order(cx_list):
    store = cx_list(orders(9))
    in_flight = {"now": 0, "max": 0}

    async def handler(request):
        in_flight["now"] += 1
        in_flight["max"] = max(in_flight["max"], in_flight["now"])
        await asyncio.sleep(0)
        in_flight["now"] -= 1
        return store.page(request)

    async with client_for(handler) as client:
        got = [o.entity_id async for o in client.orders.iter(page_size=2)]
    assert got == list(range(1, 10))
    assert sorted(store.pages_asked) == [1, 2, 3, 4, 5]  # never page 6: the clamp is not hit
    assert in_flight["max"] > 1


async def test_async_iter_sequential_when_concurrency_is_one(cx_list):
    store = cx_list(orders(5))
    async with client_for(store.page) as client:
        got = [o.entity_id async for o in client.orders.iter(page_size=2, concurrency=1)]
    assert got == [1, 2, 3, 4, 5]
    assert store.pages_asked == [1, 2, 3]


async def test_async_iter_stops_on_a_short_page_and_dedupes(cx_recorder):
    rows = orders(5)
    pages = {
        1: {"items": rows[0:2], "total_count": 9},
        2: {"items": [rows[1], rows[2]], "total_count": 9},
        3: {"items": rows[3:4], "total_count": 9},  # short: stop here
        4: {"items": rows[4:5], "total_count": 9},
        5: {"items": rows[4:5], "total_count": 9},
    }

    def route(request):
        page = int(dict(request.url.params)["searchCriteria[currentPage]"])
        return httpx.Response(200, json=pages[page])

    async with client_for(cx_recorder(route)) as client:
        got = [o.entity_id async for o in client.orders.iter(page_size=2, concurrency=8)]
    assert got == [1, 2, 3, 4]


async def test_async_get_update_and_errors(cx_fixture, cx_recorder):
    customer = cx_fixture("customer_with_company.json")

    def route(request):
        if request.url.path.endswith("/customers/404"):
            return httpx.Response(
                404,
                json={"message": "No such entity with %1 = %2", "parameters": ["customerId", 404]},
            )
        if request.method == "PUT":
            return httpx.Response(200, json=json.loads(request.content)["customer"])
        return httpx.Response(200, json=customer)

    rec = cx_recorder(route)
    async with client_for(rec) as client:
        assert (await client.customers.get(42)).email == "ana@example.com"
        updated = await client.customers.update(42, {"firstname": "Anna"})
        assert updated.firstname == "Anna"
        with pytest.raises(NotFoundError, match="customerId = 404"):
            await client.customers.get(404)
    sent = rec.json_body(2)["customer"]
    assert sent["lastname"] == "Lopez"
    assert sent["custom_attributes"] == customer["custom_attributes"]


async def test_async_retries_use_the_injected_sleep(cx_async_sleeps):
    answers = [
        httpx.Response(429, json={"message": "Too Many Requests"}, headers={"Retry-After": "3"}),
        httpx.Response(200, json={"items": [], "total_count": 0}),
    ]
    async with client_for(lambda r: answers.pop(0), cx_async_sleeps) as client:
        assert [o async for o in client.orders.iter()] == []
    assert cx_async_sleeps == [3.0]


async def test_async_gives_up_with_typed_errors(cx_async_sleeps):
    def boom(request):
        raise httpx.ConnectError("refused")

    async with client_for(boom, cx_async_sleeps, max_retries=1) as client:
        with pytest.raises(TransportError):
            await client.orders.get(1)
    assert len(cx_async_sleeps) == 1
    limited = httpx.Response(429, json={"message": "Too Many Requests"})
    async with client_for(lambda r: limited, cx_async_sleeps, max_retries=0) as client:
        with pytest.raises(RateLimitError):
            await client.orders.get(1)


async def test_async_get_by_increment_id(cx_recorder):
    rec = cx_recorder(lambda r: httpx.Response(200, json={"items": orders(1), "total_count": 1}))
    async with client_for(rec) as client:
        assert (await client.orders.get_by_increment_id("1")).entity_id == 1


def test_async_saas_client_refuses_oauth1():
    with pytest.raises(ConfigurationError, match="only IMS"):
        AsyncCommerceClient(
            "https://na1.api.commerce.adobe.com/T1", auth=OAuth1("k", "s", "t", "ts")
        )


async def test_async_from_env_and_owned_client_closes():
    client = AsyncCommerceClient.from_env(
        {"COMMERCE_BASE_URL": PAAS, "COMMERCE_BEARER_TOKEN": "tok"}
    )
    async with client:
        assert isinstance(client.auth, BearerToken)
    assert client._http.is_closed


async def test_a_failed_concurrent_page_raises_its_typed_error(cx_list):
    store = cx_list(orders(9))

    def handler(request):
        if dict(request.url.params).get("searchCriteria[currentPage]") == "3":
            return httpx.Response(404, json={"message": "gone"})
        return store.page(request)

    seen: list[int] = []

    async def consume(client: AsyncCommerceClient) -> None:
        async for order in client.orders.iter(page_size=2):
            seen.append(order.entity_id)  # noqa: PERF401  (we want what came before the error)

    async with client_for(handler) as client:
        with pytest.raises(NotFoundError, match="gone"):
            await consume(client)
    assert seen == [1, 2, 3, 4]  # pages 1 and 2, then the failure of page 3
