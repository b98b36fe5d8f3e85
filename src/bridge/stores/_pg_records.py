# ruff: noqa: S608  (SQL is built from module constants only; every value is a bound parameter)
"""The record ledger on PostgreSQL: upsert, claim with `FOR UPDATE SKIP LOCKED`, fenced finishers.

The semantics are SQLite's (see `bridge.stores._sqlite_records` and docs/store.md); what changes is
concurrency: claimers on any number of hosts lock the rows they take and skip rows another claimer
holds, so none waits for or duplicates another's batch; finishers are fenced by the claim token.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

import attrs

from bridge.stores._common import claim_token_of, require_text
from bridge.stores._models import (
    AuditAction,
    AuditEntry,
    Record,
    RecordError,
    RecordState,
    UpsertOutcome,
    as_record_error,
)
from bridge.stores._pg_base import PgConn, aware, jsonb
from bridge.stores._pg_queries import CLEAR_CLAIM, PGQueries, row_to_record

_OWNED = "stream = %s AND source_id = %s AND state = 'in_flight' AND claim_token = %s"
_DUE = (
    "stream = %s AND (state = 'pending' "
    "OR (state IN ('failed', 'waiting') AND next_attempt_at <= %s) "
    "OR (state = 'in_flight' AND lease_until <= %s))"
)


class PGRecords(PGQueries):
    """Record ledger methods of `PostgresStore`."""

    def upsert_source(
        self,
        stream: str,
        source_id: str,
        *,
        updated_at: datetime | None,
        payload: Mapping[str, Any],
        payload_hash: str,
    ) -> UpsertOutcome:
        """Record a fetched source document (see `SQLiteStore.upsert_source`)."""
        require_text("stream", stream)
        require_text("source_id", source_id)
        require_text("payload_hash", payload_hash)
        body = jsonb(dict(payload), "payload")
        src_time, now = aware(updated_at, "updated_at"), self.now()
        with self._tx() as conn:
            inserted = conn.execute(
                "INSERT INTO records (stream, source_id, source_updated_at, payload_hash, "
                "payload, state, created_at, updated_at) "
                "VALUES (%s, %s, %s, %s, %s, 'pending', %s, %s) "
                "ON CONFLICT (stream, source_id) DO NOTHING",
                (stream, source_id, src_time, payload_hash, body, now, now),
            )
            if inserted.rowcount == 1:
                return UpsertOutcome.NEW
            row = conn.execute(
                "SELECT state, payload_hash, drift_hash FROM records "
                "WHERE stream = %s AND source_id = %s FOR UPDATE",
                (stream, source_id),
            ).fetchone()
            assert row is not None  # noqa: S101  (the conflict proves the row exists)
            if payload_hash in (row["payload_hash"], row["drift_hash"]):
                return UpsertOutcome.UNCHANGED
            state = RecordState(row["state"])
            if state is RecordState.SYNCED:
                conn.execute(
                    "UPDATE records SET drift_hash = %s, updated_at = %s "
                    "WHERE stream = %s AND source_id = %s",
                    (payload_hash, now, stream, source_id),
                )
                self._drift(conn, stream, source_id, row["payload_hash"], payload_hash, src_time)
                return UpsertOutcome.DRIFT
            reopen = state in (RecordState.FAILED, RecordState.SKIPPED)
            conn.execute(
                "UPDATE records SET payload = %s, payload_hash = %s, source_updated_at = %s, "
                "updated_at = %s, state = CASE WHEN %s THEN 'pending' ELSE state END, "
                "next_attempt_at = CASE WHEN %s THEN NULL ELSE next_attempt_at END "
                "WHERE stream = %s AND source_id = %s",
                (body, payload_hash, src_time, now, reopen, reopen, stream, source_id),
            )
            return UpsertOutcome.CHANGED_BEFORE_SYNC

    def _drift(
        self,
        conn: PgConn,
        stream: str,
        source_id: str,
        synced_hash: str,
        source_hash: str,
        source_updated_at: datetime | None,
    ) -> None:
        summary = {
            "synced_hash": synced_hash,
            "source_hash": source_hash,
            "source_updated_at": None
            if source_updated_at is None
            else source_updated_at.isoformat(),
        }
        entry = AuditEntry(
            stream=stream,
            source_id=source_id,
            action=AuditAction.DRIFT,
            outcome="recorded",
            message="source changed after it was synced; not posted again",
            request_summary=summary,
        )
        self._insert_audit(conn, entry)

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
        """Atomically take up to `limit` due records, oldest due first (`SKIP LOCKED`)."""
        require_text("worker_id", worker_id)
        if limit < 1:
            raise ValueError(f"limit must be >= 1, got {limit!r}")
        if lease <= timedelta(0):
            raise ValueError(f"lease must be positive, got {lease!r}")
        at = aware(now, "now") or self.now()
        params: list[Any] = [stream, at, at]
        extra = ""
        if source_ids is not None:
            extra = " AND source_id = ANY(%s::text[])"
            params.append(list(source_ids))
        params.append(limit)
        sql = (
            "WITH due AS (SELECT stream, source_id, "
            "coalesce(next_attempt_at, updated_at) AS due_at "
            f"FROM records WHERE {_DUE}{extra} ORDER BY due_at, source_id LIMIT %s "
            "FOR UPDATE SKIP LOCKED) "
            "UPDATE records r SET state = 'in_flight', claimed_by = %s, lease_until = %s, "
            "claim_token = %s, attempts = r.attempts + 1, next_attempt_at = NULL, updated_at = %s "
            "FROM due WHERE r.stream = due.stream AND r.source_id = due.source_id "
            "RETURNING r.*, due.due_at"
        )
        params += [worker_id, at + lease, uuid.uuid4().hex, at]
        with self._tx() as conn:
            rows = conn.execute(sql, params).fetchall()
        rows.sort(key=lambda r: (r["due_at"], r["source_id"]))
        return [row_to_record(r) for r in rows]

    def renew(
        self, record: Record, *, lease: timedelta, now: datetime | None = None
    ) -> Record | None:
        """Extend a claim's lease from `now`; the renewed record, or None when it was lost."""
        until = (aware(now, "now") or self.now()) + lease
        ok = self._finish(record, "lease_until = %s", (until,))
        return attrs.evolve(record, lease_until=until) if ok else None

    def set_control_id(self, record: Record, control_id: str) -> bool:
        """Persist the idempotency key before posting; False when the claim was lost."""
        require_text("control_id", control_id)
        return self._finish(record, "control_id = %s", (control_id,))

    def mark_synced(
        self,
        record: Record,
        *,
        target_object: str,
        target_key: str,
        control_id: str | None,
        audit: AuditEntry | None = None,
    ) -> bool:
        """Finish as synced (a source change while in flight is kept as drift, as on SQLite)."""
        require_text("target_object", target_object)
        require_text("target_key", target_key)
        token, now = claim_token_of(record), self.now()
        with self._tx() as conn:
            row = conn.execute(
                f"SELECT payload_hash, source_updated_at FROM records WHERE {_OWNED} FOR UPDATE",
                (record.stream, record.source_id, token),
            ).fetchone()
            if row is None:
                return False
            drifted = row["payload_hash"] != record.payload_hash
            conn.execute(
                "UPDATE records SET state = 'synced', target_object = %s, target_key = %s, "
                "control_id = coalesce(%s, control_id), synced_at = %s, updated_at = %s, "
                f"last_error = NULL, next_attempt_at = NULL, {CLEAR_CLAIM}, payload = %s, "
                "payload_hash = %s, drift_hash = %s WHERE stream = %s AND source_id = %s",
                (
                    target_object,
                    target_key,
                    control_id,
                    now,
                    now,
                    jsonb(dict(record.payload), "payload"),
                    record.payload_hash,
                    row["payload_hash"] if drifted else None,
                    record.stream,
                    record.source_id,
                ),
            )
            if drifted:
                self._drift(
                    conn,
                    record.stream,
                    record.source_id,
                    record.payload_hash,
                    row["payload_hash"],
                    row["source_updated_at"],
                )
            if audit is not None:
                self._insert_audit(conn, audit)
        return True

    def mark_failed(
        self,
        record: Record,
        *,
        error: RecordError | Mapping[str, Any],
        next_attempt_at: datetime | None,
        audit: AuditEntry | None = None,
    ) -> bool:
        """Finish as failed: retried from `next_attempt_at`, or terminal (replay only) if None."""
        sets = f"state = 'failed', last_error = %s, next_attempt_at = %s, {CLEAR_CLAIM}"
        params = (
            jsonb(as_record_error(error).to_json(), "error"),
            aware(next_attempt_at, "next_attempt_at"),
        )
        return self._finish(record, sets, params, audit)

    def mark_waiting(
        self,
        record: Record,
        *,
        reason: str,
        next_attempt_at: datetime,
        audit: AuditEntry | None = None,
    ) -> bool:
        """Finish as waiting (e.g. a credit memo before its bill); claimable again from then."""
        error = RecordError(kind="waiting", message=reason)
        sets = f"state = 'waiting', last_error = %s, next_attempt_at = %s, {CLEAR_CLAIM}"
        params = (jsonb(error.to_json(), "reason"), aware(next_attempt_at, "next_attempt_at"))
        return self._finish(record, sets, params, audit)

    def mark_skipped(self, record: Record, *, reason: str, audit: AuditEntry | None = None) -> bool:
        """Finish as skipped: not to be posted (a changed source reopens it)."""
        error = RecordError(kind="skipped", message=reason)
        sets = f"state = 'skipped', last_error = %s, next_attempt_at = NULL, {CLEAR_CLAIM}"
        return self._finish(record, sets, (jsonb(error.to_json(), "reason"),), audit)

    def release(self, record: Record) -> bool:
        """Give a claim back: pending again, this attempt not counted."""
        sets = (
            "state = 'pending', attempts = greatest(attempts - 1, 0), next_attempt_at = NULL, "
            + CLEAR_CLAIM
        )
        return self._finish(record, sets, ())

    def _finish(
        self,
        record: Record,
        sets: str,
        params: tuple[Any, ...],
        audit: AuditEntry | None = None,
    ) -> bool:
        token = claim_token_of(record)
        with self._tx() as conn:
            cur = conn.execute(
                f"UPDATE records SET {sets}, updated_at = %s WHERE {_OWNED}",
                (*params, self.now(), record.stream, record.source_id, token),
            )
            if cur.rowcount == 0:
                return False
            if audit is not None:
                self._insert_audit(conn, audit)
        return True
