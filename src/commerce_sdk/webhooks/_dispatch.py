"""`WebhookDispatcher`: verify, parse, dedupe, route to handlers, build the answer.

Sans-I/O: `handle(headers, body)` takes what any framework gives and returns a status, a body and
an outcome; `ahandle` is the same with async handlers awaited. Order of checks: size (413),
content type (415), signature (401; 503 when a public key cannot be fetched), JSON (400), then
dedupe and handlers (200; 500 when a handler crashed, so Adobe redelivers).
"""

from __future__ import annotations

import inspect
import json
import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from typing import Any, TypeAlias, TypeVar

from commerce_sdk._exceptions import ConfigurationError, WebhookVerificationError
from commerce_sdk.webhooks._base import (
    Clock,
    HeadersLike,
    Reason,
    Verifier,
    normalize_headers,
    utc_now,
)
from commerce_sdk.webhooks._constants import (
    DEFAULT_MAX_BODY_BYTES,
    DEFAULT_REJECTION_MESSAGE,
)
from commerce_sdk.webhooks._dedupe import Dedupe, InMemoryDedupe
from commerce_sdk.webhooks._events import WebhookEvent, check_body, parse_event
from commerce_sdk.webhooks._responses import (
    HandlerError,
    OutcomeStatus,
    WebhookOutcome,
    WebhookRejection,
    WebhookResult,
    exception_body,
    success_body,
)
from commerce_sdk.webhooks._types import EventFamily, normalize_event_type

__all__ = ["ANY_EVENT", "Handler", "WebhookDispatcher"]

logger = logging.getLogger("commerce_sdk.webhooks")

#: A handler takes the event; it may return Commerce operations (a dict or a list of dicts),
#: or an awaitable of them (async handlers need `ahandle`).
Handler: TypeAlias = Callable[[WebhookEvent], Any]
H = TypeVar("H", bound=Handler)
#: Register under this key to receive every event.
ANY_EVENT = "*"

_STATUS_BY_REASON = {
    Reason.BODY_TOO_LARGE.value: 413,
    Reason.UNSUPPORTED_MEDIA_TYPE.value: 415,
    Reason.MALFORMED_BODY.value: 400,
    Reason.KEY_UNAVAILABLE.value: 503,
}


