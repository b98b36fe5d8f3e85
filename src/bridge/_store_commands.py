"""The CLI's commands that only read the store: audit and status (see `bridge.cli`)."""

from __future__ import annotations

import argparse
import json
from contextlib import closing
from pathlib import Path
from typing import Any, TextIO

from bridge import _commands
from bridge._commands import EXIT_FAILED_RECORDS, EXIT_OK, UsageError
from bridge._settings_file import BridgeFile
from bridge.settings import STREAMS
from bridge.stores import AuditEntry, Record, RecordState, SQLiteStore, Store

__all__ = ["audit", "entry_line", "open_store", "status"]


def open_store(args: argparse.Namespace, bridge_file: BridgeFile | None) -> Store:
    """The store of `--store`, else the config's; a missing SQLite file is a usage error."""
    path = Path(args.store) if getattr(args, "store", None) else None
    if path is None and bridge_file is not None:
        if bridge_file.store_dsn_env is not None:
            return _commands.open_store(bridge_file)
        path = bridge_file.store_path
    if path is None or not path.is_file():
        raise UsageError(
            f"no bridge store at {path} (run `python -m bridge sync` first, or pass --store)"
        )
    return SQLiteStore(path)


def entry_line(entry: AuditEntry) -> str:
    """One audit entry on one line (time, record, action, outcome, ids, message)."""
    errors = f" [{', '.join(entry.errornos)}]" if entry.errornos else ""
    at = f"{entry.at:%Y-%m-%d %H:%M:%S}" if entry.at else "-"
    return (
        f"{at} {entry.stream}/{entry.source_id} {entry.action} {entry.outcome}{errors}"
        f"{' control=' + entry.control_id if entry.control_id else ''}"
        f"{' key=' + entry.intacct_key if entry.intacct_key else ''}"
        f"{' - ' + entry.message if entry.message else ''}"
    )


def _record_lines(records: list[Record]) -> list[str]:
    lines = []
    for record in records:
        target = f" -> {record.target_object} {record.target_key}" if record.target_key else ""
        error = f"; last error: {record.last_error.message}" if record.last_error else ""
        lines.append(
            f"{record.stream}/{record.source_id}: {record.state.value}, "
            f"{record.attempts} attempt(s){target}{error}"
        )
    return lines


def audit(args: argparse.Namespace, bridge_file: BridgeFile | None, out: TextIO) -> int:
    """List (filtered), show one record's history (`--id`), or export (`--export csv|json`)."""
    filters: dict[str, Any] = {
        "stream": args.stream,
        "source_id": args.source_id,
        "since": args.since,
        "until": args.until,
        "actions": args.actions,
        "run_id": args.run_id,
    }
    with closing(open_store(args, bridge_file)) as store:
        if args.export:
            if args.out:
                with args.out.open("w", encoding="utf-8", newline="") as target:
                    count = store.export_audit(args.export, target, **filters)
                out.write(f"{count} entries written to {args.out}\n")
            else:
                store.export_audit(args.export, out, **filters)
            return EXIT_OK
        entries = store.audit(**filters)
        if args.outcome:
            entries = [e for e in entries if e.outcome == args.outcome]
        if args.source_id:
            records = store.find(stream=args.stream, source_ids=[args.source_id])
            for line in _record_lines(records):
                out.write(line + "\n")
            if not records and not entries:
                out.write(f"no record and no audit entry with id {args.source_id!r}\n")
                return EXIT_FAILED_RECORDS
        shown = entries[-args.limit :] if args.limit else entries
        if len(shown) < len(entries):
            out.write(f"(last {len(shown)} of {len(entries)} entries; --limit 0 shows all)\n")
        for entry in shown:
            out.write(entry_line(entry) + "\n")
    return EXIT_OK


def _status_data(store: Store) -> dict[str, Any]:
    counts = store.counts_by_state()
    streams: dict[str, Any] = {}
    for stream in sorted(counts):
        cursor = store.get_cursor(stream)
        streams[stream] = {
            "cursor": cursor.value.isoformat() if cursor else None,
            "counts": {s.value: n for s, n in counts[stream].items() if n},
        }
    for stream in STREAMS:  # a stream with a cursor but no record (vendors_to_commerce)
        cursor = store.get_cursor(stream)
        if stream not in streams and cursor is not None:
            streams[stream] = {"cursor": cursor.value.isoformat(), "counts": {}}
    last = store.last_run()
    return {
        "streams": streams,
        "last_run": None
        if last is None
        else {
            "run_id": last.run_id,
            "kind": last.kind,
            "started_at": last.started_at.isoformat(),
            "finished_at": last.finished_at.isoformat() if last.finished_at else None,
            "report": dict(last.report or {}),
        },
        "failed": sum(c.get(RecordState.FAILED, 0) for c in counts.values()),
        "rejected_webhooks_pending": len(store.webhooks(verified=False, processed=False)),
    }


def status(args: argparse.Namespace, bridge_file: BridgeFile | None, out: TextIO) -> int:
    """Per stream: cursor, counts by state; the last run; exit 1 when records failed."""
    with closing(open_store(args, bridge_file)) as store:
        data = _status_data(store)
    if args.json:
        json.dump(data, out, indent=2)
        out.write("\n")
    else:
        for stream, info in data["streams"].items():
            by_state = ", ".join(f"{s} {n}" for s, n in sorted(info["counts"].items()))
            where = info["cursor"] or "not started"
            out.write(f"{stream:<20} cursor {where}  {by_state or 'no records'}\n")
        last = data["last_run"]
        if last is None:
            out.write("last run: none\n")
        else:
            finished = last["finished_at"] or "still running (or killed)"
            errors = last["report"].get("errors") or []
            problems = f", {len(errors)} stream error(s)" if errors else ""
            out.write(
                f"last run: {last['run_id']} ({last['kind']}) started {last['started_at']}, "
                f"finished {finished}{problems}\n"
            )
        if data["rejected_webhooks_pending"]:
            out.write(
                f"rejected webhooks awaiting replay: {data['rejected_webhooks_pending']} "
                "(python -m bridge replay --webhooks)\n"
            )
    return EXIT_FAILED_RECORDS if data["failed"] else EXIT_OK
