"""The only module of `commerce_sdk` that imports httpx (DESIGN section 2).

Everything else in the package (and the fake and webhook helpers) imports the httpx names it needs
from here, so the transport dependency has one seam.
"""

from __future__ import annotations

import httpx
from httpx import (
    URL,
    AsyncBaseTransport,
    AsyncByteStream,
    AsyncClient,
    Auth,
    BaseTransport,
    ByteStream,
    Client,
    ConnectError,
    Headers,
    HTTPError,
    HTTPStatusError,
    Limits,
    MockTransport,
    NetworkError,
    PoolTimeout,
    QueryParams,
    ReadError,
    ReadTimeout,
    RemoteProtocolError,
    Request,
    RequestError,
    Response,
    SyncByteStream,
    Timeout,
    TimeoutException,
    TransportError,
    WriteError,
)

#: Failures worth resending an idempotent request for: timeouts, connection errors and a
#: connection closed without a response. Proxy and protocol-setup errors are not retried.
RETRYABLE_ERRORS: tuple[type[Exception], ...] = (
    TimeoutException,
    NetworkError,
    RemoteProtocolError,
)

__all__ = [
    "RETRYABLE_ERRORS",
    "URL",
    "AsyncBaseTransport",
    "AsyncByteStream",
    "AsyncClient",
    "Auth",
    "BaseTransport",
    "ByteStream",
    "Client",
    "ConnectError",
    "HTTPError",
    "HTTPStatusError",
    "Headers",
    "Limits",
    "MockTransport",
    "NetworkError",
    "PoolTimeout",
    "QueryParams",
    "ReadError",
    "ReadTimeout",
    "RemoteProtocolError",
    "Request",
    "RequestError",
    "Response",
    "SyncByteStream",
    "Timeout",
    "TimeoutException",
    "TransportError",
    "WriteError",
    "httpx",
]
