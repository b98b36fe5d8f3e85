"""SQLite schema: ordered migrations, applied on open inside one `BEGIN IMMEDIATE` transaction.

Times are stored as fixed-width UTC ISO-8601 text (`2026-11-26T19:35:52.000000+00:00`), so text
comparison in SQL is time comparison. JSON columns hold `json.dumps` text.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

from bridge.stores._models import StoreError, StoreSchemaError

# Version 1: the ledger, audit trail, cursors, stream locks, vendor links and runs.
_V1 = """
CREATE TABLE records (
    stream TEXT NOT NULL,
    source_id TEXT NOT NULL,
    source_updated_at TEXT,
    payload_hash TEXT NOT NULL,
    payload TEXT NOT NULL,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT,
    last_error TEXT,
    control_id TEXT,
    target_object TEXT,
    target_key TEXT,
    claimed_by TEXT,
    lease_until TEXT,
    claim_token TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    synced_at TEXT,
    PRIMARY KEY (stream, source_id)
);
CREATE INDEX records_due ON records (stream, state, next_attempt_at);
CREATE TABLE audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    stream TEXT,
    source_id TEXT,
    action TEXT NOT NULL,
    outcome TEXT,
    control_id TEXT,
    intacct_key TEXT,
    errornos TEXT NOT NULL DEFAULT '[]',
    message TEXT,
    request_summary TEXT,
    response_summary TEXT,
    duration_ms REAL,
    run_id TEXT,
    worker_id TEXT
);
CREATE INDEX audit_record ON audit (stream, source_id);
CREATE INDEX audit_at ON audit (at);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TABLE cursors (
    stream TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    last_id TEXT,
    updated_at TEXT NOT NULL
);
CREATE TABLE stream_locks (
    stream TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE TABLE vendor_links (
    commerce_kind TEXT NOT NULL,
    commerce_id TEXT NOT NULL,
    vendor_id TEXT NOT NULL,
    intacct_hash TEXT,
    commerce_hash TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (commerce_kind, commerce_id)
);
CREATE INDEX vendor_links_vendor ON vendor_links (vendor_id);
CREATE TABLE runs (
    run_id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    report TEXT
);
"""

# Version 2: drift de-duplication, replay by source time, and the webhook inbox. A rejected
# delivery never blocks a verified one with the same event id (a forger cannot pre-empt a real
# event by guessing its id), hence two partial unique indexes instead of one key.
_V2 = """
ALTER TABLE records ADD COLUMN drift_hash TEXT;
CREATE INDEX records_source_time ON records (stream, source_updated_at);
CREATE TABLE webhooks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id TEXT NOT NULL,
    event_type TEXT,
    source TEXT,
    verified INTEGER NOT NULL,
    reason TEXT,
    entity_kind TEXT,
    entity_id TEXT,
    headers_summary TEXT NOT NULL DEFAULT '{}',
    body BLOB,
    body_size INTEGER NOT NULL,
    body_sha256 TEXT NOT NULL,
    received_at TEXT NOT NULL,
    processed_at TEXT,
    outcome TEXT
);
CREATE UNIQUE INDEX webhooks_verified_event ON webhooks (event_id) WHERE verified = 1;
CREATE UNIQUE INDEX webhooks_rejected_event ON webhooks (event_id, body_sha256)
    WHERE verified = 0;
CREATE INDEX webhooks_pending ON webhooks (processed_at, received_at);
"""

MIGRATIONS: tuple[tuple[int, str], ...] = ((1, _V1), (2, _V2))
"""Ordered `(version, script)` pairs; append only, never edit a released one."""

LATEST_VERSION = MIGRATIONS[-1][0]
"""The schema version this code writes."""


def split_statements(script: str) -> list[str]:
    """Split a script into complete statements (trigger bodies keep their inner `;`)."""
    statements: list[str] = []
    current = ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    if current.strip():
        statements.append(current.strip())
    return statements


def schema_version(conn: sqlite3.Connection) -> int:
    """The version recorded in the database (0 for an empty one)."""
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
    ).fetchone()
    if exists is None:
        return 0
    row = conn.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def migrate(conn: sqlite3.Connection, *, target: int = LATEST_VERSION) -> int:
    """Apply the missing migrations up to `target` in one transaction; the resulting version.

    `BEGIN IMMEDIATE` takes the write lock first, so two processes opening the same new file
    migrate it once: the second one waits, then finds nothing left to do.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        current = schema_version(conn)
        _refuse_newer(current)
        for version, script in MIGRATIONS:
            if current < version <= target:
                for statement in split_statements(script):
                    conn.execute(statement)
                conn.execute("DELETE FROM schema_version")
                conn.execute("INSERT INTO schema_version (version) VALUES (?)", (version,))
                current = version
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return current


def _refuse_newer(current: int) -> None:
    if current > LATEST_VERSION:
        raise StoreSchemaError(
            f"the database is at schema version {current}, newer than this library's "
            f"{LATEST_VERSION}; upgrade intacct-commerce to open it"
        )


def to_db(value: datetime | None, field: str = "datetime") -> str | None:
    """Encode an aware datetime as fixed-width UTC text (None stays None)."""
    if value is None:
        return None
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{field} must be a timezone-aware datetime, got naive {value!r}")
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def from_db(value: str | None) -> datetime | None:
    """Decode a stored time (None stays None)."""
    return None if value is None else datetime.fromisoformat(value)


def from_db_required(value: str | None) -> datetime:
    """Decode a stored time that the schema declares NOT NULL."""
    if value is None:
        raise StoreError("a NOT NULL time column held NULL; the database is damaged")
    return datetime.fromisoformat(value)
