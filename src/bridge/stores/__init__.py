"""Persistent state of the bridge: the record ledger, audit trail, cursors, links, inbox and runs.

`Store` is the interface the orchestrator programs against; `SQLiteStore` is the embedded default.
`PostgresStore` (several workers, several hosts) needs the `postgres` extra and is imported lazily.
See docs/store.md for the schema, the states and their transitions, and the claim/lease rules.
"""

from typing import TYPE_CHECKING, Any

from bridge.stores._base import Store
from bridge.stores._models import (
    STREAMS,
    VENDOR_LINK_KINDS,
    AuditAction,
    AuditEntry,
    Cursor,
    Record,
    RecordError,
    RecordState,
    Run,
    StoreError,
    StoreSchemaError,
    StreamLockedError,
    UpsertOutcome,
    VendorLink,
    WebhookRecord,
)
from bridge.stores._redact import redact
from bridge.stores._sqlite import SQLiteStore

if TYPE_CHECKING:
    from bridge.stores._postgres import PostgresStore


def __getattr__(name: str) -> Any:
    # PostgresStore needs psycopg (the `postgres` extra); importing bridge.stores must not.
    if name == "PostgresStore":
        try:
            from bridge.stores._postgres import PostgresStore
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise ImportError(
                "PostgresStore needs psycopg 3: pip install 'intacct-commerce[postgres]'"
            ) from exc
        return PostgresStore
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "STREAMS",
    "VENDOR_LINK_KINDS",
    "AuditAction",
    "AuditEntry",
    "Cursor",
    "PostgresStore",
    "Record",
    "RecordError",
    "RecordState",
    "Run",
    "SQLiteStore",
    "Store",
    "StoreError",
    "StoreSchemaError",
    "StreamLockedError",
    "UpsertOutcome",
    "VendorLink",
    "WebhookRecord",
    "redact",
]
