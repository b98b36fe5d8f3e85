"""WebhookDispatcher: statuses, routing, dedupe, handler failures, Commerce response bodies."""

from __future__ import annotations

import json
from typing import Any

import pytest

from commerce_sdk import WebhookVerificationError
from commerce_sdk.models import Order
from commerce_sdk.webhooks import (
    ANY_EVENT,
    CommerceWebhookVerifier,
    EventFamily,
    HMACVerifier,
    IOEventsVerifier,
    NoDedupe,
    OutcomeStatus,
    WebhookDispatcher,
    WebhookEvent,
    WebhookRejection,
    replace_operation,
)

from .conftest import NOW, load


@pytest.fixture
def dispatcher(sender, clock) -> WebhookDispatcher:
    return WebhookDispatcher(
        [
            CommerceWebhookVerifier(sender.commerce_public_key_pem),
            IOEventsVerifier(sender.client_id, key_fetcher=sender.public_key_fetcher),
            HMACVerifier(sender.hmac_secret),
        ],
        max_body_bytes=4096,
        clock=clock,
    )


def test_a_valid_delivery_reaches_its_handler_and_answers_op_success(sender, dispatcher):
    seen: list[WebhookEvent] = []
    dispatcher.register("observer.sales_order_place_before", seen.append)
    status, body, outcome = dispatcher.handle(
        *sender.commerce_webhook("sales_order_place_before", {"order": load("order.json")})
    )
    assert (status, json.loads(body)) == (200, {"op": "success"})
    assert outcome.status is OutcomeStatus.HANDLED
    assert [e.model.increment_id for e in seen if isinstance(e.model, Order)] == ["000000042"]
    assert seen[0].received_at == NOW


def test_a_family_handler_receives_every_spelling_of_its_family(
    sender, dispatcher: WebhookDispatcher
):
    seen: list[str] = []

    @dispatcher.on(EventFamily.ORDER_SAVED)
    def on_order_saved(event: WebhookEvent) -> None:
        seen.append(event.type)

    dispatcher.handle(*sender.commerce_webhook("observer.sales_order_save_after", {"order": {}}))
    dispatcher.handle(*sender.io_event("observer.sales_order_save_commit_after", {"entity_id": 1}))
    dispatcher.handle(*sender.hmac({"type": "sales_order_save_after", "id": "c-1"}))
    assert seen == [
        "observer.sales_order_save_after",
        "observer.sales_order_save_commit_after",
        "observer.sales_order_save_after",
    ]


def test_exact_registrations_accept_any_spelling_of_the_type(sender, dispatcher):
    seen: list[str] = []
    dispatcher.register(
        "com.adobe.commerce.observer.sales_order_save_after", lambda e: seen.append(e.type)
    )
    dispatcher.handle(*sender.commerce_webhook("sales_order_save_after", {"order": {}}))
    assert seen == ["observer.sales_order_save_after"]


def test_exact_then_family_then_catch_all_handlers_run_once_each(sender, dispatcher):
    order: list[str] = []

    def both(event: WebhookEvent) -> None:
        order.append("both")

    dispatcher.register(ANY_EVENT, lambda e: order.append("any"))
    dispatcher.register(EventFamily.ORDER_PLACED, lambda e: order.append("family"))
    dispatcher.register(EventFamily.ORDER_PLACED, both)
    dispatcher.register("sales_order_place_before", both)
    _, _, outcome = dispatcher.handle(*sender.commerce_webhook("sales_order_place_before", {}))
    assert order == ["both", "family", "any"]
    assert len(outcome.handlers_run) == 3


def test_a_plugin_hook_is_routed_by_the_type_the_caller_passes(sender, dispatcher):
    seen: list[EventFamily] = []
    dispatcher.register(EventFamily.ORDER_PLACED, lambda e: seen.append(e.family))
    headers, body = sender.commerce_webhook(
        "plugin.sales.api.order_management.place", {"order": load("order.json")}
    )
    dispatcher.handle(headers, body, event_type="plugin.magento.sales.api.order_management.place")
    assert seen == [EventFamily.ORDER_PLACED]


def test_an_event_without_handlers_is_acknowledged_as_unhandled(sender, dispatcher):
    status, body, outcome = dispatcher.handle(
        *sender.io_event("observer.catalog_product_save_after", {})
    )
    assert (status, body) == (200, b'{"op":"success"}')
    assert outcome.status is OutcomeStatus.UNHANDLED


def test_duplicate_io_deliveries_reach_handlers_once(sender, dispatcher):
    calls: list[str] = []
    dispatcher.register(EventFamily.ORDER_SAVED, lambda e: calls.append(e.event_id))
    delivery = sender.io_event(
        "observer.sales_order_save_commit_after", {"entity_id": 1}, event_id="e-1"
    )
    redelivery = sender.io_event(
        "observer.sales_order_save_commit_after", {"entity_id": 1}, event_id="e-1"
    )
    first = dispatcher.handle(*delivery)
    second = dispatcher.handle(*redelivery)
    assert calls == ["e-1"]
    assert second.status_code == 200
    assert (first.outcome.status, second.outcome.status) == (
        OutcomeStatus.HANDLED,
        OutcomeStatus.DUPLICATE,
    )


