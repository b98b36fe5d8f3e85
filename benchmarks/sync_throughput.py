"""Orders per second through the whole bridge, against both fakes on loopback HTTP with latency.

The orchestrator (customers, companies, then orders: vendor matching, batched lookups, many
functions per request, a bounded number of requests in flight, durable SQLite store) is timed
against a baseline that does what the popular Python Intacct SDK does: for each order, one
vendor lookup, a vendor create when missing, and the bill create, each its own request, in turn.

The baseline is timed on a sample of orders and extrapolated to all of them from its exact request
count (it makes no choices: lookup + bill for every ready order, one create per new vendor). Run
with `--baseline-orders 0` to time it on every order instead (2,000 orders at 100 ms: ~10 min).

    python benchmarks/sync_throughput.py [--orders 2000] [--latency-ms 100] [--sweep]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import _common as c

from bridge._demo import demo_config
from bridge.mapping import (
    MappingError,
    guest_vendor_id,
    order_to_ap_bill,
    order_to_vendor,
    skip_reason,
    vendor_id_for_order,
)
from bridge.orchestrator import SyncOrchestrator
from bridge.settings import SyncSettings
from bridge.stores import SQLiteStore
from commerce_sdk import AsyncCommerceClient, CommerceClient, OAuth1
from intacct_sdk import AsyncIntacctClient, IntacctClient
from intacct_sdk._constants import DEFAULT_MAX_CONCURRENCY
from intacct_sdk.functions import Create, ReadByQuery, quote

STREAMS = ("customers", "companies", "orders")


def _mix(orders: int) -> dict[str, int]:
    # The demo distributor's mix: 45% B2B orders, 30% registered customers, 25% guests; about
    # ten orders per registered customer and a hundred per company over the period.
    return {
        "orders": orders,
        "customers": max(20, orders // 10),
        "companies": max(4, orders // 100),
    }


def _clients(info: dict[str, Any], concurrency: int) -> tuple[IntacctClient, CommerceClient]:
    # The client's own default concurrency (intacct_sdk DEFAULT_MAX_CONCURRENCY) caps Intacct
    # requests in flight; `max_requests_in_flight` above it still applies to Commerce calls.
    intacct = IntacctClient(
        **info["intacct_credentials"],
        endpoint_url=info["intacct_url"],
        max_concurrency=min(concurrency, DEFAULT_MAX_CONCURRENCY),
    )
    commerce = CommerceClient(info["commerce_url"], auth=OAuth1(*info["oauth"]))
    return intacct, commerce


def run_orchestrator(
    servers: c.FakeServers, args: argparse.Namespace, **knobs: Any
) -> dict[str, float]:
    """One full run on a fresh world; wall time and request counts."""
    info = servers.world("sync", latency=args.latency_ms / 1000, **_mix(args.orders))
    settings = SyncSettings(streams=STREAMS, **knobs)
    with tempfile.TemporaryDirectory(dir=args.store_dir) as tmp:
        store = SQLiteStore(Path(tmp) / "bench.sqlite3")
        if args.clients == "async":
            wall, report = asyncio.run(_run_async(info, settings, store))
        else:
            intacct, commerce = _clients(info, settings.max_requests_in_flight)
            orchestrator = SyncOrchestrator(
                intacct=intacct,
                commerce=commerce,
                store=store,
                config=demo_config(),
                settings=settings,
            )
            started = time.perf_counter()
            report = orchestrator.run_once()
            wall = time.perf_counter() - started
            intacct.close()
            commerce.close()
        store.close()
    if report.errors:
        raise SystemExit(f"the orchestrator run failed: {report.errors}")
    counters = servers.counters()
    orders = report.streams["orders"]
    return {
        "wall": wall,
        "synced": float(orders.outcomes["synced"]),
        "fetched": float(orders.fetched),
        "intacct": float(counters["intacct"]["requests"]),
        "commerce": float(counters["commerce"]["requests"]),
        "orders_s": orders.duration_s,
    }


async def _run_async(info: dict[str, Any], settings: SyncSettings, store: Any) -> tuple[float, Any]:
    # The async clients: no worker threads between the orchestrator and the sockets (the sync
    # clients go through asyncio.to_thread, whose default pool has min(32, cores + 4) threads).
    async with (
        AsyncIntacctClient(
            **info["intacct_credentials"],
            endpoint_url=info["intacct_url"],
            max_concurrency=min(settings.max_requests_in_flight, DEFAULT_MAX_CONCURRENCY),
        ) as intacct,
        AsyncCommerceClient(info["commerce_url"], auth=OAuth1(*info["oauth"])) as commerce,
    ):
        orchestrator = SyncOrchestrator(
            intacct=intacct, commerce=commerce, store=store, config=demo_config(), settings=settings
        )
        started = time.perf_counter()
        report = await orchestrator.arun_once()
        return time.perf_counter() - started, report


def run_baseline(servers: c.FakeServers, args: argparse.Namespace) -> dict[str, float]:
    """The one-function-per-request baseline: all orders fetched, a sample posted, extrapolated."""
    info = servers.world("sync", latency=args.latency_ms / 1000, **_mix(args.orders))
    intacct, commerce = _clients(info, 1)
    config = demo_config()
    started = time.perf_counter()
    orders = list(commerce.orders.iter())  # page by page, like any client would
    fetch_s = time.perf_counter() - started
    ready = []
    for order in orders:
        try:
            vendor_id = vendor_id_for_order(order, config) or guest_vendor_id(
                (order.customer_email or "").strip().lower(), config
            )
        except MappingError:
            continue
        if skip_reason(order, config) is None and vendor_id:
            ready.append((order, vendor_id))
    # The exact number of requests the baseline makes for every ready order.
    seen: set[str] = set()
    total_requests = 0
    for _, vendor_id in ready:
        total_requests += 2 + (vendor_id not in seen)
        seen.add(vendor_id)
    sample = ready if args.baseline_orders <= 0 else ready[: args.baseline_orders]
    intacct.execute([ReadByQuery("GLACCOUNT", page_size=1)])  # log in outside the timing
    before = intacct.request_count
    per_request: list[float] = []
    posted = 0

    def timed(fn: Any) -> Any:
        t = time.perf_counter()
        response = intacct.execute([fn])
        per_request.append(time.perf_counter() - t)
        return response.result(fn.control_id)

    started = time.perf_counter()
    for order, vendor_id in sample:
        found = timed(ReadByQuery("VENDOR", f"VENDORID = {quote(vendor_id)}", page_size=1))
        if not found.data:
            mapped_vendor = order_to_vendor(order, config)
            vendor = mapped_vendor.vendor
            vendor = type(vendor)(**{**_fields(vendor), "vendor_id": vendor_id})
            timed(Create.for_model(vendor, control_id=mapped_vendor.control_id))
        try:
            bill = order_to_ap_bill(order, config, vendor_id=vendor_id)
        except MappingError:
            continue
        if timed(Create.for_model(bill.bill, control_id=bill.control_id)).ok:
            posted += 1
    post_s = time.perf_counter() - started
    sent = intacct.request_count - before
    intacct.close()
    commerce.close()
    mean_request = post_s / max(sent, 1)
    estimate = fetch_s + mean_request * total_requests
    return {
        "fetch_s": fetch_s,
        "sample_orders": float(len(sample)),
        "sample_requests": float(sent),
        "sample_s": post_s,
        "mean_request_s": mean_request,
        "median_request_s": c.median(per_request),
        "ready": float(len(ready)),
        "total_requests": float(total_requests),
        "estimate_s": estimate,
        "posted": float(posted),
        "measured_all": float(len(sample) == len(ready)),
    }


def _fields(model: Any) -> dict[str, Any]:
    import attrs

    return {a.name: getattr(model, a.name) for a in attrs.fields(type(model))}


def sweep(servers: c.FakeServers, args: argparse.Namespace) -> None:
    """A small grid: functions per request x requests in flight x batch size, then page size."""
    default = SyncSettings()
    grid: list[dict[str, Any]] = [
        {"functions_per_request": fpr, "max_requests_in_flight": mif, "batch_size": batch}
        for batch, fpr, mif in itertools.product((200, 500), (50, 100), (4, 8))
    ]
    grid += [
        {"functions_per_request": 25, "max_requests_in_flight": 4, "batch_size": 200},
        {"functions_per_request": 100, "max_requests_in_flight": 16, "batch_size": 500},
        {"functions_per_request": 100, "max_requests_in_flight": 8, "batch_size": 1000},
        {
            "functions_per_request": 100,
            "max_requests_in_flight": 8,
            "batch_size": 500,
            "page_size": 300,
        },
    ]
    print(f"\nsweep at {args.orders} orders, {args.latency_ms} ms (defaults: {_knobs(default)})")
    print(f"{'knobs':<58} {'wall s':>7} {'orders/s':>9} {'intacct/1k':>10} {'commerce/1k':>11}")
    for knobs in grid:
        run = run_orchestrator(servers, args, **knobs)
        label = ", ".join(f"{k}={v}" for k, v in knobs.items())
        print(
            f"{label:<58} {run['wall']:7.2f} {run['synced'] / run['wall']:9.1f} "
            f"{run['intacct'] / run['synced'] * 1000:10.1f} "
            f"{run['commerce'] / run['synced'] * 1000:11.1f}"
        )
        sys.stdout.flush()


def _knobs(settings: SyncSettings) -> str:
    return (
        f"functions_per_request={settings.functions_per_request}, "
        f"max_requests_in_flight={settings.max_requests_in_flight}, "
        f"batch_size={settings.batch_size}, page_size={settings.page_size}"
    )


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the figures (and the sweep with `--sweep`)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=2000, help="orders seeded (default 2000)")
    parser.add_argument("--latency-ms", type=float, default=100.0, help="per request (100)")
    parser.add_argument("--repeat", type=int, default=3, help="orchestrator runs (median)")
    parser.add_argument(
        "--baseline-orders", type=int, default=40, help="orders the baseline posts (0: all)"
    )
    parser.add_argument("--store-dir", default=None, help="where the SQLite store goes (tmp)")
    parser.add_argument(
        "--clients", choices=("async", "sync"), default="async", help="client flavour (async)"
    )
    parser.add_argument("--sweep", action="store_true", help="also run the tuning sweep")
    parser.add_argument("--sweep-only", action="store_true", help="run only the sweep")
    args = parser.parse_args(argv)
    c.header(f"sync_throughput: {args.orders} orders, {args.latency_ms:g} ms per request")
    print(f"settings: {_knobs(SyncSettings())}; order mix {_mix(args.orders)}")
    print(f"clients: {args.clients} (IntacctClient concurrency {DEFAULT_MAX_CONCURRENCY})")
    print(f"store: SQLite (WAL, synchronous=FULL) in {args.store_dir or tempfile.gettempdir()}")
    with c.FakeServers() as servers:
        if args.sweep_only:
            sweep(servers, args)
            return 0
        runs = [run_orchestrator(servers, args) for _ in range(max(1, args.repeat))]
        base = run_baseline(servers, args)
        if args.sweep:
            sweep(servers, args)
    walls = [r["wall"] for r in runs]
    wall = c.median(walls)
    synced = runs[0]["synced"]
    intacct_per_1k = c.median([r["intacct"] / r["synced"] * 1000 for r in runs])
    commerce_per_1k = c.median([r["commerce"] / r["synced"] * 1000 for r in runs])
    base_per_1k = base["total_requests"] / base["ready"] * 1000
    speedup = base["estimate_s"] / wall
    print(f"\norchestrator, {len(runs)} runs: {int(synced)} bills posted of {args.orders} orders")
    print(f"  wall time        {wall:8.2f} s   ({c.spread(walls)})")
    print(f"  orders/s         {synced / wall:8.1f}")
    print(f"  orders stream    {c.median([r['orders_s'] for r in runs]):8.2f} s")
    print(f"  Intacct requests {intacct_per_1k:8.1f} per 1,000 orders posted (budget <= 30)")
    print(f"  Commerce requests{commerce_per_1k:8.1f} per 1,000 orders posted")
    how = "measured on every order" if base["measured_all"] else "extrapolated"
    print(f"\nbaseline (one function per request, sequential, vendor lookup per order): {how}")
    print(f"  Commerce fetch   {base['fetch_s']:8.2f} s (measured, all {args.orders} orders)")
    print(
        f"  sample           {int(base['sample_orders'])} orders, "
        f"{int(base['sample_requests'])} Intacct requests in {base['sample_s']:.2f} s: "
        f"{base['mean_request_s'] * 1000:.1f} ms mean, "
        f"{base['median_request_s'] * 1000:.1f} ms median per request"
    )
    print(
        f"  all orders       {int(base['ready'])} ready orders need "
        f"{int(base['total_requests'])} requests -> {base['estimate_s']:.1f} s"
    )
    print(f"  orders/s         {base['ready'] / base['estimate_s']:8.2f}")
    print(f"  Intacct requests {base_per_1k:8.1f} per 1,000 orders posted")
    print(f"\nspeedup {speedup:.1f}x (budget >= 25x at 100 ms)")
    print(
        c.result_line(
            orders=args.orders,
            latency_ms=args.latency_ms,
            wall_s=wall,
            orders_per_s=synced / wall,
            intacct_requests_per_1000=intacct_per_1k,
            commerce_requests_per_1000=commerce_per_1k,
            baseline_s=base["estimate_s"],
            baseline_extrapolated=int(not base["measured_all"]),
            speedup=speedup,
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
