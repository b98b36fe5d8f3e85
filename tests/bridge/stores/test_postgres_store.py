# ruff: noqa: S608  (test SQL names a generated schema, no outside input)
"""What only the PostgreSQL store does: several processes, advisory locks, schema handling.

Skipped unless BRIDGE_TEST_POSTGRES_DSN is set (`.ci/run` sets it when the local server answers).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from bridge.stores import AuditEntry, RecordState, StoreSchemaError, StreamLockedError
from tests.bridge.stores.conftest import (
    POSTGRES_HOWTO,
    FakeClock,
    fresh_postgres_schema,
    postgres_dsn,
)

if TYPE_CHECKING:
    from bridge.stores import PostgresStore

pytestmark = pytest.mark.postgres
if not os.environ.get("BRIDGE_TEST_POSTGRES_DSN"):
    pytest.skip(POSTGRES_HOWTO, allow_module_level=True)  # one skip line, not one per test
WORKER = Path(__file__).with_name("_pg_worker.py")
LEASE = timedelta(minutes=5)


@pytest.fixture
def pg() -> Iterator[tuple[str, str]]:
    postgres_dsn()
    with fresh_postgres_schema() as target:
        yield target


def _store(pg: tuple[str, str], clock: FakeClock | None = None) -> PostgresStore:
    from bridge.stores import PostgresStore

    dsn, schema = pg
    return PostgresStore(dsn, schema=schema, clock=clock)


def test_four_workers_two_killed_mid_run_leave_every_record_synced_exactly_once(pg):
    n = 200
    with _store(pg) as store:
        for i in range(n):
            store.upsert_source(
                "orders", f"{i:04}", updated_at=None, payload={"i": i}, payload_hash=f"h{i}"
            )
    dsn, schema = pg
    # Workers 0 and 1 claim a batch of 5, sync 3, then die holding the other 2; 2 and 3 run on.
    procs = [
        subprocess.Popen(
            [sys.executable, str(WORKER), dsn, schema, f"w{k}", *(["3"] if k < 2 else [])],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for k in range(4)
    ]
    for victim in procs[:2]:
        assert victim.stdout is not None
        for line in victim.stdout:
            if line.strip() == "PAUSE":
                break
        else:
            pytest.fail("a worker ended before pausing mid-batch")
        victim.send_signal(signal.SIGKILL)
    for proc in procs:
        assert proc.stdout is not None
        assert proc.stdin is not None
        proc.stdout.read()
        proc.stdout.close()
        proc.stdin.close()
        proc.wait()
    with _store(pg) as store:
        later = store.now() + LEASE + timedelta(seconds=1)
        recovered = 0
        while batch := store.claim(
            "orders", worker_id="recovery", limit=10, lease=LEASE, now=later
        ):
            for record in batch:
                audit = AuditEntry(stream="orders", source_id=record.source_id, action="synced")
                assert store.mark_synced(
                    record, target_object="APBILL", target_key="k", control_id=None, audit=audit
                )
                recovered += 1
        assert store.counts_by_state("orders")["orders"][RecordState.SYNCED] == n
        synced = Counter(e.source_id for e in store.audit(actions=["synced"]))
        assert synced == Counter({f"{i:04}": 1 for i in range(n)})
        assert recovered == 4  # the two dead workers' unfinished claims, freed by their leases


def test_two_hosts_claim_disjoint_batches_and_a_stale_finisher_cannot_overwrite(pg):
    clock = FakeClock()
    with _store(pg, clock) as a, _store(pg, clock) as b:
        for i in range(6):
            a.upsert_source("orders", str(i), updated_at=None, payload={}, payload_hash="h")
        got_a = a.claim("orders", worker_id="a", limit=4, lease=LEASE)
        got_b = b.claim("orders", worker_id="b", limit=4, lease=LEASE)
        assert len(got_a) == 4
        assert len(got_b) == 2
        clock.advance(LEASE)
        (taken,) = b.claim(
            "orders", worker_id="b", limit=1, lease=LEASE, source_ids=[got_a[0].source_id]
        )
        assert not a.mark_synced(got_a[0], target_object="APBILL", target_key="1", control_id="x")
        assert b.mark_synced(taken, target_object="APBILL", target_key="2", control_id="y")
        record = a.get("orders", got_a[0].source_id)
        assert record is not None
        assert record.target_key == "2"


def test_the_stream_lock_excludes_other_stores_and_is_freed_when_the_block_ends(pg):
    with _store(pg) as a, _store(pg) as b:
        with (
            a.stream_lock("orders"),
            pytest.raises(StreamLockedError),
            b.stream_lock("orders", timeout=0),
        ):
            pass
        with b.stream_lock("orders", timeout=0), a.stream_lock("invoices", timeout=0):
            pass


def test_a_schema_from_a_newer_library_is_refused(pg):
    import psycopg

    dsn, schema = pg
    _store(pg).close()
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f"UPDATE {schema}.schema_version SET version = version + 1")
    with pytest.raises(StoreSchemaError, match="newer"):
        _store(pg)


def test_reopening_migrates_nothing_and_keeps_rows(pg):
    with _store(pg) as store:
        store.upsert_source("orders", "1", updated_at=None, payload={"a": 1}, payload_hash="h")
    with _store(pg) as store:
        record = store.get("orders", "1")
        assert record is not None
        assert record.payload == {"a": 1}


def test_the_audit_table_refuses_updates_and_deletes(pg):
    import psycopg

    dsn, schema = pg
    with _store(pg) as store:
        store.append_audit(AuditEntry(action="fetched"))
    with psycopg.connect(dsn, autocommit=True) as conn:
        with pytest.raises(psycopg.errors.RaiseException, match="append-only"):
            conn.execute(f"UPDATE {schema}.audit SET action = 'x'")
        with pytest.raises(psycopg.errors.RaiseException, match="append-only"):
            conn.execute(f"DELETE FROM {schema}.audit")


def test_a_bad_schema_name_is_refused_by_name():
    from bridge.stores import PostgresStore

    with pytest.raises(ValueError, match="schema"):
        PostgresStore("postgresql://unused", schema="x; DROP TABLE y")


def test_the_repr_never_shows_the_dsn(pg):
    dsn, schema = pg
    with _store(pg) as store:
        assert repr(store) == f"PostgresStore(schema={schema!r})"
        assert dsn not in repr(store)
