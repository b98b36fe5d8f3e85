"""Webhooks into the pipeline: verify, record in the inbox, fetch the entity, process it now.

The body of a delivery is used only to learn *which* entity changed: the entity itself is
fetched from the Commerce API by id, so a verified webhook and a poll produce the same record,
and a rejected webhook can be replayed safely later (its unverified body is never trusted:
issue 6 point 5).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import attrs

from bridge._pipeline._context import RunContext
from bridge._pipeline._fetch import source_id_of, updated_at_of
from bridge.stores import AuditEntry
from commerce_sdk.errors import WebhookVerificationError
from commerce_sdk.webhooks import EventFamily, WebhookEvent, parse_event

__all__ = ["WebhookOutcome", "stream_for", "verify_and_parse"]

_STREAM_BY_FAMILY = {
    EventFamily.ORDER_PLACED: "orders",
    EventFamily.ORDER_SAVED: "orders",
    EventFamily.INVOICE_SAVED: "invoices",
    EventFamily.CREDIT_MEMO_SAVED: "credit_memos",
    EventFamily.CUSTOMER_SAVED: "customers",
    EventFamily.COMPANY_SAVED: "companies",
    EventFamily.PURCHASE_ORDER_SAVED: "purchase_orders",
}
_MAX_BODY = 1024 * 1024


@attrs.frozen(kw_only=True)
class WebhookOutcome:
    """What `SyncOrchestrator.handle_webhook` did; `status` and `body` are the HTTP answer."""

    status: int
    body: bytes
    accepted: bool
    event_id: str | None = None
    event_type: str | None = None
    stream: str | None = None
    source_id: str | None = None
    reason: str | None = None
    duplicate: bool = False


def stream_for(event: WebhookEvent) -> str | None:
    """The stream an event feeds, or None for events the bridge does not use."""
    return _STREAM_BY_FAMILY.get(event.family)


def verify_and_parse(
    verifiers: Sequence[Any], headers: Mapping[str, str], body: bytes
) -> tuple[WebhookEvent | None, str | None]:
    """(event, None) when one verifier accepts the delivery, else (None, reason)."""
    if len(body) > _MAX_BODY:
        return None, "body_too_large"
    reason = "no verifier configured"
    for verifier in verifiers:
        try:
            verifier.verify(headers, body)
        except WebhookVerificationError as exc:
            reason = str(exc)  # "<reason>: <detail>"
            continue
        try:
            return parse_event(headers, body), None
        except WebhookVerificationError as exc:
            return None, str(exc)
    return None, reason


def untrusted_pointer(
    headers: Mapping[str, str], body: bytes
) -> tuple[str, str | None, str | None]:
    """(event id, entity kind, entity id) read from an unverified body, for replay by re-fetch.

    Only a pointer is taken (the entity is fetched again), so a wrong Content-Type does not stop
    it: the body is read as the JSON it claims to be.
    """
    as_json = {k: v for k, v in headers.items() if k.lower() != "content-type"}
    try:
        event = parse_event({**as_json, "content-type": "application/json"}, body)
    except Exception:
        digest = hashlib.sha256(body).hexdigest()[:32]
        return f"unverified:{digest}", None, None
    return f"unverified:{event.event_id}", event.entity_kind, event.entity_id


async def ingest_entity(ctx: RunContext, stream: str, entity_id: str) -> str:
    """Fetch one entity by id from Commerce and upsert it; returns its source id."""
    document = await ctx.commerce.get_document(stream, entity_id)
    source_id, payload_hash = source_id_of(ctx, stream, document)
    ctx.store.upsert_source(
        stream,
        source_id,
        updated_at=updated_at_of(document),
        payload=dict(document.raw),
        payload_hash=payload_hash,
    )
    return source_id


#: The stream fed by each webhook entity kind.
STREAM_BY_KIND = {
    "order": "orders",
    "invoice": "invoices",
    "credit_memo": "credit_memos",
    "customer": "customers",
    "company": "companies",
    "purchase_order": "purchase_orders",
}


def as_list(value: Any) -> list[Any]:
    """None, one verifier, or a list of them, as a list."""
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def headers_summary(headers: Mapping[str, str]) -> dict[str, str]:
    """The delivery headers worth keeping for an operator (no signatures, no auth)."""
    keep = (
        "content-type",
        "x-adobe-event-code",
        "x-adobe-event-id",
        "x-adobe-delivery-id",
        "x-adobe-commerce-request-id",
        "user-agent",
    )
    lowered = {k.lower(): v for k, v in headers.items()}
    return {k: lowered[k] for k in keep if k in lowered}


def webhook_audit(at: datetime, event_id: str, action: str, reason: str | None) -> AuditEntry:
    """The audit entry of a delivery received or rejected."""
    return AuditEntry(
        at=at,
        stream="webhooks",
        source_id=event_id,
        action=action,
        outcome="rejected" if reason else "ok",
        message=reason,
    )
