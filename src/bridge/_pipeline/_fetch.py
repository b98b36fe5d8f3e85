"""Stage 1: read what changed in Commerce since the cursor and put it in the store.

The cursor moves only after the records it covers are in the store, so a crash between the two
re-reads a window (deduplicated by the payload fingerprint) instead of losing it (at-least-once,
as Singer's bookmarks do: research/sdk-anchors.md part B.1).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bridge._pipeline._context import RunContext
from bridge._pipeline._fingerprint import fingerprint as fingerprint_of
from bridge._pipeline._ownership import owned_fingerprint
from bridge.mapping import MappingError, company_to_vendor, customer_to_vendor, is_ready
from bridge.stores import Cursor, UpsertOutcome

_DOCUMENT_STREAMS = (
    "orders",
    "invoices",
    "credit_memos",
    "purchase_orders",
    "customers",
    "companies",
)


def source_id_of(ctx: RunContext, stream: str, document: Any) -> tuple[str, str]:
    """(source id, payload hash) a stream's document is stored under.

    Customers and companies are stored once per version of the vendor fields Commerce owns
    (`<id>@<fingerprint>`): each version is pushed to Intacct once, and a change that only touches
    other fields (such as the VENDORID written back by the bridge) is not a new version.
    """
    if stream in {"customers", "companies"}:
        fingerprint = party_fingerprint(ctx, stream, document)
        return f"{document.id}@{fingerprint[:16]}", fingerprint
    payload = dict(document.raw)
    if stream == "purchase_orders":
        return str(document.uid), fingerprint_of(stream, payload)
    return str(document.entity_id), fingerprint_of(stream, payload)


def party_fingerprint(ctx: RunContext, stream: str, document: Any) -> str:
    """The Commerce-owned vendor fields' fingerprint of a customer or company."""
    try:
        mapped = (
            customer_to_vendor(document, ctx.config)
            if stream == "customers"
            else company_to_vendor(document, ctx.config)
        )
    except MappingError:
        return fingerprint_of(stream, dict(document.raw))  # processing reports the problem
    return owned_fingerprint(mapped.vendor, ctx.config, "commerce")


def updated_at_of(document: Any) -> datetime | None:
    """The document's `updated_at` (every model carries one)."""
    value = getattr(document, "updated_at", None)
    return value if isinstance(value, datetime) else None


async def fetch_stream(ctx: RunContext, stream: str) -> int:
    """Upsert every document of `stream` changed since the cursor; return how many were read."""
    if stream not in _DOCUMENT_STREAMS:
        return 0
    cursor = ctx.store.get_cursor(stream)
    since = cursor.value - ctx.settings.lookback if cursor else ctx.settings.start_at
    newest = cursor.value if cursor else None
    newest_id = cursor.last_id if cursor else None
    report = ctx.report.stream(stream)
    seen = 0
    async for document in ctx.commerce.iter_documents(
        stream, since, page_size=ctx.settings.page_size
    ):
        seen += 1
        report.fetched += 1
        if stream == "orders" and not _ready(ctx, document):
            report.count("not_ready")
            continue
        source_id, payload_hash = source_id_of(ctx, stream, document)
        outcome = ctx.store.upsert_source(
            stream,
            source_id,
            updated_at=updated_at_of(document),
            payload=dict(document.raw),
            payload_hash=payload_hash,
        )
        if outcome is UpsertOutcome.DRIFT:
            report.count("drift")
        elif outcome is UpsertOutcome.NEW:
            report.count("new")
        stamp = updated_at_of(document)
        if stamp is not None and (newest is None or stamp >= newest):
            newest, newest_id = stamp, source_id
        if seen % 100 == 0:
            ctx.tick(f"{stream}:fetch", seen, None)
    if newest is not None and not ctx.dry_run:
        with ctx.store.stream_lock(stream):
            current = ctx.store.get_cursor(stream)
            if current is None or newest > current.value:
                ctx.store.set_cursor(stream, Cursor(value=newest, last_id=newest_id))
    return seen


def _ready(ctx: RunContext, order: Any) -> bool:
    return bool(is_ready(order, ctx.config))
