"""Typed errors from Magento bodies, and retries that never sleep for real."""

from typing import Any

import httpx
import pytest

from commerce_sdk import (
    APIError,
    AuthenticationError,
    BadRequestError,
    BearerToken,
    CommerceClient,
    CommerceError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
    TransportError,
)
from commerce_sdk._errors_parse import fill_placeholders, parse_retry_after

BASE = "https://shop.example.com"


def client_for(handler: Any, sleeps: Any, **kwargs: Any) -> CommerceClient:
    return CommerceClient(
        BASE,
        auth=BearerToken("t"),
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
        sleep=sleeps,
        jitter=lambda: 0.5,
        **kwargs,
    )


class answer:  # noqa: N801  (reads as a verb in the tests)
    """Answers with the given responses in turn (the last one repeats); raises exceptions."""

    def __init__(self, *responses: httpx.Response | Exception) -> None:
        self.queue = list(responses)
        self.calls: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.calls.append(request)
        item = self.queue.pop(0) if len(self.queue) > 1 else self.queue[0]
        if isinstance(item, Exception):
            raise item
        return item


def test_positional_placeholders_are_filled_from_a_list():
    assert fill_placeholders("Signature method %1 is not %2", ["MD5", "ok"]) == (
        "Signature method MD5 is not ok"
    )


def test_named_placeholders_are_filled_from_an_object_and_unknown_ones_stay():
    message = fill_placeholders(
        "No such entity with %fieldName = %fieldValue (%other)",
        {"fieldName": "id", "fieldValue": 9},
    )
    assert message == "No such entity with id = 9 (%other)"


def test_a_placeholder_number_past_the_list_is_left_alone():
    assert fill_placeholders("%1 and %3", ["a"]) == "a and %3"


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (500, ServerError),
        (405, APIError),
    ],
)
def test_statuses_map_to_the_error_tree(status, cls, cx_sleeps):
    handler = answer(httpx.Response(status, json={"message": "x %1", "parameters": ["y"]}))
    with client_for(handler, cx_sleeps) as client, pytest.raises(cls) as info:
        client.request("GET", "orders/1")
    assert info.value.status_code == status
    assert info.value.message.startswith("x y")
    assert info.value.parameters == ["y"]


def test_a_404_names_the_entity_from_named_parameters(cx_sleeps):
    body = {
        "message": "No such entity with %fieldName = %fieldValue",
        "parameters": {"fieldName": "orderId", "fieldValue": "77"},
    }
    with (
        client_for(answer(httpx.Response(404, json=body)), cx_sleeps) as client,
        pytest.raises(NotFoundError, match="No such entity with orderId = 77"),
    ):
        client.orders.get(77)


@pytest.mark.parametrize(
    ("message", "hint"),
    [
        ("The signature is invalid. Verify and try again.", "signature did not verify"),
        ("The consumer isn't authorized to access %resources.", "standalone Bearer"),
        ("The request could not be authenticated.", "expired"),
    ],
)
def test_401_is_explained(message, hint, cx_sleeps):
    body = {"message": message, "parameters": {"resources": "Magento_Sales::sales"}}
    with (
        client_for(answer(httpx.Response(401, json=body)), cx_sleeps) as client,
        pytest.raises(AuthenticationError, match=hint),
    ):
        client.request("GET", "orders")
    assert cx_sleeps == []


def test_an_html_maintenance_page_is_reported_not_crashed_on(cx_sleeps):
    page = httpx.Response(
        503,
        text="<html><body><h1>Service Unavailable</h1></body></html>",
        headers={"Content-Type": "text/html"},
    )
    with (
        client_for(answer(page), cx_sleeps, max_retries=2) as client,
        pytest.raises(ServerError, match=r"non-JSON.*Service Unavailable") as info,
    ):
        client.request("GET", "orders")
    assert info.value.status_code == 503
    assert len(cx_sleeps) == 2


def test_a_non_json_success_body_is_a_commerce_error(cx_sleeps):
    with (
        client_for(answer(httpx.Response(200, text="<html>")), cx_sleeps) as client,
        pytest.raises(CommerceError, match="non-JSON"),
    ):
        client.request("GET", "orders")


