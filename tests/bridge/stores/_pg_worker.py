"""Child process for the PostgreSQL multi-worker test: claims and syncs until nothing is left.

Usage: python _pg_worker.py DSN SCHEMA WORKER_ID [STOP_AFTER]. Prints `S id` after each synced
mark committed. With STOP_AFTER, it prints `PAUSE` after that many syncs and blocks (still holding
the rest of its claimed batch) until it is killed: a worker dying mid-batch, deterministically.
"""

from __future__ import annotations

import sys
from datetime import timedelta

from bridge.stores import AuditEntry
from bridge.stores._postgres import PostgresStore


def main() -> None:
    dsn, schema, worker = sys.argv[1], sys.argv[2], sys.argv[3]
    stop_after = int(sys.argv[4]) if len(sys.argv) > 4 else None
    done = 0
    with PostgresStore(dsn, schema=schema) as store:
        lease = timedelta(minutes=5)
        while batch := store.claim("orders", worker_id=worker, limit=5, lease=lease):
            for record in batch:
                store.set_control_id(record, f"c-{record.source_id}")
                audit = AuditEntry(
                    stream="orders", source_id=record.source_id, action="synced", worker_id=worker
                )
                store.mark_synced(
                    record, target_object="APBILL", target_key="k", control_id=None, audit=audit
                )
                print("S", record.source_id, flush=True)
                done += 1
                if done == stop_after:
                    print("PAUSE", flush=True)
                    sys.stdin.read()  # blocks until the parent kills us
    print("DONE", flush=True)


if __name__ == "__main__":
    main()
