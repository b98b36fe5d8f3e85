"""`SQLiteStore`: the embedded default store (stdlib `sqlite3`, one file, no server)."""

from __future__ import annotations

from bridge.stores._sqlite_links import SQLiteLinksInbox
from bridge.stores._sqlite_records import SQLiteRecords


class SQLiteStore(SQLiteRecords, SQLiteLinksInbox):
    """The bridge's state in one SQLite file (or `":memory:"` for tests and notebooks).

    Opening migrates the schema forward (see `bridge.stores._sqlite_schema`). Safe to share
    between threads; several processes may open the same file (WAL mode, `busy_timeout`, and
    `BEGIN IMMEDIATE` around every read-modify-write). Every write is one transaction, so a process
    killed at any instruction leaves either the old or the new state, never half of it.

    Args:
        path: the database file (parent directories are created) or `":memory:"`.
        clock: returns the current aware datetime; defaults to UTC wall time.
        busy_timeout: how long a write waits for another process's write lock.
        sleep: used while polling for a stream lock held by another process.

    Example:
        ```python
        store = SQLiteStore("var/bridge.sqlite3")
        store.upsert_source("orders", "1001", updated_at=ts, payload=doc, payload_hash=h)
        for record in store.claim("orders", worker_id="w1", limit=50, lease=timedelta(minutes=5)):
            ...
        ```
    """
