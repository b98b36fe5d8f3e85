"""Deterministic fault injection: queued faults, each consumed by the next request it matches.

Faults come in three families, each with its own FIFO queue, and one request takes at most one
fault of each family, so faults of different families compose on one request (e.g.
`latency_next(2.0)` plus `fail_next(503)` gives a slow 503):

- response faults decide what comes back instead of (or after) the normal answer:
  `fail_next`, `rate_limit_next`, `status_524_next`, `gateway_error_next`, `timeout_next`,
  `connect_error_next`, `drop_response_after_commit_next`;
- latency faults add delay: `latency_next` (on top of the fake's constant `latency`);
- session faults: `expire_session_next` makes the next session-authenticated request find its
  session expired (and the session stays gone, as a real expiry would).

Every method takes `times=` (queue the same fault n times) and `match=` (a predicate over the
`RequestRecord`; requests it rejects pass untouched and leave the fault queued). "after commit"
faults let the functions run and commit, then lose the answer: the shape of a 524 or a dropped
connection after the gateway did the work (research/intacct.md section 3, item 6).
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable

import attrs

from intacct_sdk.testing._log import RequestRecord

__all__ = ["Fault", "FaultQueue", "Matcher"]

Matcher = Callable[[RequestRecord], bool]
_FAMILY = {"latency": "latency", "expire_session": "session"}
_HTML_503 = (
    b"<html><head><title>503 Service Unavailable</title></head>"
    b"<body><h1>Service Unavailable</h1></body></html>"
)
_HTML_524 = b"<html><body><h1>Error 524</h1><p>A timeout occurred</p></body></html>"


@attrs.frozen(kw_only=True)
class Fault:
    """One queued fault (see the module docstring for the kinds)."""

    kind: str
    status_code: int = 0
    body: bytes = attrs.field(default=b"", repr=False)
    content_type: str = "text/html; charset=UTF-8"
    headers: tuple[tuple[str, str], ...] = ()
    after_commit: bool = False
    delay: float = 0.0
    retry_after: int | None = None
    match: Matcher | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def family(self) -> str:
        """`response`, `latency` or `session`."""
        return _FAMILY.get(self.kind, "response")


@attrs.frozen
class Drawn:
    """The faults one request consumed, one per family at most."""

    response: Fault | None = None
    latency: Fault | None = None
    session: Fault | None = None

    @property
    def names(self) -> str | None:
        """A short description for the request log."""
        kinds = [f.kind for f in (self.response, self.latency, self.session) if f is not None]
        return "+".join(kinds) or None


class FaultQueue:
    """Queues of faults for a `FakeIntacct`; thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._queues: dict[str, deque[Fault]] = {
            "response": deque(),
            "latency": deque(),
            "session": deque(),
        }

    def add(self, fault: Fault, *, times: int = 1) -> None:
        """Queue `fault` `times` times (the building block of every `*_next` method)."""
        if times < 1:
            raise ValueError(f"times must be >= 1, got {times!r}")
        with self._lock:
            self._queues[fault.family].extend([fault] * times)

    def fail_next(
        self,
        status: int = 500,
        body: bytes | str | None = None,
        *,
        content_type: str = "text/html; charset=UTF-8",
        headers: dict[str, str] | None = None,
        after_commit: bool = False,
        times: int = 1,
        match: Matcher | None = None,
    ) -> None:
        """Answer the next request with HTTP `status` and `body` (an HTML error page by default).

        Nothing runs unless `after_commit=True` (then the functions commit and the answer is lost).
        """
        if not 100 <= status <= 599:
            raise ValueError(f"status must be an HTTP status code, got {status!r}")
        raw = body.encode() if isinstance(body, str) else (_HTML_503 if body is None else body)
        self.add(
            Fault(
                kind="http_status",
                status_code=status,
                body=raw,
                content_type=content_type,
                headers=tuple((headers or {}).items()),
                after_commit=after_commit,
                match=match,
            ),
            times=times,
        )

    def rate_limit_next(
        self, retry_after: int | None = 2, *, times: int = 1, match: Matcher | None = None
    ) -> None:
        """HTTP 429 with a GW-0010 control failure body and `Retry-After` (None: no header)."""
        self.add(
            Fault(kind="rate_limit", status_code=429, retry_after=retry_after, match=match),
            times=times,
        )

    def status_524_next(
        self, *, after_commit: bool = True, times: int = 1, match: Matcher | None = None
    ) -> None:
        """HTTP 524 (CDN timeout). By default the functions DID commit: the outcome is unknown."""
        self.add(
            Fault(
                kind="status_524",
                status_code=524,
                body=_HTML_524,
                after_commit=after_commit,
                match=match,
            ),
            times=times,
        )

    def gateway_error_next(
        self, *, status: int = 200, times: int = 1, match: Matcher | None = None
    ) -> None:
        """A bare control failure with GW-0011 "Invalid Request [Request ID: ...]"; nothing runs."""
        self.add(Fault(kind="gateway_error", status_code=status, match=match), times=times)

    def timeout_next(
        self, *, after_commit: bool = False, times: int = 1, match: Matcher | None = None
    ) -> None:
        """Raise `httpx.ReadTimeout` (in-process) instead of answering; served: close silently."""
        self.add(Fault(kind="timeout", after_commit=after_commit, match=match), times=times)

    def connect_error_next(self, *, times: int = 1, match: Matcher | None = None) -> None:
        """Raise `httpx.ConnectError`: the request never reached the gateway; nothing runs."""
        self.add(Fault(kind="connect_error", match=match), times=times)

    def drop_response_after_commit_next(
        self, *, times: int = 1, match: Matcher | None = None
    ) -> None:
        """Run and commit the functions, then raise `httpx.ReadError` instead of answering."""
        self.add(Fault(kind="drop_response", after_commit=True, match=match), times=times)

    def expire_session_next(self, *, times: int = 1, match: Matcher | None = None) -> None:
        """The next session-authenticated request finds its session expired (and gone)."""
        self.add(Fault(kind="expire_session", match=match), times=times)

    def latency_next(self, seconds: float, *, times: int = 1, match: Matcher | None = None) -> None:
        """Delay the next request's answer by `seconds` more (through the fake's sleep)."""
        if seconds < 0:
            raise ValueError(f"seconds must be >= 0, got {seconds!r}")
        self.add(Fault(kind="latency", delay=seconds, match=match), times=times)

    def pending(self) -> tuple[Fault, ...]:
        """Faults not consumed yet, family by family."""
        with self._lock:
            return tuple(f for queue in self._queues.values() for f in queue)

    def clear(self) -> None:
        """Drop every queued fault."""
        with self._lock:
            for queue in self._queues.values():
                queue.clear()

    def take(self, record: RequestRecord) -> Drawn:
        """Consume, per family, the first queued fault that applies to this request."""
        with self._lock:
            return Drawn(
                response=self._pop("response", record),
                latency=self._pop("latency", record),
                session=self._pop("session", record) if record.auth_kind == "session" else None,
            )

    def _pop(self, family: str, record: RequestRecord) -> Fault | None:
        queue = self._queues[family]
        for index, fault in enumerate(queue):
            if fault.match is None or fault.match(record):
                del queue[index]
                return fault
        return None
