"""Every error the Intacct SDK raises.

The gateway reports failure at four layers (research/intacct.md section 3): the HTTP exchange, the
`<control>` block (nothing ran), the `<authentication>` block (no function ran) and each function's
`<result>` (only that function failed, unless the operation was a transaction). The tree follows
those layers::

    IntacctError
    ├── TransportError                 network failure, timeout, non-2xx with a non-XML body
    │   └── HttpStatusError            .status_code, .retryable (5xx except 524)
    ├── ResponseParseError             malformed XML, forbidden DTD/entities, no <control>
    ├── ControlError                   control status failure (.errors)
    │   └── RateLimitError             HTTP 429 and/or GW-0010 (.retry_after)
    ├── AuthenticationError            operation/authentication failure
    │   └── SessionExpiredError        that failure while authenticating with a session id
    └── ResultError                    a function's result is not success
        ├── TransactionAbortedError    status "aborted": rolled back because a sibling failed
        └── DuplicateRequestError      uniqueid duplicate / indeterminate outcome

No exception holds a secret: messages and attributes carry error numbers, descriptions and control
ids, never passwords or session ids.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

__all__ = [
    "AuthenticationError",
    "ControlError",
    "DuplicateRequestError",
    "ErrorDetail",
    "HttpStatusError",
    "IntacctError",
    "RateLimitError",
    "ResponseParseError",
    "ResultError",
    "SessionExpiredError",
    "TransactionAbortedError",
    "TransportError",
]


@attrs.frozen(kw_only=True)
class ErrorDetail:
    """One `<error>` of an `<errormessage>`, in the order the gateway sent it, entities decoded."""

    errorno: str | None = None
    description: str | None = None
    description2: str | None = None
    correction: str | None = None

    def __str__(self) -> str:
        parts = [
            p for p in (self.errorno, self.description, self.description2, self.correction) if p
        ]
        return " ".join(parts)


def _summarise(base: str, errors: Sequence[ErrorDetail]) -> str:
    if not errors:
        return base
    return base + " - " + " - ".join(str(e) for e in errors)


class IntacctError(Exception):
    """Root of every error raised by `intacct_sdk`."""

    def __init__(self, message: str, *, request_control_id: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        #: The request-level `<controlid>` of the request that failed, when one was sent.
        self.request_control_id = request_control_id


class TransportError(IntacctError):
    """No gateway response: network failure, timeout, or an error without an XML body."""

    def __init__(
        self,
        message: str,
        *,
        request_control_id: str | None = None,
        outcome_unknown: bool = False,
    ) -> None:
        super().__init__(message, request_control_id=request_control_id)
        #: True when the request may have been applied (read timeout, 524, dropped response).
        self.outcome_unknown = outcome_unknown


class HttpStatusError(TransportError):
    """A non-2xx HTTP status whose body is not a gateway XML document (an HTML error page)."""

    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        request_control_id: str | None = None,
        outcome_unknown: bool = False,
    ) -> None:
        super().__init__(
            message, request_control_id=request_control_id, outcome_unknown=outcome_unknown
        )
        self.status_code = status_code

    @property
    def retryable(self) -> bool:
        """5xx are retryable except 524, where the gateway may still be processing the request."""
        return 500 <= self.status_code <= 599 and self.status_code != 524


class ResponseParseError(IntacctError):
    """Not a gateway response: malformed XML, a DTD or entity declaration, no control block."""


class _ErrorsMixin:
    errors: tuple[ErrorDetail, ...]

    @property
    def errornos(self) -> tuple[str, ...]:
        """The error numbers, in order, skipping errors that have none."""
        return tuple(e.errorno for e in self.errors if e.errorno)


class ControlError(_ErrorsMixin, IntacctError):
    """The `<control>` status is failure: no operation ran (bad sender, schema error, ...)."""

    def __init__(
        self,
        message: str,
        *,
        errors: Sequence[ErrorDetail] = (),
        request_control_id: str | None = None,
    ) -> None:
        super().__init__(_summarise(message, errors), request_control_id=request_control_id)
        self.errors = tuple(errors)


class RateLimitError(ControlError):
    """HTTP 429 and/or `GW-0010`: the company's request rate is exceeded."""

    def __init__(
        self,
        message: str,
        *,
        errors: Sequence[ErrorDetail] = (),
        request_control_id: str | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message, errors=errors, request_control_id=request_control_id)
        #: Seconds the gateway asked us to wait (Retry-After), when it said.
        self.retry_after = retry_after


class AuthenticationError(_ErrorsMixin, IntacctError):
    """The operation's `<authentication>` status is failure: no function ran."""

    def __init__(
        self,
        message: str,
        *,
        errors: Sequence[ErrorDetail] = (),
        request_control_id: str | None = None,
    ) -> None:
        super().__init__(_summarise(message, errors), request_control_id=request_control_id)
        self.errors = tuple(errors)


class SessionExpiredError(AuthenticationError):
    """Authentication failed while a session id was used: the session is invalid or expired."""


class ResultError(_ErrorsMixin, IntacctError):
    """A function's `<result>` is not success."""

    def __init__(
        self,
        message: str,
        *,
        control_id: str | None,
        function: str | None,
        status: str | None,
        errors: Sequence[ErrorDetail] = (),
        request_control_id: str | None = None,
    ) -> None:
        super().__init__(_summarise(message, errors), request_control_id=request_control_id)
        #: The function's `controlid` attribute.
        self.control_id = control_id
        #: The function name the gateway echoed (`create`, `readByQuery`, ...).
        self.function = function
        #: The result status (`failure`, `aborted`, or None when the gateway sent none).
        self.status = status
        self.errors = tuple(errors)


class TransactionAbortedError(ResultError):
    """Status `aborted`: rolled back because another function of the transaction failed."""


class DuplicateRequestError(ResultError):
    """The outcome is a uniqueid duplicate or indeterminate: read the object back, never repost."""
