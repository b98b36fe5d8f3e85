"""`FakeCommerce`: an in-memory Adobe Commerce instance (PaaS or SaaS) behind an httpx transport.

The request path is sans-I/O: `handle(method, url, headers, body) -> Reply` decides everything
under one lock; the httpx shells (`_transport.py`) and the loopback server (`_server.py`) only move
bytes and sleep for the injected latency.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any, Literal
from urllib.parse import urlsplit

import attrs

from commerce_sdk.testing import _defaults as d
from commerce_sdk.testing._clock import Clock
from commerce_sdk.testing._dispatch import DispatchMixin
from commerce_sdk.testing._faults import FaultQueue
from commerce_sdk.testing._ims import IMSConfig
from commerce_sdk.testing._oauth_verify import (
    OAuthCredentials,
    OAuthVerifier,
    ParamOrder,
)
from commerce_sdk.testing._records import RecordsMixin
from commerce_sdk.testing._responses import FakeHTTPError, Reply
from commerce_sdk.testing._seed import DEFAULT_START, DemoSeed, seed_demo
from commerce_sdk.testing._store import Store
from commerce_sdk.testing._tokens import TokenRegistry
from commerce_sdk.testing._transport import TransportMixin

__all__ = ["FakeCommerce", "RecordedRequest"]

Flavor = Literal["paas", "saas"]
_PRE_FAULTS: frozenset[Any] = frozenset({"status", "drop"})


@attrs.frozen(kw_only=True)
class RecordedRequest:
    """One request the fake answered: `auth` is oauth1, admin, customer, ims, integration_bearer,
    none (anonymous or rejected) or token-endpoint; `fault` names an injected fault, if any;
    `at` is the fake clock's time; `status` is 0 for a dropped connection."""

    method: str
    path: str
    query: str
    auth: str
    status: int
    store: str | None = None
    fault: str | None = None
    at: float = 0.0


