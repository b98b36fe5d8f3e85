"""Serve a fake gateway on a loopback port over real HTTP (for the demo and benchmarks).

stdlib `http.server.ThreadingHTTPServer` in a background thread, HTTP/1.1 keep-alive so clients
reuse connections. Network-error faults have no HTTP answer, so here the connection is closed
without a response (the client sees the server disconnect).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from intacct_sdk.testing._gateway import Outcome

__all__ = ["serve_gateway"]


def _handler_class(
    handle: Callable[[str, bytes], Outcome], sleep: Callable[[float], None], base: list[str]
) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body go out in two writes; with Nagle on, the body waits for the client's
        # delayed ACK (about 40 ms per keep-alive request on Linux loopback).
        disable_nagle_algorithm = True

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            outcome = handle(base[0] + self.path, body)
            if outcome.delay:
                sleep(outcome.delay)
            if outcome.error is not None:
                self.close_connection = True
                return
            self.send_response(outcome.status_code)
            for name, value in outcome.headers:
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(outcome.body)))
            self.end_headers()
            self.wfile.write(outcome.body)

        def do_GET(self) -> None:
            body = b"The Intacct XML gateway only accepts POST.\n"
            self.send_response(405)
            self.send_header("Allow", "POST")
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            return  # quiet: tests and benchmarks read the fake's own request log instead

    return Handler


@contextmanager
def serve_gateway(
    handle: Callable[[str, bytes], Outcome],
    sleep: Callable[[float], None],
    *,
    host: str = "127.0.0.1",
    port: int = 0,
) -> Iterator[str]:
    """Serve `handle` until the block exits; yields the base URL `http://host:port`."""
    base: list[str] = [""]
    server = ThreadingHTTPServer((host, port), _handler_class(handle, sleep, base))
    server.daemon_threads = True
    bound_host, bound_port = server.server_address[:2]
    base[0] = f"http://{bound_host!s}:{bound_port}"
    thread = threading.Thread(target=server.serve_forever, name="FakeIntacct-server", daemon=True)
    thread.start()
    try:
        yield base[0]
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
