"""Races between workers, replayed deterministically in one process.

Two orchestrators share one store (SQLite on file, and PostgreSQL when
`BRIDGE_TEST_POSTGRES_DSN` is set) and one FakeIntacct / FakeCommerce pair; a wrapper around the
Intacct port lets "the other worker" act at the exact moment a race would hurt.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from bridge import MappingConfig
from bridge._ports.adapters import intacct_port
from bridge.orchestrator import SyncOrchestrator
from bridge.settings import SyncSettings
from bridge.stores import RecordState, SQLiteStore, Store
from commerce_sdk import CommerceClient, OAuth1
from commerce_sdk.testing import WebhookSender
from commerce_sdk.webhooks import CommerceWebhookVerifier
from intacct_sdk import IntacctClient
from intacct_sdk.models import Vendor

from .conftest import EXAMPLE_CONFIG, POSTGRES_HOWTO, World, make_world

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ORDERS_ONLY = ("orders",)


Hook = Callable[[tuple[Any, ...], Any], Awaitable[None]]


class Interposer:
    """An Intacct port that runs a hook once right after a chosen call (the other worker's move).

    A hook gets the call's arguments and result.
    """

    def __init__(self, inner: Any, hooks: dict[str, Hook]) -> None:
        self._inner = inner
        self._hooks = hooks

    @property
    def request_count(self) -> int:
        return int(self._inner.request_count)

    def __getattr__(self, name: str) -> Any:
        target = getattr(self._inner, name)
        if name not in self._hooks:
            return target

        async def call(*args: Any) -> Any:
            result = await target(*args)
            hook = self._hooks.pop(name, None)  # once
            if hook is not None:
                await hook(args, result)
            return result

        return call


class SlowPoller:
    """A Commerce port whose `iter_documents` runs `after` once the window is read (upserted),
    before the caller moves its cursor."""

    def __init__(self, inner: Any, after: Callable[[], Awaitable[None]]) -> None:
        self._inner = inner
        self._after: Callable[[], Awaitable[None]] | None = after

    @property
    def request_count(self) -> int:
        return int(self._inner.request_count)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    async def iter_documents(self, stream: str, since: datetime | None) -> AsyncIterator[Any]:
        async for document in self._inner.iter_documents(stream, since):
            yield document
        after, self._after = self._after, None
        if after is not None:
            await after()


@pytest.fixture(params=["sqlite", "postgres"])
def shared_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "sqlite":
        store: Store = SQLiteStore(tmp_path / "shared.sqlite3")
    else:
        import os

        if not os.environ.get("BRIDGE_TEST_POSTGRES_DSN"):
            pytest.skip(POSTGRES_HOWTO)
        from bridge.stores import PostgresStore

        dsn, schema = request.getfixturevalue("pg_schema")
        store = PostgresStore(dsn, schema=schema)
    yield store
    store.close()


def _clients(world: World) -> tuple[IntacctClient, CommerceClient]:
    oauth = world.commerce.oauth_credentials
    commerce = CommerceClient(
        world.commerce.base_url,
        auth=OAuth1(
            oauth.consumer_key, oauth.consumer_secret, oauth.access_token, oauth.access_token_secret
        ),
        http_client=httpx.Client(transport=world.commerce),
        sleep=lambda _s: None,
    )
    intacct = IntacctClient(
        **world.intacct.credentials(),
        http_client=httpx.Client(transport=world.intacct),
        max_retries=0,
        sleep=lambda _s: None,
    )
    return intacct, commerce


def _worker(
    world: World,
    store: Store,
    worker_id: str,
    *,
    clock: Callable[[], datetime] = lambda: T0,
    hooks: dict[str, Hook] | None = None,
    webhooks: Any = None,
    streams: tuple[str, ...] = ORDERS_ONLY,
) -> SyncOrchestrator:
    intacct, commerce = _clients(world)
    return SyncOrchestrator(
        intacct=Interposer(intacct_port(intacct), hooks or {}),
        commerce=commerce,
        store=store,
        config=MappingConfig.from_toml(EXAMPLE_CONFIG),
        settings=SyncSettings(streams=streams, worker_id=worker_id, lease=timedelta(minutes=5)),
        webhooks=webhooks,
        clock=clock,
    )


def _bill_counts(world: World) -> Counter[str]:
    return Counter(str(b["RECORDID"]) for b in world.intacct.records("APBILL"))


def test_a_vendor_created_by_another_worker_after_our_lookup_is_linked_not_failed(
    shared_store: Store,
) -> None:
    world = make_world(orders=8)
    created: list[str] = []

    async def other_worker_creates_them(args: tuple[Any, ...], found: list[Vendor]) -> None:
        # Between our lookup (which found nothing) and our create, another worker creates these
        # vendors under the same VENDORIDs with its own control ids: our create gets BL34000061.
        for vendor_id in sorted(set(args[0]) - {str(v.vendor_id) for v in found}):
            world.intacct.add_vendor(vendor_id, f"Created elsewhere {vendor_id}")
            created.append(vendor_id)

    worker = _worker(world, shared_store, "w-a", hooks={"find_vendors": other_worker_creates_them})
    report = worker.run_once()

    assert created, "the race was not staged"
    orders = shared_store.find(stream="orders")
    assert orders
    assert {r.state for r in orders} == {RecordState.SYNCED}, report.summary()
    vendors = Counter(str(v["VENDORID"]) for v in world.intacct.records("VENDOR"))
    assert sorted(vendors) == sorted(created)  # no second vendor anywhere
    assert {str(b["VENDORID"]) for b in world.intacct.records("APBILL")} <= set(created)
    for vendor_id in created:
        link = shared_store.vendor_link_by_vendor(vendor_id)
        assert link is not None


def test_a_worker_that_lost_its_lease_cannot_overwrite_the_new_owners_result(
    shared_store: Store,
) -> None:
    world = make_world(orders=6)
    late = T0 + timedelta(hours=1)  # worker B runs after A's leases ran out
    b = _worker(world, shared_store, "w-b", clock=lambda: late)

    async def stall_until_b_took_over(args: tuple[Any, ...], existing: dict[str, str]) -> None:
        # A looked its batch up in Intacct (nothing there) and then stalled past its lease.
        await b.arun_once()
        world.intacct.faults.rate_limit_next(retry_after=1)  # A's own post is now refused (429)

    a = _worker(world, shared_store, "w-a", hooks={"existing_bills": stall_until_b_took_over})
    a_report = a.run_once()

    orders = shared_store.find(stream="orders")
    assert orders
    assert {r.state for r in orders} == {RecordState.SYNCED}  # B's result, not A's failure
    assert max(_bill_counts(world).values()) == 1
    assert len(world.intacct.records("APBILL")) == len(orders)
    synced_by = {e.worker_id for e in shared_store.audit(stream="orders", actions=["posted"])}
    assert synced_by == {"w-b"}
    lost = shared_store.audit(stream="orders", actions=["claim_lost"])
    assert {e.worker_id for e in lost} == {"w-a"}
    assert len(lost) == len(orders)
    assert not shared_store.audit(stream="orders", actions=["failed", "retry_scheduled"])
    assert a_report.stream("orders").outcomes.get("synced", 0) == 0


def test_a_webhook_taken_on_one_replica_is_finished_by_another(shared_store: Store) -> None:
    world = make_world(orders=6)
    sender = WebhookSender()
    verifier = CommerceWebhookVerifier(sender.commerce_public_key_pem)
    ready = sorted(
        int(o["entity_id"])
        for o in world.commerce.store.all("order")
        if o.get("state") in {"processing", "complete", "closed"}
    )
    order_id = str(ready[0])

    async def intacct_throttles_a(args: tuple[Any, ...], existing: dict[str, str]) -> None:
        world.intacct.faults.rate_limit_next(retry_after=1)  # A's post is refused (429)

    a = _worker(
        world,
        shared_store,
        "w-a",
        hooks={"existing_bills": intacct_throttles_a},
        webhooks=verifier,
    )
    b = _worker(world, shared_store, "w-b", clock=lambda: T0 + timedelta(hours=1))
    delivery = sender.commerce_webhook(
        "observer.sales_order_save_after", {"order": {"entity_id": int(order_id)}}
    )

    outcome = a.handle_webhook(delivery.headers, delivery.body)
    assert outcome.status == 200
    assert outcome.source_id == order_id
    record = shared_store.get("orders", order_id)
    assert record is not None
    assert record.state is RecordState.FAILED  # queued for a retry, on any replica
    assert not world.intacct.records("APBILL")

    b.run_once()

    record = shared_store.get("orders", order_id)
    assert record is not None
    assert record.state is RecordState.SYNCED
    trail = [
        (e.worker_id, e.action) for e in shared_store.audit(stream="orders", source_id=order_id)
    ]
    assert ("w-a", "retry_scheduled") in trail
    assert ("w-b", "posted") in trail
    assert max(_bill_counts(world).values()) == 1
    assert [w.event_id for w in shared_store.webhooks(processed=True)] == [outcome.event_id]


def test_a_credit_memo_waits_while_another_worker_holds_its_bill_then_posts_once(
    shared_store: Store,
) -> None:
    world = make_world(orders=30)
    now = [T0]
    b = _worker(world, shared_store, "w-b", clock=lambda: now[0], streams=("credit_memos",))

    async def memos_arrive_meanwhile(args: tuple[Any, ...], existing: dict[str, str]) -> None:
        # A holds every bill (claimed, not posted yet) while B reaches the credit memos.
        await b.arun_once()

    a = _worker(world, shared_store, "w-a", hooks={"existing_bills": memos_arrive_meanwhile})
    a.run_once()

    memos = shared_store.find(stream="credit_memos")
    assert memos
    assert {r.state for r in memos} == {RecordState.WAITING}
    assert not world.intacct.records("APADJUSTMENT")
    assert {r.state for r in shared_store.find(stream="orders")} == {RecordState.SYNCED}

    now[0] = T0 + timedelta(minutes=10)  # past SyncSettings.waiting_recheck
    b.run_once()

    memos = shared_store.find(stream="credit_memos")
    assert {r.state for r in memos} == {RecordState.SYNCED}
    adjustments = Counter(str(a["RECORDID"]) for a in world.intacct.records("APADJUSTMENT"))
    assert adjustments
    assert max(adjustments.values()) == 1
    for memo in memos:
        actions = [
            e.action for e in shared_store.audit(stream="credit_memos", source_id=memo.source_id)
        ]
        assert actions.index("waiting") < actions.index("posted")


def test_two_workers_reading_the_same_window_never_move_the_cursor_back(
    shared_store: Store,
) -> None:
    world = make_world(orders=10)
    b = _worker(world, shared_store, "w-b")
    touched = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)

    async def b_reads_a_newer_window() -> None:
        # While A is between reading its window and moving the cursor, an order changes in
        # Commerce and B reads (and posts) everything up to that newer change.
        first = min(int(o["entity_id"]) for o in world.commerce.store.all("order"))
        world.commerce.store.touch("order", first, touched.strftime("%Y-%m-%d %H:%M:%S"))
        await b.arun_once()

    a = _worker(world, shared_store, "w-a")
    a.commerce = SlowPoller(a.commerce, b_reads_a_newer_window)
    report = a.run_once()

    assert not report.errors
    cursor = shared_store.get_cursor("orders")
    assert cursor is not None
    assert cursor.value == touched  # B's newer cursor stands; A's older one is not written
    orders = shared_store.find(stream="orders")
    assert {r.state for r in orders} == {RecordState.SYNCED}
    assert max(_bill_counts(world).values()) == 1
    assert len(world.intacct.records("APBILL")) == len(orders)
