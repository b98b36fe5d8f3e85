# ruff: noqa: S608  (SQL is built from module constants only; every value is a bound parameter)
"""PostgreSQL plumbing: per-thread connections, transactions, clock, cursors, stream locks, runs.

Each thread gets its own autocommit connection (psycopg connections are not meant to be shared by
concurrent threads), so calls from `asyncio.to_thread` run in parallel. A write is one
`conn.transaction()` block. The stream lock is a session-level advisory lock taken on a connection
of its own: it is released when the block ends, or by the server when the holder dies.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, Self

import psycopg
from psycopg.rows import DictRow, dict_row
from psycopg.types.json import Jsonb

from bridge.stores._common import dumps, require_text
from bridge.stores._constants import (
    DEFAULT_LOCK_TIMEOUT,
    DEFAULT_POSTGRES_SCHEMA,
    LOCK_POLL_SECONDS,
)
from bridge.stores._models import Cursor, Run, StoreError, StreamLockedError, require_aware
from bridge.stores._pg_schema import check_schema_name, migrate

PgConn = psycopg.Connection[DictRow]
"""A connection returning rows as dicts."""


def _utcnow() -> datetime:
    return datetime.now(UTC)


def jsonb(value: Any, field: str) -> Jsonb:
    """Wrap a JSON value for a JSONB column, refusing what JSON cannot hold (naming the field)."""
    dumps(value, field)  # the same strictness as SQLite: no NaN, no arbitrary objects
    return Jsonb(value)


def aware(value: datetime | None, field: str) -> datetime | None:
    """Pass an aware datetime through; refuse a naive one naming the field."""
    require_aware(field, value)
    return value


class PGBase:
    """Connections, transactions and the small tables (cursors, runs) of `PostgresStore`."""

    def __init__(
        self,
        dsn: str,
        *,
        schema: str = DEFAULT_POSTGRES_SCHEMA,
        clock: Callable[[], datetime] | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._dsn = dsn
        self._schema = check_schema_name(schema)
        self._clock = clock or _utcnow
        self._sleep = sleep
        self._local = threading.local()
        self._all: list[PgConn] = []
        self._all_lock = threading.Lock()
        self._closed = False
        migrate(self._conn(), self._schema)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(schema={self._schema!r})"  # the DSN may hold a password

    @property
    def schema(self) -> str:
        """The PostgreSQL schema holding the tables."""
        return self._schema

    def now(self) -> datetime:
        """The store's clock (injected in tests; keep hosts NTP-synced: leases compare times)."""
        value = self._clock()
        require_aware("clock()", value)
        return value

    def _connect(self) -> PgConn:
        conn = psycopg.connect(self._dsn, autocommit=True, row_factory=dict_row)
        conn.execute("SET TIME ZONE 'UTC'")
        conn.execute(f"SET search_path TO {self._schema}")
        return conn

    def _conn(self) -> PgConn:
        if self._closed:
            raise StoreError(f"{self!r} is closed")
        conn: PgConn | None = getattr(self._local, "conn", None)
        if conn is None or conn.closed or conn.broken:  # reconnect after a server restart
            conn = self._connect()
            self._local.conn = conn
            with self._all_lock:
                self._all.append(conn)
        return conn

    @contextmanager
    def _tx(self) -> Iterator[PgConn]:
        conn = self._conn()
        with conn.transaction():
            yield conn

    def close(self) -> None:
        """Close every connection this store opened; the store is unusable afterwards."""
        self._closed = True
        with self._all_lock:
            conns, self._all = self._all, []
        for conn in conns:
            conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- cursors ---------------------------------------------------------------------------
    def get_cursor(self, stream: str) -> Cursor | None:
        """The stream's cursor, or None before the first run."""
        row = (
            self._conn()
            .execute("SELECT value, last_id FROM cursors WHERE stream = %s", (stream,))
            .fetchone()
        )
        return None if row is None else Cursor(value=row["value"], last_id=row["last_id"])

    def set_cursor(self, stream: str, cursor: Cursor) -> None:
        """Store the stream's cursor (advance it under `stream_lock`)."""
        require_text("stream", stream)
        with self._tx() as conn:
            conn.execute(
                "INSERT INTO cursors (stream, value, last_id, updated_at) VALUES (%s, %s, %s, %s) "
                "ON CONFLICT (stream) DO UPDATE SET value = excluded.value, "
                "last_id = excluded.last_id, updated_at = excluded.updated_at",
                (stream, cursor.value, cursor.last_id, self.now()),
            )

    @contextmanager
    def stream_lock(
        self, stream: str, *, owner: str | None = None, timeout: float = DEFAULT_LOCK_TIMEOUT
    ) -> Iterator[None]:
        """Hold the per-stream advisory lock for the `with` block.

        The lock lives on a connection of its own, keyed by (schema, stream); the server frees it
        if this process dies. Polls until `timeout` seconds, then raises `StreamLockedError`.
        `owner` is accepted for interface parity (PostgreSQL knows the holder by its session).
        """
        require_text("stream", stream)
        conn = self._connect()
        try:
            deadline = time.monotonic() + timeout
            while not self._try_advisory(conn, stream):
                if time.monotonic() >= deadline:
                    raise StreamLockedError(f"stream {stream!r} is locked by another worker")
                self._sleep(LOCK_POLL_SECONDS)
            try:
                yield
            finally:
                conn.execute(
                    "SELECT pg_advisory_unlock(hashtext(%s), hashtext(%s))",
                    (self._schema, stream),
                )
        finally:
            conn.close()

    def _try_advisory(self, conn: PgConn, stream: str) -> bool:
        row = conn.execute(
            "SELECT pg_try_advisory_lock(hashtext(%s), hashtext(%s)) AS ok",
            (self._schema, stream),
        ).fetchone()
        return bool(row and row["ok"])

    # -- runs ------------------------------------------------------------------------------
    def start_run(self, run_id: str, *, kind: str, started_at: datetime | None = None) -> None:
        """Record the start of a run (a run id already started is a `StoreError`)."""
        require_text("run_id", run_id)
        require_text("kind", kind)
        try:
            with self._tx() as conn:
                conn.execute(
                    "INSERT INTO runs (run_id, kind, started_at) VALUES (%s, %s, %s)",
                    (run_id, kind, aware(started_at, "started_at") or self.now()),
                )
        except psycopg.errors.UniqueViolation as exc:
            raise StoreError(f"run_id {run_id!r} was already started") from exc

    def finish_run(
        self,
        run_id: str,
        *,
        report_json: Mapping[str, Any],
        finished_at: datetime | None = None,
    ) -> None:
        """Record the end of a run with its JSON report (an unknown run id is a `StoreError`)."""
        report = jsonb(dict(report_json), "report_json")
        with self._tx() as conn:
            cur = conn.execute(
                "UPDATE runs SET finished_at = %s, report = %s WHERE run_id = %s",
                (aware(finished_at, "finished_at") or self.now(), report, run_id),
            )
            if cur.rowcount == 0:
                raise StoreError(f"run_id {run_id!r} was never started")

    def last_run(self, kind: str | None = None) -> Run | None:
        """The most recently started run (of `kind`), or None."""
        where, params = ("WHERE kind = %s", (kind,)) if kind is not None else ("", ())
        row = (
            self._conn()
            .execute(
                f"SELECT * FROM runs {where} ORDER BY started_at DESC, seq DESC LIMIT 1", params
            )
            .fetchone()
        )
        if row is None:
            return None
        return Run(
            run_id=row["run_id"],
            kind=row["kind"],
            started_at=row["started_at"],
            finished_at=row["finished_at"],
            report=row["report"],
        )
