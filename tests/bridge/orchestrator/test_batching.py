"""Round trips the settings promise: pages of `page_size`, one lookup request per batch,
new vendors' Commerce reads and write-backs sent concurrently (docs/performance.md)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs

from bridge.settings import SyncSettings

from .conftest import make_bridge


def test_page_size_reaches_the_commerce_requests(tmp_path: Path) -> None:
    bridge = make_bridge(tmp_path, settings=SyncSettings(page_size=7, streams=("orders",)))
    bridge.orchestrator.run_once()
    sizes = {
        parse_qs(r.query).get("searchCriteria[pageSize]", [""])[0]
        for r in bridge.commerce.requests
        if r.path.endswith("/V1/orders")
    }
    assert sizes == {"7"}
    bridge.store.close()


def test_a_batch_looks_vendors_and_bills_up_in_one_request_each(tmp_path: Path) -> None:
    bridge = make_bridge(tmp_path, orders=40, settings=SyncSettings(streams=("orders",)))
    report = bridge.orchestrator.run_once()
    assert report.streams["orders"].outcomes["synced"] > 0
    lookups = [r for r in bridge.intacct.requests if all(f.name != "create" for f in r.functions)]
    # One session request, one vendor lookup, one "which bills exist" lookup: nothing per key.
    assert len(lookups) <= 3
    bridge.store.close()
