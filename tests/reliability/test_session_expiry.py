"""Fault: the Intacct session expires in the middle of a batch, while many requests are in flight.

Every request in flight with the dead session is refused; the client must log in once (one
`getAPISession`, shared by all of them), resend each refused request once with its original
controlids, and the run must finish with every order posted once. The SDK-level twins
(tests/intacct_sdk/test_async_client.py::test_concurrent_tasks_share_one_session_refresh,
tests/intacct_sdk/test_with_fake.py::test_concurrent_threads_share_one_session_refresh) use a
handful of reads; these drive the orchestrator's concurrent bill batches and a 20-way gather.
"""

from __future__ import annotations

import asyncio
from collections import Counter

import httpx
import pytest

from bridge.settings import SyncSettings
from bridge.stores import RecordState
from intacct_sdk import AsyncIntacctClient
from intacct_sdk.functions import Create, ReadByQuery
from intacct_sdk.models import Vendor
from intacct_sdk.testing import FakeIntacct, RequestRecord

from .conftest import make_world


async def _yield_once(_seconds: float) -> None:
    # The fake "waits" before answering by giving the event loop a turn: requests overlap
    # without any wall-clock sleep.
    await asyncio.sleep(0)


def logins(fake: FakeIntacct) -> int:
    return sum("getAPISession" in r.function_names for r in fake.requests)


def refused_for_expiry(fake: FakeIntacct) -> list[RequestRecord]:
    # A request whose session was not valid carries no user in the log.
    return [r for r in fake.requests if r.auth_kind == "session" and r.user_id is None]


def is_bill_create(request: RequestRecord) -> bool:
    return any(f.name == "create" and f.object == "APBILL" for f in request.functions)


async def test_expiry_during_concurrent_bill_batches_refreshes_once_and_posts_every_bill(
    tmp_path,
) -> None:
    fake = FakeIntacct(latency=0.01, async_sleep=_yield_once)
    world = make_world(
        tmp_path,
        orders=60,
        async_intacct=True,
        fake_intacct=fake,
        settings=SyncSettings(functions_per_request=5, max_requests_in_flight=4),
    )
    fake.faults.expire_session_next(match=is_bill_create)
    report = await world.orchestrator.arun_once()
    assert not report.errors
    assert logins(fake) == 2  # the first login and exactly one refresh
    assert len(refused_for_expiry(fake)) >= 2  # several requests in flight hit the dead session
    bills = Counter(b["RECORDID"] for b in fake.records("APBILL"))
    assert max(bills.values()) == 1
    orders = world.store.find(stream="orders")
    assert Counter(r.state for r in orders) == Counter({RecordState.SYNCED: len(orders)})
    assert len(bills) == len(orders)


@pytest.mark.parametrize("concurrency", [4, 20])
async def test_twenty_gathered_writes_after_an_expiry_share_one_login(concurrency) -> None:
    fake = FakeIntacct(latency=0.01, async_sleep=_yield_once)
    async with httpx.AsyncClient(transport=fake) as http:
        client = AsyncIntacctClient(
            **fake.credentials(), http_client=http, max_concurrency=concurrency
        )
        await client.execute([ReadByQuery("VENDOR")])  # logged in
        fake.expire_sessions()  # the session dies while 20 writes are about to go out
        vendors = [Vendor(vendor_id=f"V-{i:02}", name=f"Vendor {i}") for i in range(20)]
        await asyncio.gather(
            *(
                client.execute([Create.for_model(v, control_id=f"vendor-{v.vendor_id}")])
                for v in vendors
            )
        )
    assert logins(fake) == 2
    assert len(refused_for_expiry(fake)) >= 2
    stored = Counter(v["VENDORID"] for v in fake.records("VENDOR"))
    assert stored == Counter({v.vendor_id: 1 for v in vendors})
