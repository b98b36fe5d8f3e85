"""A bearer token fetched on demand, cached, shared, and refreshed once on a 401.

One fetch serves every concurrent request: sync flows hold a `threading.Lock` and async flows an
`asyncio.Lock` around the fetch (the fetch request goes through the same httpx client, so a test
transport or a proxy sees it too). On a 401 the token that was used is dropped, unless another
request already replaced it, and the request is resent once.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import AsyncGenerator, Callable, Generator

from commerce_sdk._http import Auth, Request, Response

__all__ = ["RefreshingTokenAuth"]


class RefreshingTokenAuth(Auth):
    """Base for token-fetching auths; subclasses build the fetch and parse its answer."""

    requires_response_body = True

    def __init__(self, *, clock: Callable[[], float] | None = None) -> None:
        self._clock = clock or time.monotonic
        self._token: str | None = None
        self._expires_at: float | None = None
        self._thread_lock = threading.Lock()
        self._async_lock: asyncio.Lock | None = None

    # -- hooks ------------------------------------------------------------------------------
    def _token_request(self, request: Request) -> Request:
        raise NotImplementedError

    def _parse_token(self, response: Response, request: Request) -> tuple[str, float | None]:
        """(token, lifetime in seconds or None for 'until a 401'); raise on failure."""
        raise NotImplementedError

    def _refresh_margin(self, lifetime: float) -> float:
        return 0.0

    def _apply(self, request: Request, token: str) -> None:
        request.headers["Authorization"] = f"Bearer {token}"

    # -- cache ------------------------------------------------------------------------------
    def _valid_token(self) -> str | None:
        if self._token is None:
            return None
        if self._expires_at is not None and self._clock() >= self._expires_at:
            return None
        return self._token

    def _store(self, response: Response, request: Request) -> str:
        token, lifetime = self._parse_token(response, request)
        self._token = token
        self._expires_at = (
            None
            if lifetime is None
            else self._clock() + max(0.0, lifetime - self._refresh_margin(lifetime))
        )
        return token

    def invalidate(self) -> None:
        """Forget the cached token; the next request fetches a new one."""
        self._token = None
        self._expires_at = None

    # -- flows ------------------------------------------------------------------------------
    def sync_auth_flow(self, request: Request) -> Generator[Request, Response, None]:
        """Send with a cached or fresh token; on a 401 refresh once and resend."""
        with self._thread_lock:
            token = self._valid_token()
            if token is None:
                token = self._store((yield self._token_request(request)), request)
        self._apply(request, token)
        response = yield request
        if response.status_code != 401:
            return
        with self._thread_lock:
            current = self._valid_token()
            if current is None or current == token:
                current = self._store((yield self._token_request(request)), request)
        self._apply(request, current)
        yield request

    async def async_auth_flow(self, request: Request) -> AsyncGenerator[Request, Response]:
        """The async twin of `sync_auth_flow`, sharing the fetch through an `asyncio.Lock`."""
        if self._async_lock is None:
            self._async_lock = asyncio.Lock()
        async with self._async_lock:
            token = self._valid_token()
            if token is None:
                token = self._store((yield self._token_request(request)), request)
        self._apply(request, token)
        response = yield request
        if response.status_code != 401:
            return
        async with self._async_lock:
            current = self._valid_token()
            if current is None or current == token:
                current = self._store((yield self._token_request(request)), request)
        self._apply(request, current)
        yield request
