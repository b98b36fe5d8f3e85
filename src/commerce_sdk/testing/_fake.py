"""`FakeCommerce`: an in-memory Adobe Commerce instance (PaaS or SaaS) behind an httpx transport.

The request path is sans-I/O: `handle(method, url, headers, body) -> Reply` decides everything
under one lock; the httpx shells (`_transport.py`) and the loopback server (`_server.py`) only move
bytes and sleep for the injected latency.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Awaitable, Callable, Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, Literal
from urllib.parse import parse_qsl, unquote, urlsplit

import attrs

from commerce_sdk.testing import _defaults as d
from commerce_sdk.testing import _responses as msg
from commerce_sdk.testing._auth import Caller, authenticate_paas, authenticate_saas, not_authorized
from commerce_sdk.testing._clock import Clock, utc_text
from commerce_sdk.testing._faults import FaultQueue
from commerce_sdk.testing._graphql import GraphQLContext, handle_graphql
from commerce_sdk.testing._ims import IMSConfig, handle_ims_token
from commerce_sdk.testing._login import handle_admin_token, handle_customer_token
from commerce_sdk.testing._oauth_verify import (
    OAuthCredentials,
    OAuthVerifier,
    ParamOrder,
    base_string_uri,
)
from commerce_sdk.testing._records import RecordsMixin
from commerce_sdk.testing._responses import FakeHTTPError, Reply, fail, json_reply
from commerce_sdk.testing._rest import RestRequest, match_route
from commerce_sdk.testing._store import Store
from commerce_sdk.testing._tokens import TokenRegistry
from commerce_sdk.testing._transport import TransportMixin

__all__ = ["FakeCommerce", "RecordedRequest"]

Flavor = Literal["paas", "saas"]
_PRE_FAULTS: frozenset[Any] = frozenset({"status", "drop"})


@attrs.frozen(kw_only=True)
class RecordedRequest:
    """One request the fake answered: `auth` is oauth1, admin, customer, ims, integration_bearer,
    none (anonymous or rejected) or token-endpoint; `fault` names an injected fault, if any."""

    method: str
    path: str
    query: str
    auth: str
    status: int
    store: str | None = None
    fault: str | None = None


class FakeCommerce(RecordsMixin, TransportMixin):
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

    def _route(
        self, method: str, parts: Any, headers: dict[str, str], body: bytes, state: dict[str, Any]
    ) -> Reply:
        path: str = parts.path
        if self.flavor == "saas" and path == d.IMS_TOKEN_PATH:
            state["auth"] = "token-endpoint"
            return handle_ims_token(
                method, headers.get("content-type", ""), body, self._ims, self.tokens
            )
        if not (path == self._base_path or path.startswith(self._base_path + "/")):
            raise fail(404, msg.MSG_NO_ROUTE)
        rest = path[len(self._base_path) :]
        if rest.rstrip("/") == "/graphql":
            return self._graphql(method, parts, headers, body, state)
        if self.flavor == "paas":
            segments = rest.split("/")
            if len(segments) < 3 or segments[1] != "rest":
                raise fail(404, msg.MSG_NO_ROUTE)
            if segments[2] == "V1":
                store, v1 = "default", "/" + "/".join(segments[2:])
            else:
                store, v1 = unquote(segments[2]), "/" + "/".join(segments[3:])
        else:
            store, v1 = headers.get("store", "all"), rest
        if not v1.startswith("/V1/"):
            raise fail(404, msg.MSG_NO_ROUTE)
        state["store"] = store
        if store not in self.store_codes:
            raise fail(400, msg.MSG_STORE_UNKNOWN)
        return self._rest(method, parts, unquote(v1), headers, body, state)

    def _rest(
        self,
        method: str,
        parts: Any,
        v1: str,
        headers: dict[str, str],
        body: bytes,
        state: dict[str, Any],
    ) -> Reply:
        if self.flavor == "paas" and method == "POST" and v1 in _TOKEN_PATHS:
            state["auth"] = "token-endpoint"
            return self._token_endpoint(v1, _json_body(body))
        route, ids = match_route(method, v1)
        caller = self._authenticate(method, parts, headers, body, route.resource)
        state["auth"] = caller.kind
        if self.faults.take(parts.path, frozenset({"expire_token"})) is not None:
            state["fault"] = "expire_token"
            raise self._expired(caller, route.resource)
        if (
            caller.kind == "oauth1"
            and self._resources is not None
            and route.resource not in self._resources
        ):
            raise not_authorized(route.resource)
        request = RestRequest(
            query=parse_qsl(parts.query, keep_blank_values=True),
            body=_json_body(body) if method in ("PUT", "POST") else None,
            ids=ids,
            now_text=utc_text(self.clock()),
        )
        return route.handler(self.store, request)

    def _authenticate(
        self, method: str, parts: Any, headers: dict[str, str], body: bytes, resource: str
    ) -> Caller:
        if self.flavor == "saas":
            return authenticate_saas(headers, tokens=self.tokens, client_id=self._ims.client_id)
        uri = base_string_uri(parts.scheme, parts.hostname or "", parts.port, parts.path)
        return authenticate_paas(
            headers,
            method=method,
            uri=uri,
            raw_query=parts.query,
            body=body,
            verifier=self._verifier,
            tokens=self.tokens,
            bearer_integration=self.bearer_integration,
            resource=resource,
        )

    def _expired(self, caller: Caller, resource: str) -> FakeHTTPError:
        if caller.token is not None and caller.kind != "integration_bearer":
            self.tokens.expire(caller.token)
        if self.flavor == "saas":
            return FakeHTTPError(json_reply(401, msg.SAAS_BAD_TOKEN))
        return not_authorized(resource)

    def _token_endpoint(self, v1: str, payload: Any) -> Reply:
        if v1 == "/V1/integration/admin/token":
            return handle_admin_token(
                payload,
                users=self._admin_users,
                two_factor=self.two_factor_auth,
                tokens=self.tokens,
                lifetime=d.ADMIN_TOKEN_LIFETIME,
            )
        return handle_customer_token(
            payload,
            store=self.store,
            passwords=self._passwords,
            tokens=self.tokens,
            lifetime=d.CUSTOMER_TOKEN_LIFETIME,
        )

    def _graphql(
        self, method: str, parts: Any, headers: dict[str, str], body: bytes, state: dict[str, Any]
    ) -> Reply:
        context = GraphQLContext(
            store=self.store,
            tokens=self.tokens,
            passwords=self._passwords,
            customer_token_lifetime=d.CUSTOMER_TOKEN_LIFETIME,
        )
        reply, auth = handle_graphql(method, parts.query, headers, body, context)
        state["auth"] = auth
        state["store"] = headers.get("store")
        return reply


_TOKEN_PATHS = frozenset({"/V1/integration/admin/token", "/V1/integration/customer/token"})


def _json_body(body: bytes) -> Any:
    if not body.strip():
        return None
    try:
        return json.loads(body)
    except ValueError:
        raise fail(400, msg.MSG_BAD_JSON) from None
