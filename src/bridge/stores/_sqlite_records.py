# ruff: noqa: S608  (SQL is built from module constants only; every value is a bound parameter)
"""The record ledger on SQLite: upsert from the source, claim with a lease, finish, query, replay.

Finishers are fenced by the claim token: they write only while the row is still IN_FLIGHT under the
token `claim` handed out. A lease that ran out but that nobody took over is still honoured (the work
was done; recording it is what prevents a second post). Once another worker has re-claimed the row,
the old token no longer matches and the finisher returns False without writing.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

import attrs

from bridge.stores._common import claim_token_of, dumps, require_text
from bridge.stores._models import (
    AuditAction,
    AuditEntry,
    Record,
    RecordError,
    RecordState,
    UpsertOutcome,
    as_record_error,
)
from bridge.stores._sqlite_queries import CLEAR_CLAIM, SQLiteQueries, row_to_record
from bridge.stores._sqlite_schema import to_db

_OWNED = "stream = ? AND source_id = ? AND state = 'in_flight' AND claim_token = ?"


class SQLiteRecords(SQLiteQueries):
    """Record ledger methods of `SQLiteStore`."""

    def upsert_source(
        self,
        stream: str,
        source_id: str,
        *,
        updated_at: datetime | None,
        payload: Mapping[str, Any],
        payload_hash: str,
    ) -> UpsertOutcome:
        """Record a fetched source document.

        NEW: a pending row. UNCHANGED: same hash (or the drift already recorded), nothing
        written. CHANGED_BEFORE_SYNC: not synced yet, so the payload is replaced (a failed or
        skipped record goes back to pending: the new version may now succeed). DRIFT: already
        synced and the source changed; the posted payload is kept, a `drift` audit entry added.
        """
        require_text("stream", stream)
        require_text("source_id", source_id)
        require_text("payload_hash", payload_hash)
        body = dumps(dict(payload), "payload")
        src_time, now = to_db(updated_at, "updated_at"), to_db(self.now())
        with self._tx() as conn:
            row = conn.execute(
                "SELECT state, payload_hash, drift_hash FROM records "
                "WHERE stream = ? AND source_id = ?",
                (stream, source_id),
            ).fetchone()
            if row is None:
                conn.execute(
                    "INSERT INTO records (stream, source_id, source_updated_at, payload_hash, "
                    "payload, state, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (stream, source_id, src_time, payload_hash, body, "pending", now, now),
                )
                return UpsertOutcome.NEW
            if payload_hash in (row["payload_hash"], row["drift_hash"]):
                return UpsertOutcome.UNCHANGED
            state = RecordState(row["state"])
            if state is RecordState.SYNCED:
                conn.execute(
                    "UPDATE records SET drift_hash = ?, updated_at = ? "
                    "WHERE stream = ? AND source_id = ?",
                    (payload_hash, now, stream, source_id),
                )
                self._drift_audit(
                    conn, stream, source_id, row["payload_hash"], payload_hash, src_time
                )
                return UpsertOutcome.DRIFT
            reopen = state in (RecordState.FAILED, RecordState.SKIPPED)
            conn.execute(
                "UPDATE records SET payload = ?, payload_hash = ?, source_updated_at = ?, "
                "updated_at = ?, state = CASE WHEN ? THEN 'pending' ELSE state END, "
                "next_attempt_at = CASE WHEN ? THEN NULL ELSE next_attempt_at END "
                "WHERE stream = ? AND source_id = ?",
                (body, payload_hash, src_time, now, reopen, reopen, stream, source_id),
            )
            return UpsertOutcome.CHANGED_BEFORE_SYNC

    def _drift_audit(
        self,
        conn: sqlite3.Connection,
        stream: str,
        source_id: str,
        synced_hash: str,
        source_hash: str,
        source_updated_at: str | None,
    ) -> None:
        summary = {
            "synced_hash": synced_hash,
            "source_hash": source_hash,
            "source_updated_at": source_updated_at,
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
        """Atomically take up to `limit` due records of `stream`, oldest due first.

        Due: PENDING; FAILED or WAITING whose `next_attempt_at` has come; IN_FLIGHT whose lease
        ran out (its worker died). Each claimed row becomes IN_FLIGHT with `claimed_by`,
        `lease_until = now + lease`, a fresh claim token, and one more attempt.
        """
        require_text("worker_id", worker_id)
        if limit < 1:
            raise ValueError(f"limit must be >= 1, got {limit!r}")
        if lease <= timedelta(0):
            raise ValueError(f"lease must be positive, got {lease!r}")
        at = now or self.now()
        at_db, until_db = to_db(at, "now"), to_db(at + lease)
        sql = (
            "SELECT source_id FROM records WHERE stream = ? AND (state = 'pending' "
            "OR (state IN ('failed', 'waiting') AND next_attempt_at <= ?) "
            "OR (state = 'in_flight' AND lease_until <= ?))"
        )
        params: list[Any] = [stream, at_db, at_db]
        if source_ids is not None:
            sql += " AND source_id IN (SELECT value FROM json_each(?))"
            params.append(dumps(list(source_ids), "source_ids"))
        sql += " ORDER BY coalesce(next_attempt_at, updated_at), source_id LIMIT ?"
        params.append(limit)
        token = uuid.uuid4().hex
        with self._tx() as conn:
            ids = [row[0] for row in conn.execute(sql, params)]
            if not ids:
                return []
            rows = conn.execute(
                "UPDATE records SET state = 'in_flight', claimed_by = ?, lease_until = ?, "
                "claim_token = ?, attempts = attempts + 1, next_attempt_at = NULL, "
                "updated_at = ? WHERE stream = ? AND source_id IN "
                "(SELECT value FROM json_each(?)) RETURNING *",
                (worker_id, until_db, token, at_db, stream, dumps(ids, "ids")),
            ).fetchall()
        order = {source_id: i for i, source_id in enumerate(ids)}
        return sorted((row_to_record(r) for r in rows), key=lambda r: order[r.source_id])

    def renew(
        self, record: Record, *, lease: timedelta, now: datetime | None = None
    ) -> Record | None:
        """Extend a claim's lease from `now`; the renewed record, or None when it was lost."""
        until = (now or self.now()) + lease
        ok = self._finish(record, "lease_until = ?", (to_db(until),))
        return attrs.evolve(record, lease_until=until) if ok else None

    def set_control_id(self, record: Record, control_id: str) -> bool:
        """Persist the idempotency key before posting; False when the claim was lost."""
        require_text("control_id", control_id)
        return self._finish(record, "control_id = ?", (control_id,))

    def mark_synced(
        self,
        record: Record,
        *,
        target_object: str,
        target_key: str,
        control_id: str | None,
        audit: AuditEntry | None = None,
    ) -> bool:
        """Finish as synced. If the source changed while in flight, the posted version is kept
        as the payload and the change is recorded as drift (like `upsert_source` does)."""
        require_text("target_object", target_object)
        require_text("target_key", target_key)
        token, now = claim_token_of(record), to_db(self.now())
        with self._tx() as conn:
            row = conn.execute(
                f"SELECT payload_hash, source_updated_at FROM records WHERE {_OWNED}",
                (record.stream, record.source_id, token),
            ).fetchone()
            if row is None:
                return False
            drifted = row["payload_hash"] != record.payload_hash
            conn.execute(
                "UPDATE records SET state = 'synced', target_object = ?, target_key = ?, "
                "control_id = coalesce(?, control_id), synced_at = ?, updated_at = ?, "
                f"last_error = NULL, next_attempt_at = NULL, {CLEAR_CLAIM}, "
                "payload = ?, payload_hash = ?, drift_hash = ? WHERE stream = ? AND source_id = ?",
                (
                    target_object,
                    target_key,
                    control_id,
                    now,
                    now,
                    dumps(dict(record.payload), "payload"),
                    record.payload_hash,
                    row["payload_hash"] if drifted else None,
                    record.stream,
                    record.source_id,
                ),
            )
            if drifted:
                self._drift_audit(
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
        sets = f"state = 'failed', last_error = ?, next_attempt_at = ?, {CLEAR_CLAIM}"
        params = (
            dumps(as_record_error(error).to_json(), "error"),
            to_db(next_attempt_at, "next_attempt_at"),
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
        sets = f"state = 'waiting', last_error = ?, next_attempt_at = ?, {CLEAR_CLAIM}"
        params = (dumps(error.to_json(), "reason"), to_db(next_attempt_at, "next_attempt_at"))
        return self._finish(record, sets, params, audit)

    def mark_skipped(self, record: Record, *, reason: str, audit: AuditEntry | None = None) -> bool:
        """Finish as skipped: not to be posted (a changed source reopens it)."""
        error = RecordError(kind="skipped", message=reason)
        sets = f"state = 'skipped', last_error = ?, next_attempt_at = NULL, {CLEAR_CLAIM}"
        return self._finish(record, sets, (dumps(error.to_json(), "reason"),), audit)

    def release(self, record: Record) -> bool:
        """Give a claim back: pending again, this attempt not counted."""
        sets = f"state = 'pending', attempts = max(attempts - 1, 0), next_attempt_at = NULL, {CLEAR_CLAIM}"  # noqa: E501
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
                f"UPDATE records SET {sets}, updated_at = ? WHERE {_OWNED}",
                (*params, to_db(self.now()), record.stream, record.source_id, token),
            )
            if cur.rowcount == 0:
                return False
            if audit is not None:
                self._insert_audit(conn, audit)
        return True
