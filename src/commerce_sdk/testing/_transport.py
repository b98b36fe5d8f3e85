"""The httpx shells around the fake's sans-I/O core (httpx names come from `commerce_sdk._http`).

Sync and async differ only in how they read the body and sleep: `sleep` (default `time.sleep`)
and `async_sleep` (default `asyncio.sleep`) are injectable so tests never really wait.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Sequence

from commerce_sdk._http import (
    AsyncBaseTransport,
    BaseTransport,
    RemoteProtocolError,
    Request,
    Response,
)
from commerce_sdk.testing._responses import Reply

__all__ = ["TransportMixin"]

_DROPPED = "Server disconnected without sending a response."


class TransportMixin(BaseTransport, AsyncBaseTransport):
    """Turns `Request`s into calls of `handle()` and `Reply`s into `Response`s."""

    _sleep: Callable[[float], None]
    _async_sleep: Callable[[float], Awaitable[None]]

    def _init_transport(
        self,
        *,
        sleep: Callable[[float], None] | None,
        async_sleep: Callable[[float], Awaitable[None]] | None,
    ) -> None:
        self._sleep = sleep or time.sleep
        self._async_sleep = async_sleep or asyncio.sleep

    def handle(
        self, method: str, url: str, headers: Sequence[tuple[str, str]], body: bytes
    ) -> Reply:
        """Answer one request; implemented by the fake."""
        raise NotImplementedError

    def _call(self, request: Request, body: bytes) -> Reply:
        return self.handle(request.method, str(request.url), list(request.headers.items()), body)

    @staticmethod
    def _response(request: Request, reply: Reply) -> Response:
        if reply.drop:
            raise RemoteProtocolError(_DROPPED, request=request)
        return Response(
            reply.status, headers=list(reply.headers), content=reply.body, request=request
        )

    def handle_request(self, request: Request) -> Response:
        """httpx's sync transport entry point."""
        reply = self._call(request, request.read())
        if reply.delay:
            self._sleep(reply.delay)
        return self._response(request, reply)

    async def handle_async_request(self, request: Request) -> Response:
        """httpx's async transport entry point."""
        reply = self._call(request, await request.aread())
        if reply.delay:
            await self._async_sleep(reply.delay)
        return self._response(request, reply)

    def close(self) -> None:
        """Nothing to release: the fake holds no sockets."""

    async def aclose(self) -> None:
        """Nothing to release: the fake holds no sockets."""
