"""Reconcile a synthetic month of 100,000 orders: time and peak memory, median of 3 runs.

    .venv/bin/python benchmarks/reconcile_scale.py [orders]

Both sides are generated lazily in document-number order (`bridge.reconcile.testing`), so the
peak is the reconciliation's own memory (discrepancies, vendors, days), never the documents.
Time is measured without tracemalloc (which slows allocation several times); the peak in a
separate run with it. The last line is `RESULT key=value ...` for scripts.
"""

from __future__ import annotations

import statistics
import sys
import time
import tracemalloc

from bridge.reconcile import Period, reconcile
from bridge.reconcile.testing import synthetic_month

RUNS = 3


def once(orders: int) -> tuple[float, int]:
    month = synthetic_month(Period.month(2026, 10), orders=orders, vendors=2000)
    started = time.perf_counter()
    report = reconcile(month.period, commerce=month.commerce(), intacct=month.intacct())
    elapsed = time.perf_counter() - started
    if report.counts() != month.expected_counts():
        raise SystemExit("classification differs from the planted classes")
    return elapsed, report.discrepancies


def generation_only(orders: int) -> float:
    month = synthetic_month(Period.month(2026, 10), orders=orders, vendors=2000)
    started = time.perf_counter()
    for _ in month.commerce().documents(month.period):
        pass
    for _ in month.intacct().documents(month.period):
        pass
    return time.perf_counter() - started


def peak_bytes(orders: int) -> int:
    month = synthetic_month(Period.month(2026, 10), orders=orders, vendors=2000)
    tracemalloc.start()
    try:
        reconcile(month.period, commerce=month.commerce(), intacct=month.intacct())
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def main(argv: list[str]) -> int:
    orders = int(argv[1]) if len(argv) > 1 else 100_000
    times = []
    discrepancies = 0
    for run in range(1, RUNS + 1):
        elapsed, discrepancies = once(orders)
        times.append(elapsed)
        print(f"run {run}: {orders:,} orders in {elapsed:.2f} s ({discrepancies} discrepancies)")
    median = statistics.median(times)
    generation = statistics.median(generation_only(orders) for _ in range(RUNS))
    merge = median - generation
    peak = peak_bytes(orders) / 1024 / 1024
    print(f"median {median:.2f} s, {median / orders * 1e6:.1f} us per order (generation included)")
    print(f"generating both sides alone {generation:.2f} s; reconciliation itself ~{merge:.2f} s")
    print(f"peak traced memory {peak:.1f} MB (generation included)")
    print(
        f"RESULT orders={orders} median_seconds={median:.3f} "
        f"us_per_order={median / orders * 1e6:.1f} reconcile_seconds={merge:.3f} "
        f"peak_mb={peak:.2f} "
        f"discrepancies={discrepancies}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
