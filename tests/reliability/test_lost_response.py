"""Fault: Intacct applies a write batch, then the answer is lost (dropped connection, 524, timeout).

Extends tests/bridge/orchestrator/test_runs.py (which checks "no second bill" for a drop and a
524) with what the store must end with: every record `synced` under the key of the one document
Intacct holds, the `duplicate_resolved` audit entry naming that key, the resend carrying the very
same function controlids with `uniqueid`, and the same for vendor creates and AP adjustments.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import pytest

from bridge.stores import RecordState
from intacct_sdk.testing import FakeIntacct, RequestRecord

from .conftest import World, make_world

SYNC_ACTIONS = ["posted", "already_in_intacct", "duplicate_resolved"]


def creates(obj: str) -> Callable[[RequestRecord], bool]:
    def match(request: RequestRecord) -> bool:
        return any(f.name == "create" and f.object == obj for f in request.functions) or (
            obj == "APADJUSTMENT" and "create_apadjustment" in request.function_names
        )

    return match


FAULTS = {
    "dropped_connection": lambda fake, match: fake.faults.drop_response_after_commit_next(
        match=match
    ),
    "cdn_524": lambda fake, match: fake.faults.status_524_next(match=match),
    "read_timeout": lambda fake, match: fake.faults.timeout_next(after_commit=True, match=match),
}


def assert_one_document_per_record_and_synced_under_its_key(world: World) -> None:
    bills = Counter(b["RECORDID"] for b in world.intacct.records("APBILL"))
    assert bills
    assert max(bills.values()) == 1, bills
    rows = world.store.find(stream="orders")
    assert rows
    for row in rows:
        assert row.state is RecordState.SYNCED, (row.source_id, row.state, row.last_error)
        entries = world.store.audit(stream="orders", source_id=row.source_id, actions=SYNC_ACTIONS)
        entry = entries[-1]
        assert row.target_key == entry.intacct_key
        stored = world.intacct.record("APBILL", str(row.target_key))
        assert stored is not None
        assert stored["RECORDID"] == (entry.request_summary or {})["RECORDID"]
    vendors = Counter(v["VENDORID"] for v in world.intacct.records("VENDOR"))
    assert max(vendors.values()) == 1, vendors


def faulted(fake: FakeIntacct) -> list[RequestRecord]:
    return [r for r in fake.requests if r.fault]


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_lost_answer_to_the_bill_batch_gives_no_second_bill_and_synced_with_the_right_key(
    tmp_path, fault
) -> None:
    world = make_world(tmp_path)
    FAULTS[fault](world.intacct, creates("APBILL"))
    world.orchestrator.run_once()
    world.orchestrator.run_once()  # whatever was left outcome-unknown is read back, not reposted
    hit = faulted(world.intacct)
    assert len(hit) == 1, "the fault was injected once"
    assert_one_document_per_record_and_synced_under_its_key(world)
    # The records of the lost batch are synced under the key read back or returned by the resend.
    lost = {f.control_id for f in hit[0].functions}
    entries = [e for e in world.store.audit(stream="orders") if e.control_id in lost]
    finished = {e.control_id: e for e in entries if e.action in SYNC_ACTIONS}
    assert set(finished) == lost
    assert all(e.intacct_key for e in finished.values())


@pytest.mark.parametrize("fault", ["dropped_connection", "read_timeout"])
def test_the_resend_after_a_lost_answer_carries_the_same_controlids_with_uniqueid(
    tmp_path, fault
) -> None:
    world = make_world(tmp_path)
    FAULTS[fault](world.intacct, creates("APBILL"))
    world.orchestrator.run_once()
    requests = world.intacct.requests
    index = next(i for i, r in enumerate(requests) if r.fault)
    lost = requests[index]
    # Requests run concurrently: the resend is the later request with the same request controlid.
    resend = next(r for r in requests[index + 1 :] if r.control_id == lost.control_id)
    assert resend.uniqueid
    assert lost.uniqueid
    assert resend.control_ids == lost.control_ids
    assert world.intacct.counters.duplicates == len(lost.functions)


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_lost_answer_to_the_vendor_create_gives_no_second_vendor(tmp_path, fault) -> None:
    world = make_world(tmp_path)
    FAULTS[fault](world.intacct, creates("VENDOR"))
    world.orchestrator.run_once()
    world.orchestrator.run_once()
    assert len(faulted(world.intacct)) == 1
    assert_one_document_per_record_and_synced_under_its_key(world)
    for stream in ("customers", "companies"):
        states = Counter(r.state for r in world.store.find(stream=stream))
        assert set(states) <= {RecordState.SYNCED, RecordState.SKIPPED}, (stream, states)
        assert states[RecordState.SYNCED]


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_lost_answer_to_an_adjustment_gives_no_second_adjustment(tmp_path, fault) -> None:
    world = make_world(tmp_path)
    FAULTS[fault](world.intacct, creates("APADJUSTMENT"))
    world.orchestrator.run_once()
    world.orchestrator.run_once()
    assert len(faulted(world.intacct)) == 1
    adjustments = Counter(a["RECORDID"] for a in world.intacct.records("APADJUSTMENT"))
    assert adjustments
    assert max(adjustments.values()) == 1, adjustments
    memos = world.store.find(stream="credit_memos")
    assert memos
    assert all(r.state is RecordState.SYNCED for r in memos), [
        (r.source_id, r.state, r.last_error) for r in memos if r.state is not RecordState.SYNCED
    ]
