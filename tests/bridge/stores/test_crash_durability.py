"""A process killed (SIGKILL) at any point leaves a consistent store: nothing lost, nothing twice.

The child prints a line after every commit; the parent kills it after a random number of lines
(seeded, so a failure reproduces), reopens the file and checks what the child reported as committed
is there, then finishes the work the way a restarted worker would (claiming in-flight rows once
their lease has expired) and checks every record ended synced with exactly one `synced` entry.
"""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest

from bridge.stores import AuditEntry, RecordState, SQLiteStore

WORKER = Path(__file__).with_name("_crash_worker.py")
N = 30
LINES = N + N + N + (N // 7 + 1)  # upserts, control ids, synced marks, first-attempt failures


def _run_and_kill(db: Path, kill_after: int) -> list[tuple[str, str]]:
    proc = subprocess.Popen(
        [sys.executable, str(WORKER), str(db), str(N)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    seen: list[tuple[str, str]] = []
    for line in proc.stdout:
        kind, _, sid = line.strip().partition(" ")
        seen.append((kind, sid))
        if len(seen) >= kill_after:
            proc.send_signal(signal.SIGKILL)
            break
    proc.stdout.close()
    proc.wait()
    return seen


def _check_and_resume(db: Path, seen: list[tuple[str, str]]) -> None:
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    with SQLiteStore(db) as store:
        for kind, sid in seen:
            record = store.get("orders", sid) if sid else None
            if kind in ("U", "C", "S"):
                assert record is not None, f"{kind} {sid} was reported committed but is lost"
                if kind == "S":
                    assert record.state is RecordState.SYNCED
                if kind == "C":
                    assert record.control_id == f"c-{sid}"
        # A restarted worker: rows left in flight are free once their lease has expired.
        later = store.now() + timedelta(hours=1)
        while batch := store.claim(
            "orders", worker_id="restart", limit=7, lease=timedelta(minutes=5), now=later
        ):
            for record in batch:
                audit = AuditEntry(stream="orders", source_id=record.source_id, action="synced")
                assert store.mark_synced(
                    record, target_object="APBILL", target_key="k", control_id=None, audit=audit
                )
        for i in range(N):  # ingest whatever the child never reached, then finish it
            store.upsert_source(
                "orders", f"{i:04}", updated_at=None, payload={"i": i}, payload_hash=f"h{i}"
            )
        while batch := store.claim(
            "orders", worker_id="restart", limit=7, lease=timedelta(minutes=5), now=later
        ):
            for record in batch:
                audit = AuditEntry(stream="orders", source_id=record.source_id, action="synced")
                store.mark_synced(
                    record, target_object="APBILL", target_key="k", control_id=None, audit=audit
                )
        counts = store.counts_by_state("orders")["orders"]
        assert counts[RecordState.SYNCED] == N
        synced = Counter(e.source_id for e in store.audit(actions=["synced"]))
        assert synced == Counter({f"{i:04}": 1 for i in range(N)})


def _kill_points(rounds: int, seed: int) -> list[int]:
    rng = random.Random(seed)
    return [rng.randint(1, LINES) for _ in range(rounds)]


@pytest.mark.parametrize("kill_after", [1, *_kill_points(5, seed=20261126)])
def test_a_worker_killed_at_a_random_point_loses_nothing_and_syncs_nothing_twice(
    tmp_path, kill_after
):
    db = tmp_path / "crash.sqlite3"
    _check_and_resume(db, _run_and_kill(db, kill_after))


@pytest.mark.slow
@pytest.mark.parametrize("kill_after", _kill_points(50, seed=7))
def test_fifty_random_kills(tmp_path, kill_after):
    db = tmp_path / "crash.sqlite3"
    _check_and_resume(db, _run_and_kill(db, kill_after))
