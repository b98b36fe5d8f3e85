"""Embed the bridge in a small web service: a webhook endpoint and a background schedule.

One asyncio loop in a background thread runs `SyncOrchestrator.arun_forever(schedule)` (the
"daily batch" and the safety net) and also handles each webhook delivery
(`ahandle_webhook`, "on every order"), so runs and webhooks share one loop, one store and one
pair of clients. The HTTP side is the standard library's WSGI server; any framework works the
same way: hand the raw body and the headers to the orchestrator, answer with what it returns.

Against real systems (credentials from INTACCT_* / COMMERCE_* variables):

    COMMERCE_WEBHOOK_PUBLIC_KEY_FILE=commerce-webhooks.pem \\
    python examples/embed_in_service.py --mapping examples/bridge.example.toml --port 8080

Against the in-process fakes: one signed webhook, one forged one, one scheduled run, then exit:

    python examples/embed_in_service.py --self-test
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import http.client
import json
import logging
import os
import sys
import tempfile
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server
from wsgiref.types import StartResponse, WSGIEnvironment

from bridge import MappingConfig, Schedule, SQLiteStore, SyncOrchestrator
from commerce_sdk.webhooks import CommerceWebhookVerifier, headers_from_wsgi_environ

WEBHOOK_PATH = "/webhooks/commerce"


class BridgeService:
    """The orchestrator's loop in a background thread, and a WSGI app in front of it."""

    def __init__(self, orchestrator: SyncOrchestrator, schedule: Schedule) -> None:
        self.orchestrator = orchestrator
        self.schedule = schedule
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._run, name="bridge-loop", daemon=True)

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        # The first run starts at once; then one per schedule slot until stop().
        self.loop.run_until_complete(self.orchestrator.arun_forever(self.schedule))

    def start(self) -> None:
        """Start the schedule."""
        self._thread.start()

    def stop(self) -> None:
        """Stop after the current run (stop() is safe from any thread) and wait for it."""
        self.orchestrator.stop()
        self._thread.join()
        self.loop.close()

    def app(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        """POST /webhooks/commerce: a delivery; GET /status: record counts and the last run."""
        method, path = environ["REQUEST_METHOD"], environ.get("PATH_INFO", "")
        if method == "POST" and path == WEBHOOK_PATH:
            length = int(environ.get("CONTENT_LENGTH") or 0)
            body = environ["wsgi.input"].read(length)  # the raw bytes: the signature covers them
            headers = headers_from_wsgi_environ(environ)
            future = asyncio.run_coroutine_threadsafe(
                self.orchestrator.ahandle_webhook(headers, body), self.loop
            )
            outcome = future.result()
            return _answer(start_response, outcome.status, outcome.body)
        if method == "GET" and path == "/status":
            store = self.orchestrator.store
            last = store.last_run()
            data = {
                "counts": {
                    stream: {state.value: n for state, n in counts.items() if n}
                    for stream, counts in store.counts_by_state().items()
                },
                "last_run": None if last is None else {"id": last.run_id, "kind": last.kind},
            }
            return _answer(start_response, 200, json.dumps(data).encode())
        return _answer(start_response, 404, b'{"error":"not found"}')


def _answer(start_response: StartResponse, status: int, body: bytes) -> list[bytes]:
    reason = {200: "OK", 401: "Unauthorized", 404: "Not Found"}.get(status, "Error")
    start_response(
        f"{status} {reason}",
        [("Content-Type", "application/json"), ("Content-Length", str(len(body)))],
    )
    return [body]


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Keep the self-test's output to its own lines."""


def _post(port: int, body: bytes, headers: dict[str, str]) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("POST", WEBHOOK_PATH, body=body, headers=headers)
        return connection.getresponse().status
    finally:
        connection.close()


def self_test() -> int:
    """Serve the app on loopback against the fakes; send webhooks; let one run finish."""
    import httpx

    from commerce_sdk import CommerceClient, CompanyUser, OAuth1
    from commerce_sdk.testing import FakeCommerce, WebhookSender
    from intacct_sdk import IntacctClient
    from intacct_sdk.testing import FakeIntacct

    # The bridge logs each event to the `bridge` logger (a forged webhook at WARNING); this
    # self-test prints its own summary instead.
    logging.getLogger("bridge").setLevel(logging.ERROR)
    mapping = Path(__file__).with_name("bridge.example.toml")
    commerce = FakeCommerce(flavor="paas")
    seeded = commerce.seed_demo(seed=5, orders=10, companies=1, customers=3)
    email, password = sorted(seeded.company_users.items())[0]  # B2B purchase orders need one
    intacct = FakeIntacct()
    for account in ("4000", "4050", "4100", "2200", "2400", "4900", "4950", "4960"):
        intacct.add_gl_account(account, f"Account {account}")
    creds = commerce.oauth_credentials
    sender = WebhookSender()
    with tempfile.TemporaryDirectory() as tmp:
        store = SQLiteStore(Path(tmp) / "bridge.sqlite3")
        orchestrator = SyncOrchestrator(
            intacct=IntacctClient(
                **intacct.credentials(), http_client=httpx.Client(transport=intacct)
            ),
            commerce=CommerceClient(
                commerce.base_url,
                auth=OAuth1(
                    creds.consumer_key,
                    creds.consumer_secret,
                    creds.access_token,
                    creds.access_token_secret,
                ),
                http_client=httpx.Client(transport=commerce),
                company_user=CompanyUser(email=email, password=password),
            ),
            store=store,
            config=MappingConfig.from_toml(mapping),
            webhooks=CommerceWebhookVerifier(sender.commerce_public_key_pem),
        )
        service = BridgeService(orchestrator, Schedule.every(60))
        server = make_server("127.0.0.1", 0, service.app, WSGIServer, _QuietHandler)
        port = server.server_port
        threading.Thread(target=server.serve_forever, daemon=True).start()
        service.start()
        try:
            genuine = sender.commerce_webhook(
                "observer.sales_order_save_after", {"order": {"entity_id": 3}}
            )
            forged = WebhookSender().commerce_webhook(
                "observer.sales_order_save_after", {"order": {"entity_id": 4}}
            )
            status_genuine = _post(port, genuine.body, dict(genuine.headers))
            status_forged = _post(port, forged.body, dict(forged.headers))
        finally:
            service.stop()  # returns once the scheduled run in progress has finished
            server.shutdown()
        last = store.last_run(kind="sync")
        bills = len(intacct.records("APBILL"))
        rejected = len(store.webhooks(verified=False))
        store.close()
    print(f"signed webhook  -> HTTP {status_genuine}")
    print(f"forged webhook  -> HTTP {status_forged} (stored as rejected: {rejected})")
    print(f"scheduled run   -> {last.run_id if last else 'none'}; bills in Intacct: {bills}")
    ok = status_genuine == 200 and status_forged == 401 and last is not None and bills > 0
    print("self-test", "passed" if ok else "FAILED")
    return 0 if ok else 1


def serve(mapping: str, port: int, store_path: str, interval: float) -> int:
    """Serve for real: clients from the environment, verifier from a PEM file."""
    from commerce_sdk import CommerceClient
    from intacct_sdk import IntacctClient

    key_file = os.environ.get("COMMERCE_WEBHOOK_PUBLIC_KEY_FILE")
    verifier = CommerceWebhookVerifier(Path(key_file).read_text()) if key_file else None
    orchestrator = SyncOrchestrator(
        intacct=IntacctClient.from_env(),
        commerce=CommerceClient.from_env(),
        store=SQLiteStore(store_path),
        config=MappingConfig.from_toml(mapping),
        webhooks=verifier,
    )
    service = BridgeService(orchestrator, Schedule.every(interval))
    service.start()
    with make_server("0.0.0.0", port, service.app) as server:  # noqa: S104 - a service
        print(f"listening on :{port} (POST {WEBHOOK_PATH}, GET /status); Ctrl-C stops")
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()
    service.stop()
    return 0


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments and run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--self-test", action="store_true", help="run against the fakes, exit")
    parser.add_argument("--mapping", default="bridge.example.toml", help="mapping TOML file")
    parser.add_argument("--store", default="bridge-data/bridge.sqlite3", help="SQLite store")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--every", type=float, default=15.0, help="minutes between runs")
    args = parser.parse_args(argv)
    if args.self_test:
        return self_test()
    return serve(args.mapping, args.port, args.store, args.every)


if __name__ == "__main__":
    sys.exit(main())
