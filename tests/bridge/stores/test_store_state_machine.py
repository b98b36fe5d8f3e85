"""Random sequences of store operations keep the ledger's invariants (hypothesis state machine).

Invariants after every step: each record is in exactly one state; IN_FLIGHT rows, and only they,
carry a claim; a live claim is held by one worker only; attempts never go negative; the model's
view of which records exist and which are synced matches the store's.
"""

from __future__ import annotations

from datetime import timedelta

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from bridge.stores import Record, RecordError, RecordState, SQLiteStore
from tests.bridge.stores.conftest import FakeClock

IDS = st.sampled_from(["1", "2", "3", "4"])
LEASE = timedelta(minutes=5)


class LedgerMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.clock = FakeClock()
        self.store = SQLiteStore(":memory:", clock=self.clock)
        self.known: set[str] = set()
        self.synced: set[str] = set()
        self.held: list[Record] = []  # claims workers believe they hold (some may be stale)

    def teardown(self) -> None:
        self.store.close()

    @rule(sid=IDS, version=st.integers(1, 3))
    def upsert(self, sid: str, version: int) -> None:
        self.store.upsert_source(
            "orders", sid, updated_at=None, payload={"v": version}, payload_hash=f"{sid}-{version}"
        )
        self.known.add(sid)

    @rule(worker=st.sampled_from(["a", "b"]), limit=st.integers(1, 3))
    def claim(self, worker: str, limit: int) -> None:
        got = self.store.claim("orders", worker_id=worker, limit=limit, lease=LEASE)
        assert all(r.source_id not in self.synced for r in got)
        self.held.extend(got)

    @rule(minutes=st.integers(1, 10))
    def advance(self, minutes: int) -> None:
        self.clock.advance(timedelta(minutes=minutes))

    @rule(
        data=st.data(),
        how=st.sampled_from(["synced", "failed", "retry", "wait", "skip", "release"]),
    )
    def finish(self, data: st.DataObject, how: str) -> None:
        if not self.held:
            return
        record = self.held.pop(data.draw(st.integers(0, len(self.held) - 1)))
        current = self.store.get("orders", record.source_id)
        assert current is not None
        owns = current.state is RecordState.IN_FLIGHT and current.claim_token == record.claim_token
        later = self.clock.now + timedelta(minutes=2)
        error = RecordError(kind="k", message="m")
        if how == "synced":
            ok = self.store.mark_synced(
                record, target_object="APBILL", target_key="k", control_id="c"
            )
            if ok:
                self.synced.add(record.source_id)
        elif how == "failed":
            ok = self.store.mark_failed(record, error=error, next_attempt_at=None)
        elif how == "retry":
            ok = self.store.mark_failed(record, error=error, next_attempt_at=later)
        elif how == "wait":
            ok = self.store.mark_waiting(record, reason="r", next_attempt_at=later)
        elif how == "skip":
            ok = self.store.mark_skipped(record, reason="r")
        else:
            ok = self.store.release(record)
        assert ok == owns

    @rule()
    def replay_failed(self) -> None:
        self.store.requeue(stream="orders")

    @invariant()
    def ledger_is_consistent(self) -> None:
        records = self.store.find(stream="orders")
        assert {r.source_id for r in records} == self.known
        assert {r.source_id for r in records if r.state is RecordState.SYNCED} == self.synced
        for r in records:
            in_flight = r.state is RecordState.IN_FLIGHT
            assert (r.claimed_by is not None) == in_flight
            assert (r.claim_token is not None) == in_flight
            assert r.attempts >= 0
        counts = self.store.counts_by_state("orders").get("orders", {})
        assert sum(counts.values()) == len(self.known)


LedgerMachine.TestCase.settings = settings(max_examples=40, stateful_step_count=30, deadline=None)
test_ledger_invariants_hold_under_random_operations = LedgerMachine.TestCase
