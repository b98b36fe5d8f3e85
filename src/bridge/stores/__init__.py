"""Persistent state of the bridge: the record ledger, audit trail, cursors, links, inbox and runs.

`Store` is the interface the orchestrator programs against; `SQLiteStore` is the embedded default.
See docs/store.md for the schema, the states and their transitions, and the claim/lease rules.
"""

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

__all__ = [
    "STREAMS",
    "VENDOR_LINK_KINDS",
    "AuditAction",
    "AuditEntry",
    "Cursor",
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
