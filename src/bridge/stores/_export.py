"""Audit export as CSV or JSON, shared by every store (the rows come from `Store.audit`)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import IO, Any, Literal

from bridge.stores._models import AuditEntry

AUDIT_COLUMNS: tuple[str, ...] = (
    "id",
    "at",
    "stream",
    "source_id",
    "action",
    "outcome",
    "control_id",
    "intacct_key",
    "errornos",
    "message",
    "request_summary",
    "response_summary",
    "duration_ms",
    "run_id",
    "worker_id",
)
"""The exported columns, in order."""


def write_audit(entries: Iterable[AuditEntry], fmt: Literal["csv", "json"], file: IO[str]) -> int:
    """Write audit entries to a text file; the number of rows written.

    CSV: one header row, then one row per entry; `errornos` joined with `;`, the summaries as
    compact JSON; a cell that a spreadsheet would run as a formula gets a leading
    `'`. JSON: an array of objects, one entry per line (diff- and grep-friendly).
    """
    if fmt == "csv":
        writer = csv.writer(file)
        writer.writerow(AUDIT_COLUMNS)
        count = 0
        for entry in entries:
            writer.writerow(_csv_row(entry.to_json()))
            count += 1
        return count
    if fmt == "json":
        count = 0
        file.write("[")
        for entry in entries:
            file.write(",\n" if count else "\n")
            file.write(json.dumps(entry.to_json(), sort_keys=True, separators=(",", ":")))
            count += 1
        file.write("\n]\n")
        return count
    raise ValueError(f"fmt must be 'csv' or 'json', got {fmt!r}")


def _csv_row(data: dict[str, Any]) -> list[str]:
    row: list[str] = []
    for column in AUDIT_COLUMNS:
        value = data[column]
        if value is None:
            row.append("")
        elif column == "errornos":
            row.append(";".join(value))
        elif isinstance(value, dict):
            row.append(json.dumps(value, sort_keys=True, separators=(",", ":")))
        else:
            row.append(str(value))
    return [_defuse(cell) for cell in row]


def _defuse(cell: str) -> str:
    # Spreadsheets run a cell starting with = + - @ as a formula, and audit text can come from
    # Commerce (names, messages); a leading quote keeps it text (OWASP "CSV injection").
    if cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + cell
    return cell
