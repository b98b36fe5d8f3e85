"""Fault: the sync process is killed with SIGKILL at seeded random points, then restarted.

Both fakes are served on loopback by this (parent) process, so what Intacct and Commerce hold
survives every kill; the child process runs `SyncOrchestrator.run_once()` against them with a
SQLite store file. Each round the parent picks a kill point (seeded, so a failure reproduces):

- `in_request`: during the child's k-th Intacct request, before the gateway runs it. The
  gateway still runs and commits the functions; the child never sees the answer (the worst case:
  a crash after the write, before the store learns about it);
- `after`: a few milliseconds after the k-th Intacct request, wherever the child then is
  (mapping, writing the store, fetching from Commerce).

A restarted child runs with its clock an hour later per round (the dead worker's leases and
back-offs have run out). At the end, the checks: every ready order has exactly one bill and one
`synced` row whose key is that bill, and Intacct holds exactly the vendors, bills, adjustments
and purchase orders an uninterrupted run of the same data produces (nothing lost, nothing twice).

`RELIABILITY_KILLS` sets the number of kills (CI default 20) and `RELIABILITY_SEED` the seed of
the kill points; the `slow` variant runs 60 kills.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import attrs
import pytest

from bridge._demo import DEMO_ACCOUNTS, _one_user_per_company, build_world
from bridge.settings import SyncSettings
from bridge.stores import RecordState, SQLiteStore
from commerce_sdk.testing import FakeCommerce
from intacct_sdk.testing import FakeIntacct

from .conftest import make_world

CHILD = Path(__file__).with_name("_sync_child.py")
ORDERS = 200
SEED = 11
STREAMS = ("customers", "companies", "orders", "credit_memos", "purchase_orders")
BATCH_SIZE = 40
FUNCTIONS_PER_REQUEST = 20
CHILD_TIMEOUT = 60.0


@attrs.define
class Sandbox:
    intacct: FakeIntacct
    commerce: FakeCommerce
    spec: dict[str, Any]


def _seed(commerce: FakeCommerce) -> dict[str, str]:
    seeded = commerce.seed_demo(
        seed=SEED, orders=ORDERS, companies=8, customers=40, purchase_orders_per_company=2
    )
    return dict(seeded.company_users)


@contextmanager
def served_sandbox(store: Path) -> Iterator[Sandbox]:
    commerce = FakeCommerce(flavor="paas")
    users = _seed(commerce)
    intacct = FakeIntacct()
    for number, title in DEMO_ACCOUNTS.items():
        intacct.add_gl_account(number, title)
    email, password = sorted(users.items())[0]
    creds = commerce.oauth_credentials
    with intacct.serve() as intacct_url, commerce.serve() as commerce_url:
        spec = {
            "intacct_url": intacct_url,
            "commerce_url": commerce_url,
            "intacct_credentials": dict(intacct.credentials()),
            "oauth": {
                "consumer_key": creds.consumer_key,
                "consumer_secret": creds.consumer_secret,
                "access_token": creds.access_token,
                "access_token_secret": creds.access_token_secret,
            },
            "company_user": {"email": email, "password": password},
            # One company user per company, as the reference run (build_world) reads them.
            "company_users": {
                str(company_id): {"email": user.email, "password": user.password}
                for company_id, user in _one_user_per_company(commerce, users).items()
            },
            "store": str(store),
            "streams": list(STREAMS),
            "batch_size": BATCH_SIZE,
            "functions_per_request": FUNCTIONS_PER_REQUEST,
            "clock_offset_hours": 0,
        }
        yield Sandbox(intacct=intacct, commerce=commerce, spec=spec)


@attrs.frozen
class KillPoint:
    """Kill during (`in_request`) or `delay` seconds after the child's k-th Intacct request."""

    k: int
    mode: str
    delay: float = 0.0


def kill_points(count: int, seed: int, *, spread: int) -> list[KillPoint]:
    rng = random.Random(seed)
    return [
        KillPoint(
            k=rng.randint(1, spread),
            mode=rng.choice(["in_request", "after"]),
            delay=rng.uniform(0.0, 0.03),
        )
        for _ in range(count)
    ]