class FakeCommerce(RecordsMixin, DispatchMixin, TransportMixin):
    """An in-memory Adobe Commerce instance; an httpx sync and async transport.

    Args:
        flavor: "paas" (`/rest/<store>/V1/...`, OAuth 1.0a / admin tokens) or "saas"
            (`<base>/V1/...` with a `Store` header, Adobe IMS bearer tokens plus `x-api-key`).
        base_url: the instance URL; defaults to `https://shop.example.test` (PaaS) or
            `https://na1-sandbox.api.commerce.adobe.com/FakeTenant01` (SaaS).
        consumer_key, consumer_secret, access_token, access_token_secret: the integration's
            OAuth 1.0a credentials (PaaS).
        ims_client_id, ims_client_secret: the IMS client (SaaS); `ims_expires_in` its lifetime.
        admin_users: username -> password for `POST /V1/integration/admin/token`.
        company_users: email -> password of customers who may get a customer token.
        two_factor_auth: the admin token endpoint refuses with Magento's 2FA message.
        bearer_integration: accept the integration access token as a bearer token.
        integration_resources: ACL resources the integration has (None: all).
        oauth_param_order: "magento" (raw-name ksort, Magento's behaviour) or "rfc5849".
        store_codes: store view codes that exist.
        clock: POSIX-seconds clock for token expiry, OAuth timestamps and `updated_at`.
        latency: seconds every answer is delayed; `sleep` / `async_sleep` do the waiting.
    """

    def __init__(
        self,
        *,
        flavor: Flavor = "paas",
        base_url: str | None = None,
        consumer_key: str = d.CONSUMER_KEY,
        consumer_secret: str = d.CONSUMER_SECRET,
        access_token: str = d.ACCESS_TOKEN,
        access_token_secret: str = d.ACCESS_TOKEN_SECRET,
        ims_client_id: str = d.IMS_CLIENT_ID,
        ims_client_secret: str = d.IMS_CLIENT_SECRET,
        ims_expires_in: int = d.IMS_EXPIRES_IN,
        admin_users: Mapping[str, str] | None = None,
        company_users: Mapping[str, str] | None = None,
        two_factor_auth: bool = False,
        bearer_integration: bool = False,
        integration_resources: Collection[str] | None = None,
        oauth_param_order: ParamOrder = "magento",
        store_codes: Sequence[str] = d.STORE_CODES,
        clock: Clock | None = None,
        latency: float = 0.0,
        sleep: Callable[[float], None] | None = None,
        async_sleep: Callable[[float], Awaitable[None]] | None = None,
    ) -> None:
        if flavor not in ("paas", "saas"):
            raise ValueError(f"flavor: expected 'paas' or 'saas', got {flavor!r}")
        if latency < 0:
            raise ValueError(f"latency: expected >= 0 seconds, got {latency!r}")
        if ims_expires_in <= 0:
            raise ValueError(f"ims_expires_in: expected > 0 seconds, got {ims_expires_in!r}")
        if not store_codes:
            raise ValueError(f"store_codes: expected at least one store code, got {store_codes!r}")
        if oauth_param_order not in ("magento", "rfc5849"):
            raise ValueError(
                f"oauth_param_order: expected 'magento' or 'rfc5849', got {oauth_param_order!r}"
            )
        self.flavor: Flavor = flavor
        base = (base_url or (d.PAAS_BASE_URL if flavor == "paas" else d.SAAS_BASE_URL)).rstrip("/")
        parts = urlsplit(base)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"base_url: expected an http(s) URL, got {base_url!r}")
        self._origin = f"{parts.scheme}://{parts.netloc}"
        self._base_path = parts.path.rstrip("/")
        self._served_origin: str | None = None
        self.clock: Clock = clock or time.time
        self.latency = latency
        self._init_transport(sleep=sleep, async_sleep=async_sleep)
        self._lock = threading.RLock()
        self.store = Store()
        self.tokens = TokenRegistry(self.clock)
        self.faults = FaultQueue()
        self._credentials = OAuthCredentials(
            consumer_key=consumer_key,
            consumer_secret=consumer_secret,
            access_token=access_token,
            access_token_secret=access_token_secret,
            consumer_id=d.CONSUMER_ID,
        )
        self._verifier = OAuthVerifier(
            self._credentials,
            clock=self.clock,
            time_deviation=d.OAUTH_TIME_DEVIATION,
            order=oauth_param_order,
        )
        self._ims = IMSConfig(
            client_id=ims_client_id,
            client_secret=ims_client_secret,
            expires_in=ims_expires_in,
            required_scope=d.IMS_REQUIRED_SCOPE,
        )
        self._admin_users = dict(d.ADMIN_USERS if admin_users is None else admin_users)
        self._passwords = {k.lower(): v for k, v in (company_users or {}).items()}
        self.two_factor_auth = two_factor_auth
        self.bearer_integration = bearer_integration
        self._resources = (
            None if integration_resources is None else frozenset(integration_resources)
        )
        self.store_codes = tuple(store_codes)
        self._log: list[RecordedRequest] = []

    def __repr__(self) -> str:
        return f"FakeCommerce(flavor={self.flavor!r}, base_url={self.base_url!r})"

    # -- addresses and credentials ---------------------------------------------------------

    @property
    def base_url(self) -> str:
        """The instance's base URL (the loopback URL while `serve()` runs)."""
        return (self._served_origin or self._origin) + self._base_path

    @property
    def graphql_url(self) -> str:
        """The GraphQL endpoint."""
        return self.base_url + "/graphql"

    @property
    def ims_token_url(self) -> str:
        """Where IMS tokens come from: Adobe's URL in-process, the loopback origin when served."""
        if self._served_origin:
            return self._served_origin + d.IMS_TOKEN_PATH
        return d.IMS_TOKEN_URL

    @property
    def oauth_credentials(self) -> OAuthCredentials:
        """The integration's OAuth 1.0a credentials (secrets are hidden from the repr)."""
        return self._credentials

    @property
    def ims_client_id(self) -> str:
        """The IMS client id (also the `x-api-key`)."""
        return self._ims.client_id

    @property
    def ims_client_secret(self) -> str:
        """The IMS client secret."""
        return self._ims.client_secret

    # -- tokens ------------------------------------------------------------------------------

    def admin_token(self, username: str = "admin") -> str:
        """Mint an admin token directly (as the admin token endpoint would)."""
        with self._lock:
            return self.tokens.issue("admin", username, d.ADMIN_TOKEN_LIFETIME).value

    def customer_token(self, email: str) -> str:
        """Mint a customer token for an existing customer, without a password."""
        with self._lock:
            for customer in self.store.all("customer"):
                if str(customer.get("email", "")).lower() == email.lower():
                    return self.tokens.issue(
                        "customer", str(customer["id"]), d.CUSTOMER_TOKEN_LIFETIME
                    ).value
        raise KeyError(f"email: no customer with email {email!r}")

    def set_password(self, email: str, password: str) -> None:
        """Let a customer log in (customer token endpoint, `generateCustomerToken`)."""
        with self._lock:
            self._passwords[email.lower()] = password

    def expire_tokens(self, kind: Literal["admin", "customer", "ims"] | None = None) -> int:
        """Expire every issued token (of one kind) now; returns how many were live."""
        with self._lock:
            return self.tokens.expire_all(kind)

    # -- demo data ---------------------------------------------------------------------------

    def seed_demo(
        self,
        *,
        seed: int = 0,
        orders: int = 50,
        companies: int = 4,
        customers: int = 12,
        purchase_orders_per_company: int = 2,
        start: datetime | None = None,
        days: int = 60,
    ) -> DemoSeed:
        """Add a deterministic, realistic distributor (see `commerce_sdk.testing.DemoSeed`):
        guests, customers, B2B companies with users who can log in (`DemoSeed.company_users`),
        orders with configurable/bundle lines, discounts, shipping, tax and EUR currency,
        invoices, full and partial refunds with a fee, and purchase orders. Same arguments,
        same data."""
        return seed_demo(
            self,
            seed=seed,
            orders=orders,
            companies=companies,
            customers=customers,
            purchase_orders_per_company=purchase_orders_per_company,
            start=start or DEFAULT_START,
            days=days,
        )

    # -- request log -------------------------------------------------------------------------

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every request answered so far, oldest first (a copy)."""
        with self._lock:
            return list(self._log)

    def count(
        self,
        *,
        method: str | None = None,
        path: str | None = None,
        status: int | None = None,
        auth: str | None = None,
    ) -> int:
        """How many logged requests match all the given criteria (`path` is a substring)."""
        return sum(
            1
            for r in self.requests
            if (method is None or r.method == method.upper())
            and (path is None or path in r.path)
            and (status is None or r.status == status)
            and (auth is None or r.auth == auth)
        )

    @property
    def counters(self) -> Counter[str]:
        """Totals over the request log: `requests`, `status:<code>`, `auth:<kind>`,
        `fault:<kind>` and `method:<METHOD>` (a dropped connection counts as `status:0`)."""
        totals: Counter[str] = Counter()
        for r in self.requests:
            totals.update(
                ("requests", f"status:{r.status}", f"auth:{r.auth}", f"method:{r.method}")
            )
            if r.fault:
                totals[f"fault:{r.fault}"] += 1
        return totals

    def clear_requests(self) -> None:
        """Forget the request log."""
        with self._lock:
            self._log.clear()

    # -- serving -----------------------------------------------------------------------------

    @contextmanager
    def serve(self, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
        """Serve the fake over real HTTP on loopback in a background thread; yields the base URL.

        While it runs, `base_url`, `graphql_url` and `ims_token_url` point at the server.
        """
        from commerce_sdk.testing._server import serve_fake

        with serve_fake(self, host, port) as origin:
            self._served_origin = origin
            try:
                yield self.base_url
            finally:
                self._served_origin = None

    # -- the request path --------------------------------------------------------------------

    def handle(
        self, method: str, url: str, headers: Sequence[tuple[str, str]], body: bytes
    ) -> Reply:
        """Answer one request (sans-I/O): the core every shell calls."""
        method = method.upper()
        parts = urlsplit(url)
        hdrs = {k.lower(): v for k, v in headers}
        state: dict[str, Any] = {"auth": "none", "store": None, "fault": None}
        with self._lock:
            reply = self._answer(method, parts, hdrs, body, state)
            latency = self.faults.take(parts.path, frozenset({"latency"}))
            delay = self.latency + (latency.seconds if latency else 0.0)
            self._log.append(
                RecordedRequest(
                    method=method,
                    path=parts.path,
                    query=parts.query,
                    auth=state["auth"],
                    status=0 if reply.drop else reply.status,
                    store=state["store"],
                    fault=state["fault"],
                    at=self.clock(),
                )
            )
        return attrs.evolve(reply, delay=delay) if delay else reply

    def _answer(
        self, method: str, parts: Any, headers: dict[str, str], body: bytes, state: dict[str, Any]
    ) -> Reply:
        fault = self.faults.take(parts.path, _PRE_FAULTS)
        if fault is not None:
            state["fault"] = fault.kind
            if fault.kind == "drop":
                return Reply(status=0, drop=True)
            assert fault.reply is not None  # noqa: S101 - status faults always carry a reply
            return fault.reply
        try:
            return self._route(method, parts, headers, body, state)
        except FakeHTTPError as exc:
            return exc.reply
