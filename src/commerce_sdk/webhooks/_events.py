"""`WebhookEvent` and `parse_event`: one typed shape for the three delivery shapes.

Shapes (research/commerce.md section 7):
- Commerce webhooks (7a): `{"eventName": "...", "data": {"order": {...}}}`; id from the
  `x-adobe-commerce-request-id` header. Plugin hooks may not name themselves in the body: pass
  `event_type=` (for example from a per-hook URL).
- I/O Events (7b): a CloudEvents envelope `{type, event_id, id, time, recipient_client_id,
  data: {key, value: {...entity...}, _metadata}}`.
- Custom (7c): whatever a custom sender posts; `type` / `event` / `eventName` name the event.

`parse_event` never verifies: verify first (see `WebhookDispatcher`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, TypeAlias

import attrs

from commerce_sdk.models import Company, CreditMemo, Customer, Invoice, Order, PurchaseOrder
from commerce_sdk.models._parse import frozen_mapping, parse_datetime
from commerce_sdk.webhooks._base import (
    HeadersLike,
    Reason,
    Source,
    fail,
    normalize_headers,
    utc_now,
)
from commerce_sdk.webhooks._constants import (
    COMMERCE_REQUEST_ID_HEADER,
    COMMERCE_SIGNATURE_HEADER,
    DEFAULT_MAX_BODY_BYTES,
    IO_DIGITAL_SIGNATURE_HEADERS,
    IO_EVENT_CODE_HEADER,
    IO_EVENT_ID_HEADER,
)
from commerce_sdk.webhooks._types import EventFamily, family_of, normalize_event_type

__all__ = ["EntityModel", "WebhookEvent", "check_body", "parse_event"]

#: The typed models an event can carry (narrow with `isinstance`).
EntityModel: TypeAlias = Order | Invoice | CreditMemo | Customer | Company | PurchaseOrder

# family -> (entity kind, keys under `data` that may hold the entity, parser)
_ENTITIES: dict[
    EventFamily, tuple[str, tuple[str, ...], Callable[[Mapping[str, Any]], EntityModel]]
] = {
    EventFamily.ORDER_PLACED: ("order", ("order", "entity", "data_object"), Order.from_api),
    EventFamily.ORDER_SAVED: ("order", ("order", "entity", "data_object"), Order.from_api),
    EventFamily.INVOICE_SAVED: ("invoice", ("invoice", "entity", "data_object"), Invoice.from_api),
    EventFamily.CREDIT_MEMO_SAVED: (
        "credit_memo",
        ("creditmemo", "credit_memo", "entity", "data_object"),
        CreditMemo.from_api,
    ),
    EventFamily.CUSTOMER_SAVED: (
        "customer",
        ("customer", "entity", "data_object"),
        Customer.from_api,
    ),
    EventFamily.CUSTOMER_DELETED: (
        "customer",
        ("customer", "entity", "data_object"),
        Customer.from_api,
    ),
    EventFamily.COMPANY_SAVED: ("company", ("company", "entity", "data_object"), Company.from_api),
    EventFamily.PURCHASE_ORDER_SAVED: (
        "purchase_order",
        ("purchase_order", "purchaseOrder", "entity", "data_object"),
        PurchaseOrder.from_graphql,
    ),
}
_NO_MODEL: dict[EventFamily, tuple[str, tuple[str, ...]]] = {
    EventFamily.SHIPMENT_SAVED: ("shipment", ("shipment", "entity", "data_object")),
    EventFamily.CUSTOMER_ADDRESS_SAVED: ("customer_address", ("address", "entity", "data_object")),
}
# Model data carries the table's `entity_id` where the REST object says `id` (research 7a:
# webhook values come from model data).
_ID_FROM_ENTITY_ID = {"customer", "company"}


@attrs.frozen(kw_only=True)
class WebhookEvent:
    """One verified delivery, normalised.

    Attributes:
        type: the canonical event type, e.g. `observer.sales_order_save_commit_after` or
            `plugin.sales.api.order_management.place` (see `normalize_event_type`).
        raw_type: the type as the delivery spelled it.
        family: the business fact (`EventFamily`), UNKNOWN for types not mapped.
        event_id: I/O `event_id` / `id`; Commerce webhooks: the request-id header, else
            `sha256:<hex of the raw body>`; custom: body `event_id` / `id`, else the same hash.
        source: which delivery shape it came in.
        entity_kind: "order", "invoice", "credit_memo", "customer", "company", "purchase_order",
            "shipment", "customer_address", or None.
        entity_id: the entity's id as text (purchase orders have string uids), or None.
        model: the typed model, or None when the payload has none or it did not parse.
        model_error: why `model` is None although the family has a model, else None.
        payload: the decoded body, read-only.
        entity: the entity's fields as found in the payload, or None.
        occurred_at: the delivery's own timestamp (I/O `time`), when it has one.
        received_at: when `parse_event` ran (aware UTC).
    """

    type: str
    raw_type: str
    family: EventFamily
    event_id: str
    source: Source
    entity_kind: str | None = None
    entity_id: str | None = None
    # Models and payloads hold personal data (emails, addresses): kept out of reprs and logs.
    model: EntityModel | None = attrs.field(default=None, repr=False, eq=False)
    model_error: str | None = None
    payload: Mapping[str, Any] = attrs.field(converter=frozen_mapping, repr=False, eq=False)
    entity: Mapping[str, Any] | None = attrs.field(default=None, repr=False, eq=False)
    occurred_at: datetime | None = None
    received_at: datetime

    @property
    def dedupe_key(self) -> str:
        """What the dispatcher dedupes on: source, type and id (several hooks of one Commerce
        request may share its request id)."""
        return f"{self.source.value}:{self.type}:{self.event_id}"


def check_body(headers: Mapping[str, str], body: bytes, *, max_body_bytes: int) -> None:
    """Refuse oversized bodies (body_too_large) and non-JSON content types
    (unsupported_media_type). A missing Content-Type is accepted."""
    if len(body) > max_body_bytes:
        raise fail(
            Reason.BODY_TOO_LARGE, f"the body has {len(body)} bytes; the limit is {max_body_bytes}"
        )
    content_type = headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if content_type and content_type != "application/json" and not content_type.endswith("+json"):
        raise fail(
            Reason.UNSUPPORTED_MEDIA_TYPE, f"content-type {content_type!r} is not application/json"
        )


def parse_event(
    headers: HeadersLike,
    body: bytes,
    *,
    source: Source | None = None,
    event_type: str | None = None,
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
    received_at: datetime | None = None,
) -> WebhookEvent:
    """Decode a (verified) delivery into a `WebhookEvent`.

    Args:
        headers: the request headers (any case).
        body: the raw body bytes.
        source: the delivery shape; detected from headers and body when None.
        event_type: the event type when the body does not name it (Commerce plugin hooks).
        max_body_bytes: larger bodies raise body_too_large.
        received_at: the receipt time (aware); now when None.

    Raises:
        WebhookVerificationError: reason body_too_large, unsupported_media_type or
            malformed_body (not UTF-8 JSON, not an object). A payload whose entity does not
            parse into its model is not an error: `model` is None and `model_error` says why.
    """
    normalized = normalize_headers(headers)
    body = bytes(body)
    check_body(normalized, body, max_body_bytes=max_body_bytes)
    try:
        payload = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise fail(Reason.MALFORMED_BODY, f"the body is not JSON ({exc})") from None
    except RecursionError:  # pathological nesting: refuse rather than crash the caller
        raise fail(Reason.MALFORMED_BODY, "the body nests too deeply") from None
    if not isinstance(payload, dict):
        raise fail(
            Reason.MALFORMED_BODY, f"the body is a JSON {type(payload).__name__}, not object"
        )
    shape = source or _detect_source(normalized, payload)
    raw_type = event_type or _raw_type(shape, normalized, payload)
    canonical = normalize_event_type(raw_type)
    family = family_of(canonical)
    entity = _find_entity(shape, family, payload)
    kind, entity_id, model, model_error = _entity_facts(family, entity)
    occurred_at = None
    if shape is Source.IO_EVENTS:
        try:
            occurred_at = parse_datetime(payload.get("time"), field="time")
        except ValueError:
            occurred_at = None
    return WebhookEvent(
        type=canonical,
        raw_type=raw_type,
        family=family,
        event_id=_event_id(shape, normalized, payload, body),
        source=shape,
        entity_kind=kind,
        entity_id=entity_id,
        model=model,
        model_error=model_error,
        payload=payload,
        entity=frozen_mapping(entity) if entity is not None else None,
        occurred_at=occurred_at,
        received_at=received_at or utc_now(),
    )


def _detect_source(headers: Mapping[str, str], payload: Mapping[str, Any]) -> Source:
    if (
        "recipient_client_id" in payload
        or IO_EVENT_CODE_HEADER in headers
        or any(h in headers for h in IO_DIGITAL_SIGNATURE_HEADERS)
    ):
        return Source.IO_EVENTS
    if (
        COMMERCE_SIGNATURE_HEADER in headers
        or COMMERCE_REQUEST_ID_HEADER in headers
        or "eventName" in payload
    ):
        return Source.COMMERCE_WEBHOOK
    return Source.CUSTOM


def _raw_type(shape: Source, headers: Mapping[str, str], payload: Mapping[str, Any]) -> str:
    if shape is Source.IO_EVENTS:
        candidates = (
            payload.get("type"),
            payload.get("event_code"),
            headers.get(IO_EVENT_CODE_HEADER),
        )
    elif shape is Source.COMMERCE_WEBHOOK:
        candidates = (payload.get("eventName"), payload.get("event_name"), None)
    else:
        candidates = (payload.get("type"), payload.get("event"), payload.get("eventName"))
    for value in candidates:
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def _event_id(
    shape: Source, headers: Mapping[str, str], payload: Mapping[str, Any], body: bytes
) -> str:
    if shape is Source.IO_EVENTS:
        candidates: tuple[Any, ...] = (
            payload.get("event_id"),
            payload.get("id"),
            headers.get(IO_EVENT_ID_HEADER),
        )
    elif shape is Source.COMMERCE_WEBHOOK:
        candidates = (headers.get(COMMERCE_REQUEST_ID_HEADER),)
    else:
        candidates = (payload.get("event_id"), payload.get("id"))
    for value in candidates:
        if isinstance(value, str | int) and not isinstance(value, bool) and str(value).strip():
            return str(value).strip()
    return "sha256:" + hashlib.sha256(body).hexdigest()


def _find_entity(
    shape: Source, family: EventFamily, payload: Mapping[str, Any]
) -> Mapping[str, Any] | None:
    data = payload.get("data")
    if not isinstance(data, Mapping):
        return None
    if shape is Source.IO_EVENTS:
        value = data.get("value")
        return value if isinstance(value, Mapping) else None
    keys = _ENTITIES[family][1] if family in _ENTITIES else _NO_MODEL.get(family, ("", ()))[1]
    for key in keys:
        value = data.get(key)
        if isinstance(value, Mapping):
            return value
    return None


def _entity_facts(
    family: EventFamily, entity: Mapping[str, Any] | None
) -> tuple[str | None, str | None, EntityModel | None, str | None]:
    if family in _NO_MODEL:
        kind = _NO_MODEL[family][0]
        return kind, _id_of(kind, entity), None, None
    if family not in _ENTITIES:
        return None, None, None, None
    kind, _keys, parser = _ENTITIES[family]
    if entity is None:
        return kind, None, None, f"no {kind} object found in the payload"
    if kind in _ID_FROM_ENTITY_ID and "id" not in entity and "entity_id" in entity:
        entity = {**entity, "id": entity["entity_id"]}
    if kind == "purchase_order" and "uid" not in entity:
        # PurchaseOrder models the GraphQL shape (research section 4); event payloads carry
        # model data instead, so no model is built rather than a wrong one.
        return kind, _id_of(kind, entity), None, "purchase order payload has no GraphQL `uid`"
    try:
        model = parser(entity)
    except (ValueError, TypeError, AttributeError, KeyError) as exc:
        # ModelParseError is a ValueError and names the field; the others mean a wrong shape.
        return kind, _id_of(kind, entity), None, f"{type(exc).__name__}: {exc}"
    return kind, _id_of(kind, entity), model, None


def _id_of(kind: str, entity: Mapping[str, Any] | None) -> str | None:
    if entity is None:
        return None
    order = ("uid", "entity_id", "id") if kind == "purchase_order" else ("entity_id", "id")
    if kind in _ID_FROM_ENTITY_ID:
        order = ("id", "entity_id")
    for key in order:
        value = entity.get(key)
        if isinstance(value, str | int) and not isinstance(value, bool) and str(value) != "":
            return str(value)
    return None
