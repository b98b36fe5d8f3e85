"""Bounded memory: both sides stream through the merge (issue 10 point 5).

Synthetic months are generated lazily, so the traced peak is the reconciliation's own memory:
discrepancies, vendors and days, never the documents. Holding the documents would take about
1.5 kB each per side (15 MB for 5,000 pairs).
"""

from __future__ import annotations

import tracemalloc

import pytest

from bridge.reconcile import Period, Status, reconcile
from bridge.reconcile.testing import synthetic_month

MB = 1024 * 1024


def _peak(orders: int):
    month = synthetic_month(Period.month(2026, 10), orders=orders, vendors=200)
    tracemalloc.start()
    try:
        report = reconcile(month.period, commerce=month.commerce(), intacct=month.intacct())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return month, report, peak


def test_five_thousand_pairs_reconcile_in_bounded_memory_with_every_planted_class() -> None:
    month, report, peak = _peak(5_000)
    assert report.counts() == month.expected_counts()
    assert peak < 3 * MB


@pytest.mark.slow
def test_a_month_of_100_000_orders_reconciles_in_bounded_memory() -> None:
    month, report, peak = _peak(100_000)
    assert report.counts() == month.expected_counts()
    unknown = month.expected_counts()[Status.UNKNOWN_TO_COMMERCE]
    assert report.totals.commerce_documents == 100_000 - unknown
    assert peak < 8 * MB
