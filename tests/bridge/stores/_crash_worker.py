"""Child process for the crash test: ingests, claims and finishes records, printing each commit.

Usage: python _crash_worker.py DB_PATH N. Prints `U id` after an upsert committed, `C id` after a
control id was persisted, `S id` after a synced mark committed, `F id` after a failure committed.
"""

from __future__ import annotations

import sys
from datetime import timedelta

from bridge.stores import AuditEntry, RecordError, SQLiteStore


def main() -> None:
    path, n = sys.argv[1], int(sys.argv[2])
    store = SQLiteStore(path)
    for i in range(n):
        sid = f"{i:04}"
        store.upsert_source("orders", sid, updated_at=None, payload={"i": i}, payload_hash=f"h{i}")
        print("U", sid, flush=True)
    lease = timedelta(minutes=5)
    while batch := store.claim("orders", worker_id="child", limit=5, lease=lease):
        for record in batch:
            store.set_control_id(record, f"c-{record.source_id}")
            print("C", record.source_id, flush=True)
            if int(record.source_id) % 7 == 0 and record.attempts == 1:
                error = RecordError(kind="TransportError", message="timeout")
                store.mark_failed(record, error=error, next_attempt_at=store.now())
                print("F", record.source_id, flush=True)
                continue
            audit = AuditEntry(stream="orders", source_id=record.source_id, action="synced")
            store.mark_synced(
                record,
                target_object="APBILL",
                target_key=record.source_id,
                control_id=None,
                audit=audit,
            )
            print("S", record.source_id, flush=True)
    print("DONE", flush=True)


if __name__ == "__main__":
    main()
