"""The store interface the orchestrator programs against (SQLite today, PostgreSQL next).

All methods are synchronous; async code calls them through `asyncio.to_thread`, so every
implementation is safe to share between threads. Each write is one transaction. Semantics that every
implementation must keep are pinned by `tests/bridge/stores/test_store_contract.py`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import datetime, timedelta
from typing import IO, Any, Literal, Protocol, overload, runtime_checkable

from bridge.stores._models import (
    AuditEntry,
    Cursor,
    Record,
    RecordError,
    RecordState,
    Run,
    UpsertOutcome,
    VendorLink,
    WebhookRecord,
)


@runtime_checkable
class Store(Protocol):
    """Persistent state of the bridge: record ledger, audit trail, cursors, links, inbox, runs."""

    # -- records ---------------------------------------------------------------------------
    def upsert_source(
        self,
        stream: str,
        source_id: str,
        *,
        updated_at: datetime | None,
        payload: Mapping[str, Any],
        payload_hash: str,
    ) -> UpsertOutcome:
        """Record a fetched source document; see `UpsertOutcome` for what happens."""
        ...

    def claim(
        self,
        stream: str,
        *,
        worker_id: str,
        limit: int,
        lease: timedelta,
        now: datetime | None = None,
        source_ids: Sequence[str] | None = None,
    ) -> list[Record]:
        """Atomically take up to `limit` due records of `stream` for `worker_id` for `lease`."""
        ...

    def renew(
        self, record: Record, *, lease: timedelta, now: datetime | None = None
    ) -> Record | None:
        """Extend a claim's lease; the renewed record, or None when the claim was lost."""
        ...

    def set_control_id(self, record: Record, control_id: str) -> bool:
        """Persist the idempotency key before posting; False when the claim was lost."""
        ...

    def mark_synced(
        self,
        record: Record,
        *,
        target_object: str,
        target_key: str,
        control_id: str | None,
        audit: AuditEntry | None = None,
    ) -> bool:
        """Finish a claim as synced (with the Intacct key); False when the claim was lost."""
        ...

    def mark_failed(
        self,
        record: Record,
        *,
        error: RecordError | Mapping[str, Any],
        next_attempt_at: datetime | None,
        audit: AuditEntry | None = None,
    ) -> bool:
        """Finish as failed; retried from `next_attempt_at`, or terminal (replay) when None."""
        ...

    def mark_waiting(
        self,
        record: Record,
        *,
        reason: str,
        next_attempt_at: datetime,
        audit: AuditEntry | None = None,
    ) -> bool:
        """Finish as waiting on something else (e.g. the bill of a credit memo)."""
        ...

    def mark_skipped(self, record: Record, *, reason: str, audit: AuditEntry | None = None) -> bool:
        """Finish as skipped (not to be posted, e.g. not in a ready state)."""
        ...

    def release(self, record: Record) -> bool:
        """Give a claim back untouched: pending again, the attempt not counted."""
        ...

    def get(self, stream: str, source_id: str) -> Record | None:
        """One record, or None."""
        ...

    def find(
        self,
        *,
        stream: str | None = None,
        states: Iterable[RecordState] | None = None,
        source_ids: Iterable[str] | None = None,
        updated_from: datetime | None = None,
        updated_to: datetime | None = None,
        limit: int | None = None,
    ) -> list[Record]:
        """Records matching every given filter (source update time in `[from, to)`)."""
        ...

    def counts_by_state(self, stream: str | None = None) -> dict[str, dict[RecordState, int]]:
        """Per stream, the number of records in each state (every state present, 0 included)."""
        ...

    def requeue(
        self,
        records: Iterable[Record] | None = None,
        *,
        stream: str | None = None,
        states: Iterable[RecordState] | None = None,
        source_ids: Iterable[str] | None = None,
        updated_from: datetime | None = None,
        updated_to: datetime | None = None,
        message: str | None = None,
        run_id: str | None = None,
    ) -> int:
        """Replay: put records back to pending (attempts kept), auditing each; the count."""
        ...

    # -- audit -----------------------------------------------------------------------------
    def append_audit(self, entry: AuditEntry) -> AuditEntry:
        """Append one entry (redacted again defensively); returns it with `id` and `at`."""
        ...

    def audit(
        self,
        *,
        stream: str | None = None,
        source_id: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        actions: Iterable[str] | None = None,
        run_id: str | None = None,
        limit: int | None = None,
    ) -> list[AuditEntry]:
        """Audit entries in append order, filtered (`at` in `[since, until)`)."""
        ...

    def export_audit(self, fmt: Literal["csv", "json"], file: IO[str], **filters: Any) -> int:
        """Write the filtered audit trail to a text file as CSV or JSON; the row count."""
        ...

    # -- cursors ---------------------------------------------------------------------------
    def get_cursor(self, stream: str) -> Cursor | None:
        """The stream's cursor, or None before the first run."""
        ...

    def set_cursor(self, stream: str, cursor: Cursor) -> None:
        """Store the stream's cursor (call under `stream_lock`)."""
        ...

    def stream_lock(
        self, stream: str, *, owner: str | None = None, timeout: float = ...
    ) -> AbstractContextManager[None]:
        """Hold the per-stream lock for the `with` block (StreamLockedError after `timeout` s)."""
        ...

    # -- vendor links ----------------------------------------------------------------------
    def link_vendor(
        self,
        commerce_kind: str,
        commerce_id: str,
        vendor_id: str,
        *,
        intacct_hash: str | None = None,
        commerce_hash: str | None = None,
    ) -> VendorLink:
        """Create or move the link of a Commerce customer/company/guest e-mail to a vendor."""
        ...

    def vendor_link_by_commerce(self, commerce_kind: str, commerce_id: str) -> VendorLink | None:
        """The link of one Commerce record, or None."""
        ...

    def vendor_link_by_vendor(self, vendor_id: str) -> VendorLink | None:
        """The main link of a vendor (company, then customer, then guest e-mail), or None."""
        ...

    def vendor_links_by_vendor(self, vendor_id: str) -> list[VendorLink]:
        """Every Commerce record linked to a vendor."""
        ...

    @overload
    def update_link_hashes(
        self, vendor_id: str, /, *, intacct_hash: str | None = ..., commerce_hash: str | None = ...
    ) -> bool: ...

    @overload
    def update_link_hashes(
        self,
        commerce_kind: str,
        commerce_id: str,
        /,
        *,
        intacct_hash: str | None = ...,
        commerce_hash: str | None = ...,
    ) -> bool: ...

    def update_link_hashes(
        self,
        key: str,
        commerce_id: str | None = None,
        /,
        *,
        intacct_hash: str | None = None,
        commerce_hash: str | None = None,
    ) -> bool:
        """Store last-synced hashes: of every link of a vendor, or of one Commerce record."""
        ...

    # -- webhook inbox ---------------------------------------------------------------------
    def record_webhook(
        self,
        event_id: str,
        *,
        event_type: str | None,
        source: str | None,
        verified: bool,
        reason: str | None = None,
        entity_kind: str | None = None,
        entity_id: str | None = None,
        headers_summary: Mapping[str, Any] | None = None,
        body: bytes | Mapping[str, Any] | None = None,
        received_at: datetime | None = None,
    ) -> bool:
        """Store a delivery (bytes, or the parsed JSON object); False for a duplicate."""
        ...

    def webhooks(
        self,
        *,
        verified: bool | None = None,
        processed: bool | None = None,
        since: datetime | None = None,
        limit: int | None = None,
    ) -> list[WebhookRecord]:
        """Inbox entries in arrival order, filtered."""
        ...

    def mark_webhook_processed(
        self, event_id: str, *, outcome: str, processed_at: datetime | None = None
    ) -> bool:
        """Mark the deliveries of an event id processed; False when none was unprocessed."""
        ...

    # -- runs ------------------------------------------------------------------------------
    def start_run(self, run_id: str, *, kind: str, started_at: datetime | None = None) -> None:
        """Record the start of a run."""
        ...

    def finish_run(
        self,
        run_id: str,
        *,
        report_json: Mapping[str, Any],
        finished_at: datetime | None = None,
    ) -> None:
        """Record the end of a run with its (JSON) report."""
        ...

    def last_run(self, kind: str | None = None) -> Run | None:
        """The most recently started run (of `kind`), or None."""
        ...

    # -- lifecycle -------------------------------------------------------------------------
    def close(self) -> None:
        """Release connections; the store is unusable afterwards."""
        ...
