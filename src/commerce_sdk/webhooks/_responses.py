"""Response bodies the Adobe Commerce Webhooks module understands, and the outcome of a delivery.

webhooks/responses.md (research/commerce.md section 7a): HTTP 200 with `{"op":"success"}`,
`{"op":"exception","message":...,"type":...}` (Commerce stops the operation and shows the
message), or a JSON array of `add` / `replace` / `remove` operations that change the payload.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from enum import StrEnum
from typing import Any

import attrs

from commerce_sdk.webhooks._events import WebhookEvent

__all__ = [
    "HandlerError",
    "OutcomeStatus",
    "WebhookOutcome",
    "WebhookRejection",
    "WebhookResult",
    "add_operation",
    "exception_body",
    "remove_operation",
    "replace_operation",
    "success_body",
]


class WebhookRejection(Exception):  # noqa: N818 - it is a decision, not an error
    """Raise from a handler to make Commerce refuse the operation (for example an order).

    The dispatcher answers 200 `{"op":"exception","message":message}` (plus `type` when given):
    the message may be shown to the shopper, so write it for them.
    """

    def __init__(self, message: str, *, type: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.type = type


def success_body() -> bytes:
    """`{"op":"success"}`."""
    return b'{"op":"success"}'


def exception_body(message: str, *, type: str | None = None) -> bytes:
    """`{"op":"exception","message":...}` with an optional exception class `type`."""
    body: dict[str, str] = {"op": "exception", "message": message}
    if type:
        body["type"] = type
    return json.dumps(body, separators=(",", ":")).encode("utf-8")


def add_operation(path: str, value: Any, *, instance: str | None = None) -> dict[str, Any]:
    """An `add` operation: put `value` at `path` (an `instance` class for new objects)."""
    op: dict[str, Any] = {"op": "add", "path": path, "value": value}
    if instance:
        op["instance"] = instance
    return op


def replace_operation(path: str, value: Any, *, instance: str | None = None) -> dict[str, Any]:
    """A `replace` operation: set the value at `path`."""
    op: dict[str, Any] = {"op": "replace", "path": path, "value": value}
    if instance:
        op["instance"] = instance
    return op


def remove_operation(path: str) -> dict[str, Any]:
    """A `remove` operation: drop the value at `path`."""
    return {"op": "remove", "path": path}


class OutcomeStatus(StrEnum):
    """What happened to one delivery."""

    HANDLED = "handled"  # verified, parsed, every matching handler succeeded
    UNHANDLED = "unhandled"  # verified and parsed, but no handler matches its type or family
    DUPLICATE = "duplicate"  # its event id was already handled; handlers not called
    REFUSED = "refused"  # a handler raised WebhookRejection
    FAILED = "failed"  # a handler raised; the id is released so a redelivery runs again
    REJECTED = "rejected"  # verification or input checks failed; nothing was called


@attrs.frozen(kw_only=True)
class HandlerError:
    """One handler's exception."""

    handler: str
    exception: Exception


@attrs.frozen(kw_only=True)
class WebhookOutcome:
    """The result of handling one delivery (never holds the body or the headers).

    `error` is the verification error (status REJECTED), the rejection (REFUSED), or the first
    handler exception (FAILED); `handler_errors` lists every failing handler.
    """

    status: OutcomeStatus
    event: WebhookEvent | None = None
    error: Exception | None = None
    handler_errors: tuple[HandlerError, ...] = ()
    handlers_run: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """True unless the delivery was rejected or a handler failed."""
        return self.status not in (OutcomeStatus.REJECTED, OutcomeStatus.FAILED)

    def raise_for_error(self) -> None:
        """Re-raise the error behind a REJECTED or FAILED outcome (REFUSED is a decision)."""
        if not self.ok and self.error is not None:
            raise self.error


@attrs.frozen(kw_only=True)
class WebhookResult:
    """What to answer: `status_code`, `body` and `headers`, plus the `outcome`.

    Unpacks as `status, body, outcome = dispatcher.handle(headers, body)`.
    """

    status_code: int
    body: bytes
    outcome: WebhookOutcome
    headers: Mapping[str, str] = attrs.field(factory=lambda: {"content-type": "application/json"})

    def __iter__(self) -> Any:
        return iter((self.status_code, self.body, self.outcome))
