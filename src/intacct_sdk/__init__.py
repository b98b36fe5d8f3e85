"""Sage Intacct XML gateway client.

The public surface is re-exported here; modules whose names start with an underscore are private.
"""

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
