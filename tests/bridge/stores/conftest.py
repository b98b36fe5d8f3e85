"""Store fixtures: one `store` per implementation, all driven by the same fake clock.

`PostgresStore` joins the parametrisation when it exists and `BRIDGE_TEST_POSTGRES_DSN` is set;
otherwise its variant is skipped with a message that says how to run it.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bridge.stores import SQLiteStore, Store

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


class FakeClock:
    """A clock that only moves when told to."""

    def __init__(self, start: datetime = T0) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> datetime:
        self.now += delta
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


POSTGRES_HOWTO = (
    "PostgreSQL store tests need a server: set BRIDGE_TEST_POSTGRES_DSN, e.g. "
    "BRIDGE_TEST_POSTGRES_DSN=postgresql://postgres@127.0.0.1:5432/test"
)
# The postgres variant joins only when a DSN is configured, so a laptop run shows one skip
# (`test_postgres_variant_is_configured`) instead of one per contract test.
STORE_KINDS = ["sqlite-memory", "sqlite-file"] + (
    ["postgres"] if os.environ.get("BRIDGE_TEST_POSTGRES_DSN") else []
)


def postgres_dsn() -> str:
    """The test server's DSN, or skip the test saying how to provide one."""
    dsn = os.environ.get("BRIDGE_TEST_POSTGRES_DSN")
    if not dsn:
        pytest.skip(POSTGRES_HOWTO)
    return dsn


@contextmanager
def fresh_postgres_schema() -> Iterator[tuple[str, str]]:
    """A uniquely named schema (other runs may share the database); dropped afterwards."""
    import psycopg

    dsn = postgres_dsn()
    schema = f"bridge_test_{uuid.uuid4().hex[:12]}"
    try:
        yield dsn, schema
    finally:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


@pytest.fixture(scope="session")
def postgres_schema() -> Iterator[tuple[str, str]]:
    """One migrated schema for the session; each test starts from empty tables (emptying tables is
    much cheaper than creating and migrating a schema per test)."""
    with fresh_postgres_schema() as (dsn, schema):
        yield dsn, schema


def _empty_postgres_tables(dsn: str, schema: str) -> None:
    import psycopg

    tables = ", ".join(
        f"{schema}.{t}" for t in ("records", "audit", "cursors", "vendor_links", "runs", "webhooks")
    )
    with psycopg.connect(dsn, autocommit=True) as conn:
        try:
            with conn.transaction():
                # The replica role skips the audit table's append-only trigger; DELETE on tiny
                # tables is much faster than TRUNCATE (which needs superuser for this anyway).
                conn.execute("SET LOCAL session_replication_role = replica")
                for table in tables.split(", "):
                    conn.execute(f"DELETE FROM {table}")  # noqa: S608
        except psycopg.errors.InsufficientPrivilege:
            conn.execute(f"TRUNCATE {tables}")


@pytest.fixture(params=STORE_KINDS)
def store(request: pytest.FixtureRequest, clock: FakeClock, tmp_path: Path) -> Iterator[Store]:
    kind = request.param
    with ExitStack() as stack:
        if kind == "sqlite-memory":
            made: Store = SQLiteStore(":memory:", clock=clock)
        elif kind == "sqlite-file":
            made = SQLiteStore(tmp_path / "bridge.sqlite3", clock=clock)
        else:
            from bridge.stores import PostgresStore

            dsn, schema = request.getfixturevalue("postgres_schema")
            made = PostgresStore(dsn, schema=schema, clock=clock)
            _empty_postgres_tables(dsn, schema)
        stack.callback(made.close)
        yield made
