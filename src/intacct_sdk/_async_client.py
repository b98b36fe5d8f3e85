"""`AsyncIntacctClient`: the asyncio shell over the same flows as `IntacctClient`."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from types import TracebackType
from typing import Any, Self, TypeVar

from intacct_sdk import _base_client as base
from intacct_sdk import _builders as build
from intacct_sdk._constants import (
    DEFAULT_ENDPOINT,
    DEFAULT_MAX_CONCURRENCY,
    DEFAULT_MAX_RETRIES,
    DEFAULT_PAGE_SIZE,
    DEFAULT_SESSION_MAX_AGE,
    DEFAULT_TIMEOUT,
)
from intacct_sdk._helpers._async import (
    APAdjustments,
    APBills,
    GLAccounts,
    PurchaseOrders,
    Vendors,
)
from intacct_sdk._helpers._flows import Execute, HelperFlow
from intacct_sdk._http import AsyncClient, AsyncSender
from intacct_sdk._result import Response, Result
from intacct_sdk._session import Session
from intacct_sdk.functions import Filter, Function, Read

__all__ = ["AsyncIntacctClient"]

T = TypeVar("T")


class AsyncIntacctClient(base.BaseClient):
    """Asynchronous Sage Intacct client: the arguments and behaviour of `IntacctClient`, with
    `async` methods and async iterators. `http_client` is an `httpx.AsyncClient`; `sleep` an
    async callable."""

    def __init__(
        self,
        *,
        sender_id: str,
        sender_password: str,
        company_id: str | None = None,
        user_id: str | None = None,
        user_password: str | None = None,
        entity_id: str | None = None,
        endpoint_url: str = DEFAULT_ENDPOINT,
        session_id: str | None = None,
        http_client: AsyncClient | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        session_max_age: timedelta = DEFAULT_SESSION_MAX_AGE,
        max_concurrency: int = DEFAULT_MAX_CONCURRENCY,
        allow_endpoint_hosts: Iterable[str] = (),
        clock: Callable[[], datetime] | None = None,
        sleep: Callable[[float], Awaitable[None]] | None = None,
        rand: Callable[[], float] | None = None,
    ) -> None:
        super().__init__(
            sender_id=sender_id,
            sender_password=sender_password,
            company_id=company_id,
            user_id=user_id,
            user_password=user_password,
            entity_id=entity_id,
            endpoint_url=endpoint_url,
            session_id=session_id,
            timeout=timeout,
            max_retries=max_retries,
            session_max_age=session_max_age,
            max_concurrency=max_concurrency,
            allow_endpoint_hosts=allow_endpoint_hosts,
            clock=clock,
            rand=rand,
        )
        self._http = AsyncSender(http_client, timeout)
        self._sleep = sleep or asyncio.sleep
        self._refresh_lock = asyncio.Lock()
        self._slots = asyncio.Semaphore(max_concurrency)
        self.vendors = Vendors(self)
        self.ap_bills = APBills(self)
        self.ap_adjustments = APAdjustments(self)
        self.purchase_orders = PurchaseOrders(self)
        self.gl_accounts = GLAccounts(self)

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str] | None = None, **overrides: Any
    ) -> AsyncIntacctClient:
        """A client from the INTACCT_* environment variables (see `IntacctClient.from_env`)."""
        kwargs = cls._env_kwargs(dict(environ) if environ is not None else None)
        kwargs.update(overrides)
        return cls(**kwargs)

    async def close(self) -> None:
        """Close the HTTP client if the client created it."""
        await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def _drive(self, flow: base.Flow) -> Any:
        value: Any = None
        while True:
            try:
                action = flow.send(value)
            except StopIteration as stop:
                return stop.value
            if isinstance(action, base.Send):
                async with self._slots:
                    self.request_count += 1
                    value = await self._http.send(action.url, action.body)
            elif isinstance(action, base.Sleep):
                await self._sleep(action.seconds)
                value = None
            else:
                value = await self._ensure_session(action.stale)

    async def _ensure_session(self, stale: str | None) -> Session:
        # One lock: concurrent tasks that find the session stale wait for one refresh.
        async with self._refresh_lock:
            session = self._session_usable(stale)
            if session is None:
                session = await self._drive(self._login_flow())
                self._store_session(session)
            return session

    async def _arun(self, flow: HelperFlow[T]) -> T:
        value: Any = None
        while True:
            try:
                action: Execute = flow.send(value)
            except StopIteration as stop:
                return stop.value  # type: ignore[no-any-return]
            value = await self.execute(action.functions)

    async def execute(
        self,
        functions: Sequence[Function],
        *,
        transaction: bool = False,
        uniqueid: bool | None = None,
    ) -> Response:
        """Send `functions` in one request (see `IntacctClient.execute`)."""
        flow = self._execute_flow(functions, transaction=transaction, uniqueid=uniqueid)
        return await self._drive(flow)  # type: ignore[no-any-return]

    async def _one(self, fn: Function) -> Result:
        response = await self.execute([fn])
        return response.result(fn.control_id).raise_for_status()

    async def create(
        self, obj: str, fields: Mapping[str, Any], *, control_id: str | None = None
    ) -> Result:
        """3.0 `create` of one record; raises a ResultError subclass when it fails."""
        return await self._one(build.create_function(obj, fields, control_id))

    async def update(
        self, obj: str, fields: Mapping[str, Any], *, control_id: str | None = None
    ) -> Result:
        """3.0 `update` of one record; raises a ResultError when it fails."""
        return await self._one(build.update_function(obj, fields, control_id))

    async def delete(
        self, obj: str, keys: Sequence[str | int], *, control_id: str | None = None
    ) -> Result:
        """3.0 `delete` by RECORDNO; raises a ResultError when it fails."""
        return await self._one(build.delete_function(obj, keys, control_id))

    async def read(
        self, obj: str, keys: Iterable[str | int], fields: Sequence[str] = ("*",)
    ) -> list[dict[str, Any]]:
        """Records by RECORDNO, in one request (more than 100 keys become several reads)."""
        fns = Read.split(obj, keys, fields)
        if not fns:
            return []
        response = await self.execute(fns)
        return [r for fn in fns for r in build.page_result(response, fn).data]

    def read_by_query(
        self,
        obj: str,
        query: str = "",
        fields: Sequence[str] = ("*",),
        *,
        page_size: int = DEFAULT_PAGE_SIZE,
        doc_par_id: str | None = None,
    ) -> AsyncIterator[dict[str, Any]]:
        """Async iterator over readByQuery records, one page fetched at a time."""
        pager = build.read_by_query_pager(obj, query, fields, page_size, doc_par_id)
        return self._pages(pager)

    def query(
        self,
        obj: str,
        select: Sequence[str],
        filter: Filter | None = None,
        order_by: Sequence[str] = (),
        *,
        page_size: int = DEFAULT_PAGE_SIZE,
        case_insensitive: bool = False,
        doc_par_id: str | None = None,
    ) -> AsyncIterator[dict[str, Any]]:
        """Async iterator over 3.0 query records (offset paging)."""
        pager = build.query_pager(
            obj, select, filter, order_by, page_size, case_insensitive, doc_par_id
        )
        return self._pages(pager)

    async def _pages(self, pager: build.Pager) -> AsyncIterator[dict[str, Any]]:
        fn: Function | None = pager.first()
        while fn is not None:
            result = await self._one(fn)
            for record in result.data:
                yield record
            fn = pager.next(result)
