"""Fault injection (status, 401 expiry, dropped connections, latency), async use, and serving
the fake over real loopback HTTP."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from commerce_sdk.testing import FakeClock, FakeCommerce

from .conftest import Paas, ims_token, sign

PAGE = {"searchCriteria[pageSize]": 1}


def test_status_next_answers_once_then_recovers(paas: Paas) -> None:
    paas.fake.faults.status_next(502)
    first = paas.get("/V1/orders", PAGE)
    assert first.status_code == 502
    assert first.headers["content-type"].startswith("text/html")
    assert paas.get("/V1/orders", PAGE).status_code == 200
    assert paas.fake.requests[0].fault == "status"


def test_rate_limit_with_and_without_retry_after(paas: Paas) -> None:
    paas.fake.faults.rate_limit_next(retry_after=3)
    paas.fake.faults.rate_limit_next()
    with_header = paas.get("/V1/orders", PAGE)
    without = paas.get("/V1/orders", PAGE)
    assert with_header.status_code == without.status_code == 429
    assert with_header.headers["Retry-After"] == "3"
    assert "Retry-After" not in without.headers
    assert without.json() == {"message": "Too Many Requests", "trace": None}


def test_maintenance_page_is_html_503(paas: Paas) -> None:
    paas.fake.faults.maintenance_next(times=2)
    for _ in range(2):
        response = paas.get("/V1/orders", PAGE)
        assert response.status_code == 503
        assert "maintenance" in response.text
    assert paas.fake.faults.pending == 0


def test_custom_body_and_headers(paas: Paas) -> None:
    paas.fake.faults.status_next(504, body={"message": "slow"}, headers={"X-Cache": "MISS"})
    response = paas.get("/V1/orders", PAGE)
    assert response.json() == {"message": "slow"}
    assert response.headers["x-cache"] == "MISS"


def test_faults_can_target_a_path(paas: Paas) -> None:
    paas.fake.add_order({"entity_id": 1})
    paas.fake.faults.status_next(503, path="/V1/orders/1")
    assert paas.get("/V1/orders", PAGE).status_code == 200
    assert paas.get("/V1/orders/1").status_code == 503


def test_dropped_connection_raises_a_protocol_error(paas: Paas) -> None:
    paas.fake.faults.drop_connection_next()
    with pytest.raises(httpx.RemoteProtocolError):
        paas.get("/V1/orders", PAGE)
    assert paas.get("/V1/orders", PAGE).status_code == 200
    assert paas.fake.requests[0].status == 0


def test_expire_token_next_really_expires_an_admin_token(fake: FakeCommerce) -> None:
    token = fake.admin_token()
    http = httpx.Client(transport=fake, headers={"Authorization": f"Bearer {token}"})
    fake.faults.expire_token_next()
    url = f"{fake.base_url}/rest/V1/orders?searchCriteria="
    assert http.get(url).status_code == 401
    assert http.get(url).status_code == 401  # the token stays dead
    assert (
        http.get(url, headers={"Authorization": f"Bearer {fake.admin_token()}"}).status_code == 200
    )


def test_expire_token_next_on_saas_kills_the_ims_token(saas_fake: FakeCommerce) -> None:
    http = httpx.Client(transport=saas_fake)
    headers = {
        "Authorization": f"Bearer {ims_token(saas_fake, http)}",
        "x-api-key": saas_fake.ims_client_id,
    }
    saas_fake.faults.expire_token_next()
    url = f"{saas_fake.base_url}/V1/orders?searchCriteria="
    assert http.get(url, headers=headers).json()["error_code"] == "401013"
    fresh = {**headers, "Authorization": f"Bearer {ims_token(saas_fake, http)}"}
    assert http.get(url, headers=fresh).status_code == 200


def test_latency_uses_the_injected_sleep(clock: FakeClock) -> None:
    slept: list[float] = []
    fake = FakeCommerce(clock=clock, latency=0.1, sleep=slept.append)
    fake.faults.latency_next(2.0)
    http = httpx.Client(transport=fake)
    http.get(f"{fake.base_url}/rest/V1/orders?searchCriteria=")
    http.get(f"{fake.base_url}/rest/V1/orders?searchCriteria=")
    assert slept == [2.1, 0.1]


async def test_async_transport_and_async_sleep(clock: FakeClock) -> None:
    slept: list[float] = []

    async def record(seconds: float) -> None:
        slept.append(seconds)

    fake = FakeCommerce(clock=clock, latency=0.05, async_sleep=record)
    fake.add_order({"entity_id": 1})
    async with httpx.AsyncClient(transport=fake, base_url=fake.base_url) as http:
        response = await http.get(
            "/rest/V1/orders/1", headers={"Authorization": f"Bearer {fake.admin_token()}"}
        )
        assert response.status_code == 200
        fake.faults.drop_connection_next()
        with pytest.raises(httpx.RemoteProtocolError):
            await http.get("/rest/V1/orders/1")
    assert slept == [0.05, 0.05]


def test_serve_answers_signed_requests_over_loopback() -> None:
    fake = FakeCommerce()
    fake.add_order({"entity_id": 7, "increment_id": "000000007"})
    with fake.serve() as base_url:
        assert base_url.startswith("http://127.0.0.1:")
        url = f"{base_url}/rest/V1/orders?searchCriteria%5BpageSize%5D=1"
        with httpx.Client() as http:
            response = http.get(url, headers=sign(fake, "GET", url))
            assert response.status_code == 200
            assert response.json()["items"][0]["increment_id"] == "000000007"
            fake.faults.drop_connection_next()
            with pytest.raises(httpx.RemoteProtocolError):
                http.get(url, headers=sign(fake, "GET", url))
    assert fake.base_url == "https://shop.example.test"


def test_serve_exposes_the_ims_endpoint_for_saas() -> None:
    fake = FakeCommerce(flavor="saas")
    with fake.serve() as base_url, httpx.Client() as http:
        assert fake.ims_token_url.startswith("http://127.0.0.1:")
        token = ims_token(fake, http)
        response = http.get(
            f"{base_url}/V1/orders?searchCriteria=",
            headers={"Authorization": f"Bearer {token}", "x-api-key": fake.ims_client_id},
        )
        assert response.status_code == 200


def test_concurrent_signed_requests_from_threads_are_all_answered(clock: FakeClock) -> None:
    from concurrent.futures import ThreadPoolExecutor

    fake = FakeCommerce(clock=clock)
    fake.seed_demo(seed=1, orders=5)
    client = Paas(fake, clock)

    def fetch(n: int) -> int:
        return client.get(f"/V1/orders/{n % 5 + 1}").status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(fetch, range(64)))
    assert statuses == [200] * 64
    assert fake.count(auth="oauth1", status=200) == 64


def test_counters_sum_up_the_request_log(paas: Paas) -> None:
    paas.fake.faults.status_next(503)
    paas.get("/V1/orders", PAGE)
    paas.get("/V1/orders", PAGE)
    paas.http.get(paas.url("/V1/orders", PAGE))
    counters = paas.fake.counters
    assert counters["requests"] == 3
    assert counters["status:503"] == counters["status:200"] == counters["status:401"] == 1
    assert counters["fault:status"] == 1
    assert counters["auth:oauth1"] == 1
    paas.fake.clear_requests()
    assert paas.fake.counters["requests"] == 0


def test_serve_reads_chunked_request_bodies() -> None:
    fake = FakeCommerce()

    def body() -> Iterator[bytes]:
        yield b'{"username": "admin", '
        yield b'"password": "Admin123!"}'

    with fake.serve() as base_url, httpx.Client() as http:
        response = http.post(
            f"{base_url}/rest/V1/integration/admin/token",
            content=body(),
            headers={"Content-Type": "application/json"},
        )
    assert response.status_code == 200
    assert isinstance(response.json(), str)
