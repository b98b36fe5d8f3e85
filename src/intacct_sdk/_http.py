"""The only module that imports httpx (DESIGN section 2: a switch of HTTP library, e.g. to the
`httpx2` fork, stays a one-module change). It sends bytes and returns either an `HttpAnswer` or
a `TransportFailure`; it never interprets the gateway's answer."""

from __future__ import annotations

import attrs
import httpx

from intacct_sdk._constants import USER_AGENT
from intacct_sdk._retry import TransportFailure

__all__ = [
    "AsyncClient",
    "AsyncSender",
    "Client",
    "HttpAnswer",
    "SyncSender",
]

Client = httpx.Client
AsyncClient = httpx.AsyncClient

_HEADERS = {
    "Content-Type": "application/xml; charset=utf-8",
    "Accept": "application/xml",
    "User-Agent": USER_AGENT,
}


@attrs.frozen(kw_only=True)
class HttpAnswer:
    """An HTTP response, reduced to what the parser needs."""

    status_code: int
    content_type: str
    body: bytes = attrs.field(repr=False)
    retry_after: str | None = None


def _answer(response: httpx.Response) -> HttpAnswer:
    return HttpAnswer(
        status_code=response.status_code,
        content_type=response.headers.get("content-type", ""),
        body=response.content,
        retry_after=response.headers.get("retry-after"),
    )


def _failure(exc: httpx.TransportError) -> TransportFailure:
    name = type(exc).__name__
    # Connect-phase failures never reached the server; everything else might have.
    if isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout):
        return TransportFailure(message=f"{name}: could not connect", sent=False)
    timeout = isinstance(exc, httpx.TimeoutException)
    return TransportFailure(
        message=f"{name}: {'timed out' if timeout else 'no response'}", sent=True, timeout=timeout
    )


class SyncSender:
    """Posts request bodies with an httpx.Client (ours, or the caller's)."""

    def __init__(self, http_client: httpx.Client | None, timeout: float) -> None:
        self._owned = http_client is None
        self._client = http_client or httpx.Client(timeout=timeout)
        self._timeout = timeout

    def send(self, url: str, body: bytes) -> HttpAnswer | TransportFailure:
        """POST `body` to `url`."""
        try:
            response = self._client.post(url, content=body, headers=_HEADERS, timeout=self._timeout)
        except httpx.TransportError as exc:
            return _failure(exc)
        return _answer(response)

    def close(self) -> None:
        """Close the client if we created it (an injected client belongs to the caller)."""
        if self._owned:
            self._client.close()


class AsyncSender:
    """Posts request bodies with an httpx.AsyncClient (ours, or the caller's)."""

    def __init__(self, http_client: httpx.AsyncClient | None, timeout: float) -> None:
        self._owned = http_client is None
        self._client = http_client or httpx.AsyncClient(timeout=timeout)
        self._timeout = timeout

    async def send(self, url: str, body: bytes) -> HttpAnswer | TransportFailure:
        """POST `body` to `url`."""
        try:
            response = await self._client.post(
                url, content=body, headers=_HEADERS, timeout=self._timeout
            )
        except httpx.TransportError as exc:
            return _failure(exc)
        return _answer(response)

    async def aclose(self) -> None:
        """Close the client if we created it."""
        if self._owned:
            await self._client.aclose()
