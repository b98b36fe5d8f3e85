# ruff: noqa: S608  (SQL is built from module constants only; every value is a bound parameter)
"""Record queries and replay on SQLite: get, find, counts per state, requeue."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from bridge.stores._common import dumps, loads
from bridge.stores._models import AuditAction, AuditEntry, Record, RecordError, RecordState
from bridge.stores._sqlite_audit import SQLiteAudit
from bridge.stores._sqlite_schema import from_db, from_db_required, to_db

CLEAR_CLAIM = "claimed_by = NULL, lease_until = NULL, claim_token = NULL"
"""The SET fragment that drops a claim."""

_REQUEUE_DEFAULT_STATES = (RecordState.FAILED, RecordState.SKIPPED)
_KEYS_IN = (
    " AND (stream, source_id) IN "
    "(SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?))"
)


def row_to_record(row: sqlite3.Row) -> Record:
    """Build a `Record` from a `records` row."""
    error = loads(row["last_error"])
    return Record(
        stream=row["stream"],
        source_id=row["source_id"],
        source_updated_at=from_db(row["source_updated_at"]),
        payload_hash=row["payload_hash"],
        payload=loads(row["payload"]),
        state=RecordState(row["state"]),
        attempts=row["attempts"],
        next_attempt_at=from_db(row["next_attempt_at"]),
        last_error=None if error is None else RecordError.from_json(error),
        control_id=row["control_id"],
        target_object=row["target_object"],
        target_key=row["target_key"],
        claimed_by=row["claimed_by"],
        lease_until=from_db(row["lease_until"]),
        claim_token=row["claim_token"],
        created_at=from_db_required(row["created_at"]),
        updated_at=from_db_required(row["updated_at"]),
        synced_at=from_db(row["synced_at"]),
    )


class SQLiteQueries(SQLiteAudit):
    """Query and replay methods of `SQLiteStore`."""

    # -- queries ---------------------------------------------------------------------------
    def get(self, stream: str, source_id: str) -> Record | None:
        """One record, or None."""
        with self._read() as conn:
            row = conn.execute(
                "SELECT * FROM records WHERE stream = ? AND source_id = ?", (stream, source_id)
            ).fetchone()
        return None if row is None else row_to_record(row)

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
        """Records matching every given filter, by stream then source time then id.

        `updated_from`/`updated_to` bound the source's `updated_at` as `[from, to)`.
        """
        where, params = _filters(stream, states, source_ids, updated_from, updated_to)
        sql = f"SELECT * FROM records WHERE {where} ORDER BY stream, source_updated_at, source_id"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        with self._read() as conn:
            return [row_to_record(r) for r in conn.execute(sql, params)]

    def counts_by_state(self, stream: str | None = None) -> dict[str, dict[RecordState, int]]:
        """Per stream, the number of records in each state (every state present, 0 included)."""
        where, params = _filters(stream, None, None, None, None)
        sql = f"SELECT stream, state, count(*) FROM records WHERE {where} GROUP BY stream, state"
        counts: dict[str, dict[RecordState, int]] = {}
        with self._read() as conn:
            for name, state, n in conn.execute(sql, params):
                per = counts.setdefault(name, dict.fromkeys(RecordState, 0))
                per[RecordState(state)] = n
        return counts

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
        """Replay: put matching records back to pending (attempts and control id kept).

        Given `records`, those rows are requeued whatever their state (synced ones too: replay on
        demand); given filters, `states` defaults to FAILED and SKIPPED. IN_FLIGHT rows are never
        touched (their worker still owns them) and PENDING ones are already queued. Each requeued
        record gets a `replay_requested` audit entry, in the same transaction.
        """
        if records is not None:
            keys = [r.key for r in records]
            states = list(RecordState) if states is None else states
        else:
            keys = None
            states = _REQUEUE_DEFAULT_STATES if states is None else states
        chosen = [s for s in states if s not in (RecordState.IN_FLIGHT, RecordState.PENDING)]
        where, params = _filters(stream, chosen, source_ids, updated_from, updated_to)
        if keys is not None:
            where += _KEYS_IN
            params.append(dumps(keys, "records"))
        now = to_db(self.now())
        with self._tx() as conn:
            rows = conn.execute(
                f"UPDATE records SET state = 'pending', next_attempt_at = NULL, updated_at = ?, "
                f"drift_hash = NULL, {CLEAR_CLAIM} WHERE {where} "
                "RETURNING stream, source_id, control_id",
                [now, *params],
            ).fetchall()
            for row in rows:
                self._insert_audit(
                    conn,
                    AuditEntry(
                        stream=row["stream"],
                        source_id=row["source_id"],
                        action=AuditAction.REPLAY_REQUESTED,
                        outcome="pending",
                        control_id=row["control_id"],
                        message=message,
                        run_id=run_id,
                    ),
                )
        return len(rows)


def _filters(
    stream: str | None,
    states: Iterable[RecordState] | None,
    source_ids: Iterable[str] | None,
    updated_from: datetime | None,
    updated_to: datetime | None,
) -> tuple[str, list[Any]]:
    clauses: list[str] = ["1 = 1"]
    params: list[Any] = []
    if stream is not None:
        clauses.append("stream = ?")
        params.append(stream)
    if states is not None:
        clauses.append("state IN (SELECT value FROM json_each(?))")
        params.append(dumps([RecordState(s).value for s in states], "states"))
    if source_ids is not None:
        clauses.append("source_id IN (SELECT value FROM json_each(?))")
        params.append(dumps(list(source_ids), "source_ids"))
    if updated_from is not None:
        clauses.append("source_updated_at >= ?")
        params.append(to_db(updated_from, "updated_from"))
    if updated_to is not None:
        clauses.append("source_updated_at < ?")
        params.append(to_db(updated_to, "updated_to"))
    return " AND ".join(clauses), params