def test_429_honours_retry_after(cx_sleeps):
    handler = answer(
        httpx.Response(429, json={"message": "Too Many Requests"}, headers={"Retry-After": "7"}),
        httpx.Response(200, json={"ok": 1}),
    )
    with client_for(handler, cx_sleeps) as client:
        assert client.request("GET", "orders") == {"ok": 1}
    assert cx_sleeps == [7.0]


def test_a_huge_retry_after_is_capped(cx_sleeps):
    handler = answer(
        httpx.Response(429, json={"message": "slow"}, headers={"Retry-After": "86400"}),
        httpx.Response(200, json=1),
    )
    with client_for(handler, cx_sleeps) as client:
        client.request("GET", "orders")
    assert cx_sleeps == [60.0]


def test_429_without_retry_after_backs_off_and_finally_raises_rate_limit_error(cx_sleeps):
    handler = answer(httpx.Response(429, json={"message": "Too Many Requests", "trace": None}))
    with (
        client_for(handler, cx_sleeps, max_retries=3) as client,
        pytest.raises(RateLimitError) as info,
    ):
        client.request("GET", "orders")
    assert info.value.retry_after is None
    # full jitter with random()=0.5 over 0.5, 1, 2 seconds
    assert cx_sleeps == [0.25, 0.5, 1.0]
    assert len(handler.calls) == 4


@pytest.mark.parametrize("status", [502, 503, 504])
def test_gateway_errors_are_retried(status, cx_sleeps):
    handler = answer(httpx.Response(status, json={"message": "x"}), httpx.Response(200, json=2))
    with client_for(handler, cx_sleeps) as client:
        assert client.request("GET", "orders") == 2
    assert len(cx_sleeps) == 1


def test_500_is_not_retried(cx_sleeps):
    handler = answer(httpx.Response(500, json={"message": "boom"}))
    with client_for(handler, cx_sleeps) as client, pytest.raises(ServerError):
        client.request("GET", "orders")
    assert len(handler.calls) == 1


def test_connection_errors_are_retried_then_reported_as_transport_error(cx_sleeps):
    handler = answer(httpx.ConnectError("refused"))
    with (
        client_for(handler, cx_sleeps, max_retries=2) as client,
        pytest.raises(TransportError, match="ConnectError"),
    ):
        client.request("GET", "orders")
    assert len(handler.calls) == 3


def test_a_post_is_never_retried(cx_sleeps):
    handler = answer(httpx.Response(503, json={"message": "x"}), httpx.Response(200, json=1))
    with client_for(handler, cx_sleeps) as client, pytest.raises(ServerError):
        client.request("POST", "things", json={})
    assert cx_sleeps == []
    handler2 = answer(httpx.ReadTimeout("slow"))
    with client_for(handler2, cx_sleeps) as client, pytest.raises(TransportError):
        client.request("POST", "things", json={})
    assert len(handler2.calls) == 1


def test_a_put_full_replace_is_retried(cx_sleeps):
    handler = answer(httpx.Response(503, json={"message": "x"}), httpx.Response(200, json=1))
    with client_for(handler, cx_sleeps) as client:
        assert client.request("PUT", "customers/1", json={}) == 1
    assert len(cx_sleeps) == 1


def test_max_retries_zero_sends_once(cx_sleeps):
    handler = answer(httpx.Response(503, json={"message": "x"}))
    with client_for(handler, cx_sleeps, max_retries=0) as client, pytest.raises(ServerError):
        client.request("GET", "orders")
    assert len(handler.calls) == 1


def test_retry_after_accepts_an_http_date():
    from datetime import UTC, datetime

    now = datetime(2024, 1, 1, 0, 0, 0, tzinfo=UTC)
    assert parse_retry_after("Mon, 01 Jan 2024 00:00:30 GMT", now=now) == 30.0
    assert parse_retry_after("soon") is None


def test_a_proxy_or_protocol_setup_error_is_not_retried(cx_sleeps):
    handler = answer(httpx.UnsupportedProtocol("no"))
    with client_for(handler, cx_sleeps) as client, pytest.raises(TransportError):
        client.request("GET", "orders")
    assert len(handler.calls) == 1


def test_a_dropped_connection_is_retried(cx_sleeps):
    handler = answer(httpx.RemoteProtocolError("closed"), httpx.Response(200, json=1))
    with client_for(handler, cx_sleeps) as client:
        assert client.request("GET", "orders") == 1
