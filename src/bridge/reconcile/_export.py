"""CSV and JSON for tools: one stable schema, amounts as exact decimal strings.

The schema (`bridge.reconcile/1`) is documented in docs/reconciliation.md; a change to a column
or key is a new schema version, never a silent edit.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import TYPE_CHECKING

from bridge.reconcile._model import LINE_KINDS, Item

if TYPE_CHECKING:
    from bridge.reconcile._report import ReconciliationReport

__all__ = ["CSV_COLUMNS", "SCHEMA", "item_row", "report_json", "write_csv", "write_json"]

SCHEMA = "bridge.reconcile/1"

CSV_COLUMNS = (
    "status",
    "object",
    "number",
    "kind",
    "source_id",
    "commerce_date",
    "intacct_date",
    "commerce_currency",
    "intacct_currency",
    "commerce_vendor",
    "intacct_vendor",
    "intacct_record_nos",
    "commerce_total",
    "intacct_total",
    "difference",
    *(f"difference_{kind}" for kind in LINE_KINDS),
    "store_state",
    "last_error",
    "mapping_error",
    "note",
)


def item_row(item: Item) -> dict[str, str]:
    """One item as a flat row of `CSV_COLUMNS` (empty string for "not applicable")."""
    c = item.commerce
    first = item.intacct[0] if item.intacct else None
    row = {
        "status": item.status.value,
        "object": item.object,
        "number": item.number,
        "kind": c.kind if c else "",
        "source_id": c.source_id if c else "",
        "commerce_date": c.date.isoformat() if c else "",
        "intacct_date": first.date.isoformat() if first else "",
        "commerce_currency": c.currency if c else "",
        "intacct_currency": first.currency if first else "",
        "commerce_vendor": (c.vendor_id or "") if c else "",
        "intacct_vendor": ";".join(dict.fromkeys(d.vendor_id for d in item.intacct)),
        "intacct_record_nos": ";".join(str(d.record_no or "") for d in item.intacct),
        "commerce_total": str(item.commerce_total) if c else "",
        "intacct_total": str(item.intacct_total) if first else "",
        "difference": str(item.intacct_total - item.commerce_total),
        "store_state": c.store.state if c and c.store else "",
        "last_error": (c.store.last_error or "") if c and c.store else "",
        "mapping_error": (c.mapping_error or "") if c else "",
        "note": item.note,
    }
    for kind in LINE_KINDS:
        value = item.difference.get(kind)
        row[f"difference_{kind}"] = str(value) if value is not None else "0"
    return row


def _item_json(item: Item) -> dict[str, object]:
    c = item.commerce
    data: dict[str, object] = dict(item_row(item))
    data["difference_by_kind"] = {k: str(v) for k, v in item.difference.items()}
    data["commerce_totals"] = {k: str(v) for k, v in c.totals.items()} if c else None
    data["intacct"] = [
        {
            "record_no": d.record_no,
            "vendor_id": d.vendor_id,
            "date": d.date.isoformat(),
            "currency": d.currency,
            "state": d.state,
            "total": str(d.total),
            "totals": {k: str(v) for k, v in d.totals.items()},
        }
        for d in item.intacct
    ]
    return data


def report_json(report: ReconciliationReport) -> dict[str, object]:
    """The whole report as JSON-ready data (the `bridge.reconcile/1` schema)."""
    totals = report.totals
    return {
        "schema": SCHEMA,
        "period": {"start": report.period.start.isoformat(), "end": report.period.end.isoformat()},
        "generated_at": report.generated_at.isoformat(),
        "base_currency": report.base_currency,
        "commerce_documents": totals.commerce_documents,
        "intacct_documents": totals.intacct_documents,
        "matched_included": report.matched_included,
        "counts": {s.value: n for s, n in report.counts().items()},
        "by_status": {s.value: side.to_json() for s, side in totals.by_status.items()},
        "by_currency": {c: side.to_json() for c, side in sorted(totals.by_currency.items())},
        "net_difference": {c: str(v) for c, v in report.net_difference.items()},
        "by_vendor": [
            {"vendor_id": vendor, "currency": currency, **side.to_json()}
            for (vendor, currency), side in sorted(totals.by_vendor.items())
        ],
        "by_day": [
            {"date": day.isoformat(), "currency": currency, **side.to_json()}
            for (currency, day), side in sorted(totals.by_day.items())
        ],
        "items": [_item_json(item) for item in report.items],
        "replay_targets": [
            {
                "stream": t.stream,
                "source_id": t.source_id,
                "status": t.status.value,
                "reason": t.reason,
                "store_state": t.store_state,
            }
            for t in report.replay_targets()
        ],
    }


def write_json(report: ReconciliationReport, path: Path) -> Path:
    """Write `report_json` (UTF-8, indented, keys in schema order)."""
    with path.open("w", encoding="utf-8") as out:
        json.dump(report_json(report), out, indent=2, ensure_ascii=False)
        out.write("\n")
    return path


def write_csv(report: ReconciliationReport, path: Path) -> Path:
    """Write a header of `CSV_COLUMNS` and one row per item of the report."""
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        for item in report.items:
            writer.writerow(item_row(item))
    return path
