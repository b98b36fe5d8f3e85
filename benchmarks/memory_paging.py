"""Memory while iterating 100,000 Intacct vendors and 100,000 Commerce orders page by page.

The fakes are served from a child process on loopback (their own memory is not ours), so the
figure is the client's: peak RSS growth of this process over the iteration, read from
/proc/self/status (VmHWM after resetting it through /proc/self/clear_refs, else the highest VmRSS
seen at every page). The baseline in the same run is the eager way: the same records collected
into a list first (`list(iterator)`), which is what a client without lazy paging returns.

    python benchmarks/memory_paging.py [--count 100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import gc
import multiprocessing
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import _common as c

from commerce_sdk import CommerceClient, OAuth1
from intacct_sdk import IntacctClient

BUDGET_MB = 50.0
_STATUS = Path("/proc/self/status")


def _status_kb(key: str) -> int:
    for line in _STATUS.read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return 0


def _reset_peak() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def _iterator(kind: str, info: dict[str, Any], page_size: int | None) -> Iterator[Any]:
    if kind == "vendors":
        intacct = IntacctClient(**info["intacct_credentials"], endpoint_url=info["intacct_url"])
        return intacct.read_by_query("VENDOR", page_size=page_size or 1000)
    commerce = CommerceClient(info["commerce_url"], auth=OAuth1(*info["oauth"]))
    return iter(commerce.orders.iter(page_size=page_size))


def measure(
    kind: str, info: dict[str, Any], page_size: int | None, eager: bool
) -> tuple[float, int, float]:
    """(peak RSS growth in MB, records seen, seconds) for one pass, in a fresh process."""
    gc.collect()
    exact = _reset_peak()
    base = _status_kb("VmRSS")
    highest = base
    seen = 0
    started = time.perf_counter()
    iterator = _iterator(kind, info, page_size)
    kept = list(iterator) if eager else None
    for _ in kept if kept is not None else iterator:
        seen += 1
        if seen % 1000 == 0:
            highest = max(highest, _status_kb("VmRSS"))
    elapsed = time.perf_counter() - started
    highest = max(highest, _status_kb("VmRSS"))
    if exact:
        highest = max(highest, _status_kb("VmHWM"))
    return (highest - base) / 1024, seen, elapsed


def _isolated(kind: str, info: dict[str, Any], page_size: int | None, eager: bool) -> Any:
    # Each pass runs in a new interpreter: memory freed by an earlier pass (kept by the
    # allocator) must not make a later pass look flat.
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=ctx) as pool:
        return pool.submit(measure, kind, info, page_size, eager).result()


def _run(label: str, kind: str, info: dict[str, Any], args: argparse.Namespace) -> float:
    lazy = [_isolated(kind, info, args.page_size, False) for _ in range(args.repeat)]
    eager = [_isolated(kind, info, args.page_size, True) for _ in range(args.eager_repeat)]
    growth = c.median([g for g, _, _ in lazy])
    eager_growth = c.median([g for g, _, _ in eager])
    seen = lazy[0][1]
    seconds = c.median([s for _, _, s in lazy])
    if seen != args.count:
        raise SystemExit(f"{label}: expected {args.count} records, iterated {seen}")
    verdict = "met" if growth < BUDGET_MB else "MISSED"
    noise = c.spread([g for g, _, _ in lazy])
    print(f"\n{label}: {seen} records in {seconds:.1f} s ({seen / seconds:,.0f}/s)")
    print(f"  lazy paging     peak RSS growth {growth:7.1f} MB  ({noise})")
    print(f"  baseline, list  peak RSS growth {eager_growth:7.1f} MB")
    print(f"  budget < {BUDGET_MB:.0f} MB: {verdict}")
    return growth


def main(argv: list[str] | None = None) -> int:
    """Seed, serve, iterate, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000, help="records per kind (100000)")
    parser.add_argument("--repeat", type=int, default=3, help="lazy passes (median)")
    parser.add_argument("--eager-repeat", type=int, default=1, help="baseline passes")
    parser.add_argument("--page-size", type=int, default=None, help="override the page sizes")
    args = parser.parse_args(argv)
    c.header(f"memory_paging: {args.count} vendors and {args.count} orders")
    with c.FakeServers() as servers:
        started = time.perf_counter()
        info = servers.world("vendors", count=args.count)
        print(f"seeded {args.count} vendors in {time.perf_counter() - started:.1f} s")
        page = args.page_size or 1000
        vendor_growth = _run(
            f"Intacct read_by_query VENDOR, pagesize {page}", "vendors", info, args
        )
        started = time.perf_counter()
        info = servers.world("orders", count=args.count)
        print(f"\nseeded {args.count} orders in {time.perf_counter() - started:.1f} s")
        order_growth = _run("Commerce orders.iter (default page size)", "orders", info, args)
    print(
        c.result_line(
            count=args.count,
            vendors_growth_mb=vendor_growth,
            orders_growth_mb=order_growth,
            budget_mb=BUDGET_MB,
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
