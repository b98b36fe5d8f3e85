"""`PostgresStore`: the store for several workers on several hosts sharing one database."""

from __future__ import annotations

from bridge.stores._pg_links import PGLinksInbox
from bridge.stores._pg_records import PGRecords


class PostgresStore(PGRecords, PGLinksInbox):
    """The bridge's state in PostgreSQL (psycopg 3; install the `postgres` extra).

    Same interface and semantics as `SQLiteStore` (one contract test suite runs against both).
    Work is claimed with `SELECT ... FOR UPDATE SKIP LOCKED` and a lease, so any number of
    workers share the backlog without waiting on each other; a finisher whose claim was taken
    over writes nothing; cursors advance under a per-stream advisory lock. Tables live in
    `schema` (created and migrated on open).

    Args:
        dsn: a libpq connection string or URL (kept private: never in the repr).
        schema: the PostgreSQL schema for the tables (a lower-case identifier).
        clock: returns the current aware datetime; defaults to UTC wall time. Leases compare
            times written by different hosts: keep their clocks synchronised (NTP) and leases
            much longer than the skew.
        sleep: used while polling for a stream lock held by another worker.
    """
