"""Serve a fake over real HTTP on loopback, in a background thread (demo and benchmarks).

Every request goes through the same `handle()` as the in-process transport; a dropped-connection
fault closes the socket without an answer, and latency is slept in the server thread.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from commerce_sdk.testing._fake import FakeCommerce

__all__ = ["serve_fake"]


def _handler_for(fake: FakeCommerce) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body go out in two writes; with Nagle on, the body waits for the client's
        # delayed ACK (about 40 ms per keep-alive request on Linux loopback).
        disable_nagle_algorithm = True

        def _serve(self) -> None:
            body = self._body()
            host = self.headers.get("Host") or _origin(self.server)[len("http://") :]
            reply = fake.handle(
                self.command, f"http://{host}{self.path}", list(self.headers.items()), body
            )
            if reply.delay:
                fake._sleep(reply.delay)
            if reply.drop:
                self.close_connection = True
                return
            self.send_response(reply.status)
            for name, value in reply.headers:
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            self.wfile.write(reply.body)

        def _body(self) -> bytes:
            if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
                chunks = []
                while size := int(self.rfile.readline().split(b";")[0].strip() or b"0", 16):
                    chunks.append(self.rfile.read(size))
                    self.rfile.readline()  # the CRLF after each chunk
                while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                    pass  # trailers
                return b"".join(chunks)
            length = int(self.headers.get("Content-Length") or 0)
            return self.rfile.read(length) if length else b""

        do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _serve  # noqa: N815

        def log_message(self, format: str, *args: object) -> None:
            """Quiet: the fake keeps its own request log."""

    return Handler


def _origin(server: Any) -> str:
    host, port = server.server_address[:2]
    return f"http://{host}:{port}"


@contextmanager
def serve_fake(fake: FakeCommerce, host: str, port: int) -> Iterator[str]:
    """Run a loopback HTTP server for `fake`; yields its origin (`http://127.0.0.1:<port>`)."""
    server = ThreadingHTTPServer((host, port), _handler_for(fake))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="FakeCommerce", daemon=True)
    thread.start()
    try:
        yield _origin(server)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