def test_duplicate_commerce_calls_are_recognised_by_request_id(sender, dispatcher):
    calls: list[str] = []
    dispatcher.register(EventFamily.ORDER_SAVED, lambda e: calls.append(e.event_id))
    for _ in range(2):
        dispatcher.handle(
            *sender.commerce_webhook("sales_order_save_after", {"order": {}}, request_id="r-1")
        )
    dispatcher.handle(
        *sender.commerce_webhook("sales_order_save_after", {"order": {}}, request_id="r-2")
    )
    assert calls == ["r-1", "r-2"]


def test_two_hooks_of_one_commerce_request_are_not_duplicates(sender, dispatcher):
    calls: list[str] = []
    dispatcher.register(ANY_EVENT, lambda e: calls.append(e.type))
    dispatcher.handle(*sender.commerce_webhook("sales_order_place_before", {}, request_id="r-1"))
    dispatcher.handle(*sender.commerce_webhook("sales_order_save_after", {}, request_id="r-1"))
    assert len(calls) == 2


def test_no_dedupe_delivers_every_copy(sender, clock):
    dispatcher = WebhookDispatcher(HMACVerifier(sender.hmac_secret), dedupe=NoDedupe(), clock=clock)
    calls: list[str] = []
    dispatcher.register(ANY_EVENT, lambda e: calls.append(e.event_id))
    delivery = sender.hmac({"type": "x", "id": "same"})
    dispatcher.handle(*delivery)
    dispatcher.handle(*delivery)
    assert calls == ["same", "same"]


def test_a_failing_handler_is_reported_answered_500_and_its_event_can_be_redelivered(
    sender, dispatcher
):
    attempts: list[int] = []
    after: list[str] = []

    def flaky(event: WebhookEvent) -> None:
        attempts.append(1)
        if len(attempts) == 1:
            raise RuntimeError("database is down: password=hunter2")

    dispatcher.register(EventFamily.ORDER_SAVED, flaky)
    dispatcher.register(EventFamily.ORDER_SAVED, lambda e: after.append("ran"))
    delivery = sender.io_event(
        "observer.sales_order_save_commit_after", {"entity_id": 1}, event_id="e-2"
    )
    status, body, outcome = dispatcher.handle(*delivery)
    assert status == 500
    assert json.loads(body)["op"] == "exception"
    assert b"hunter2" not in body  # internal error text never goes back to Commerce
    assert outcome.status is OutcomeStatus.FAILED
    assert [e.handler for e in outcome.handler_errors] == [flaky.__qualname__]
    assert after == ["ran"]  # one failing handler does not starve the others
    with pytest.raises(RuntimeError, match="database is down"):
        outcome.raise_for_error()
    again = dispatcher.handle(*delivery)
    assert again.outcome.status is OutcomeStatus.HANDLED
    assert len(attempts) == 2


def test_a_rejection_answers_op_exception_with_the_message_for_commerce(
    sender, dispatcher: WebhookDispatcher
):
    @dispatcher.on("sales_order_place_before")
    def credit_check(event: WebhookEvent) -> None:
        raise WebhookRejection("Credit limit exceeded", type="error")

    status, body, outcome = dispatcher.handle(
        *sender.commerce_webhook("sales_order_place_before", {})
    )
    assert status == 200
    assert json.loads(body) == {
        "op": "exception",
        "message": "Credit limit exceeded",
        "type": "error",
    }
    assert outcome.status is OutcomeStatus.REFUSED
    assert outcome.ok
    outcome.raise_for_error()  # a refusal is a decision, not an error


def test_handlers_may_return_operations_for_commerce(sender, dispatcher):
    dispatcher.register(
        "sales_order_place_before", lambda e: replace_operation("order/status", "held")
    )
    status, body, _ = dispatcher.handle(*sender.commerce_webhook("sales_order_place_before", {}))
    assert (status, json.loads(body)) == (
        200,
        [{"op": "replace", "path": "order/status", "value": "held"}],
    )


def test_a_handler_returning_something_else_is_a_reported_failure(sender, dispatcher):
    dispatcher.register(ANY_EVENT, lambda e: "ok")
    status, _, outcome = dispatcher.handle(*sender.hmac({"type": "x"}))
    assert status == 500
    assert isinstance(outcome.error, TypeError)


def test_an_async_handler_in_sync_handle_is_a_reported_failure(sender, dispatcher):
    async def later(event: WebhookEvent) -> None:
        return None

    dispatcher.register(ANY_EVENT, later)
    _, _, outcome = dispatcher.handle(*sender.hmac({"type": "x"}))
    assert outcome.status is OutcomeStatus.FAILED
    assert "ahandle" in str(outcome.error)


