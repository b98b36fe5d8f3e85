"""Month-end reconciliation on sample data: writes the HTML, CSV and JSON, prints the summary.

    .venv/bin/python examples/reconcile_month.py [output-folder]

The sample month (`bridge.reconcile.testing.sample_month`) is about sixty Commerce orders and a
few credit memos mapped exactly as the sync maps them, their Intacct bills and adjustments read
back, and one or more documents of every class: an amount mismatch, a bill on another vendor,
a bill posted twice, a missing bill, two that failed in the store, a bill keyed in by hand.
Against real systems, swap the in-memory readers for the SDK readers (docs/reconciliation.md).
"""

from __future__ import annotations

import sys
from pathlib import Path

from bridge.reconcile import Progress, reconcile
from bridge.reconcile.testing import sample_month


def main(argv: list[str]) -> int:
    folder = Path(argv[1] if len(argv) > 1 else "bridge-data/reconciliation")
    folder.mkdir(parents=True, exist_ok=True)
    month = sample_month(2026, 3)

    def progress(p: Progress) -> None:
        if p.done:
            print(f"read {p.commerce_documents} Commerce / {p.intacct_documents} Intacct documents")

    report = reconcile(
        month.period,
        commerce=month.commerce,
        intacct=month.intacct,
        store=month.store,
        config=month.config,
        keep_matched=True,
        progress=progress,
    )
    print(report.summary())
    stem = f"reconciliation-{month.period.start:%Y-%m}"
    report.write_csv(folder / f"{stem}.csv")
    report.write_json(folder / f"{stem}.json")
    html = report.write_html(folder / f"{stem}.html")
    print(f"report: {html.resolve()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
