"""The store contract, part 1: the record ledger (upsert, claim, finish, query, replay).

Every test here runs against every store implementation (the `store` fixture in conftest.py), so a
new store is correct when this suite and `test_store_contract_side.py` pass against it.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest

from bridge.stores import (
    AuditAction,
    AuditEntry,
    Record,
    RecordError,
    RecordState,
    Store,
    UpsertOutcome,
)
from tests.bridge.stores.conftest import T0, FakeClock

LEASE = timedelta(minutes=5)
UPDATED = datetime(2026, 2, 1, 8, 30, tzinfo=UTC)


def put(store: Store, sid: str, version: int = 1, stream: str = "orders") -> UpsertOutcome:
    return store.upsert_source(
        stream,
        sid,
        updated_at=UPDATED + timedelta(minutes=version),
        payload={"entity_id": sid, "version": version},
        payload_hash=f"hash-{sid}-{version}",
    )


def claim_one(store: Store, sid: str | None = None, worker: str = "w1", **kw) -> Record:
    ids = None if sid is None else [sid]
    (record,) = store.claim("orders", worker_id=worker, limit=1, lease=LEASE, source_ids=ids, **kw)
    return record


# -- upsert ---------------------------------------------------------------------------------
def test_a_new_source_record_is_pending_with_its_payload_and_no_attempts(store):
    assert put(store, "1") is UpsertOutcome.NEW
    record = store.get("orders", "1")
    assert record is not None
    assert record.state is RecordState.PENDING
    assert record.payload == {"entity_id": "1", "version": 1}
    assert record.payload_hash == "hash-1-1"
    assert record.source_updated_at == UPDATED + timedelta(minutes=1)
    assert record.attempts == 0


def test_the_same_hash_again_is_unchanged(store):
    put(store, "1")
    assert put(store, "1") is UpsertOutcome.UNCHANGED


def test_a_changed_document_before_sync_replaces_the_payload(store):
    put(store, "1")
    assert put(store, "1", version=2) is UpsertOutcome.CHANGED_BEFORE_SYNC
    record = store.get("orders", "1")
    assert record.payload["version"] == 2
    assert record.state is RecordState.PENDING


def test_a_changed_document_reopens_a_terminally_failed_record(store):
    put(store, "1")
    store.mark_failed(
        claim_one(store), error=RecordError(kind="x", message="m"), next_attempt_at=None
    )
    assert put(store, "1", version=2) is UpsertOutcome.CHANGED_BEFORE_SYNC
    assert store.get("orders", "1").state is RecordState.PENDING


def test_a_changed_document_after_sync_is_drift_keeps_the_posted_payload_and_is_audited_once(store):
    put(store, "1")
    store.mark_synced(claim_one(store), target_object="APBILL", target_key="7", control_id="c")
    assert put(store, "1", version=2) is UpsertOutcome.DRIFT
    record = store.get("orders", "1")
    assert record.state is RecordState.SYNCED
    assert record.payload["version"] == 1
    assert put(store, "1", version=2) is UpsertOutcome.UNCHANGED  # the same drift, not re-audited
    drift = store.audit(actions=[AuditAction.DRIFT])
    assert len(drift) == 1
    assert drift[0].request_summary["source_hash"] == "hash-1-2"


def test_upsert_refuses_a_naive_updated_at_naming_the_field(store):
    with pytest.raises(ValueError, match="updated_at"):
        store.upsert_source(
            "orders",
            "1",
            updated_at=datetime(2026, 1, 1),  # noqa: DTZ001
            payload={},
            payload_hash="h",
        )


def test_upsert_refuses_a_payload_that_is_not_json(store):
    with pytest.raises(ValueError, match="payload"):
        store.upsert_source(
            "orders", "1", updated_at=None, payload={"x": object()}, payload_hash="h"
        )


# -- claim ----------------------------------------------------------------------------------
def test_claim_takes_pending_records_sets_the_lease_and_counts_the_attempt(store, clock):
    put(store, "1")
    put(store, "2")
    records = store.claim("orders", worker_id="w1", limit=10, lease=LEASE)
    assert [r.source_id for r in records] == ["1", "2"]
    for record in records:
        assert record.state is RecordState.IN_FLIGHT
        assert record.claimed_by == "w1"
        assert record.lease_until == clock.now + LEASE
        assert record.attempts == 1


def test_claim_respects_the_limit_and_never_hands_out_a_record_twice(store):
    for sid in "12345":
        put(store, sid)
    first = store.claim("orders", worker_id="w1", limit=3, lease=LEASE)
    second = store.claim("orders", worker_id="w2", limit=10, lease=LEASE)
    assert len(first) == 3
    assert {r.source_id for r in first}.isdisjoint({r.source_id for r in second})
    assert len(second) == 2


def test_claim_only_sees_its_stream(store):
    put(store, "1", stream="invoices")
    assert store.claim("orders", worker_id="w1", limit=10, lease=LEASE) == []


def test_a_failed_record_is_claimable_only_once_its_retry_time_has_come(store, clock):
    put(store, "1")
    retry_at = clock.now + timedelta(minutes=2)
    store.mark_failed(
        claim_one(store), error=RecordError(kind="t", message="m"), next_attempt_at=retry_at
    )
    assert store.claim("orders", worker_id="w1", limit=1, lease=LEASE) == []
    assert claim_one(store, now=retry_at).attempts == 2


def test_a_terminal_failure_is_never_claimed_again_without_replay(store, clock):
    put(store, "1")
    store.mark_failed(
        claim_one(store), error=RecordError(kind="t", message="m"), next_attempt_at=None
    )
    far = clock.now + timedelta(days=365)
    assert store.claim("orders", worker_id="w1", limit=1, lease=LEASE, now=far) == []


def test_a_waiting_record_comes_back_at_its_next_attempt_time(store, clock):
    put(store, "1")
    later = clock.now + timedelta(minutes=30)
    assert store.mark_waiting(claim_one(store), reason="bill not posted yet", next_attempt_at=later)
    record = store.get("orders", "1")
    assert record.state is RecordState.WAITING
    assert record.last_error.message == "bill not posted yet"
    assert store.claim("orders", worker_id="w1", limit=1, lease=LEASE) == []
    assert claim_one(store, now=later).source_id == "1"


def test_an_in_flight_record_is_reclaimable_after_its_lease_expires(store, clock):
    put(store, "1")
    claim_one(store, worker="dead")
    assert store.claim("orders", worker_id="w2", limit=1, lease=LEASE) == []
    clock.advance(LEASE)
    record = claim_one(store, worker="w2")
    assert record.claimed_by == "w2"
    assert record.attempts == 2


def test_claim_can_target_specific_source_ids(store):
    for sid in "123":
        put(store, sid)
    assert [
        r.source_id
        for r in store.claim("orders", worker_id="w", limit=5, lease=LEASE, source_ids=["3"])
    ] == ["3"]


def test_claim_rejects_a_non_positive_limit_or_lease(store):
    with pytest.raises(ValueError, match="limit"):
        store.claim("orders", worker_id="w", limit=0, lease=LEASE)
    with pytest.raises(ValueError, match="lease"):
        store.claim("orders", worker_id="w", limit=1, lease=timedelta(0))


def test_concurrent_claimers_in_threads_never_share_a_record(store):
    for i in range(60):
        put(store, f"{i:03}")
    seen: list[str] = []
    lock = threading.Lock()

    def worker(name: str) -> None:
        while batch := store.claim("orders", worker_id=name, limit=4, lease=LEASE):
            with lock:
                seen.extend(r.source_id for r in batch)

    threads = [threading.Thread(target=worker, args=(f"w{i}",)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(seen) == [f"{i:03}" for i in range(60)]


async def test_the_store_serves_concurrent_asyncio_to_thread_calls(store):
    import asyncio

    await asyncio.gather(*(asyncio.to_thread(put, store, f"{i:02}") for i in range(20)))
    batches = await asyncio.gather(
        *(
            asyncio.to_thread(store.claim, "orders", worker_id=f"w{k}", limit=5, lease=LEASE)
            for k in range(4)
        )
    )
    claimed = [r.source_id for batch in batches for r in batch]
    assert sorted(claimed) == [f"{i:02}" for i in range(20)]


# -- finishers ------------------------------------------------------------------------------
def test_mark_synced_records_the_target_and_clears_the_claim(store, clock):
    put(store, "1")
    record = claim_one(store)
    assert store.set_control_id(record, "orders-1-abc")
    assert store.mark_synced(record, target_object="APBILL", target_key="42", control_id=None)
    done = store.get("orders", "1")
    assert (done.state, done.target_object, done.target_key) == (RecordState.SYNCED, "APBILL", "42")
    assert done.control_id == "orders-1-abc"
    assert done.synced_at == clock.now
    assert (done.claimed_by, done.lease_until) == (None, None)


def test_a_finisher_after_another_worker_reclaimed_writes_nothing(store, clock):
    put(store, "1")
    stale = claim_one(store, worker="w1")
    clock.advance(LEASE + timedelta(seconds=1))
    fresh = claim_one(store, worker="w2")
    assert not store.set_control_id(stale, "stale")
    assert not store.mark_synced(stale, target_object="APBILL", target_key="1", control_id="x")
    assert not store.mark_failed(
        stale, error=RecordError(kind="k", message="m"), next_attempt_at=None
    )
    assert not store.release(stale)
    assert store.get("orders", "1").claimed_by == "w2"
    assert store.mark_synced(fresh, target_object="APBILL", target_key="2", control_id="y")


def test_a_finisher_after_the_lease_expired_but_nobody_reclaimed_still_counts(store, clock):
    put(store, "1")
    record = claim_one(store)
    clock.advance(LEASE * 2)
    assert store.mark_synced(record, target_object="APBILL", target_key="9", control_id="c")


def test_finishing_a_record_that_was_never_claimed_is_a_clear_error(store):
    put(store, "1")
    with pytest.raises(ValueError, match="claim"):
        store.release(store.get("orders", "1"))


def test_release_returns_the_record_to_pending_without_counting_the_attempt(store):
    put(store, "1")
    assert store.release(claim_one(store))
    record = store.get("orders", "1")
    assert (record.state, record.attempts, record.claimed_by) == (RecordState.PENDING, 0, None)


def test_mark_failed_keeps_the_error_with_its_errornos(store):
    put(store, "1")
    error = RecordError(
        kind="ResultError", message="bad vendor", errornos=["BL03000018"], descriptions=["d"]
    )
    store.mark_failed(claim_one(store), error=error, next_attempt_at=None)
    record = store.get("orders", "1")
    assert record.state is RecordState.FAILED
    assert record.last_error == error


def test_mark_failed_also_takes_the_error_as_json(store):
    put(store, "1")
    error = {"kind": "mapping_error", "message": "lines do not sum", "errornos": ["X1"]}
    store.mark_failed(claim_one(store), error=error, next_attempt_at=None)
    assert store.get("orders", "1").last_error == RecordError(
        kind="mapping_error", message="lines do not sum", errornos=["X1"]
    )


def test_mark_skipped_keeps_the_reason(store):
    put(store, "1")
    assert store.mark_skipped(claim_one(store), reason="order is not in a ready state")
    record = store.get("orders", "1")
    assert record.state is RecordState.SKIPPED
    assert record.last_error.message == "order is not in a ready state"


def test_a_finisher_can_append_its_audit_entry_in_the_same_transaction(store):
    put(store, "1")
    entry = AuditEntry(stream="orders", source_id="1", action="synced", intacct_key="42")
    store.mark_synced(
        claim_one(store), target_object="APBILL", target_key="42", control_id="c", audit=entry
    )
    assert [e.action for e in store.audit(source_id="1")] == ["synced"]


def test_a_source_change_while_in_flight_keeps_the_posted_payload_and_records_drift(store):
    put(store, "1")
    record = claim_one(store)
    assert put(store, "1", version=2) is UpsertOutcome.CHANGED_BEFORE_SYNC
    store.mark_synced(record, target_object="APBILL", target_key="1", control_id="c")
    synced = store.get("orders", "1")
    assert synced.payload["version"] == 1
    assert [e.action for e in store.audit(source_id="1")] == ["drift"]
    assert put(store, "1", version=2) is UpsertOutcome.UNCHANGED


def test_renew_extends_the_lease_of_a_claim_still_held(store, clock):
    put(store, "1")
    record = claim_one(store)
    renewed = store.renew(record, lease=timedelta(minutes=20))
    assert renewed is not None
    assert renewed.lease_until == clock.now + timedelta(minutes=20)
    assert store.mark_synced(renewed, target_object="APBILL", target_key="1", control_id="c")
    assert store.renew(renewed, lease=LEASE) is None


# -- queries and replay ---------------------------------------------------------------------
def test_find_filters_by_state_ids_and_source_time(store):
    for sid in "1234":
        put(store, sid, version=int(sid))
    store.mark_skipped(claim_one(store, "2"), reason="r")
    assert [r.source_id for r in store.find(states=[RecordState.SKIPPED])] == ["2"]
    assert [r.source_id for r in store.find(source_ids=["3", "1"])] == ["1", "3"]
    window = store.find(
        updated_from=UPDATED + timedelta(minutes=2), updated_to=UPDATED + timedelta(minutes=4)
    )
    assert [r.source_id for r in window] == ["2", "3"]
    assert len(store.find(stream="orders", limit=2)) == 2
    assert store.find(stream="invoices") == []


def test_counts_by_state_lists_every_state_per_stream(store):
    put(store, "1")
    put(store, "2")
    put(store, "9", stream="invoices")
    store.mark_skipped(claim_one(store, "1"), reason="r")
    counts = store.counts_by_state()
    assert counts["orders"][RecordState.SKIPPED] == 1
    assert counts["orders"][RecordState.PENDING] == 1
    assert counts["orders"][RecordState.SYNCED] == 0
    assert counts["invoices"][RecordState.PENDING] == 1
    assert set(store.counts_by_state("invoices")) == {"invoices"}


def test_requeue_by_filter_replays_failed_and_skipped_keeping_attempts_and_auditing(store):
    for sid in "123":
        put(store, sid)
    store.mark_failed(
        claim_one(store, "1"), error=RecordError(kind="k", message="m"), next_attempt_at=None
    )
    store.mark_skipped(claim_one(store, "2"), reason="r")
    store.mark_synced(
        claim_one(store, "3"), target_object="APBILL", target_key="3", control_id="c3"
    )
    assert store.requeue(stream="orders", message="operator asked", run_id="r1") == 2
    assert store.get("orders", "1").state is RecordState.PENDING
    assert store.get("orders", "1").attempts == 1
    assert store.get("orders", "3").state is RecordState.SYNCED
    replays = store.audit(actions=[AuditAction.REPLAY_REQUESTED])
    assert sorted(e.source_id for e in replays) == ["1", "2"]
    assert {e.run_id for e in replays} == {"r1"}


def test_requeue_of_named_records_includes_synced_ones_on_demand_but_never_in_flight(store):
    put(store, "1")
    put(store, "2")
    store.mark_synced(
        claim_one(store, "1"), target_object="APBILL", target_key="1", control_id="c1"
    )
    claim_one(store, "2")
    assert store.requeue(store.find()) == 1
    replayed = store.get("orders", "1")
    assert (replayed.state, replayed.control_id) == (RecordState.PENDING, "c1")
    assert store.get("orders", "2").state is RecordState.IN_FLIGHT


def test_requeue_by_source_time_range(store):
    for sid in "123":
        put(store, sid, version=int(sid))
        store.mark_skipped(claim_one(store, sid), reason="r")
    count = store.requeue(updated_from=UPDATED + timedelta(minutes=2))
    assert count == 2
    assert store.get("orders", "1").state is RecordState.SKIPPED


def test_record_json_is_serialisable_and_carries_no_claim_token(store):
    import json

    put(store, "1")
    data = claim_one(store).to_json()
    assert "claim_token" not in data
    assert json.loads(json.dumps(data))["state"] == "in_flight"


def test_the_fake_clock_drives_the_store(store, clock: FakeClock):
    put(store, "1")
    assert store.get("orders", "1").created_at == T0
