"""PostgreSQL schema: the same versions as the SQLite schema, in PostgreSQL's types.

Everything lives in one schema (default `bridge`), named on the store, so several bridges (or test
runs) can share a database. Migrations run under a transaction-scoped advisory lock, so workers
starting together migrate once. Identifiers use the "C" collation so ordering matches SQLite's.
"""

from __future__ import annotations

import re
from typing import Any

from bridge.stores._models import StoreSchemaError

_V1 = """
CREATE TABLE records (
    stream TEXT COLLATE "C" NOT NULL,
    source_id TEXT COLLATE "C" NOT NULL,
    source_updated_at TIMESTAMPTZ,
    payload_hash TEXT NOT NULL,
    payload JSONB NOT NULL,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ,
    last_error JSONB,
    control_id TEXT,
    target_object TEXT,
    target_key TEXT,
    claimed_by TEXT,
    lease_until TIMESTAMPTZ,
    claim_token TEXT,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    synced_at TIMESTAMPTZ,
    PRIMARY KEY (stream, source_id)
);
CREATE INDEX records_due ON records (stream, state, next_attempt_at);
CREATE TABLE audit (
    id BIGSERIAL PRIMARY KEY,
    at TIMESTAMPTZ NOT NULL,
    stream TEXT,
    source_id TEXT,
    action TEXT NOT NULL,
    outcome TEXT,
    control_id TEXT,
    intacct_key TEXT,
    errornos JSONB NOT NULL DEFAULT '[]',
    message TEXT,
    request_summary JSONB,
    response_summary JSONB,
    duration_ms DOUBLE PRECISION,
    run_id TEXT,
    worker_id TEXT
);
CREATE INDEX audit_record ON audit (stream, source_id);
CREATE INDEX audit_at ON audit (at);
CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'the audit trail is append-only'; END $$;
CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON audit
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TABLE cursors (
    stream TEXT PRIMARY KEY,
    value TIMESTAMPTZ NOT NULL,
    last_id TEXT,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE TABLE vendor_links (
    commerce_kind TEXT NOT NULL,
    commerce_id TEXT COLLATE "C" NOT NULL,
    vendor_id TEXT NOT NULL,
    intacct_hash TEXT,
    commerce_hash TEXT,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (commerce_kind, commerce_id)
);
CREATE INDEX vendor_links_vendor ON vendor_links (vendor_id);
CREATE TABLE runs (
    run_id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    started_at TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ,
    report JSONB,
    seq BIGSERIAL
);
"""

# Version 2 mirrors SQLite's: drift de-duplication, replay by source time, the webhook inbox
# (a rejected delivery never blocks a verified one with the same event id).
_V2 = """
ALTER TABLE records ADD COLUMN drift_hash TEXT;
CREATE INDEX records_source_time ON records (stream, source_updated_at);
CREATE TABLE webhooks (
    id BIGSERIAL PRIMARY KEY,
    event_id TEXT NOT NULL,
    event_type TEXT,
    source TEXT,
    verified BOOLEAN NOT NULL,
    reason TEXT,
    entity_kind TEXT,
    entity_id TEXT,
    headers_summary JSONB NOT NULL DEFAULT '{}',
    body BYTEA,
    body_size INTEGER NOT NULL,
    body_sha256 TEXT NOT NULL,
    received_at TIMESTAMPTZ NOT NULL,
    processed_at TIMESTAMPTZ,
    outcome TEXT
);
CREATE UNIQUE INDEX webhooks_verified_event ON webhooks (event_id) WHERE verified;
CREATE UNIQUE INDEX webhooks_rejected_event ON webhooks (event_id, body_sha256)
    WHERE NOT verified;
CREATE INDEX webhooks_pending ON webhooks (processed_at, received_at);
"""

MIGRATIONS: tuple[tuple[int, str], ...] = ((1, _V1), (2, _V2))
"""Ordered `(version, script)` pairs; append only, never edit a released one."""

LATEST_VERSION = MIGRATIONS[-1][0]
"""The schema version this code writes."""

_SCHEMA_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


def check_schema_name(schema: str) -> str:
    """Refuse a schema name that is not a plain lower-case identifier (it is spliced into SQL)."""
    if not isinstance(schema, str) or not _SCHEMA_NAME.fullmatch(schema):
        raise ValueError(
            "schema must be a lower-case identifier ([a-z_][a-z0-9_]*, <= 63 chars), "
            f"got {schema!r}"
        )
    return schema


def migrate(conn: Any, schema: str) -> int:
    """Create `schema` if needed and apply the missing migrations in one transaction.

    `conn` is an autocommit psycopg connection whose `search_path` is `schema`.
    """
    check_schema_name(schema)
    with conn.transaction():
        conn.execute(
            "SELECT pg_advisory_xact_lock(hashtext('bridge.migrate'), hashtext(%s))", (schema,)
        )
        conn.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
        conn.execute(f"SET LOCAL search_path TO {schema}")
        conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        row = conn.execute("SELECT max(version) AS v FROM schema_version").fetchone()
        current = int(row["v"] or 0)
        if current > LATEST_VERSION:
            raise StoreSchemaError(
                f"schema {schema!r} is at version {current}, newer than this library's "
                f"{LATEST_VERSION}; upgrade intacct-commerce to open it"
            )
        for version, script in MIGRATIONS:
            if current < version:
                conn.execute(script)
                conn.execute("DELETE FROM schema_version")
                conn.execute("INSERT INTO schema_version (version) VALUES (%s)", (version,))
                current = version
    return current