async def test_ahandle_awaits_async_handlers_and_calls_sync_ones(sender, dispatcher):
    seen: list[str] = []

    async def async_handler(event: WebhookEvent) -> dict[str, Any]:
        seen.append("async")
        return replace_operation("a", 1)

    dispatcher.register(ANY_EVENT, async_handler)
    dispatcher.register(ANY_EVENT, lambda e: seen.append("sync"))
    result = await dispatcher.ahandle(*sender.hmac({"type": "x"}))
    assert seen == ["async", "sync"]
    assert json.loads(result.body) == [{"op": "replace", "path": "a", "value": 1}]


async def test_ahandle_reports_async_handler_failures(sender, dispatcher):
    async def broken(event: WebhookEvent) -> None:
        raise ValueError("boom")

    dispatcher.register(ANY_EVENT, broken)
    result = await dispatcher.ahandle(*sender.hmac({"type": "x"}))
    assert result.status_code == 500
    assert isinstance(result.outcome.error, ValueError)


def test_a_base_exception_propagates_and_releases_the_event_id(sender, dispatcher):
    calls: list[int] = []

    def interrupted(event: WebhookEvent) -> None:
        calls.append(1)
        if len(calls) == 1:
            raise KeyboardInterrupt

    dispatcher.register(ANY_EVENT, interrupted)
    delivery = sender.hmac({"type": "x", "id": "k-1"})
    with pytest.raises(KeyboardInterrupt):
        dispatcher.handle(*delivery)
    assert dispatcher.handle(*delivery).outcome.status is OutcomeStatus.HANDLED


@pytest.mark.parametrize(
    ("mutate", "status", "reason"),
    [
        (lambda h, b: ({**h, "x-signature": "AAAA"}, b), 401, "bad_signature"),
        (lambda h, b: ({"content-type": "application/json"}, b), 401, "missing_header"),
        (lambda h, b: (h, b + b" "), 401, "bad_signature"),
        (lambda h, b: ({**h, "content-type": "text/xml"}, b), 415, "unsupported_media_type"),
        (lambda h, b: (h, b + b" " * 5000), 413, "body_too_large"),
    ],
)
def test_rejected_input_gets_its_status_and_never_reaches_handlers(
    sender, dispatcher, mutate, status, reason
):
    calls: list[WebhookEvent] = []
    dispatcher.register(ANY_EVENT, calls.append)
    headers, body = mutate(*sender.hmac({"type": "x"}))
    result = dispatcher.handle(headers, body)
    assert result.status_code == status
    assert result.outcome.status is OutcomeStatus.REJECTED
    assert isinstance(result.outcome.error, WebhookVerificationError)
    assert result.outcome.error.reason == reason
    assert json.loads(result.body)["op"] == "exception"
    assert calls == []
    with pytest.raises(WebhookVerificationError):
        result.outcome.raise_for_error()


def test_a_signed_body_that_is_not_json_is_a_400(sender, dispatcher):
    result = dispatcher.handle(*sender.hmac(b"this is not json"))
    assert result.status_code == 400
    assert result.outcome.error.reason == "malformed_body"


def test_an_unreachable_key_origin_is_a_503_so_adobe_retries(sender, clock):
    def down(path: str) -> str:
        raise OSError("unreachable")

    dispatcher = WebhookDispatcher(
        IOEventsVerifier(sender.client_id, key_fetcher=down), clock=clock
    )
    result = dispatcher.handle(*sender.io_event("observer.sales_order_save_commit_after", {}))
    assert result.status_code == 503


def test_the_most_specific_verification_failure_is_reported(sender, dispatcher):
    headers, body = sender.io_event(
        "observer.sales_order_save_commit_after", {}, client_id="not-me"
    )
    result = dispatcher.handle(headers, body)
    assert result.outcome.error.reason == "wrong_recipient"


def test_the_result_has_json_headers_and_the_repr_holds_no_secret(sender, dispatcher):
    result = dispatcher.handle(*sender.hmac({"type": "x"}))
    assert result.headers["content-type"] == "application/json"
    assert sender.hmac_secret not in repr(dispatcher)
    assert sender.hmac_secret not in repr(result)


def test_a_refused_delivery_is_judged_again_when_it_repeats(sender, dispatcher: WebhookDispatcher):
    @dispatcher.on("sales_order_place_before")
    def always_refuse(event: WebhookEvent) -> None:
        raise WebhookRejection("no")

    delivery = sender.commerce_webhook("sales_order_place_before", {}, request_id="r-9")
    first = dispatcher.handle(*delivery)
    second = dispatcher.handle(*delivery)
    assert (first.outcome.status, second.outcome.status) == (OutcomeStatus.REFUSED,) * 2
    assert second.body == first.body
