# ruff: noqa: S608  (SQL is built from module constants only; every value is a bound parameter)
"""Vendor links and the webhook inbox on SQLite."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Mapping
from datetime import datetime
from typing import Any, overload

from bridge.stores._common import dumps, loads, require_text, webhook_body_bytes
from bridge.stores._models import VENDOR_LINK_KINDS, VendorLink, WebhookRecord
from bridge.stores._redact import redact
from bridge.stores._sqlite_base import SQLiteBase
from bridge.stores._sqlite_schema import from_db, from_db_required, to_db

# A vendor with several linked Commerce records reports its company first: a B2B company owns
# its vendor; customers and guest e-mails of the same vendor are secondary.
_KIND_RANK = "CASE commerce_kind WHEN 'company' THEN 0 WHEN 'customer' THEN 1 ELSE 2 END"


def _row_to_link(row: sqlite3.Row) -> VendorLink:
    return VendorLink(
        commerce_kind=row["commerce_kind"],
        commerce_id=row["commerce_id"],
        vendor_id=row["vendor_id"],
        intacct_hash=row["intacct_hash"],
        commerce_hash=row["commerce_hash"],
        created_at=from_db_required(row["created_at"]),
        updated_at=from_db_required(row["updated_at"]),
    )


def _row_to_webhook(row: sqlite3.Row) -> WebhookRecord:
    return WebhookRecord(
        id=row["id"],
        event_id=row["event_id"],
        event_type=row["event_type"],
        source=row["source"],
        verified=bool(row["verified"]),
        reason=row["reason"],
        entity_kind=row["entity_kind"],
        entity_id=row["entity_id"],
        headers_summary=loads(row["headers_summary"]) or {},
        body=row["body"],
        body_size=row["body_size"],
        body_sha256=row["body_sha256"],
        received_at=from_db_required(row["received_at"]),
        processed_at=from_db(row["processed_at"]),
        outcome=row["outcome"],
    )


def _check_kind(commerce_kind: str) -> None:
    if commerce_kind not in VENDOR_LINK_KINDS:
        raise ValueError(f"commerce_kind must be one of {VENDOR_LINK_KINDS}, got {commerce_kind!r}")


class SQLiteLinksInbox(SQLiteBase):
    """Vendor link and webhook inbox methods of `SQLiteStore`."""

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
        """Create the link, or move it to `vendor_id` (hashes given replace the stored ones)."""
        _check_kind(commerce_kind)
        require_text("commerce_id", commerce_id)
        require_text("vendor_id", vendor_id)
        now = to_db(self.now())
        with self._tx() as conn:
            row = conn.execute(
                "INSERT INTO vendor_links (commerce_kind, commerce_id, vendor_id, intacct_hash, "
                "commerce_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (commerce_kind, commerce_id) DO UPDATE SET "
                "vendor_id = excluded.vendor_id, "
                "intacct_hash = coalesce(excluded.intacct_hash, intacct_hash), "
                "commerce_hash = coalesce(excluded.commerce_hash, commerce_hash), "
                "updated_at = excluded.updated_at RETURNING *",
                (commerce_kind, commerce_id, vendor_id, intacct_hash, commerce_hash, now, now),
            ).fetchone()
        return _row_to_link(row)

    def vendor_link_by_commerce(self, commerce_kind: str, commerce_id: str) -> VendorLink | None:
        """The link of one Commerce record, or None."""
        _check_kind(commerce_kind)
        with self._read() as conn:
            row = conn.execute(
                "SELECT * FROM vendor_links WHERE commerce_kind = ? AND commerce_id = ?",
                (commerce_kind, commerce_id),
            ).fetchone()
        return None if row is None else _row_to_link(row)

    def vendor_link_by_vendor(self, vendor_id: str) -> VendorLink | None:
        """The main link of a vendor (company, then customer, then guest e-mail), or None."""
        links = self.vendor_links_by_vendor(vendor_id)
        return links[0] if links else None

    def vendor_links_by_vendor(self, vendor_id: str) -> list[VendorLink]:
        """Every Commerce record linked to a vendor, main link first."""
        with self._read() as conn:
            rows = conn.execute(
                f"SELECT * FROM vendor_links WHERE vendor_id = ? "
                f"ORDER BY {_KIND_RANK}, commerce_id",
                (vendor_id,),
            ).fetchall()
        return [_row_to_link(r) for r in rows]

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
        """Store the last-synced hash of either side (None leaves it as it is).

        `update_link_hashes(vendor_id, ...)` updates every link of that vendor;
        `update_link_hashes(commerce_kind, commerce_id, ...)` updates one link.
        False when no link matched.
        """
        params: tuple[str, ...]
        if commerce_id is None:
            where, params = "vendor_id = {p}", (key,)
        else:
            _check_kind(key)
            where, params = "commerce_kind = {p} AND commerce_id = {p}", (key, commerce_id)
        with self._tx() as conn:
            cur = conn.execute(
                "UPDATE vendor_links SET intacct_hash = coalesce(?, intacct_hash), "
                "commerce_hash = coalesce(?, commerce_hash), updated_at = ? "
                f"WHERE {where.format(p='?')}",
                (intacct_hash, commerce_hash, to_db(self.now()), *params),
            )
            return cur.rowcount > 0

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
        """Store a delivery; False when it is a duplicate.

        A verified delivery is a duplicate of an earlier verified one with the same event id; a
        rejected one, of an earlier rejected one with the same id and body hash. A rejected
        delivery never blocks a verified one. Only a verified body is kept; a rejected one is kept
        as size + SHA-256 (its content is untrusted; replay re-fetches the entity by id).
        Headers are redacted again here (signatures, authorization, tokens).
        """
        require_text("event_id", event_id)
        raw = webhook_body_bytes(body)
        headers = dumps(redact(dict(headers_summary or {})), "headers_summary")
        with self._tx() as conn:
            cur = conn.execute(
                "INSERT OR IGNORE INTO webhooks (event_id, event_type, source, verified, reason, "
                "entity_kind, entity_id, headers_summary, body, body_size, body_sha256, "
                "received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    event_id,
                    event_type,
                    source,
                    int(bool(verified)),
                    reason,
                    entity_kind,
                    entity_id,
                    headers,
                    raw if verified and body is not None else None,
                    len(raw),
                    hashlib.sha256(raw).hexdigest(),
                    to_db(received_at or self.now(), "received_at"),
                ),
            )
            return cur.rowcount > 0

    def webhooks(
        self,
        *,
        verified: bool | None = None,
        processed: bool | None = None,
        since: datetime | None = None,
        limit: int | None = None,
    ) -> list[WebhookRecord]:
        """Inbox entries in arrival order, filtered (`received_at >= since`)."""
        clauses: list[str] = ["1 = 1"]
        params: list[Any] = []
        if verified is not None:
            clauses.append("verified = ?")
            params.append(int(verified))
        if processed is not None:
            clauses.append("processed_at IS NOT NULL" if processed else "processed_at IS NULL")
        if since is not None:
            clauses.append("received_at >= ?")
            params.append(to_db(since, "since"))
        sql = f"SELECT * FROM webhooks WHERE {' AND '.join(clauses)} ORDER BY id"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        with self._read() as conn:
            return [_row_to_webhook(r) for r in conn.execute(sql, params)]

    def mark_webhook_processed(
        self, event_id: str, *, outcome: str, processed_at: datetime | None = None
    ) -> bool:
        """Mark the unprocessed deliveries of an event id processed; False when there were none."""
        require_text("outcome", outcome)
        with self._tx() as conn:
            cur = conn.execute(
                "UPDATE webhooks SET processed_at = ?, outcome = ? "
                "WHERE event_id = ? AND processed_at IS NULL",
                (to_db(processed_at or self.now(), "processed_at"), outcome, event_id),
            )
            return cur.rowcount > 0
