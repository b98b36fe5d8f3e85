"""`FakeIntacct`: the fake gateway as an httpx transport (sync and async) and a loopback server.

This is the only module of `intacct_sdk.testing` that imports httpx (DESIGN.md section 2); the
gateway itself (`_gateway.py`) is plain Python over bytes.
"""

from __future__ import annotations

import asyncio
import copy
import time
from collections.abc import Awaitable, Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any, TypedDict

import attrs
import httpx

from intacct_sdk.testing import _constants as const
from intacct_sdk.testing._faults import FaultQueue
from intacct_sdk.testing._gateway import Gateway, Outcome
from intacct_sdk.testing._log import Counters, RequestRecord
from intacct_sdk.testing._objects import ID_FIELDS, OBJECTS
from intacct_sdk.testing._results import FunctionError
from intacct_sdk.testing._rules import prepare
from intacct_sdk.testing._server import serve_gateway

__all__ = ["FakeCredentials", "FakeIntacct"]


class FakeCredentials(TypedDict):
    """Keyword arguments that log a client in to a `FakeIntacct` (`IntacctClient(**creds)`)."""

    sender_id: str
    sender_password: str
    company_id: str
    user_id: str
    user_password: str


def _utc_now() -> datetime:
    return datetime.now(UTC)


class FakeIntacct(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """An in-memory Sage Intacct XML gateway for one company, usable as an httpx transport.

    `httpx.Client(transport=fake)` and `httpx.AsyncClient(transport=fake)` both work; requests may
    go to any URL (each request's URL is logged, so tests can assert the getAPISession endpoint
    hand-off). `fake.serve()` puts the same gateway on a loopback port for demos and benchmarks.
    Thread-safe: one lock around every request and every seeding/inspection call.

    Args:
        sender_id: Web Services sender ID the control block must carry.
        sender_password: its password.
        company_id: the company users log in to (compared case-insensitively).
        users: `{user_id: password}`; defaults to one user, `fake-user` / `fake-user-password`.
        session_lifetime: session duration; sliding (each call pushes the timeout).
        clock: returns the current timezone-aware time (inject one to test expiry).
        endpoint_host: host of the endpoint getAPISession hands out
            (`https://<host>/ia/xml/xmlgw.phtml`).
        latency: seconds added to every answer (through `sleep` / `async_sleep`).
        sleep: the sync sleep used for latency (default `time.sleep`).
        async_sleep: the async sleep used for latency (default `asyncio.sleep`).
        timezone: the company's time zone for session stamps and WHENMODIFIED.
        locations: entity ids a login/getAPISession may name; None accepts any.
        enforce_endpoint: when true, a session only works on the endpoint it was issued for.
        vendor_auto_numbering: when true, a VENDOR create without VENDORID gets one.
    """

    def __init__(
        self,
        *,
        sender_id: str = const.DEFAULT_SENDER_ID,
        sender_password: str = const.DEFAULT_SENDER_PASSWORD,
        company_id: str = const.DEFAULT_COMPANY_ID,
        users: Mapping[str, str] | None = None,
        session_lifetime: timedelta = const.DEFAULT_SESSION_LIFETIME,
        clock: Callable[[], datetime] | None = None,
        endpoint_host: str = const.DEFAULT_ENDPOINT_HOST,
        latency: float = 0.0,
        sleep: Callable[[float], None] | None = None,
        async_sleep: Callable[[float], Awaitable[None]] | None = None,
        timezone: tzinfo = const.DEFAULT_TIMEZONE,
        locations: Iterable[str] | None = None,
        enforce_endpoint: bool = False,
        vendor_auto_numbering: bool = False,
    ) -> None:
        if latency < 0:
            raise ValueError(f"latency must be >= 0 seconds, got {latency!r}")
        if session_lifetime <= timedelta(0):
            raise ValueError(f"session_lifetime must be positive, got {session_lifetime!r}")
        self._users = (
            dict(users)
            if users is not None
            else {const.DEFAULT_USER_ID: const.DEFAULT_USER_PASSWORD}
        )
        if not self._users:
            raise ValueError("users must name at least one user")
        self._sleep = sleep or time.sleep
        self._async_sleep = async_sleep or asyncio.sleep
        self._gateway = Gateway(
            sender_id=sender_id,
            sender_password=sender_password,
            company_id=company_id,
            users=self._users,
            session_lifetime=session_lifetime,
            clock=clock or _utc_now,
            endpoint_url=f"https://{endpoint_host}{const.ENDPOINT_PATH}",
            latency=latency,
            timezone=timezone,
            locations=frozenset(locations) if locations is not None else None,
            enforce_endpoint=enforce_endpoint,
            vendor_auto_numbering=vendor_auto_numbering,
        )
        self._sender_password = sender_password

    def __repr__(self) -> str:
        return (
            f"FakeIntacct(sender_id={self.sender_id!r}, company_id={self.company_id!r}, "
            f"endpoint_url={self.endpoint_url!r})"
        )

    # -- identity -------------------------------------------------------------------------------

    @property
    def sender_id(self) -> str:
        """The sender ID requests must carry."""
        return self._gateway.sender_id

    @property
    def company_id(self) -> str:
        """The fake company's ID."""
        return self._gateway.company_id

    @property
    def endpoint_url(self) -> str:
        """The endpoint getAPISession hands out (the loopback URL while served with advertise)."""
        return self._gateway.endpoint_url

    def credentials(self, user_id: str | None = None) -> FakeCredentials:
        """Keyword arguments for a client that logs in to this fake (first user by default)."""
        user = user_id or next(iter(self._users))
        if user not in self._users:
            raise KeyError(f"unknown fake user {user!r}")
        return FakeCredentials(
            sender_id=self.sender_id,
            sender_password=self._sender_password,
            company_id=self.company_id,
            user_id=user,
            user_password=self._users[user],
        )

    # -- transports -----------------------------------------------------------------------------

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """httpx sync transport entry point."""
        outcome = self._gateway.handle(str(request.url), request.read())
        if outcome.delay:
            self._sleep(outcome.delay)
        return _to_response(outcome, request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """httpx async transport entry point."""
        outcome = self._gateway.handle(str(request.url), await request.aread())
        if outcome.delay:
            await self._async_sleep(outcome.delay)
        return _to_response(outcome, request)

    @contextmanager
    def serve(
        self, *, host: str = "127.0.0.1", port: int = 0, advertise: bool = True
    ) -> Iterator[str]:
        """Serve over real HTTP on loopback; yields the gateway URL (`.../ia/xml/xmlgw.phtml`).

        With `advertise` (default) getAPISession hands out that loopback URL while serving, so a
        client following the endpoint hand-off stays on the server (configure the SDK to accept
        it as a sandbox endpoint). Latency applies through the sync `sleep`.
        """
        with serve_gateway(self._gateway.handle, self._sleep, host=host, port=port) as base:
            url = base + const.ENDPOINT_PATH
            previous = self._gateway.endpoint_url
            if advertise:
                self._gateway.endpoint_url = url
            try:
                yield url
            finally:
                self._gateway.endpoint_url = previous

    # -- sessions -------------------------------------------------------------------------------

    def create_session(self, user_id: str | None = None, *, location_id: str | None = None) -> str:
        """Mint a session directly (as if getAPISession ran) and return its id."""
        user = user_id or next(iter(self._users))
        if user not in self._users:
            raise KeyError(f"unknown fake user {user!r}")
        gateway = self._gateway
        with gateway.lock:
            session = gateway.sessions.create(
                user_id=user,
                company_id=gateway.company_id,
                location_id=location_id,
                endpoint=gateway.endpoint_url,
                now=gateway.now(),
            )
            gateway.counters.sessions_created += 1
            return session.session_id

    def expire_sessions(self) -> int:
        """Expire every live session now; returns how many were live."""
        with self._gateway.lock:
            return self._gateway.sessions.expire_all()

    @property
    def live_sessions(self) -> int:
        """How many sessions are valid right now."""
        with self._gateway.lock:
            return self._gateway.sessions.live_count(self._gateway.now())

    # -- faults and inspection ------------------------------------------------------------------

    @property
    def faults(self) -> FaultQueue:
        """The fault queues (see `FaultQueue` for every kind and how they compose)."""
        return self._gateway.faults

    def reset_faults(self) -> None:
        """Drop every queued fault (constant `latency` is kept)."""
        self._gateway.faults.clear()

    @property
    def latency(self) -> float:
        """Seconds added to every answer."""
        return self._gateway.latency

    @latency.setter
    def latency(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError(f"latency must be >= 0 seconds, got {seconds!r}")
        self._gateway.latency = seconds

    @property
    def requests(self) -> list[RequestRecord]:
        """Every request received, oldest first (a copy)."""
        with self._gateway.lock:
            return list(self._gateway.log)

    @property
    def counters(self) -> Counters:
        """A snapshot of the running totals."""
        with self._gateway.lock:
            return attrs.evolve(self._gateway.counters)

    def reset(self) -> None:
        """Back to an empty company: no records, sessions, dedup memory, log, counters or faults."""
        self._gateway.reset()

    def clear_requests(self) -> None:
        """Forget the request log (counters keep running)."""
        with self._gateway.lock:
            self._gateway.log.clear()

    # -- the object store -----------------------------------------------------------------------

    def seed(self, obj: str, records: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
        """Store records as if created through the API (same rules and defaults); returns them.

        Raises:
            ValueError: unknown object, or a record the gateway would refuse (the message says why).
        """
        name = _object_name(obj)
        gateway = self._gateway
        stored = []
        with gateway.lock:
            ctx = gateway.context(gateway.now())
            for given in records:
                record = {k: copy.deepcopy(v) for k, v in given.items() if k != "RECORDNO"}
                try:
                    record = prepare(
                        gateway.store,
                        name,
                        record,
                        record_no=None,
                        auto_vendor_id=gateway.vendor_auto_numbering,
                    )
                except FunctionError as exc:
                    raise ValueError(f"cannot seed {name}: {exc}") from None
                record.setdefault("WHENCREATED", ctx.timestamp)
                record["WHENMODIFIED"] = ctx.timestamp
                stored.append(copy.deepcopy(gateway.store.insert(name, record)))
        return stored

    def add_gl_account(
        self,
        account_no: str,
        title: str | None = None,
        *,
        status: str = "active",
        account_type: str = "incomestatement",
        normal_balance: str = "debit",
        **fields: Any,
    ) -> dict[str, Any]:
        """Seed one GLACCOUNT (STATUS `active` or `inactive`); returns the stored record."""
        record = {
            "ACCOUNTNO": account_no,
            "TITLE": title or f"Account {account_no}",
            "ACCOUNTTYPE": account_type,
            "NORMALBALANCE": normal_balance,
            "STATUS": status,
            **fields,
        }
        return self.seed("GLACCOUNT", [record])[0]

    def add_vendor(
        self,
        vendor_id: str,
        name: str | None = None,
        *,
        email: str | None = None,
        status: str = "active",
        **fields: Any,
    ) -> dict[str, Any]:
        """Seed one VENDOR (e-mail goes to DISPLAYCONTACT.EMAIL1); returns the stored record."""
        record: dict[str, Any] = {
            "VENDORID": vendor_id,
            "NAME": name or vendor_id,
            "STATUS": status,
        }
        if email is not None:
            record["DISPLAYCONTACT"] = {"EMAIL1": email}
        record.update(fields)
        return self.seed("VENDOR", [record])[0]

    def records(self, obj: str) -> list[dict[str, Any]]:
        """Deep copies of every stored record of `obj`, in RECORDNO order."""
        name = _object_name(obj)
        with self._gateway.lock:
            return self._gateway.store.export(name)

    def record(self, obj: str, key: str | int) -> dict[str, Any] | None:
        """One record by RECORDNO or business ID (VENDORID, ACCOUNTNO, DOCID), or None."""
        name = _object_name(obj)
        with self._gateway.lock:
            store = self._gateway.store
            text = str(key)
            found = store.get(name, int(text)) if text.isdigit() else None
            if found is None and name in ID_FIELDS:
                found = store.by_id(name, text)
            return copy.deepcopy(found)


def _object_name(obj: str) -> str:
    name = obj.strip().upper()
    if name not in OBJECTS:
        raise ValueError(f"unknown object {obj!r}; FakeIntacct stores {', '.join(OBJECTS)}")
    return name


def _to_response(outcome: Outcome, request: httpx.Request) -> httpx.Response:
    if outcome.error == "connect_error":
        raise httpx.ConnectError("FakeIntacct: injected connection failure", request=request)
    if outcome.error == "timeout":
        raise httpx.ReadTimeout("FakeIntacct: injected read timeout", request=request)
    if outcome.error == "drop_response":
        raise httpx.ReadError("FakeIntacct: connection dropped after commit", request=request)
    return httpx.Response(
        outcome.status_code, headers=list(outcome.headers), content=outcome.body, request=request
    )
