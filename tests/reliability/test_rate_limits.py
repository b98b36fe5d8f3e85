"""Fault: a rate-limit storm on both sides: runs of HTTP 429, with and without `Retry-After`.

The run must slow down (every 429 is followed by a recorded wait: no real sleep), honour the
server's `Retry-After` exactly up to the documented cap (60 s on both sides: docs/intacct.md
"Errors", docs/commerce.md "Retries"), back off with jitter when there is no header, and finish
with every order posted once. SDK-level twins: tests/intacct_sdk/test_client.py::
test_429_waits_for_retry_after_capped, tests/commerce_sdk/test_errors_and_retries.py.
"""

from __future__ import annotations

from collections import Counter

from bridge.stores import RecordState
from commerce_sdk._constants import MAX_RETRY_AFTER as COMMERCE_CAP
from commerce_sdk._constants import RETRY_BACKOFF_MAX as COMMERCE_BACKOFF_MAX
from intacct_sdk._constants import BACKOFF_MAX as INTACCT_BACKOFF_MAX
from intacct_sdk._constants import RETRY_AFTER_MAX as INTACCT_CAP

from .conftest import make_world

INTACCT_STORM = [7, 7, 7, None, None, None, 600, 2, None, 2]
COMMERCE_STORM = [5, 5, 5, None, None, None, 3600, 1, None, 1]


def test_a_429_storm_on_both_sides_slows_the_run_honours_retry_after_and_finishes(
    tmp_path,
) -> None:
    world = make_world(
        tmp_path,
        intacct_kwargs={"max_retries": 12},
        commerce_kwargs={"max_retries": 12},
    )
    for value in INTACCT_STORM:
        world.intacct.faults.rate_limit_next(retry_after=value)
    for value in COMMERCE_STORM:
        world.commerce.faults.rate_limit_next(retry_after=value)

    report = world.orchestrator.run_once()

    assert not report.errors
    assert world.intacct.faults.pending() == ()
    assert world.commerce.faults.pending == 0
    # Slowed down: one wait per 429, on each side.
    assert len(world.sleeps.intacct) == len(INTACCT_STORM)
    assert len(world.sleeps.commerce) == len(COMMERCE_STORM)
    # Honoured: a header's value is waited exactly (capped); no header means jittered backoff.
    expected_intacct = Counter(min(v, INTACCT_CAP) for v in INTACCT_STORM if v is not None)
    assert Counter(world.sleeps.intacct) & expected_intacct == expected_intacct
    expected_commerce = Counter(min(v, COMMERCE_CAP) for v in COMMERCE_STORM if v is not None)
    assert Counter(world.sleeps.commerce) & expected_commerce == expected_commerce
    assert max(world.sleeps.intacct) == INTACCT_CAP  # 600 s asked, 60 s waited
    assert max(world.sleeps.commerce) == COMMERCE_CAP  # 3600 s asked, 60 s waited
    unheadered = len(world.sleeps.intacct) - sum(expected_intacct.values())
    assert unheadered == INTACCT_STORM.count(None)
    assert all(0 <= s <= max(INTACCT_CAP, INTACCT_BACKOFF_MAX) for s in world.sleeps.intacct)
    assert all(0 <= s <= max(COMMERCE_CAP, COMMERCE_BACKOFF_MAX) for s in world.sleeps.commerce)
    # Finished: every ready order posted once.
    bills = Counter(b["RECORDID"] for b in world.intacct.records("APBILL"))
    orders = world.store.find(stream="orders")
    assert Counter(r.state for r in orders) == Counter({RecordState.SYNCED: len(orders)})
    assert len(bills) == len(orders)
    assert max(bills.values()) == 1


def test_a_storm_longer_than_the_retry_budget_reschedules_records_and_the_next_run_finishes(
    tmp_path,
) -> None:
    # Fault: more consecutive 429s than the client's retries on the bill batch: the records are
    # not failed for good but rescheduled (retry_scheduled, with the orchestrator's backoff).
    world = make_world(tmp_path, intacct_kwargs={"max_retries": 2})

    def bill_batch(request):
        return any(f.name == "create" and f.object == "APBILL" for f in request.functions)

    world.intacct.faults.rate_limit_next(retry_after=1, times=3, match=bill_batch)
    first = world.orchestrator.run_once()
    assert first.stream("orders").outcomes["retry_scheduled"] >= 1
    waiting = world.store.find(stream="orders", states=[RecordState.FAILED])
    assert waiting
    assert all(r.next_attempt_at is not None for r in waiting)
    entries = world.store.audit(stream="orders", actions=["retry_scheduled"])
    assert entries
    assert all("RateLimitError" in (e.message or "") for e in entries)
    later = max(r.next_attempt_at for r in waiting if r.next_attempt_at is not None)
    world.orchestrator.clock = lambda: later
    world.orchestrator.run_once()
    orders = world.store.find(stream="orders")
    assert Counter(r.state for r in orders) == Counter({RecordState.SYNCED: len(orders)})
    bills = Counter(b["RECORDID"] for b in world.intacct.records("APBILL"))
    assert max(bills.values()) == 1


def test_a_storm_on_the_vendor_create_reschedules_the_customers_and_the_next_run_links_them(
    tmp_path,
) -> None:
    # Fault: 429s outlasting the client's retries on the vendor create batch. Before this suite
    # the customers failed for good ("vendor create failed"), waiting for a person.
    world = make_world(tmp_path, intacct_kwargs={"max_retries": 1})

    def vendor_batch(request):
        return any(f.name == "create" and f.object == "VENDOR" for f in request.functions)

    world.intacct.faults.rate_limit_next(retry_after=1, times=2, match=vendor_batch)
    world.orchestrator.run_once()
    waiting = world.store.find(stream="customers", states=[RecordState.FAILED])
    assert waiting
    assert all(r.next_attempt_at is not None for r in waiting)
    later = max(r.next_attempt_at for r in waiting if r.next_attempt_at is not None)
    world.orchestrator.clock = lambda: later
    world.orchestrator.run_once()
    states = Counter(r.state for r in world.store.find(stream="customers"))
    # Skipped: linked meanwhile by the orders stream, with nothing left to change.
    assert set(states) <= {RecordState.SYNCED, RecordState.SKIPPED}
    for record in waiting:
        customer_id = record.source_id.split("@")[0]
        assert world.store.vendor_link_by_commerce("customer", customer_id) is not None
    vendors = Counter(v["VENDORID"] for v in world.intacct.records("VENDOR"))
    assert max(vendors.values()) == 1
