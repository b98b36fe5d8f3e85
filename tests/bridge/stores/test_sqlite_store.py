"""What only the SQLite store does: migrations, WAL, triggers, several connections on one file."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest

from bridge.stores import (
    AuditEntry,
    RecordState,
    SQLiteStore,
    StoreError,
    StoreSchemaError,
    StreamLockedError,
    UpsertOutcome,
)
from bridge.stores._sqlite_schema import LATEST_VERSION, migrate, schema_version
from tests.bridge.stores.conftest import T0, FakeClock

LEASE = timedelta(minutes=5)


def _v1_database(path) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, target=1)
    conn.execute(
        "INSERT INTO records (stream, source_id, payload_hash, payload, state, created_at, "
        "updated_at) VALUES ('orders', '1', 'h1', '{\"v\": 1}', 'pending', ?, ?)",
        (T0.isoformat(), T0.isoformat()),
    )
    conn.close()


def test_opening_a_version_1_database_migrates_it_forward_keeping_its_rows(tmp_path):
    path = tmp_path / "old.sqlite3"
    _v1_database(path)
    with SQLiteStore(path) as store:
        record = store.get("orders", "1")
        assert record is not None
        assert record.payload == {"v": 1}
        assert store.upsert_source(
            "orders", "1", updated_at=None, payload={}, payload_hash="h1"
        ) is (UpsertOutcome.UNCHANGED)
        assert store.record_webhook("e1", event_type="t", source="s", verified=True, body=b"{}")
    conn = sqlite3.connect(path)
    assert schema_version(conn) == LATEST_VERSION
    conn.close()


def test_opening_a_database_from_a_newer_library_is_refused(tmp_path):
    path = tmp_path / "new.sqlite3"
    SQLiteStore(path).close()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("UPDATE schema_version SET version = ?", (LATEST_VERSION + 1,))
    conn.close()
    with pytest.raises(StoreSchemaError, match="newer"):
        SQLiteStore(path)


def test_reopening_is_idempotent_and_keeps_everything(tmp_path):
    path = tmp_path / "b.sqlite3"
    with SQLiteStore(path) as store:
        store.upsert_source("orders", "1", updated_at=None, payload={"a": 1}, payload_hash="h")
    with SQLiteStore(path) as store:
        record = store.get("orders", "1")
        assert record is not None
        assert record.payload == {"a": 1}


def test_a_file_store_uses_wal_and_a_busy_timeout(tmp_path):
    with SQLiteStore(tmp_path / "b.sqlite3", busy_timeout=timedelta(seconds=7)) as store:
        conn = store._conn
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == 7000


def test_the_audit_table_refuses_updates_and_deletes(tmp_path):
    with SQLiteStore(tmp_path / "b.sqlite3") as store:
        store.append_audit(AuditEntry(action="fetched"))
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            store._conn.execute("UPDATE audit SET action = 'x'")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            store._conn.execute("DELETE FROM audit")


def test_two_processes_sharing_a_file_never_claim_the_same_record(tmp_path):
    clock = FakeClock()
    a = SQLiteStore(tmp_path / "b.sqlite3", clock=clock)
    b = SQLiteStore(tmp_path / "b.sqlite3", clock=clock)
    for i in range(10):
        a.upsert_source("orders", str(i), updated_at=None, payload={}, payload_hash="h")
    got_a = a.claim("orders", worker_id="a", limit=6, lease=LEASE)
    got_b = b.claim("orders", worker_id="b", limit=6, lease=LEASE)
    assert len(got_a) + len(got_b) == 10
    assert {r.source_id for r in got_a}.isdisjoint({r.source_id for r in got_b})
    assert b.mark_synced(got_b[0], target_object="APBILL", target_key="1", control_id="c")
    seen_by_a = a.get("orders", got_b[0].source_id)
    assert seen_by_a is not None
    assert seen_by_a.state is RecordState.SYNCED
    a.close()
    b.close()


def test_a_stream_lock_left_by_a_dead_process_expires(tmp_path):
    clock = FakeClock()
    a = SQLiteStore(tmp_path / "b.sqlite3", clock=clock)
    b = SQLiteStore(tmp_path / "b.sqlite3", clock=clock)
    assert a._try_lock_row("orders", "dead-process", timedelta(minutes=10))
    with (
        pytest.raises(StreamLockedError, match="another process"),
        b.stream_lock("orders", timeout=0),
    ):
        pass
    clock.advance(timedelta(minutes=10))
    with b.stream_lock("orders", timeout=0):
        pass
    a.close()
    b.close()


def test_a_lock_held_elsewhere_is_awaited_by_polling_with_the_injected_sleep(tmp_path):
    clock = FakeClock()
    a = SQLiteStore(tmp_path / "b.sqlite3", clock=clock)
    a._try_lock_row("orders", "other", timedelta(minutes=10))
    waits: list[float] = []

    def sleep(seconds: float) -> None:  # the other owner finishes while we wait
        waits.append(seconds)
        a._conn.execute("DELETE FROM stream_locks")

    b = SQLiteStore(tmp_path / "b.sqlite3", clock=clock, sleep=sleep)
    with b.stream_lock("orders", timeout=60):
        pass
    assert len(waits) == 1
    a.close()
    b.close()


def test_a_closed_store_says_so(tmp_path):
    store = SQLiteStore(tmp_path / "b.sqlite3")
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.get("orders", "1")


def test_the_clock_must_be_timezone_aware(tmp_path):
    from datetime import datetime

    store = SQLiteStore(":memory:", clock=lambda: datetime(2026, 1, 1))  # noqa: DTZ001
    with pytest.raises(ValueError, match="clock"):
        store.upsert_source("orders", "1", updated_at=None, payload={}, payload_hash="h")


def test_repr_names_the_path_only(tmp_path):
    assert repr(SQLiteStore(":memory:")) == "SQLiteStore(':memory:')"
