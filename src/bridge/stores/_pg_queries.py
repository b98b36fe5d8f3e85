# ruff: noqa: S608  (SQL is built from module constants only; every value is a bound parameter)
"""Audit trail, record queries and replay on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import IO, Any, Literal

import attrs
from psycopg.rows import DictRow

from bridge.stores._export import write_audit
from bridge.stores._models import (
    AuditAction,
    AuditEntry,
    Record,
    RecordError,
    RecordState,
)
from bridge.stores._pg_base import PGBase, PgConn, aware, jsonb
from bridge.stores._redact import redact

CLEAR_CLAIM = "claimed_by = NULL, lease_until = NULL, claim_token = NULL"
"""The SET fragment that drops a claim."""

_REQUEUE_DEFAULT_STATES = (RecordState.FAILED, RecordState.SKIPPED)


def row_to_record(row: DictRow) -> Record:
    """Build a `Record` from a `records` row."""
    error = row["last_error"]
    return Record(
        stream=row["stream"],
        source_id=row["source_id"],
        source_updated_at=row["source_updated_at"],
        payload_hash=row["payload_hash"],
        payload=row["payload"],
        state=RecordState(row["state"]),
        attempts=row["attempts"],
        next_attempt_at=row["next_attempt_at"],
        last_error=None if error is None else RecordError.from_json(error),
        control_id=row["control_id"],
        target_object=row["target_object"],
        target_key=row["target_key"],
        claimed_by=row["claimed_by"],
        lease_until=row["lease_until"],
        claim_token=row["claim_token"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        synced_at=row["synced_at"],
    )


def _row_to_audit(row: DictRow) -> AuditEntry:
    return AuditEntry(
        id=row["id"],
        at=row["at"],
        stream=row["stream"],
        source_id=row["source_id"],
        action=row["action"],
        outcome=row["outcome"],
        control_id=row["control_id"],
        intacct_key=row["intacct_key"],
        errornos=tuple(row["errornos"] or ()),
        message=row["message"],
        request_summary=row["request_summary"],
        response_summary=row["response_summary"],
        duration_ms=row["duration_ms"],
        run_id=row["run_id"],
        worker_id=row["worker_id"],
    )


def _json_or_null(value: Any, field: str) -> Any:
    return None if value is None else jsonb(redact(value), field)


class PGQueries(PGBase):
    """Audit, query and replay methods of `PostgresStore`."""

    # -- audit -----------------------------------------------------------------------------
    def append_audit(self, entry: AuditEntry) -> AuditEntry:
        """Append one entry; returns it as stored (with `id`, `at` and redacted summaries)."""
        with self._tx() as conn:
            return self._insert_audit(conn, entry)

    def _insert_audit(self, conn: PgConn, entry: AuditEntry) -> AuditEntry:
        stored = attrs.evolve(
            entry,
            id=None,
            at=aware(entry.at, "at") or self.now(),
            request_summary=None
            if entry.request_summary is None
            else redact(entry.request_summary),
            response_summary=(
                None if entry.response_summary is None else redact(entry.response_summary)
            ),
        )
        row = conn.execute(
            "INSERT INTO audit (at, stream, source_id, action, outcome, control_id, intacct_key, "
            "errornos, message, request_summary, response_summary, duration_ms, run_id, "
            "worker_id) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) "
            "RETURNING id",
            (
                stored.at,
                stored.stream,
                stored.source_id,
                str(stored.action),
                stored.outcome,
                stored.control_id,
                stored.intacct_key,
                jsonb([str(e) for e in stored.errornos], "errornos"),
                stored.message,
                _json_or_null(stored.request_summary, "request_summary"),
                _json_or_null(stored.response_summary, "response_summary"),
                stored.duration_ms,
                stored.run_id,
                stored.worker_id,
            ),
        ).fetchone()
        assert row is not None  # noqa: S101  (INSERT ... RETURNING always returns the row)
        return attrs.evolve(stored, id=row["id"])

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
        clauses: list[str] = ["TRUE"]
        params: list[Any] = []
        for column, value in (("stream", stream), ("source_id", source_id), ("run_id", run_id)):
            if value is not None:
                clauses.append(f"{column} = %s")
                params.append(value)
        if since is not None:
            clauses.append("at >= %s")
            params.append(aware(since, "since"))
        if until is not None:
            clauses.append("at < %s")
            params.append(aware(until, "until"))
        if actions is not None:
            clauses.append("action = ANY(%s::text[])")
            params.append([str(a) for a in actions])
        sql = f"SELECT * FROM audit WHERE {' AND '.join(clauses)} ORDER BY id"
        if limit is not None:
            sql += " LIMIT %s"
            params.append(int(limit))
        return [_row_to_audit(r) for r in self._conn().execute(sql, params).fetchall()]

    def export_audit(self, fmt: Literal["csv", "json"], file: IO[str], **filters: Any) -> int:
        """Write the audit trail (filtered as by `audit`) to a text file; the row count."""
        if fmt not in ("csv", "json"):
            raise ValueError(f"fmt must be 'csv' or 'json', got {fmt!r}")
        return write_audit(self.audit(**filters), fmt, file)

    # -- queries ---------------------------------------------------------------------------
    def get(self, stream: str, source_id: str) -> Record | None:
        """One record, or None."""
        row = (
            self._conn()
            .execute(
                "SELECT * FROM records WHERE stream = %s AND source_id = %s", (stream, source_id)
            )
            .fetchone()
        )
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
        """Records matching every given filter, by stream then source time then id."""
        where, params = _filters(stream, states, source_ids, updated_from, updated_to)
        sql = (
            f"SELECT * FROM records WHERE {where} "
            "ORDER BY stream, source_updated_at NULLS FIRST, source_id"
        )
        if limit is not None:
            sql += " LIMIT %s"
            params.append(int(limit))
        return [row_to_record(r) for r in self._conn().execute(sql, params).fetchall()]

    def counts_by_state(self, stream: str | None = None) -> dict[str, dict[RecordState, int]]:
        """Per stream, the number of records in each state (every state present, 0 included)."""
        where, params = _filters(stream, None, None, None, None)
        sql = (
            f"SELECT stream, state, count(*) AS n FROM records WHERE {where} GROUP BY stream, state"
        )
        counts: dict[str, dict[RecordState, int]] = {}
        for row in self._conn().execute(sql, params).fetchall():
            per = counts.setdefault(row["stream"], dict.fromkeys(RecordState, 0))
            per[RecordState(row["state"])] = int(row["n"])
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
        """Replay: matching records back to pending (attempts and control id kept), audited.

        Same rules as `SQLiteStore.requeue`: named records in any state but IN_FLIGHT/PENDING;
        by filter, `states` defaults to FAILED and SKIPPED.
        """
        keys = None if records is None else [r.key for r in records]
        if states is None:
            states = list(RecordState) if keys is not None else _REQUEUE_DEFAULT_STATES
        chosen = [s for s in states if s not in (RecordState.IN_FLIGHT, RecordState.PENDING)]
        where, params = _filters(stream, chosen, source_ids, updated_from, updated_to)
        if keys is not None:
            where += " AND (stream, source_id) IN (SELECT * FROM unnest(%s::text[], %s::text[]))"
            params += [[k[0] for k in keys], [k[1] for k in keys]]
        with self._tx() as conn:
            rows = conn.execute(
                "UPDATE records SET state = 'pending', next_attempt_at = NULL, updated_at = %s, "
                f"drift_hash = NULL, {CLEAR_CLAIM} WHERE {where} "
                "RETURNING stream, source_id, control_id",
                [self.now(), *params],
            ).fetchall()
            for row in rows:
                entry = AuditEntry(
                    stream=row["stream"],
                    source_id=row["source_id"],
                    action=AuditAction.REPLAY_REQUESTED,
                    outcome="pending",
                    control_id=row["control_id"],
                    message=message,
                    run_id=run_id,
                )
                self._insert_audit(conn, entry)
        return len(rows)


def _filters(
    stream: str | None,
    states: Iterable[RecordState] | None,
    source_ids: Iterable[str] | None,
    updated_from: datetime | None,
    updated_to: datetime | None,
) -> tuple[str, list[Any]]:
    clauses: list[str] = ["TRUE"]
    params: list[Any] = []
    if stream is not None:
        clauses.append("stream = %s")
        params.append(stream)
    if states is not None:
        clauses.append("state = ANY(%s::text[])")
        params.append([RecordState(s).value for s in states])
    if source_ids is not None:
        clauses.append("source_id = ANY(%s::text[])")
        params.append(list(source_ids))
    if updated_from is not None:
        clauses.append("source_updated_at >= %s")
        params.append(aware(updated_from, "updated_from"))
    if updated_to is not None:
        clauses.append("source_updated_at < %s")
        params.append(aware(updated_to, "updated_to"))
    return " AND ".join(clauses), params