class WebhookDispatcher:
    """Routes verified deliveries to handlers registered by exact type or by `EventFamily`.

    Args:
        verifiers: one verifier or several (an endpoint serving more than one sender); the
            first that accepts the delivery decides its source shape.
        max_body_bytes: larger bodies are refused with 413.
        dedupe: where handled event ids are kept; `InMemoryDedupe()` by default, `NoDedupe()`
            to turn deduplication off.
        clock: gives `received_at` (tests inject one).
        rejection_message: sent to Commerce in `{"op":"exception"}` when a handler crashed
            (internal error text is never echoed: Commerce may show it to the shopper).
    """

    def __init__(
        self,
        verifiers: Verifier | Sequence[Verifier],
        *,
        max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
        dedupe: Dedupe | None = None,
        clock: Clock | None = None,
        rejection_message: str = DEFAULT_REJECTION_MESSAGE,
    ) -> None:
        listed = [verifiers] if isinstance(verifiers, Verifier) else list(verifiers)
        if not listed:
            raise ConfigurationError("verifiers: at least one verifier is required")
        if max_body_bytes < 1:
            raise ConfigurationError(f"max_body_bytes: must be positive, got {max_body_bytes!r}")
        self.verifiers: tuple[Verifier, ...] = tuple(listed)
        self.max_body_bytes = max_body_bytes
        self.dedupe: Dedupe = dedupe if dedupe is not None else InMemoryDedupe()
        self._clock = clock or utc_now
        self._rejection_message = rejection_message
        self._by_type: dict[str, list[Handler]] = {}
        self._by_family: dict[EventFamily, list[Handler]] = {}
        self._any: list[Handler] = []

    def __repr__(self) -> str:
        return (
            f"WebhookDispatcher(verifiers={len(self.verifiers)}, "
            f"max_body_bytes={self.max_body_bytes}, dedupe={self.dedupe!r})"
        )

    # Registration ---------------------------------------------------------------------------

    def register(self, key: str | EventFamily, handler: Handler) -> None:
        """Call `handler` for events of `key`: an `EventFamily`, an event type in any spelling
        (`sales_order_place_before`, `observer.sales_order_place_before`,
        `com.adobe.commerce.observer...`, `plugin.magento....`), or `ANY_EVENT`."""
        if isinstance(key, EventFamily):
            self._by_family.setdefault(key, []).append(handler)
        elif key == ANY_EVENT:
            self._any.append(handler)
        elif isinstance(key, str) and key.strip():
            self._by_type.setdefault(normalize_event_type(key), []).append(handler)
        else:
            raise ConfigurationError(f"key: expected an event type or EventFamily, got {key!r}")

    def on(self, key: str | EventFamily) -> Callable[[H], H]:
        """Decorator form of `register`."""

        def decorate(handler: H) -> H:
            self.register(key, handler)
            return handler

        return decorate

    def handlers_for(self, event: WebhookEvent) -> list[Handler]:
        """Handlers for `event`: exact type first, then family, then catch-all; each once."""
        found = [
            *self._by_type.get(event.type, ()),
            *self._by_family.get(event.family, ()),
            *self._any,
        ]
        return list(dict.fromkeys(found))

    # Handling -------------------------------------------------------------------------------

    def handle(
        self, headers: HeadersLike, body: bytes, *, event_type: str | None = None
    ) -> WebhookResult:
        """Verify, parse and dispatch one delivery; never raises for bad input or handler bugs.

        Args:
            headers: request headers (any case; a mapping or name/value pairs).
            body: the raw request body, exactly as received.
            event_type: the event type when the body does not carry it (Commerce plugin hooks,
                for example taken from a per-hook URL).

        Returns:
            A `WebhookResult` (unpacks as `status, body, outcome`). An async handler is reported
            as a FAILED outcome: use `ahandle`.
        """
        prepared = self._prepare(headers, body, event_type)
        if isinstance(prepared, WebhookResult):
            return prepared
        ran: list[str] = []
        operations: list[Any] = []
        errors: list[HandlerError] = []
        try:
            for handler in self.handlers_for(prepared):
                name = _name(handler)
                ran.append(name)
                try:
                    result = handler(prepared)
                    if inspect.isawaitable(result):
                        _discard(result)
                        result = TypeError(f"{name} is async: call WebhookDispatcher.ahandle")
                        errors.append(HandlerError(handler=name, exception=result))
                        continue
                    _collect(result, operations)
                except WebhookRejection as rejection:
                    return self._finish(prepared, ran, operations, errors, rejection)
                except Exception as exc:  # reported in the outcome, never swallowed silently
                    errors.append(HandlerError(handler=name, exception=exc))
        except BaseException:
            self.dedupe.release(prepared.dedupe_key)
            raise
        return self._finish(prepared, ran, operations, errors, None)

    async def ahandle(
        self, headers: HeadersLike, body: bytes, *, event_type: str | None = None
    ) -> WebhookResult:
        """`handle` for async applications: async handlers are awaited, sync ones called.

        Verification runs inline; an I/O Events key fetch (at most once per key per cache TTL)
        blocks briefly.
        """
        prepared = self._prepare(headers, body, event_type)
        if isinstance(prepared, WebhookResult):
            return prepared
        ran: list[str] = []
        operations: list[Any] = []
        errors: list[HandlerError] = []
        try:
            for handler in self.handlers_for(prepared):
                name = _name(handler)
                ran.append(name)
                try:
                    result = handler(prepared)
                    if inspect.isawaitable(result):
                        result = await result
                    _collect(result, operations)
                except WebhookRejection as rejection:
                    return self._finish(prepared, ran, operations, errors, rejection)
                except Exception as exc:  # reported in the outcome, never swallowed silently
                    errors.append(HandlerError(handler=name, exception=exc))
        except BaseException:
            self.dedupe.release(prepared.dedupe_key)
            raise
        return self._finish(prepared, ran, operations, errors, None)

    # Shared core ----------------------------------------------------------------------------

    def _prepare(
        self, headers: HeadersLike, body: bytes, event_type: str | None
    ) -> WebhookEvent | WebhookResult:
        normalized = normalize_headers(headers)
        body = bytes(body)
        try:
            check_body(normalized, body, max_body_bytes=self.max_body_bytes)
            verifier = self._verify(normalized, body)
            event = parse_event(
                normalized,
                body,
                source=verifier.source,
                event_type=event_type,
                max_body_bytes=self.max_body_bytes,
                received_at=self._now(),
            )
        except WebhookVerificationError as exc:
            logger.warning("webhook rejected: %s", exc.reason)
            status = _STATUS_BY_REASON.get(exc.reason, 401)
            outcome = WebhookOutcome(status=OutcomeStatus.REJECTED, error=exc)
            return WebhookResult(
                status_code=status,
                body=exception_body(f"webhook rejected: {exc.reason}"),
                outcome=outcome,
            )
        if not self.dedupe.claim(event.dedupe_key):
            logger.info("webhook duplicate: %s %s", event.type, event.event_id)
            outcome = WebhookOutcome(status=OutcomeStatus.DUPLICATE, event=event)
            return WebhookResult(status_code=200, body=success_body(), outcome=outcome)
        return event

    def _verify(self, headers: dict[str, str], body: bytes) -> Verifier:
        failures: list[WebhookVerificationError] = []
        for verifier in self.verifiers:
            try:
                verifier.verify(headers, body)
            except WebhookVerificationError as exc:
                failures.append(exc)
            else:
                return verifier
        # Report the verifier whose headers were present over those that found nothing to check.
        specific = [f for f in failures if f.reason != Reason.MISSING_HEADER.value]
        raise (specific or failures)[0]

    def _finish(
        self,
        event: WebhookEvent,
        ran: list[str],
        operations: list[Any],
        errors: list[HandlerError],
        rejection: WebhookRejection | None,
    ) -> WebhookResult:
        def outcome(status: OutcomeStatus, error: Exception | None = None) -> WebhookOutcome:
            return WebhookOutcome(
                status=status,
                event=event,
                error=error,
                handler_errors=tuple(errors),
                handlers_run=tuple(ran),
            )

        if errors:
            # Forget the id so the sender's retry (I/O Events redelivers on non-2xx) runs again.
            self.dedupe.release(event.dedupe_key)
            logger.error(
                "webhook handler failed: %s %s (%s)",
                event.type,
                event.event_id,
                ", ".join(f"{e.handler}: {type(e.exception).__name__}" for e in errors),
            )
            return WebhookResult(
                status_code=500,
                body=exception_body(self._rejection_message),
                outcome=outcome(OutcomeStatus.FAILED, errors[0].exception),
            )
        if rejection is not None:
            # A refusal is re-judged when the same delivery comes again: answering a repeat
            # with {"op":"success"} would let through what was just refused.
            self.dedupe.release(event.dedupe_key)
            body = exception_body(rejection.message, type=rejection.type)
            return WebhookResult(
                status_code=200, body=body, outcome=outcome(OutcomeStatus.REFUSED, rejection)
            )
        status = OutcomeStatus.HANDLED if ran else OutcomeStatus.UNHANDLED
        body = _operations_body(operations) if operations else success_body()
        return WebhookResult(status_code=200, body=body, outcome=outcome(status))

    def _now(self) -> datetime:
        return self._clock()


def _name(handler: Handler) -> str:
    return getattr(handler, "__qualname__", None) or repr(handler)


def _discard(awaitable: Awaitable[Any]) -> None:
    close = getattr(awaitable, "close", None)
    if callable(close):
        close()  # no "coroutine was never awaited" warning


def _collect(result: Any, operations: list[Any]) -> None:
    if result is None:
        return
    if isinstance(result, dict):
        operations.append(result)
    elif isinstance(result, list | tuple):
        operations.extend(result)
    else:
        raise TypeError(
            f"a handler returned {type(result).__name__}; return None, an operation dict "
            "or a list of them"
        )


def _operations_body(operations: list[Any]) -> bytes:
    return json.dumps(operations, separators=(",", ":"), default=str).encode("utf-8")
