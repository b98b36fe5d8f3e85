"""docs/webhooks.md and examples/webhook_endpoint.py, end to end against signed deliveries."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path
from types import ModuleType

import pytest

from commerce_sdk.webhooks import (
    CommerceWebhookVerifier,
    HMACVerifier,
    IOEventsVerifier,
    WebhookDispatcher,
)

from .conftest import NOW

ROOT = Path(__file__).resolve().parents[3]
DOC = ROOT / "docs" / "webhooks.md"
EXAMPLE = ROOT / "examples" / "webhook_endpoint.py"


def python_blocks(text: str) -> list[str]:
    """Blocks fenced as ```python (recipes fenced ```python recipe need a framework: skipped)."""
    return re.findall(r"^```python\n(.*?)^```", text, flags=re.DOTALL | re.MULTILINE)


def test_every_runnable_snippet_in_the_docs_runs():
    blocks = python_blocks(DOC.read_text(encoding="utf-8"))
    assert len(blocks) >= 4
    namespace: dict[str, object] = {"__name__": "docs_webhooks"}
    for number, block in enumerate(blocks, start=1):
        try:
            exec(compile(block, f"{DOC.name} block {number}", "exec"), namespace)  # noqa: S102
        except Exception as exc:  # pragma: no cover - the message says which block broke
            pytest.fail(f"docs/webhooks.md python block {number} failed: {exc!r}")


def test_the_framework_recipes_are_valid_python():
    recipes = re.findall(
        r"^```python recipe\n(.*?)^```", DOC.read_text(encoding="utf-8"), re.DOTALL | re.MULTILINE
    )
    assert len(recipes) == 2
    for recipe in recipes:
        compile(recipe, "recipe", "exec")


@pytest.fixture(scope="module")
def example() -> ModuleType:
    spec = importlib.util.spec_from_file_location("webhook_endpoint_example", EXAMPLE)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def app(example, sender):
    dispatcher = WebhookDispatcher(
        [
            CommerceWebhookVerifier(sender.commerce_public_key_pem),
            IOEventsVerifier(sender.client_id, key_fetcher=sender.public_key_fetcher),
            HMACVerifier(sender.hmac_secret, timestamp_header="x-timestamp", clock=lambda: NOW),
        ],
        max_body_bytes=2048,
    )
    example.register_handlers(dispatcher)
    return example.make_app(dispatcher)


ORDER = {"entity_id": "1", "increment_id": "000000001", "grand_total": "25.00"}


def test_the_example_accepts_each_signed_shape(sender, app):
    deliveries = [
        sender.commerce_webhook("sales_order_place_before", {"order": ORDER}),
        sender.io_event("observer.sales_order_save_commit_after", ORDER),
        sender.hmac({"type": "customer_save_after", "id": "c-1"}, timestamp_header="x-timestamp"),
    ]
    for delivery in deliveries:
        response = sender.post(delivery, wsgi_app=app)
        assert (response.status_code, response.json()) == (200, {"op": "success"})


def test_the_example_refuses_an_order_over_its_limit(sender, app):
    big = {**ORDER, "grand_total": "25000.00"}
    response = sender.post(
        sender.commerce_webhook("sales_order_place_before", {"order": big}), wsgi_app=app
    )
    assert response.status_code == 200
    assert response.json()["op"] == "exception"


def test_the_example_routes_plugin_hooks_by_the_hook_query_parameter(sender, app):
    delivery = sender.commerce_webhook(
        "plugin.sales.api.order_management.place", {"order": {**ORDER, "grand_total": "99999"}}
    )
    url = "http://testserver/webhooks?hook=plugin.magento.sales.api.order_management.place"
    response = sender.post(delivery, url, wsgi_app=app)
    assert response.json()["op"] == "exception"  # reached the ORDER_PLACED handler


def test_the_example_rejects_tampered_and_unsigned_deliveries(sender, other_sender, app):
    delivery = sender.commerce_webhook("sales_order_place_before", {"order": ORDER})
    altered = delivery._replace(body=delivery.body.replace(b"25.00", b"2.50"))
    tampered = sender.post(altered, wsgi_app=app)
    forged = sender.post(
        other_sender.io_event("observer.sales_order_save_commit_after", {}), wsgi_app=app
    )
    assert (tampered.status_code, forged.status_code) == (401, 401)


def test_the_example_refuses_oversized_bodies_before_reading_them(sender, app):
    delivery = sender.hmac({"type": "x", "pad": "a" * 4000}, timestamp_header="x-timestamp")
    assert sender.post(delivery, wsgi_app=app).status_code == 413


def test_the_example_refuses_a_wrong_content_type(sender, app):
    delivery = sender.hmac({"type": "x"}, timestamp_header="x-timestamp")
    delivery = delivery._replace(headers={**delivery.headers, "content-type": "text/plain"})
    assert sender.post(delivery, wsgi_app=app).status_code == 415


def test_the_example_echoes_the_io_events_challenge_and_refuses_other_methods(app):
    from commerce_sdk._http import Client, httpx

    with Client(transport=httpx.WSGITransport(app=app), base_url="http://testserver") as client:
        assert client.get("/webhooks", params={"challenge": "abc"}).text == "abc"
        assert client.put("/webhooks").status_code == 405
        assert client.post("/elsewhere").status_code == 404


def test_the_example_self_test_passes_over_loopback(example, capsys):
    assert example.self_test() == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 5
    assert all(line.startswith("ok ") for line in lines)


async def test_the_sender_posts_to_an_asgi_app(sender):
    dispatcher = WebhookDispatcher(HMACVerifier(sender.hmac_secret))
    seen: list[str] = []
    dispatcher.register("*", lambda event: seen.append(event.event_id))

    async def asgi(scope, receive, send):
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        result = await dispatcher.ahandle(scope["headers"], body)
        headers = [(k.encode(), v.encode()) for k, v in result.headers.items()]
        await send(
            {"type": "http.response.start", "status": result.status_code, "headers": headers}
        )
        await send({"type": "http.response.body", "body": result.body})

    response = await sender.apost(sender.hmac({"type": "x", "id": "a-1"}), asgi_app=asgi)
    assert (response.status_code, json.loads(response.content)) == (200, {"op": "success"})
    assert seen == ["a-1"]
