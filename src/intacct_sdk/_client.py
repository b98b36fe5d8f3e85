"""`IntacctClient`: the synchronous shell over the shared flows in `_base_client`."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
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
from intacct_sdk._helpers._flows import Execute, HelperFlow
from intacct_sdk._helpers._sync import APAdjustments, APBills, GLAccounts, PurchaseOrders, Vendors
from intacct_sdk._http import Client, SyncSender
from intacct_sdk._result import Response, Result
from intacct_sdk._session import Session
from intacct_sdk.functions import Filter, Function, Read

__all__ = ["IntacctClient"]

T = TypeVar("T")


class IntacctClient(base.BaseClient):
    """Synchronous Sage Intacct XML gateway client (thread-safe; see docs/intacct.md).

    Args:
        sender_id: Web Services sender id (the `<control>` block).
        sender_password: the sender's password.
        company_id: company the user logs in to.
        user_id: Web Services user.
        user_password: the user's password.
        entity_id: log in to this entity of a multi-entity company (`<locationid>`).
        endpoint_url: the gateway; getAPISession may hand over to another endpoint.
        session_id: an existing API session to use first (renewed with the login if given).
        http_client: your own `httpx.Client` (proxies, TLS, the fake); you close it.
        timeout: seconds per HTTP request.
        max_retries: resends after the first attempt (see "Retries" in the docs).
        session_max_age: refresh a session older than this even if it is still valid.
        max_concurrency: requests in flight at once through this client.
        allow_endpoint_hosts: extra hosts a session may hand over to (sandboxes: exact names or
            `.suffix`); hosts under intacct.com and the host of `endpoint_url` are allowed.
        clock: returns the current timezone-aware time (tests move it by hand).
        sleep: waits between retries (tests pass a recorder instead of `time.sleep`).
        rand: uniform [0, 1) source for backoff jitter.
    """

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
        http_client: Client | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        session_max_age: timedelta = DEFAULT_SESSION_MAX_AGE,
        max_concurrency: int = DEFAULT_MAX_CONCURRENCY,
        allow_endpoint_hosts: Iterable[str] = (),
        clock: Callable[[], datetime] | None = None,
        sleep: Callable[[float], None] | None = None,
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
        self._http = SyncSender(http_client, timeout)
        self._sleep = sleep or time.sleep
        self._refresh_lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(max_concurrency)
        self.vendors = Vendors(self)
        self.ap_bills = APBills(self)
        self.ap_adjustments = APAdjustments(self)
        self.purchase_orders = PurchaseOrders(self)
        self.gl_accounts = GLAccounts(self)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> IntacctClient:
        """A client from INTACCT_SENDER_ID, INTACCT_SENDER_PASSWORD, INTACCT_COMPANY_ID,
        INTACCT_USER_ID, INTACCT_USER_PASSWORD, INTACCT_ENTITY_ID, INTACCT_ENDPOINT_URL.

        Raises:
            ValueError: a required variable is missing (the message names it).
        """
        kwargs = cls._env_kwargs(dict(environ) if environ is not None else None)
        kwargs.update(overrides)
        return cls(**kwargs)

    def close(self) -> None:
        """Close the HTTP client if the client created it."""
        self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- driving the shared flows ---------------------------------------------------------------

    def _drive(self, flow: base.Flow) -> Any:
        value: Any = None
        while True:
            try:
                action = flow.send(value)
            except StopIteration as stop:
                return stop.value
            if isinstance(action, base.Send):
                with self._slots:
                    self.request_count += 1
                    value = self._http.send(action.url, action.body)
            elif isinstance(action, base.Sleep):
                self._sleep(action.seconds)
                value = None
            else:
                value = self._ensure_session(action.stale)

    def _ensure_session(self, stale: str | None) -> Session:
        # One lock: concurrent callers that find the session stale wait for one refresh.
        with self._refresh_lock:
            session = self._session_usable(stale)
            if session is None:
                session = self._drive(self._login_flow())
                self._store_session(session)
            return session

    def _run(self, flow: HelperFlow[T]) -> T:
        value: Any = None
        while True:
            try:
                action: Execute = flow.send(value)
            except StopIteration as stop:
                return stop.value  # type: ignore[no-any-return]
            value = self.execute(action.functions)

    # -- public API -------------------------------------------------------------------------------

    def execute(
        self,
        functions: Sequence[Function],
        *,
        transaction: bool = False,
        uniqueid: bool | None = None,
    ) -> Response:
        """Send `functions` in one request and return every function's result.

        Transport, control and authentication failures raise; a function that failed does not:
        its `Result` says so (`ok`, `errors`, `error`, `raise_for_status()`). Look results up
        with `response.result(control_id)`. `uniqueid` defaults to True when any function
        writes, so a resend cannot apply a write twice.
        """
        return self._drive(  # type: ignore[no-any-return]
            self._execute_flow(functions, transaction=transaction, uniqueid=uniqueid)
        )

    def _one(self, fn: Function) -> Result:
        return self.execute([fn]).result(fn.control_id).raise_for_status()

    def create(
        self, obj: str, fields: Mapping[str, Any], *, control_id: str | None = None
    ) -> Result:
        """3.0 `create` of one record; raises a ResultError subclass when it fails."""
        return self._one(build.create_function(obj, fields, control_id))

    def update(
        self, obj: str, fields: Mapping[str, Any], *, control_id: str | None = None
    ) -> Result:
        """3.0 `update` of one record (fields name it); raises a ResultError when it fails."""
        return self._one(build.update_function(obj, fields, control_id))

    def delete(
        self, obj: str, keys: Sequence[str | int], *, control_id: str | None = None
    ) -> Result:
        """3.0 `delete` by RECORDNO; raises a ResultError when it fails."""
        return self._one(build.delete_function(obj, keys, control_id))

    def read(
        self, obj: str, keys: Iterable[str | int], fields: Sequence[str] = ("*",)
    ) -> list[dict[str, Any]]:
        """Records by RECORDNO, in one request (more than 100 keys become several reads)."""
        fns = Read.split(obj, keys, fields)
        if not fns:
            return []
        response = self.execute(fns)
        return [r for fn in fns for r in build.page_result(response, fn).data]

    def read_by_query(
        self,
        obj: str,
        query: str = "",
        fields: Sequence[str] = ("*",),
        *,
        page_size: int = DEFAULT_PAGE_SIZE,
        doc_par_id: str | None = None,
    ) -> Iterator[dict[str, Any]]:
        """Lazy iterator over readByQuery records (readMore fetches a page only when needed)."""
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
    ) -> Iterator[dict[str, Any]]:
        """Lazy iterator over 3.0 query records (offset paging, one page at a time)."""
        pager = build.query_pager(
            obj, select, filter, order_by, page_size, case_insensitive, doc_par_id
        )
        return self._pages(pager)

    def _pages(self, pager: build.Pager) -> Iterator[dict[str, Any]]:
        fn: Function | None = pager.first()
        while fn is not None:
            result = self._one(fn)
            yield from result.data
            fn = pager.next(result)
