"""The error tree (see `intacct_sdk._exceptions` for the diagram); also re-exported at top level."""

from intacct_sdk._exceptions import (
    AuthenticationError,
    ControlError,
    DuplicateRequestError,
    ErrorDetail,
    HttpStatusError,
    IntacctError,
    RateLimitError,
    ResponseParseError,
    ResultError,
    SessionExpiredError,
    TransactionAbortedError,
    TransportError,
)

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
