"""The append-only audit trail on SQLite (triggers refuse UPDATE and DELETE on the table)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import datetime
from typing import IO, Any, Literal

import attrs

from bridge.stores._common import dumps, loads
from bridge.stores._export import write_audit
from bridge.stores._models import AuditEntry
from bridge.stores._redact import redact
from bridge.stores._sqlite_base import SQLiteBase
from bridge.stores._sqlite_schema import from_db, to_db


def row_to_audit(row: sqlite3.Row) -> AuditEntry:
    """Build an `AuditEntry` from an `audit` row."""
    return AuditEntry(
        id=row["id"],
        at=from_db(row["at"]),
        stream=row["stream"],
        source_id=row["source_id"],
        action=row["action"],
        outcome=row["outcome"],
        control_id=row["control_id"],
        intacct_key=row["intacct_key"],
        errornos=tuple(loads(row["errornos"]) or ()),
        message=row["message"],
        request_summary=loads(row["request_summary"]),
        response_summary=loads(row["response_summary"]),
        duration_ms=row["duration_ms"],
        run_id=row["run_id"],
        worker_id=row["worker_id"],
    )


class SQLiteAudit(SQLiteBase):
    """Audit trail methods of `SQLiteStore`."""

    def append_audit(self, entry: AuditEntry) -> AuditEntry:
        """Append one entry; returns it as stored (with `id`, `at` and redacted summaries)."""
        with self._tx() as conn:
            return self._insert_audit(conn, entry)

    def _insert_audit(self, conn: sqlite3.Connection, entry: AuditEntry) -> AuditEntry:
        stored = attrs.evolve(
            entry,
            id=None,
            at=entry.at or self.now(),
            request_summary=_redacted(entry.request_summary),
            response_summary=_redacted(entry.response_summary),
        )
        cur = conn.execute(
            "INSERT INTO audit (at, stream, source_id, action, outcome, control_id, intacct_key, "
            "errornos, message, request_summary, response_summary, duration_ms, run_id, "
            "worker_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                to_db(stored.at, "at"),
                stored.stream,
                stored.source_id,
                str(stored.action),
                stored.outcome,
                stored.control_id,
                stored.intacct_key,
                dumps([str(e) for e in stored.errornos], "errornos"),
                stored.message,
                _json_or_null(stored.request_summary, "request_summary"),
                _json_or_null(stored.response_summary, "response_summary"),
                stored.duration_ms,
                stored.run_id,
                stored.worker_id,
            ),
        )
        return attrs.evolve(stored, id=cur.lastrowid)

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
        clauses: list[str] = ["1 = 1"]
        params: list[Any] = []
        for column, value in (("stream", stream), ("source_id", source_id), ("run_id", run_id)):
            if value is not None:
                clauses.append(f"{column} = ?")
                params.append(value)
        if since is not None:
            clauses.append("at >= ?")
            params.append(to_db(since, "since"))
        if until is not None:
            clauses.append("at < ?")
            params.append(to_db(until, "until"))
        if actions is not None:
            clauses.append("action IN (SELECT value FROM json_each(?))")
            params.append(dumps([str(a) for a in actions], "actions"))
        sql = f"SELECT * FROM audit WHERE {' AND '.join(clauses)} ORDER BY id"  # noqa: S608
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        with self._read() as conn:
            return [row_to_audit(r) for r in conn.execute(sql, params)]

    def export_audit(self, fmt: Literal["csv", "json"], file: IO[str], **filters: Any) -> int:
        """Write the audit trail (filtered as by `audit`) to a text file; the row count."""
        if fmt not in ("csv", "json"):
            raise ValueError(f"fmt must be 'csv' or 'json', got {fmt!r}")
        return write_audit(self.audit(**filters), fmt, file)


def _redacted(summary: Any) -> Any:
    return None if summary is None else redact(summary)


def _json_or_null(value: Any, field: str) -> str | None:
    return None if value is None else dumps(value, field)
