"""SQLite plumbing shared by the store's parts: connection, transactions, clock, cursors, runs.

One connection per store, shared by every thread under a re-entrant lock (the orchestrator's async
twin calls the store through `asyncio.to_thread`): SQLite serialises writers anyway, a single
connection also serves `:memory:` (where each connection would be a different database), and the
lock makes "one transaction at a time per store object" obvious. Other processes on the same file
are coordinated by SQLite itself: WAL mode lets readers run beside the writer, `busy_timeout` makes
a writer wait for the lock instead of failing, and `BEGIN IMMEDIATE` takes the write lock before the
first read of a read-modify-write, so two claimers never see the same free row.
"""

from __future__ import annotations

import os
import socket
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Self

from bridge.stores._common import dumps, loads, require_text
from bridge.stores._constants import (
    DEFAULT_BUSY_TIMEOUT,
    DEFAULT_LOCK_TIMEOUT,
    DEFAULT_LOCK_TTL,
    LOCK_POLL_SECONDS,
)
from bridge.stores._models import Cursor, Run, StoreError, StreamLockedError, require_aware
from bridge.stores._sqlite_schema import from_db, from_db_required, migrate, to_db


def _utcnow() -> datetime:
    return datetime.now(UTC)


class SQLiteBase:
    """Connection, transactions and the small tables (cursors, stream locks, runs)."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        clock: Callable[[], datetime] | None = None,
        busy_timeout: timedelta = DEFAULT_BUSY_TIMEOUT,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._path = str(path)
        self._clock = clock or _utcnow
        self._sleep = sleep
        self._lock = threading.RLock()
        self._stream_mutexes: dict[str, threading.Lock] = {}
        if self._path != ":memory:":
            Path(self._path).parent.mkdir(parents=True, exist_ok=True)
        seconds = busy_timeout.total_seconds()
        # isolation_level=None: we issue BEGIN/COMMIT ourselves (the sqlite3 module's implicit
        # transactions would otherwise start a deferred one and upgrade it too late).
        self._conn = sqlite3.connect(
            self._path, timeout=seconds, isolation_level=None, check_same_thread=False
        )
        self._conn.row_factory = sqlite3.Row
        self._conn.execute(f"PRAGMA busy_timeout = {int(seconds * 1000)}")
        self._conn.execute("PRAGMA journal_mode = WAL")
        # FULL: a commit reported to the orchestrator survives power loss too, not only a kill.
        self._conn.execute("PRAGMA synchronous = FULL")
        self._closed = False
        migrate(self._conn)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._path!r})"

    @property
    def path(self) -> str:
        """The database file (or `:memory:`)."""
        return self._path

    def now(self) -> datetime:
        """The store's clock (injected in tests)."""
        value = self._clock()
        require_aware("clock()", value)
        return value

    def close(self) -> None:
        """Close the connection; the store is unusable afterwards."""
        with self._lock:
            if not self._closed:
                self._closed = True
                self._conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: all of it commits, or none of it does."""
        with self._lock:
            self._check_open()
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        """A read (one statement in autocommit mode sees one consistent snapshot)."""
        with self._lock:
            self._check_open()
            yield self._conn

    def _check_open(self) -> None:
        if self._closed:
            raise StoreError(f"{self!r} is closed")

    # -- cursors ---------------------------------------------------------------------------
    def get_cursor(self, stream: str) -> Cursor | None:
        """The stream's cursor, or None before the first run."""
        with self._read() as conn:
            row = conn.execute(
                "SELECT value, last_id FROM cursors WHERE stream = ?", (stream,)
            ).fetchone()
        if row is None:
            return None
        return Cursor(value=from_db_required(row["value"]), last_id=row["last_id"])

    def set_cursor(self, stream: str, cursor: Cursor) -> None:
        """Store the stream's cursor (advance it under `stream_lock`)."""
        require_text("stream", stream)
        with self._tx() as conn:
            conn.execute(
                "INSERT INTO cursors (stream, value, last_id, updated_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (stream) DO UPDATE SET value = excluded.value, "
                "last_id = excluded.last_id, updated_at = excluded.updated_at",
                (stream, to_db(cursor.value), cursor.last_id, to_db(self.now())),
            )

    @contextmanager
    def stream_lock(
        self,
        stream: str,
        *,
        owner: str | None = None,
        timeout: float = DEFAULT_LOCK_TIMEOUT,
        ttl: timedelta = DEFAULT_LOCK_TTL,
    ) -> Iterator[None]:
        """Hold the per-stream lock for the `with` block.

        Threads of this process queue on an in-process mutex; other processes see a row in
        `stream_locks` (owner, expiry) and poll until `timeout` seconds have passed, then get
        `StreamLockedError`. A row left by a killed process is taken over once it expires (`ttl`).
        """
        require_text("stream", stream)
        me = owner or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex}"
        with self._lock:
            mutex = self._stream_mutexes.setdefault(stream, threading.Lock())
        acquired = mutex.acquire(timeout=timeout) if timeout > 0 else mutex.acquire(blocking=False)
        if not acquired:
            raise StreamLockedError(f"stream {stream!r} is locked by another thread")
        try:
            deadline = time.monotonic() + timeout
            while not self._try_lock_row(stream, me, ttl):
                if time.monotonic() >= deadline:
                    raise StreamLockedError(
                        f"stream {stream!r} is locked by another process; it expires on its own "
                        f"after {ttl} if that process died"
                    )
                self._sleep(LOCK_POLL_SECONDS)
            try:
                yield
            finally:
                with self._tx() as conn:
                    conn.execute(
                        "DELETE FROM stream_locks WHERE stream = ? AND owner = ?", (stream, me)
                    )
        finally:
            mutex.release()

    def _try_lock_row(self, stream: str, owner: str, ttl: timedelta) -> bool:
        now = self.now()
        with self._tx() as conn:
            row = conn.execute(
                "SELECT owner, expires_at FROM stream_locks WHERE stream = ?", (stream,)
            ).fetchone()
            if row is not None and row["owner"] != owner and row["expires_at"] > to_db(now):
                return False
            conn.execute(
                "INSERT INTO stream_locks (stream, owner, expires_at) VALUES (?, ?, ?) "
                "ON CONFLICT (stream) DO UPDATE SET owner = excluded.owner, "
                "expires_at = excluded.expires_at",
                (stream, owner, to_db(now + ttl)),
            )
        return True

    # -- runs ------------------------------------------------------------------------------
    def start_run(self, run_id: str, *, kind: str, started_at: datetime | None = None) -> None:
        """Record the start of a run (a run id already started is a `StoreError`)."""
        require_text("run_id", run_id)
        require_text("kind", kind)
        try:
            with self._tx() as conn:
                conn.execute(
                    "INSERT INTO runs (run_id, kind, started_at) VALUES (?, ?, ?)",
                    (run_id, kind, to_db(started_at or self.now(), "started_at")),
                )
        except sqlite3.IntegrityError as exc:
            raise StoreError(f"run_id {run_id!r} was already started") from exc

    def finish_run(
        self,
        run_id: str,
        *,
        report_json: Mapping[str, Any],
        finished_at: datetime | None = None,
    ) -> None:
        """Record the end of a run with its JSON report (an unknown run id is a `StoreError`)."""
        report = dumps(dict(report_json), "report_json")
        with self._tx() as conn:
            cur = conn.execute(
                "UPDATE runs SET finished_at = ?, report = ? WHERE run_id = ?",
                (to_db(finished_at or self.now(), "finished_at"), report, run_id),
            )
            if cur.rowcount == 0:
                raise StoreError(f"run_id {run_id!r} was never started")

    def last_run(self, kind: str | None = None) -> Run | None:
        """The most recently started run (of `kind`), or None."""
        sql = "SELECT * FROM runs"
        params: tuple[str, ...] = ()
        if kind is not None:
            sql += " WHERE kind = ?"
            params = (kind,)
        with self._read() as conn:
            row = conn.execute(sql + " ORDER BY started_at DESC, rowid DESC LIMIT 1", params)
            found = row.fetchone()
        if found is None:
            return None
        return Run(
            run_id=found["run_id"],
            kind=found["kind"],
            started_at=from_db_required(found["started_at"]),
            finished_at=from_db(found["finished_at"]),
            report=loads(found["report"]),
        )
