# ruff: noqa: S608  (SQL is built from module constants only; every value is a bound parameter)
"""Vendor links and the webhook inbox on PostgreSQL (same rules as on SQLite)."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import datetime
from typing import Any, overload

from psycopg.rows import DictRow

from bridge.stores._common import require_text, webhook_body_bytes
from bridge.stores._models import VENDOR_LINK_KINDS, VendorLink, WebhookRecord
from bridge.stores._pg_base import PGBase, aware, jsonb
from bridge.stores._redact import redact

_KIND_RANK = "CASE commerce_kind WHEN 'company' THEN 0 WHEN 'customer' THEN 1 ELSE 2 END"


def _link(row: DictRow) -> VendorLink:
    return VendorLink(
        commerce_kind=row["commerce_kind"],
        commerce_id=row["commerce_id"],
        vendor_id=row["vendor_id"],
        intacct_hash=row["intacct_hash"],
        commerce_hash=row["commerce_hash"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def _webhook(row: DictRow) -> WebhookRecord:
    body = row["body"]
    return WebhookRecord(
        id=row["id"],
        event_id=row["event_id"],
        event_type=row["event_type"],
        source=row["source"],
        verified=row["verified"],
        reason=row["reason"],
        entity_kind=row["entity_kind"],
        entity_id=row["entity_id"],
        headers_summary=row["headers_summary"] or {},
        body=None if body is None else bytes(body),
        body_size=row["body_size"],
        body_sha256=row["body_sha256"],
        received_at=row["received_at"],
        processed_at=row["processed_at"],
        outcome=row["outcome"],
    )


def _check_kind(commerce_kind: str) -> None:
    if commerce_kind not in VENDOR_LINK_KINDS:
        raise ValueError(f"commerce_kind must be one of {VENDOR_LINK_KINDS}, got {commerce_kind!r}")


class PGLinksInbox(PGBase):
    """Vendor link and webhook inbox methods of `PostgresStore`."""

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
        now = self.now()
        with self._tx() as conn:
            row = conn.execute(
                "INSERT INTO vendor_links AS v (commerce_kind, commerce_id, vendor_id, "
                "intacct_hash, commerce_hash, created_at, updated_at) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s) "
                "ON CONFLICT (commerce_kind, commerce_id) DO UPDATE SET "
                "vendor_id = excluded.vendor_id, "
                "intacct_hash = coalesce(excluded.intacct_hash, v.intacct_hash), "
                "commerce_hash = coalesce(excluded.commerce_hash, v.commerce_hash), "
                "updated_at = excluded.updated_at RETURNING *",
                (commerce_kind, commerce_id, vendor_id, intacct_hash, commerce_hash, now, now),
            ).fetchone()
        assert row is not None  # noqa: S101  (an upsert with RETURNING returns its row)
        return _link(row)

    def vendor_link_by_commerce(self, commerce_kind: str, commerce_id: str) -> VendorLink | None:
        """The link of one Commerce record, or None."""
        _check_kind(commerce_kind)
        row = (
            self._conn()
            .execute(
                "SELECT * FROM vendor_links WHERE commerce_kind = %s AND commerce_id = %s",
                (commerce_kind, commerce_id),
            )
            .fetchone()
        )
        return None if row is None else _link(row)

    def vendor_link_by_vendor(self, vendor_id: str) -> VendorLink | None:
        """The main link of a vendor (company, then customer, then guest e-mail), or None."""
        links = self.vendor_links_by_vendor(vendor_id)
        return links[0] if links else None

    def vendor_links_by_vendor(self, vendor_id: str) -> list[VendorLink]:
        """Every Commerce record linked to a vendor, main link first."""
        rows = (
            self._conn()
            .execute(
                f"SELECT * FROM vendor_links WHERE vendor_id = %s "
                f"ORDER BY {_KIND_RANK}, commerce_id",
                (vendor_id,),
            )
            .fetchall()
        )
        return [_link(r) for r in rows]

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
                "UPDATE vendor_links SET intacct_hash = coalesce(%s, intacct_hash), "
                "commerce_hash = coalesce(%s, commerce_hash), updated_at = %s "
                f"WHERE {where.format(p='%s')}",
                (intacct_hash, commerce_hash, self.now(), *params),
            )
            return cur.rowcount > 0

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
        """Store a delivery; False when it is a duplicate (see `SQLiteStore.record_webhook`)."""
        require_text("event_id", event_id)
        raw = webhook_body_bytes(body)
        headers = jsonb(redact(dict(headers_summary or {})), "headers_summary")
        with self._tx() as conn:
            cur = conn.execute(
                "INSERT INTO webhooks (event_id, event_type, source, verified, reason, "
                "entity_kind, entity_id, headers_summary, body, body_size, body_sha256, "
                "received_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) "
                "ON CONFLICT DO NOTHING",
                (
                    event_id,
                    event_type,
                    source,
                    bool(verified),
                    reason,
                    entity_kind,
                    entity_id,
                    headers,
                    raw if verified and body is not None else None,
                    len(raw),
                    hashlib.sha256(raw).hexdigest(),
                    aware(received_at, "received_at") or self.now(),
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
        clauses: list[str] = ["TRUE"]
        params: list[Any] = []
        if verified is not None:
            clauses.append("verified = %s")
            params.append(bool(verified))
        if processed is not None:
            clauses.append("processed_at IS NOT NULL" if processed else "processed_at IS NULL")
        if since is not None:
            clauses.append("received_at >= %s")
            params.append(aware(since, "since"))
        sql = f"SELECT * FROM webhooks WHERE {' AND '.join(clauses)} ORDER BY id"
        if limit is not None:
            sql += " LIMIT %s"
            params.append(int(limit))
        return [_webhook(r) for r in self._conn().execute(sql, params).fetchall()]

    def mark_webhook_processed(
        self, event_id: str, *, outcome: str, processed_at: datetime | None = None
    ) -> bool:
        """Mark the unprocessed deliveries of an event id processed; False when there were none."""
        require_text("outcome", outcome)
        with self._tx() as conn:
            cur = conn.execute(
                "UPDATE webhooks SET processed_at = %s, outcome = %s "
                "WHERE event_id = %s AND processed_at IS NULL",
                (aware(processed_at, "processed_at") or self.now(), outcome, event_id),
            )
            return cur.rowcount > 0