def run_child(box: Sandbox, round_no: int, kill: KillPoint | None) -> bool:
    """Run one child; True when it was killed (False: it finished on its own)."""
    spec = dict(box.spec, clock_offset_hours=round_no)
    proc = subprocess.Popen(
        [sys.executable, str(CHILD), json.dumps(spec)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    killed = threading.Event()
    start = box.intacct.counters.requests

    def kill_now() -> None:
        if not killed.is_set():
            killed.set()
            proc.send_signal(signal.SIGKILL)

    watcher = None
    if kill is not None and kill.mode == "in_request":

        def during(_request: object) -> bool:
            # Called by the gateway for the request it is about to run (the match predicate of
            # a zero-latency fault): the child dies, the gateway still commits.
            if box.intacct.counters.requests - start + 1 >= kill.k:
                kill_now()
                return True
            return False

        box.intacct.faults.latency_next(0.0, match=during)
    elif kill is not None:

        def after() -> None:
            while proc.poll() is None:
                if box.intacct.counters.requests - start >= kill.k:
                    time.sleep(kill.delay)
                    kill_now()
                    return
                time.sleep(0.0005)

        watcher = threading.Thread(target=after, daemon=True)
        watcher.start()
    try:
        out, err = proc.communicate(timeout=CHILD_TIMEOUT)
    finally:
        box.intacct.faults.clear()
        if watcher is not None:
            watcher.join(timeout=5)
    if killed.is_set():
        assert proc.returncode == -signal.SIGKILL
        return True
    assert proc.returncode == 0, err[-3000:]
    report = json.loads(out.strip().splitlines()[-1])
    assert report["errors"] == [], report
    return False


def _inventory(intacct: FakeIntacct) -> dict[str, Counter[str]]:
    return {
        "VENDOR": Counter(str(v["VENDORID"]) for v in intacct.records("VENDOR")),
        "APBILL": Counter(str(b["RECORDID"]) for b in intacct.records("APBILL")),
        "APADJUSTMENT": Counter(
            str(a.get("RECORDID") or a.get("ADJUSTMENTNO")) for a in intacct.records("APADJUSTMENT")
        ),
        "PODOCUMENT": Counter(str(p.get("DOCNO")) for p in intacct.records("PODOCUMENT")),
    }


def crash_and_resume(tmp_path: Path, kills: int, seed: int) -> None:
    store = tmp_path / "bridge.sqlite3"
    expected, requests = _expected(tmp_path)
    with served_sandbox(store) as box:
        # Spread the kill points over the Intacct requests of a whole uninterrupted run.
        points = kill_points(kills, seed, spread=max(3, (2 * requests) // kills))
        killed = sum(run_child(box, n, point) for n, point in enumerate(points))
        assert killed >= kills // 3, f"only {killed} of {kills} rounds were killed"
        # The last restarts finish the work (a second one picks up anything that was retrying).
        for extra in range(3):
            assert not run_child(box, len(points) + extra, None)
        check(box, store, expected)


def check(box: Sandbox, store_path: Path, expected: dict[str, Counter[str]]) -> None:
    got = _inventory(box.intacct)
    for obj, counts in got.items():
        twice = {k: n for k, n in counts.items() if n > 1}
        assert not twice, f"{obj} posted more than once: {twice}"
    for obj in expected:
        missing = sorted(set(expected[obj]) - set(got[obj]))
        extra = sorted(set(got[obj]) - set(expected[obj]))
        assert not missing, (obj, missing, _states(store_path))
        assert not extra, (obj, extra)
    bills = {b["RECORDID"]: b for b in box.intacct.records("APBILL")}
    with SQLiteStore(store_path) as store:
        rows = store.find(stream="orders")
        assert Counter(r.state for r in rows) == Counter({RecordState.SYNCED: len(rows)})
        assert len(rows) == len(bills)
        for row in rows:
            order = next(
                o for o in box.commerce.store.all("order") if str(o["entity_id"]) == row.source_id
            )
            bill = bills[f"WEB-{order['increment_id']}"]
            assert row.target_key in {str(bill["RECORDNO"]), str(bill["RECORDID"])}
        for stream in ("customers", "companies", "credit_memos", "purchase_orders"):
            states = Counter(r.state for r in store.find(stream=stream))
            assert set(states) <= {RecordState.SYNCED, RecordState.SKIPPED}, (stream, states)


def _states(store_path: Path) -> dict[str, Counter[RecordState]]:
    with SQLiteStore(store_path) as store:
        return {s: Counter(r.state for r in store.find(stream=s)) for s in STREAMS}


def _expected(tmp_path: Path) -> tuple[dict[str, Counter[str]], int]:
    """What an uninterrupted run of the same data leaves in Intacct, and its request count."""
    world = build_world(
        tmp_path / "reference.sqlite3",
        orders=ORDERS,
        seed=SEED,
        settings=SyncSettings(
            streams=STREAMS, batch_size=BATCH_SIZE, functions_per_request=FUNCTIONS_PER_REQUEST
        ),
    )
    try:
        report = world.orchestrator.run_once()
        assert not report.errors
        return _inventory(world.intacct), world.intacct.counters.requests
    finally:
        world.close()


def _kills_from_env(default: int) -> int:
    return int(os.environ.get("RELIABILITY_KILLS", default))


def test_sigkill_at_random_points_then_resume_loses_nothing_and_posts_nothing_twice(tmp_path):
    seed = int(os.environ.get("RELIABILITY_SEED", 20261126))
    crash_and_resume(tmp_path, kills=_kills_from_env(20), seed=seed)


@pytest.mark.slow
def test_sixty_sigkills_then_resume_loses_nothing_and_posts_nothing_twice(tmp_path):
    crash_and_resume(tmp_path, kills=max(60, _kills_from_env(60)), seed=7)


class Crash(BaseException):
    """Stands for the process being killed: nothing catches it."""


def test_killed_between_the_two_adjustments_of_one_memo_posts_the_second_on_resume(
    tmp_path, monkeypatch
):
    # Fault: a crash after the first of a memo's two adjustments is posted, before the second.
    # Found by the SIGKILL test above: the memo was marked synced after its first adjustment.
    world = make_world(tmp_path, orders=60, settings=SyncSettings(lease=timedelta(minutes=10)))
    port = world.orchestrator.intacct
    real = port.post_adjustments
    never_posted: list[str] = []

    async def crash_before_a_second_part(adjustments):
        if any(str(a.adjustment_no).endswith("-2") for a, _ in adjustments):
            never_posted.extend(str(a.adjustment_no) for a, _ in adjustments)
            raise Crash("killed between the two adjustments")
        return await real(adjustments)

    monkeypatch.setattr(port, "post_adjustments", crash_before_a_second_part)
    monkeypatch.setattr("bridge.orchestrator._release_unfinished", lambda ctx, records: None)
    with pytest.raises(Crash):
        world.orchestrator.run_once()
    first_parts = {a["RECORDID"] for a in world.intacct.records("APADJUSTMENT")}
    monkeypatch.setattr(port, "post_adjustments", real)
    later = datetime.now(UTC) + timedelta(hours=1)
    world.orchestrator.clock = lambda: later
    world.orchestrator.run_once()
    numbers = Counter(a["RECORDID"] for a in world.intacct.records("APADJUSTMENT"))
    assert max(numbers.values()) == 1
    assert never_posted
    assert set(never_posted) <= set(numbers)  # the second part was posted on resume
    assert first_parts < set(numbers)
    memos = world.store.find(stream="credit_memos")
    assert all(m.state is RecordState.SYNCED for m in memos)


def test_killed_right_after_a_bill_is_marked_synced_its_memo_still_finds_the_bill(
    tmp_path, monkeypatch
):
    # Fault: a crash right after the store marked a bill's order synced. Found by the SIGKILL
    # test above: the audit entry naming the bill (a credit memo reads the bill's VENDORID and
    # number from it) was written after the state, so a kill in between failed the memo for
    # good with "bill_number: is empty".
    world = make_world(tmp_path, orders=30, settings=SyncSettings(lease=timedelta(minutes=10)))
    real = world.store.mark_synced
    refunded = {str(m["order_id"]) for m in world.commerce.store.all("credit_memo")}
    assert refunded

    def crash_after_first_bill(record, **kwargs):
        done = real(record, **kwargs)
        if record.stream == "orders" and record.source_id in refunded:
            raise Crash("killed right after the commit")
        return done

    monkeypatch.setattr(world.store, "mark_synced", crash_after_first_bill)
    monkeypatch.setattr("bridge.orchestrator._release_unfinished", lambda ctx, records: None)
    with pytest.raises(Crash):
        world.orchestrator.run_once()
    monkeypatch.setattr(world.store, "mark_synced", real)
    later = datetime.now(UTC) + timedelta(hours=1)
    world.orchestrator.clock = lambda: later
    world.orchestrator.run_once()
    memos = world.store.find(stream="credit_memos")
    assert memos
    assert [(m.source_id, m.last_error) for m in memos if m.state is not RecordState.SYNCED] == []
