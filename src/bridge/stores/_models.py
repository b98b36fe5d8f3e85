"""The values a store keeps and returns: records, audit entries, cursors, links, webhooks, runs.

Everything here is data only (attrs, frozen, keyword-only) and JSON-serialisable through
`to_json()`; timestamps are timezone-aware (a naive datetime is refused with the field's name).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

import attrs


class StoreError(Exception):
    """Base class of every error a store raises."""


class StoreSchemaError(StoreError):
    """The database was written by a newer version of this library, or its schema is damaged."""


class StreamLockedError(StoreError):
    """Another owner holds the per-stream lock (see `Store.stream_lock`)."""


class RecordState(enum.StrEnum):
    """Where a source record is in its journey to Intacct (see docs/store.md, "States")."""

    PENDING = "pending"
    IN_FLIGHT = "in_flight"
    SYNCED = "synced"
    FAILED = "failed"
    SKIPPED = "skipped"
    WAITING = "waiting"


class UpsertOutcome(enum.StrEnum):
    """What `Store.upsert_source` did with a polled or pushed source document."""

    NEW = "new"
    UNCHANGED = "unchanged"
    CHANGED_BEFORE_SYNC = "changed_before_sync"
    DRIFT = "drift"


class AuditAction(enum.StrEnum):
    """The usual audit actions; `AuditEntry.action` accepts any non-empty string."""

    FETCHED = "fetched"
    MAPPED = "mapped"
    POSTED = "posted"
    SYNCED = "synced"
    FAILED = "failed"
    RETRY_SCHEDULED = "retry_scheduled"
    WAITING = "waiting"
    DRIFT = "drift"
    DUPLICATE_RESOLVED = "duplicate_resolved"
    SKIPPED = "skipped"
    WEBHOOK_RECEIVED = "webhook_received"
    WEBHOOK_REJECTED = "webhook_rejected"
    REPLAY_REQUESTED = "replay_requested"
    VENDOR_LINKED = "vendor_linked"
    VENDOR_UPDATED = "vendor_updated"


STREAMS: tuple[str, ...] = (
    "orders",
    "invoices",
    "credit_memos",
    "purchase_orders",
    "customers",
    "companies",
    "vendors_to_commerce",
)
"""The stream names the orchestrator uses; stores accept any non-empty name."""

VENDOR_LINK_KINDS: tuple[str, ...] = ("customer", "company", "guest_email")
"""The Commerce side of a vendor link."""


def require_aware(name: str, value: datetime | None) -> None:
    """Refuse a naive datetime, naming the field (a naive time in a sync ledger is a bug)."""
    if value is not None and (value.tzinfo is None or value.utcoffset() is None):
        raise ValueError(f"{name} must be a timezone-aware datetime, got naive {value!r}")


def _aware(_inst: object, attribute: attrs.Attribute[Any], value: datetime | None) -> None:
    require_aware(attribute.name, value)


def _str_tuple(values: Iterable[Any]) -> tuple[str, ...]:
    if isinstance(values, str):
        return (values,)
    return tuple(str(v) for v in values)


def _check_action(_inst: object, _attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str) or not value:
        raise ValueError(f"AuditEntry.action must be a non-empty string, got {value!r}")


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


@attrs.frozen(kw_only=True)
class RecordError:
    """Why the last attempt on a record did not succeed (JSON: kind, message, errornos, ...)."""

    kind: str
    message: str
    errornos: tuple[str, ...] = attrs.field(default=(), converter=_str_tuple)
    descriptions: tuple[str, ...] = attrs.field(default=(), converter=_str_tuple)

    def to_json(self) -> dict[str, Any]:
        """Return the JSON form stored in `last_error`."""
        return {
            "kind": self.kind,
            "message": self.message,
            "errornos": list(self.errornos),
            "descriptions": list(self.descriptions),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> RecordError:
        """Build from the JSON form (unknown keys are ignored)."""
        return cls(
            kind=str(data.get("kind", "")),
            message=str(data.get("message", "")),
            errornos=tuple(str(e) for e in data.get("errornos", ())),
            descriptions=tuple(str(d) for d in data.get("descriptions", ())),
        )


def as_record_error(error: RecordError | Mapping[str, Any]) -> RecordError:
    """Accept a `RecordError` or its JSON form (`{kind, message, errornos, descriptions}`)."""
    if isinstance(error, RecordError):
        return error
    if isinstance(error, Mapping):
        return RecordError.from_json(error)
    raise TypeError(f"error must be a RecordError or a mapping, got {type(error).__name__}")


@attrs.frozen(kw_only=True)
class Record:
    """One source record's row in the ledger, as of the moment it was read or claimed.

    A record returned by `Store.claim` carries the claim (`claimed_by`, `lease_until` and the
    private `claim_token`); the finishers (`mark_synced`, ...) only write while that claim is
    still the record's current claim.
    """

    stream: str
    source_id: str
    source_updated_at: datetime | None = attrs.field(default=None, validator=_aware)
    payload_hash: str
    payload: Mapping[str, Any] = attrs.field(factory=dict, repr=False)
    state: RecordState = RecordState.PENDING
    attempts: int = 0
    next_attempt_at: datetime | None = attrs.field(default=None, validator=_aware)
    last_error: RecordError | None = None
    control_id: str | None = None
    target_object: str | None = None
    target_key: str | None = None
    claimed_by: str | None = None
    lease_until: datetime | None = attrs.field(default=None, validator=_aware)
    claim_token: str | None = attrs.field(default=None, repr=False)
    created_at: datetime = attrs.field(validator=_aware)
    updated_at: datetime = attrs.field(validator=_aware)
    synced_at: datetime | None = attrs.field(default=None, validator=_aware)

    @property
    def key(self) -> tuple[str, str]:
        """The record's identity: `(stream, source_id)`."""
        return (self.stream, self.source_id)

    def lease_expired(self, now: datetime) -> bool:
        """True when this record's lease has run out at `now` (or it carries no lease)."""
        return self.lease_until is None or self.lease_until <= now

    def to_json(self) -> dict[str, Any]:
        """Return a JSON-serialisable dict (for `status`, exports and replays)."""
        return {
            "stream": self.stream,
            "source_id": self.source_id,
            "source_updated_at": _iso(self.source_updated_at),
            "payload_hash": self.payload_hash,
            "payload": dict(self.payload),
            "state": self.state.value,
            "attempts": self.attempts,
            "next_attempt_at": _iso(self.next_attempt_at),
            "last_error": None if self.last_error is None else self.last_error.to_json(),
            "control_id": self.control_id,
            "target_object": self.target_object,
            "target_key": self.target_key,
            "claimed_by": self.claimed_by,
            "lease_until": _iso(self.lease_until),
            "created_at": _iso(self.created_at),
            "updated_at": _iso(self.updated_at),
            "synced_at": _iso(self.synced_at),
        }


