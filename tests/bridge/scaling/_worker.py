"""One bridge worker process for the multi-worker tests: `python _worker.py SPEC.json WORKER_ID`.

It builds real clients against the fakes the parent test serves on loopback, opens the shared
PostgreSQL schema and calls `SyncOrchestrator.run_once()` until the store holds no work any
worker could still do (nothing pending, in flight, waiting or due for a retry), then prints
`DONE`. With `pause_after` set for it, it blocks forever inside the `pause_after`-th
`mark_synced` of a bill, after Intacct accepted the bill and before the store records it (the
worst moment to die), having printed `PAUSE`: the parent kills it there with SIGKILL. With
`orders_gate` set, its first claim of orders waits until that file exists, so the workers meant
to die are sure to hold orders when they do (the others fetch and process vendors meanwhile).
"""

from __future__ import annotations

import json
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx

from bridge import MappingConfig
from bridge.orchestrator import SyncOrchestrator
from bridge.settings import SyncSettings
from bridge.stores import PostgresStore, Record, RecordState
from commerce_sdk import CommerceClient, CompanyUser, OAuth1
from intacct_sdk import IntacctClient

_OPEN = (RecordState.PENDING, RecordState.IN_FLIGHT, RecordState.WAITING)


class PausingStore(PostgresStore):
    """A `PostgresStore` that freezes its process just before recording the n-th posted bill."""

    pause_after: int | None = None
    orders_gate: Path | None = None
    _bills = 0

    def claim(self, stream: str, **kwargs: Any) -> list[Record]:
        if stream == "orders" and self.orders_gate is not None:
            give_up = time.monotonic() + 30
            while not self.orders_gate.exists() and time.monotonic() < give_up:
                time.sleep(0.05)
            self.orders_gate = None
        return super().claim(stream, **kwargs)

    def mark_synced(self, record: Record, **kwargs: Any) -> bool:
        if self.pause_after is not None and kwargs.get("target_object") == "APBILL":
            self._bills += 1
            if self._bills >= self.pause_after:
                print("PAUSE", flush=True)
                threading.Event().wait()  # until SIGKILL; the claims and the posted bill stay
        return super().mark_synced(record, **kwargs)


def work_left(store: PostgresStore) -> bool:
    """Whether any record is still open, or failed with a retry scheduled."""
    if store.find(states=_OPEN, limit=1):
        return True
    return any(r.next_attempt_at is not None for r in store.find(states=[RecordState.FAILED]))


def build(spec: dict[str, Any], worker_id: str) -> tuple[SyncOrchestrator, PausingStore]:
    """Clients, store and orchestrator for one worker, from the parent's spec."""
    oauth = spec["commerce_oauth"]
    commerce = CommerceClient(
        spec["commerce_url"],
        auth=OAuth1(
            oauth["consumer_key"],
            oauth["consumer_secret"],
            oauth["access_token"],
            oauth["access_token_secret"],
        ),
        http_client=httpx.Client(),
        company_user=CompanyUser(**spec["company_user"]),
        sleep=lambda s: time.sleep(min(s, 0.05)),
    )
    intacct = IntacctClient(
        **spec["intacct_credentials"],
        endpoint_url=spec["intacct_url"],
        # The served fake hands out its loopback URL from getAPISession (docs/intacct.md).
        allow_endpoint_hosts=("127.0.0.1",),
        http_client=httpx.Client(),
        sleep=lambda s: time.sleep(min(s, 0.05)),
    )
    store = PausingStore(spec["dsn"], schema=spec["schema"])
    store.pause_after = spec.get("pause_after", {}).get(worker_id)
    if worker_id in spec.get("gated", ()):
        store.orders_gate = Path(spec["orders_gate"])
    settings = SyncSettings(
        worker_id=worker_id,
        batch_size=spec.get("batch_size", 5),
        lease=timedelta(seconds=spec.get("lease_s", 2.0)),
        waiting_recheck=timedelta(seconds=0.3),
        retry_backoff=(timedelta(seconds=0.5),) * 4,
    )
    orchestrator = SyncOrchestrator(
        intacct=intacct,
        commerce=commerce,
        store=store,
        config=MappingConfig.from_toml(spec["config_path"]),
        settings=settings,
    )
    return orchestrator, store


def main() -> None:
    spec = json.loads(Path(sys.argv[1]).read_text())
    worker_id = sys.argv[2]
    orchestrator, store = build(spec, worker_id)
    print("READY", flush=True)
    deadline = time.monotonic() + spec.get("deadline_s", 45.0)
    runs = 0
    while time.monotonic() < deadline:
        report = orchestrator.run_once()
        runs += 1
        for error in report.errors:
            print("ERROR", error, flush=True)
        if not work_left(store):
            print("DONE", runs, flush=True)
            return
        time.sleep(0.2)  # the rest waits for a lease to run out or a retry to come due
    print("TIMEOUT", runs, flush=True)
    sys.exit(3)


if __name__ == "__main__":
    main()
