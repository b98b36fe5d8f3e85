"""Four worker processes, one PostgreSQL database, two of them killed mid-run (issue 7).

The parent serves FakeCommerce and FakeIntacct on loopback; each worker is a separate process
running `SyncOrchestrator.run_once()` against them and one shared `PostgresStore`. Two workers
freeze after Intacct accepted a bill and before the store recorded it, and are killed with
SIGKILL there; the other two take their records over once the (2 s) leases run out.
"""

from __future__ import annotations

import queue
import signal
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path
from typing import IO

import pytest

from bridge.stores import PostgresStore, RecordState

from .conftest import WORKER, World, make_world

READY_STATES = {"processing", "complete", "closed"}


class Worker:
    """A worker process and the lines it prints, read on a thread so nothing blocks."""

    def __init__(self, spec: Path, worker_id: str, log_dir: Path) -> None:
        self.worker_id = worker_id
        self.stderr_path = log_dir / f"{worker_id}.stderr"
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        self._stderr = self.stderr_path.open("w")
        self.proc = subprocess.Popen(
            [sys.executable, str(WORKER), str(spec), worker_id],
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            text=True,
        )
        assert self.proc.stdout is not None
        threading.Thread(target=self._pump, args=(self.proc.stdout,), daemon=True).start()

    def _pump(self, stream: IO[str]) -> None:
        for line in stream:
            self.lines.put(line.strip())
        self.lines.put("EOF")

    def wait_for(self, word: str, timeout: float) -> str:
        """The first line starting with `word`; fails with the worker's output otherwise."""
        while True:
            try:
                line = self.lines.get(timeout=timeout)
            except queue.Empty:
                pytest.fail(f"{self.worker_id}: no {word} in {timeout}s; saw {self.seen}")
            self.seen.append(line)
            if line.startswith(word):
                return line
            if line == "EOF" or line.startswith(("DONE", "TIMEOUT")):
                err = self.stderr_path.read_text()[-2000:]
                pytest.fail(f"{self.worker_id}: ended before {word}: {self.seen}\n{err}")

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)

    def close(self) -> None:
        """Kill the process if it still runs, and close its pipe and log."""
        if self.proc.poll() is None:
            self.kill()
        self.proc.wait(timeout=10)
        if self.proc.stdout is not None:
            self.proc.stdout.close()
        self._stderr.close()


def _expected_orders(world: World) -> set[str]:
    orders = world.commerce.store.all("order")
    return {str(o["entity_id"]) for o in orders if str(o.get("state")) in READY_STATES}


def test_four_workers_two_killed_mid_post_leave_every_order_posted_exactly_once(
    pg_schema: tuple[str, str], tmp_path: Path
) -> None:
    dsn, schema = pg_schema
    world = make_world(orders=40)
    store = PostgresStore(dsn, schema=schema)  # migrates once, before the workers start
    workers: list[Worker] = []
    try:
        with world.commerce.serve() as commerce_url, world.intacct.serve() as intacct_url:
            gate = tmp_path / "orders-gate"
            spec = world.spec(
                tmp_path / "spec.json",
                commerce_url=commerce_url,
                intacct_url=intacct_url,
                dsn=dsn,
                schema=schema,
                lease_s=2.0,
                batch_size=5,
                pause_after={"w0": 2, "w1": 2},
                gated=["w2", "w3"],
                orders_gate=str(gate),
            )
            victims = [Worker(spec, f"w{k}", tmp_path) for k in (0, 1)]
            workers.extend(victims)
            for victim in victims:
                victim.wait_for("READY", 30)
            survivors = [Worker(spec, f"w{k}", tmp_path) for k in (2, 3)]
            workers.extend(survivors)
            for victim in victims:
                victim.wait_for("PAUSE", 40)  # a bill is in Intacct, not yet in the store
            for victim in victims:
                victim.kill()
            gate.touch()  # the survivors, busy with vendors until now, may claim orders
            for survivor in survivors:
                survivor.wait_for("DONE", 50)
                assert survivor.proc.wait(timeout=10) == 0

        orders = store.find(stream="orders")
        assert {r.source_id for r in orders} == _expected_orders(world)
        assert {r.state for r in orders} == {RecordState.SYNCED}
        bills = world.intacct.records("APBILL")
        per_record_id = Counter(str(b["RECORDID"]) for b in bills)
        assert max(per_record_id.values()) == 1, per_record_id.most_common(3)
        assert len(bills) == len(orders)
        assert {r.target_key for r in orders} == {str(b["RECORDNO"]) for b in bills}

        # The bills the victims posted but never recorded were found in Intacct by a survivor,
        # after their lease ran out, and recorded without a second post.
        taken_over = [r for r in orders if r.attempts >= 2]
        assert len(taken_over) >= 2
        found = store.audit(stream="orders", actions=["already_in_intacct", "duplicate_resolved"])
        assert {e.worker_id for e in found} <= {"w2", "w3"}
        assert len(found) >= 2

        for stream, obj, key in (
            ("credit_memos", "APADJUSTMENT", "RECORDID"),
            ("purchase_orders", "PODOCUMENT", "DOCNO"),
        ):
            records = store.find(stream=stream)
            assert records, stream
            assert {r.state for r in records} == {RecordState.SYNCED}, stream
            documents = Counter(str(d[key]) for d in world.intacct.records(obj))
            assert max(documents.values()) == 1, (obj, documents.most_common(3))

        vendors = world.intacct.records("VENDOR")
        assert max(Counter(str(v["VENDORID"]) for v in vendors).values()) == 1
        unlinked = [
            v["VENDORID"] for v in vendors if store.vendor_link_by_vendor(v["VENDORID"]) is None
        ]
        assert unlinked == []
        assert store.find(states=[RecordState.FAILED]) == []
    finally:
        for worker in workers:
            worker.close()
        store.close()
