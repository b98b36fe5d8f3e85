"""AsyncIntacctClient: the same flows as the sync client, driven by asyncio."""

import asyncio
from datetime import UTC, date, datetime
from typing import Any

import httpx
import pytest

from intacct_sdk import (
    APBill,
    APBillLine,
    AsyncIntacctClient,
    HttpStatusError,
    ReadByQuery,
    SessionExpiredError,
)
from intacct_sdk.testing import FakeIntacct

from ._gateway_script import CREDS, T0, Script, auth_of, expired_answer, session_answer


def creds(fake: FakeIntacct) -> dict[str, Any]:
    return dict(fake.credentials())


NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


async def no_sleep(seconds: float) -> None:
    await asyncio.sleep(0)


@pytest.fixture
def fake() -> FakeIntacct:
    fake = FakeIntacct(clock=lambda: NOW)
    fake.add_gl_account("6000", "Freight")
    for n in range(1, 6):
        fake.add_vendor(f"V-{n}", f"Vendor {n}")
    return fake


@pytest.fixture
def client(fake: FakeIntacct) -> AsyncIntacctClient:
    return AsyncIntacctClient(
        **creds(fake),
        http_client=httpx.AsyncClient(transport=fake),
        clock=lambda: NOW,
        sleep=no_sleep,
    )


BILL = APBill(
    vendor_id="V-1",
    when_created=date(2026, 3, 1),
    when_due=date(2026, 3, 31),
    record_id="B-1",
    lines=[APBillLine(account_no="6000", trx_amount="10")],
)


async def test_async_helpers_create_and_read_back(client: AsyncIntacctClient, fake: FakeIntacct):
    created = await client.ap_bills.create(BILL)
    assert created.record_no is not None
    again = await client.ap_bills.create(BILL)
    assert again.record_no == created.record_no
    assert len(fake.records("APBILL")) == 1
    vendor = await client.vendors.get("V-2")
    assert vendor is not None
    assert await client.gl_accounts.exists_active(["6000"]) == {"6000": True}


async def test_async_iterators_page_lazily(client: AsyncIntacctClient, fake: FakeIntacct):
    ids = [r["VENDORID"] async for r in client.read_by_query("VENDOR", page_size=2)]
    assert ids == [f"V-{n}" for n in range(1, 6)]
    queried = [r async for r in client.query("VENDOR", ["VENDORID"], page_size=2)]
    assert len(queried) == 5
    vendors = [v.vendor_id async for v in client.vendors.iter(page_size=4)]
    assert len(vendors) == 5


async def test_concurrent_tasks_share_one_session_refresh(
    client: AsyncIntacctClient, fake: FakeIntacct
):
    await client.execute([ReadByQuery("VENDOR")])
    fake.expire_sessions()
    results = await asyncio.gather(*(client.vendors.get(f"V-{n}") for n in range(1, 6)))
    assert all(v is not None for v in results)
    assert fake.counters.sessions_created == 2


async def test_first_concurrent_calls_log_in_once(client: AsyncIntacctClient, fake: FakeIntacct):
    await asyncio.gather(*(client.execute([ReadByQuery("VENDOR")]) for _ in range(6)))
    assert fake.counters.sessions_created == 1


async def test_async_retry_on_a_retried_write_applies_once(
    client: AsyncIntacctClient, fake: FakeIntacct
):
    await client.execute([ReadByQuery("VENDOR")])
    fake.faults.drop_response_after_commit_next()
    await client.ap_bills.create(BILL)
    assert len(fake.records("APBILL")) == 1


async def test_async_524_is_outcome_unknown(client: AsyncIntacctClient, fake: FakeIntacct):
    await client.execute([ReadByQuery("VENDOR")])
    fake.faults.status_524_next()
    with pytest.raises(HttpStatusError) as info:
        await client.ap_bills.create(BILL)
    assert info.value.outcome_unknown


async def test_async_session_expiry_twice_surfaces():
    script = Script(session_answer("s1"), expired_answer, session_answer("s2"), expired_answer)
    http = script.async_client()
    async with AsyncIntacctClient(**CREDS, http_client=http, clock=lambda: T0) as client:
        with pytest.raises(SessionExpiredError):
            await client.execute([ReadByQuery("VENDOR")])
    assert [auth_of(r) for r in script.requests] == ["login", "s1", "login", "s2"]


class CountingTransport(httpx.AsyncBaseTransport):
    """Wraps the fake and records the most requests it ever had in flight."""

    def __init__(self, inner: FakeIntacct) -> None:
        self.inner = inner
        self.in_flight = 0
        self.peak = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.in_flight += 1
        self.peak = max(self.peak, self.in_flight)
        try:
            for _ in range(3):
                await asyncio.sleep(0)  # let other tasks run while this one is "on the wire"
            return await self.inner.handle_async_request(request)
        finally:
            self.in_flight -= 1


async def test_max_concurrency_limits_requests_in_flight(fake: FakeIntacct):
    transport = CountingTransport(fake)
    client = AsyncIntacctClient(
        **creds(fake),
        http_client=httpx.AsyncClient(transport=transport),
        clock=lambda: NOW,
        max_concurrency=2,
    )
    await client.execute([ReadByQuery("VENDOR")])
    await asyncio.gather(*(client.execute([ReadByQuery("VENDOR")]) for _ in range(10)))
    assert transport.peak == 2


async def test_async_convenience_methods_and_from_env(fake: FakeIntacct):
    env = {
        "INTACCT_SENDER_ID": "fake-sender",
        "INTACCT_SENDER_PASSWORD": "fake-sender-password",
        "INTACCT_COMPANY_ID": "FAKE-COMPANY",
        "INTACCT_USER_ID": "fake-user",
        "INTACCT_USER_PASSWORD": "fake-user-password",
    }
    http = httpx.AsyncClient(transport=fake)
    async with AsyncIntacctClient.from_env(env, http_client=http, clock=lambda: NOW) as client:
        created = await client.create("VENDOR", {"VENDORID": "V-50", "NAME": "Fifty"})
        record_no = created.data[0]["RECORDNO"]
        await client.update("VENDOR", {"VENDORID": "V-50", "NAME": "Fifty Ltd"})
        assert (await client.read("VENDOR", [record_no]))[0]["NAME"] == "Fifty Ltd"
        await client.delete("VENDOR", [record_no])
        assert await client.read("VENDOR", []) == []
        accounts = await client.gl_accounts.list()
        assert [a.account_no for a in accounts] == ["6000"]
    assert fake.record("VENDOR", "V-50") is None
