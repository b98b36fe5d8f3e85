"""Deterministic, queue-based fault injection.

Each call queues one fault (or `times` copies) for the next request(s) whose path contains `path`
(any request when `path` is None). Faults fire in the order queued. Default bodies follow what
sits in front of Commerce: Magento's own 429 body (research/commerce.md section 6), HTML pages
from the proxy for 502/504, and an HTML maintenance page for 503.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping, Sequence
from typing import Any, Literal

import attrs

from commerce_sdk.testing._responses import MAINTENANCE_HTML, Reply

__all__ = ["Fault", "FaultQueue"]

FaultKind = Literal["status", "drop", "latency", "expire_token"]

_PROXY_PAGE = "<html><head><title>{0}</title></head><body><h1>{0}</h1><hr>nginx</body></html>"
_HTML_PAGES = {
    502: _PROXY_PAGE.format("502 Bad Gateway"),
    503: MAINTENANCE_HTML,
    504: _PROXY_PAGE.format("504 Gateway Time-out"),
}
_JSON_BODIES: dict[int, dict[str, Any]] = {
    429: {"message": "Too Many Requests", "trace": None},
    500: {
        "message": "Internal Error. Details are available in Magento log file. Report ID: webapi-1"
    },
}


@attrs.frozen(kw_only=True)
class Fault:
    """One queued fault."""

    kind: FaultKind
    path: str | None = None
    reply: Reply | None = None
    seconds: float = 0.0

    def applies_to(self, path: str) -> bool:
        """Whether this fault targets a request for `path`."""
        return self.path is None or self.path in path


def _status_reply(
    code: int,
    body: str | bytes | Mapping[str, Any] | Sequence[Any] | None,
    headers: Mapping[str, str] | None,
) -> Reply:
    extra = tuple((k.lower(), v) for k, v in (headers or {}).items())
    has_type = any(k == "content-type" for k, _ in extra)
    if body is None:
        if code in _HTML_PAGES:
            body = _HTML_PAGES[code]
        else:
            body = _JSON_BODIES.get(code, {"message": f"HTTP {code}"})
    if isinstance(body, (Mapping, list, tuple)):
        data, ctype = json.dumps(body).encode(), "application/json; charset=utf-8"
    elif isinstance(body, str):
        html = body.lstrip().startswith("<")
        data, ctype = body.encode(), "text/html; charset=utf-8" if html else "text/plain"
    elif isinstance(body, bytes):
        data, ctype = body, "application/octet-stream"
    else:
        raise TypeError(f"body: expected str, bytes, dict or list, got {type(body).__name__}")
    headers_out = extra if has_type else (("content-type", ctype), *extra)
    return Reply(status=code, body=data, headers=headers_out)


class FaultQueue:
    """The fake's pending faults (`fake.faults`). Thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._queue: list[Fault] = []

    def _push(self, fault: Fault, times: int) -> None:
        if times < 1:
            raise ValueError(f"times: expected at least 1, got {times!r}")
        with self._lock:
            self._queue.extend([fault] * times)

    def status_next(
        self,
        code: int,
        *,
        body: str | bytes | Mapping[str, Any] | Sequence[Any] | None = None,
        headers: Mapping[str, str] | None = None,
        retry_after: float | None = None,
        path: str | None = None,
        times: int = 1,
    ) -> None:
        """Answer the next request with `code` (default body per code; `retry_after` adds the
        `Retry-After` header in seconds)."""
        if not 100 <= code <= 599:
            raise ValueError(f"code: expected an HTTP status 100-599, got {code!r}")
        hdrs = dict(headers or {})
        if retry_after is not None:
            hdrs["Retry-After"] = str(
                int(retry_after) if float(retry_after).is_integer() else retry_after
            )
        self._push(Fault(kind="status", path=path, reply=_status_reply(code, body, hdrs)), times)

    def rate_limit_next(
        self, *, retry_after: float | None = None, path: str | None = None, times: int = 1
    ) -> None:
        """A 429 with Magento's body, with or without `Retry-After`."""
        self.status_next(429, retry_after=retry_after, path=path, times=times)

    def maintenance_next(self, *, path: str | None = None, times: int = 1) -> None:
        """A 503 with an HTML maintenance page."""
        self.status_next(503, path=path, times=times)

    def expire_token_next(self, *, path: str | None = None) -> None:
        """The next authenticated API request finds its token expired: the token (admin,
        customer or IMS) really expires, and the request gets the 401 an expired token gets.
        With OAuth 1.0a (whose tokens never expire) the request gets the consumer-not-authorised
        401 once."""
        self._push(Fault(kind="expire_token", path=path), 1)

    def drop_connection_next(self, *, path: str | None = None, times: int = 1) -> None:
        """Close the connection without any response (httpx raises `RemoteProtocolError`)."""
        self._push(Fault(kind="drop", path=path), times)

    def latency_next(self, seconds: float, *, path: str | None = None, times: int = 1) -> None:
        """Add `seconds` of delay to the next request (on top of the fake's `latency`)."""
        if seconds < 0:
            raise ValueError(f"seconds: expected >= 0, got {seconds!r}")
        self._push(Fault(kind="latency", path=path, seconds=seconds), times)

    def clear(self) -> None:
        """Drop every pending fault."""
        with self._lock:
            self._queue.clear()

    @property
    def pending(self) -> int:
        """How many faults are still queued."""
        with self._lock:
            return len(self._queue)

    def take(self, path: str, kinds: frozenset[FaultKind]) -> Fault | None:
        """Remove and return the first queued fault of one of `kinds` that targets `path`."""
        with self._lock:
            for index, fault in enumerate(self._queue):
                if fault.kind in kinds and fault.applies_to(path):
                    return self._queue.pop(index)
        return None
