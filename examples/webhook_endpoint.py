"""A webhook endpoint for Adobe Commerce on the standard library's WSGI server (no framework).

Serve real deliveries (configure from the environment, any subset):

    COMMERCE_WEBHOOK_PUBLIC_KEY_FILE=commerce-webhooks.pem   # Commerce Webhooks module
    IO_EVENTS_CLIENT_ID=<your project's client id>           # Adobe I/O Events
    WEBHOOK_HMAC_SECRET=<shared secret>                      # a custom HMAC sender
    python examples/webhook_endpoint.py --port 8080

Or check the whole path against deliveries signed by the SDK's fake sender, on loopback:

    python examples/webhook_endpoint.py --self-test

Commerce plugin hooks do not name themselves in the body: point each at `/webhooks?hook=<method>`
(for example `?hook=plugin.magento.sales.api.order_management.place`).
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
import threading
from decimal import Decimal
from http import HTTPStatus
from pathlib import Path
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server
from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

from commerce_sdk.models import Order
from commerce_sdk.webhooks import (
    CommerceWebhookVerifier,
    EventFamily,
    HMACVerifier,
    IOEventsVerifier,
    Verifier,
    WebhookDispatcher,
    WebhookEvent,
    WebhookRejection,
    headers_from_wsgi_environ,
)

log = logging.getLogger("webhook_endpoint")
ORDER_LIMIT = Decimal("10000")
PLACE = "sales_order_place_before"


def register_handlers(dispatcher: WebhookDispatcher) -> None:
    """The business logic: what this service does with each kind of event."""

    @dispatcher.on(EventFamily.ORDER_PLACED)
    def check_order(event: WebhookEvent) -> None:
        # A synchronous `sales_order_place_before` hook can refuse the order (research 7a).
        if isinstance(event.model, Order) and event.model.grand_total > ORDER_LIMIT:
            raise WebhookRejection(f"Orders above {ORDER_LIMIT} need a sales representative.")
        log.info("order placed: %s", event.entity_id)

    @dispatcher.on(EventFamily.ORDER_SAVED)
    def order_saved(event: WebhookEvent) -> None:
        log.info("order saved: %s (model: %s)", event.entity_id, event.model_error or "ok")

    @dispatcher.on(EventFamily.CUSTOMER_SAVED)
    def customer_saved(event: WebhookEvent) -> None:
        log.info("customer saved: %s", event.entity_id)


def make_app(dispatcher: WebhookDispatcher, path: str = "/webhooks") -> WSGIApplication:
    """A WSGI app: POST `path` runs the dispatcher; GET `path?challenge=x` answers I/O Events'
    registration challenge; anything else is 404/405."""

    def app(environ: WSGIEnvironment, start_response: StartResponse) -> list[bytes]:
        query = parse_qs(environ.get("QUERY_STRING", ""))
        if environ.get("PATH_INFO") != path:
            return _plain(start_response, HTTPStatus.NOT_FOUND)
        method = environ.get("REQUEST_METHOD")
        if method == "GET" and "challenge" in query:
            # Adobe I/O Events checks a new webhook URL by asking it to echo `challenge`.
            challenge = query["challenge"][0].encode("utf-8")
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [challenge]
        if method != "POST":
            return _plain(start_response, HTTPStatus.METHOD_NOT_ALLOWED)
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return _plain(start_response, HTTPStatus.BAD_REQUEST)
        if length > dispatcher.max_body_bytes:
            # Refuse before reading: an oversized body never reaches memory.
            return _plain(start_response, HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
        body = environ["wsgi.input"].read(length)
        hook = query.get("hook", [None])[0]
        result = dispatcher.handle(headers_from_wsgi_environ(environ), body, event_type=hook)
        log.info("%s -> %s %s", hook or "delivery", result.status_code, result.outcome.status)
        status = HTTPStatus(result.status_code)
        start_response(f"{status.value} {status.phrase}", list(result.headers.items()))
        return [result.body]

    return app


def _plain(start_response: StartResponse, status: HTTPStatus) -> list[bytes]:
    start_response(f"{status.value} {status.phrase}", [("Content-Type", "text/plain")])
    return [status.phrase.encode("ascii")]


def dispatcher_from_env() -> WebhookDispatcher:
    """Verifiers for whichever senders the environment configures."""
    verifiers: list[Verifier] = []
    key_file = os.environ.get("COMMERCE_WEBHOOK_PUBLIC_KEY_FILE")
    if key_file:
        verifiers.append(CommerceWebhookVerifier(Path(key_file).read_text(encoding="ascii")))
    client_id = os.environ.get("IO_EVENTS_CLIENT_ID")
    if client_id:
        verifiers.append(IOEventsVerifier(client_id))
    secret = os.environ.get("WEBHOOK_HMAC_SECRET")
    if secret:
        verifiers.append(HMACVerifier(secret, timestamp_header="x-timestamp"))
    if not verifiers:
        raise SystemExit(
            "configure at least one of COMMERCE_WEBHOOK_PUBLIC_KEY_FILE, IO_EVENTS_CLIENT_ID, "
            "WEBHOOK_HMAC_SECRET (or run with --self-test)"
        )
    dispatcher = WebhookDispatcher(verifiers)
    register_handlers(dispatcher)
    return dispatcher


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        log.debug(format, *args)


def serve(app: WSGIApplication, host: str, port: int) -> WSGIServer:
    """A stdlib WSGI server (single-threaded: fine for a demo, use a real server in production)."""
    return make_server(host, port, app, handler_class=_QuietHandler)


def self_test() -> int:
    """Serve on loopback, post deliveries signed by the fake sender; 0 if all went as expected."""
    from commerce_sdk.testing import WebhookSender

    sender = WebhookSender()
    dispatcher = WebhookDispatcher(
        [
            CommerceWebhookVerifier(sender.commerce_public_key_pem),
            IOEventsVerifier(sender.client_id, key_fetcher=sender.public_key_fetcher),
            HMACVerifier(sender.hmac_secret, timestamp_header="x-timestamp"),
        ]
    )
    register_handlers(dispatcher)
    server = serve(make_app(dispatcher), "127.0.0.1", 0)
    url = f"http://127.0.0.1:{server.server_port}/webhooks"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    order = {"entity_id": 1, "increment_id": "000000001", "grand_total": "25.00"}
    big_order = {**order, "entity_id": 2, "grand_total": "25000.00"}
    tampered = sender.commerce_webhook(PLACE, {"order": order})
    customer = {"type": "customer_save_after", "id": "c1", "data": {"customer": {"id": 7}}}
    checks = [
        ("commerce webhook", sender.commerce_webhook(PLACE, {"order": order}), 200),
        ("refused order", sender.commerce_webhook(PLACE, {"order": big_order}), 200),
        ("i/o event", sender.io_event("observer.sales_order_save_commit_after", order), 200),
        ("hmac", sender.hmac(customer, timestamp_header="x-timestamp"), 200),
        ("tampered", tampered._replace(body=tampered.body.replace(b"25.00", b"2.50")), 401),
    ]
    failures = 0
    try:
        for name, delivery, expected in checks:
            response = sender.post(delivery, url)
            ok = response.status_code == expected
            failures += not ok
            print(f"{'ok ' if ok else 'BAD'} {name}: {response.status_code} {response.text}")
    finally:
        server.shutdown()
        server.server_close()
    return 1 if failures else 0


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--self-test", action="store_true", help="post signed fake deliveries")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    if args.self_test:
        return self_test()
    server = serve(make_app(dispatcher_from_env()), args.host, args.port)
    print(f"listening on http://{args.host}:{server.server_port}/webhooks")
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