@attrs.frozen(kw_only=True)
class AuditEntry:
    """One line of the append-only audit trail; `id` and `at` are filled in by the store.

    `request_summary` and `response_summary` must already be redacted summaries; the store runs a
    second, defensive redaction pass over them (and over `message`-free JSON only) anyway.
    """

    id: int | None = None
    at: datetime | None = attrs.field(default=None, validator=_aware)
    stream: str | None = None
    source_id: str | None = None
    action: str = attrs.field(validator=_check_action)
    outcome: str | None = None
    control_id: str | None = None
    intacct_key: str | None = None
    errornos: tuple[str, ...] = attrs.field(default=(), converter=_str_tuple)
    message: str | None = None
    request_summary: Mapping[str, Any] | None = None
    response_summary: Mapping[str, Any] | None = None
    duration_ms: float | None = None
    run_id: str | None = None
    worker_id: str | None = None

    def to_json(self) -> dict[str, Any]:
        """Return a JSON-serialisable dict (the `export_audit` JSON row)."""
        return {
            "id": self.id,
            "at": _iso(self.at),
            "stream": self.stream,
            "source_id": self.source_id,
            "action": str(self.action),
            "outcome": self.outcome,
            "control_id": self.control_id,
            "intacct_key": self.intacct_key,
            "errornos": list(self.errornos),
            "message": self.message,
            "request_summary": None if self.request_summary is None else dict(self.request_summary),
            "response_summary": (
                None if self.response_summary is None else dict(self.response_summary)
            ),
            "duration_ms": self.duration_ms,
            "run_id": self.run_id,
            "worker_id": self.worker_id,
        }


@attrs.frozen(kw_only=True)
class Cursor:
    """An incremental-sync position: the last `updated_at` seen, tie-broken by the last id."""

    value: datetime = attrs.field(validator=_aware)
    last_id: str | None = None

    def to_json(self) -> dict[str, Any]:
        """Return the JSON form (`{"value": iso8601, "last_id": ...}`)."""
        return {"value": self.value.isoformat(), "last_id": self.last_id}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Cursor:
        """Build from the JSON form."""
        return cls(value=datetime.fromisoformat(str(data["value"])), last_id=data.get("last_id"))


@attrs.frozen(kw_only=True)
class VendorLink:
    """A Commerce customer, company or guest e-mail linked to an Intacct vendor.

    The hashes are of the last version synced from each side, so a change that came from the
    other side is recognised (its hash matches) and not echoed back.
    """

    commerce_kind: str
    commerce_id: str
    vendor_id: str
    intacct_hash: str | None = None
    commerce_hash: str | None = None
    created_at: datetime = attrs.field(validator=_aware)
    updated_at: datetime = attrs.field(validator=_aware)


@attrs.frozen(kw_only=True)
class WebhookRecord:
    """One received webhook delivery in the inbox.

    `body` is kept only for verified deliveries; a rejected one keeps `body_size` and
    `body_sha256` only (its content is never trusted; replay re-fetches the entity by id).
    `entity_kind`/`entity_id` of a rejected delivery are what it claimed, to be re-fetched.
    """

    id: int
    event_id: str
    event_type: str | None
    source: str | None
    verified: bool
    reason: str | None
    entity_kind: str | None
    entity_id: str | None
    headers_summary: Mapping[str, Any] = attrs.field(factory=dict)
    body: bytes | None = attrs.field(default=None, repr=False)
    body_size: int
    body_sha256: str
    received_at: datetime = attrs.field(validator=_aware)
    processed_at: datetime | None = attrs.field(default=None, validator=_aware)
    outcome: str | None = None


@attrs.frozen(kw_only=True)
class Run:
    """One orchestrator run (`run_once`, a replay, a demo), with its final report."""

    run_id: str
    kind: str
    started_at: datetime = attrs.field(validator=_aware)
    finished_at: datetime | None = attrs.field(default=None, validator=_aware)
    report: Mapping[str, Any] | None = None
