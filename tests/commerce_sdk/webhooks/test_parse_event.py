"""parse_event: one WebhookEvent for the three delivery shapes."""

from __future__ import annotations

import hashlib
from decimal import Decimal

import pytest

from commerce_sdk import WebhookVerificationError
from commerce_sdk.models import Company, CreditMemo, Customer, Invoice, Order, PurchaseOrder
from commerce_sdk.webhooks import EventFamily, Source, parse_event

from .conftest import NOW, load


def test_a_commerce_webhook_carries_a_typed_order_and_the_request_id(sender):
    headers, body = sender.commerce_webhook(
        "observer.sales_order_place_before", {"order": load("order.json")}, request_id="req-1"
    )
    event = parse_event(headers, body, received_at=NOW)
    assert event.source is Source.COMMERCE_WEBHOOK
    assert event.raw_type == "sales_order_place_before"
    assert event.type == "observer.sales_order_place_before"
    assert event.family is EventFamily.ORDER_PLACED
    assert event.event_id == "req-1"
    assert (event.entity_kind, event.entity_id) == ("order", "42")
    assert isinstance(event.model, Order)
    assert event.model.grand_total == Decimal("119.90")
    assert event.model_error is None
    assert event.payload["data"]["order"]["increment_id"] == "000000042"
    assert event.received_at == NOW


def test_without_a_request_id_the_commerce_event_id_is_a_hash_of_the_raw_body(sender):
    headers, body = sender.commerce_webhook("sales_order_save_after", {"order": load("order.json")})
    del headers["x-adobe-commerce-request-id"]
    event = parse_event(headers, body)
    assert event.event_id == "sha256:" + hashlib.sha256(body).hexdigest()


def test_a_plugin_hook_takes_its_type_from_the_caller(sender):
    headers, body = sender.commerce_webhook(
        "plugin.magento.sales.api.order_management.place", {"order": load("order.json")}
    )
    event = parse_event(headers, body, event_type="plugin.magento.sales.api.order_management.place")
    assert event.type == "plugin.sales.api.order_management.place"
    assert event.family is EventFamily.ORDER_PLACED
    assert isinstance(event.model, Order)


@pytest.mark.parametrize(
    ("code", "fixture", "model", "kind", "entity_id"),
    [
        ("observer.sales_order_save_commit_after", "order.json", Order, "order", "42"),
        ("observer.sales_order_invoice_save_after", "invoice.json", Invoice, "invoice", "9"),
        (
            "observer.sales_order_creditmemo_save_after",
            "creditmemo.json",
            CreditMemo,
            "credit_memo",
            "5",
        ),
        (
            "observer.customer_save_commit_after",
            "customer_model_data.json",
            Customer,
            "customer",
            "7",
        ),
        ("observer.company_save_commit_after", "company.json", Company, "company", "3"),
        (
            "observer.purchase_order_save_after",
            "purchase_order_graphql.json",
            PurchaseOrder,
            "purchase_order",
            "MTA=",
        ),
    ],
)
def test_io_events_carry_the_typed_model_of_their_entity(
    sender, code, fixture, model, kind, entity_id
):
    headers, body = sender.io_event(code, load(fixture), event_id="evt-9")
    event = parse_event(headers, body)
    assert event.source is Source.IO_EVENTS
    assert event.event_id == "evt-9"
    assert (event.entity_kind, event.entity_id) == (kind, entity_id)
    assert isinstance(event.model, model), event.model_error
    assert event.occurred_at == NOW


def test_customer_model_data_with_entity_id_parses_into_a_customer(sender):
    headers, body = sender.io_event(
        "observer.customer_save_commit_after", load("customer_model_data.json")
    )
    model = parse_event(headers, body).model
    assert isinstance(model, Customer)
    assert (model.id, model.firstname) == (7, "Zoë")


def test_a_payload_that_does_not_parse_keeps_model_none_and_says_why(sender):
    headers, body = sender.io_event(
        "observer.sales_order_save_commit_after", {"entity_id": "not-a-number"}
    )
    event = parse_event(headers, body)
    assert event.family is EventFamily.ORDER_SAVED
    assert event.model is None
    assert "entity_id" in (event.model_error or "")
    assert event.entity_id == "not-a-number"


def test_an_entity_of_the_wrong_shape_never_crashes(sender):
    headers, body = sender.commerce_webhook(
        "observer.sales_order_save_after", {"order": {"entity_id": 1, "items": "oops"}}
    )
    event = parse_event(headers, body)
    assert event.model is None
    assert event.model_error


def test_a_purchase_order_without_a_graphql_uid_has_no_model_and_says_so(sender):
    headers, body = sender.io_event("observer.purchase_order_save_after", {"entity_id": "10"})
    event = parse_event(headers, body)
    assert event.model is None
    assert "uid" in (event.model_error or "")
    assert event.entity_id == "10"


def test_an_event_without_an_entity_reports_it(sender):
    headers, body = sender.commerce_webhook("observer.sales_order_save_after", {"something": 1})
    event = parse_event(headers, body)
    assert event.model is None
    assert event.model_error == "no order object found in the payload"


def test_unknown_events_parse_with_family_unknown_and_no_model(sender):
    headers, body = sender.io_event("observer.catalog_product_save_after", {"sku": "MUG-1"})
    event = parse_event(headers, body)
    assert event.family is EventFamily.UNKNOWN
    assert (event.entity_kind, event.model, event.model_error) == (None, None, None)


def test_a_custom_delivery_takes_type_and_id_from_the_body(sender):
    headers, body = sender.hmac(
        {"type": "sales_order_save_after", "id": "c-1", "data": {"order": load("order.json")}}
    )
    event = parse_event(headers, body)
    assert event.source is Source.CUSTOM
    assert event.family is EventFamily.ORDER_SAVED
    assert event.event_id == "c-1"
    assert isinstance(event.model, Order)


def test_the_source_can_be_forced(sender):
    headers, body = sender.hmac({"eventName": "sales_order_save_after", "data": {}})
    assert parse_event(headers, body, source=Source.CUSTOM).source is Source.CUSTOM
    assert parse_event(headers, body).source is Source.COMMERCE_WEBHOOK


@pytest.mark.parametrize(
    ("body", "headers", "reason"),
    [
        (b"not json", {"content-type": "application/json"}, "malformed_body"),
        (b"\xff\xfe", {}, "malformed_body"),
        (b"[1, 2]", {}, "malformed_body"),
        (b"{}", {"content-type": "text/plain"}, "unsupported_media_type"),
        (b"{}", {"Content-Type": "application/x-www-form-urlencoded"}, "unsupported_media_type"),
        (b"{" + b" " * 100 + b"}", {}, "body_too_large"),
    ],
)
def test_bad_input_raises_a_typed_error_with_a_reason(body, headers, reason):
    with pytest.raises(WebhookVerificationError) as caught:
        parse_event(headers, body, max_body_bytes=64)
    assert caught.value.reason == reason


@pytest.mark.parametrize(
    "content_type",
    ["application/json", "application/json; charset=utf-8", "application/cloudevents+json", ""],
)
def test_json_content_types_and_a_missing_one_are_accepted(content_type):
    headers = {"content-type": content_type} if content_type else {}
    assert parse_event(headers, b'{"type":"x"}').source is Source.CUSTOM


def test_the_payload_is_read_only_and_kept_out_of_the_repr(sender):
    headers, body = sender.commerce_webhook(
        "observer.sales_order_save_after", {"order": load("order.json")}
    )
    event = parse_event(headers, body)
    with pytest.raises(TypeError):
        event.payload["eventName"] = "x"  # type: ignore[index]
    assert "zoë@example.com" not in repr(event)


def test_pathologically_nested_json_is_malformed_not_a_crash():
    body = b"[" * 200_000 + b"]" * 200_000
    with pytest.raises(WebhookVerificationError) as caught:
        parse_event({}, body, max_body_bytes=len(body))
    assert caught.value.reason == "malformed_body"
