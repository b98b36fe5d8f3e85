"""How the fake routes a request: IMS, GraphQL, REST token endpoints, authentication, resources.

PaaS paths are `/rest/<store>/V1/...` (`/rest/V1/...` is the default store); SaaS paths are
`<base>/V1/...` with the store in a `Store` header (research/commerce.md section 1). Magento
matches the route before it authenticates, so an unknown route is a 404 even without credentials.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from typing import Any
from urllib.parse import parse_qsl, unquote

from commerce_sdk.testing import _defaults as d
from commerce_sdk.testing import _responses as msg
from commerce_sdk.testing._auth import Caller, authenticate_paas, authenticate_saas, not_authorized
from commerce_sdk.testing._clock import Clock, utc_text
from commerce_sdk.testing._faults import FaultQueue
from commerce_sdk.testing._fields import apply_fields, parse_fields
from commerce_sdk.testing._graphql import GraphQLContext, handle_graphql
from commerce_sdk.testing._ims import IMSConfig, handle_ims_token
from commerce_sdk.testing._login import handle_admin_token, handle_customer_token
from commerce_sdk.testing._oauth_verify import OAuthVerifier, base_string_uri
from commerce_sdk.testing._responses import FakeHTTPError, Reply, fail, json_reply
from commerce_sdk.testing._rest import RestRequest, match_route
from commerce_sdk.testing._store import Store
from commerce_sdk.testing._tokens import TokenRegistry

__all__ = ["DispatchMixin"]


class DispatchMixin:
    """The routing half of `FakeCommerce` (called under its lock)."""

    flavor: str
    clock: Clock
    store: Store
    tokens: TokenRegistry
    faults: FaultQueue
    bearer_integration: bool
    two_factor_auth: bool
    store_codes: tuple[str, ...]
    _base_path: str
    _verifier: OAuthVerifier
    _ims: IMSConfig
    _admin_users: dict[str, str]
    _passwords: dict[str, str]
    _resources: Collection[str] | None

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
        reply = route.handler(self.store, request)
        fields = dict(request.query).get("fields")
        if fields and reply.status == 200:
            return json_reply(200, apply_fields(reply.json(), parse_fields(fields)))
        return reply

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
        scheme, _, value = headers.get("authorization", "").strip().partition(" ")
        token = self.tokens.lookup(value.strip()) if scheme.lower() == "bearer" else None
        if token is not None and self.faults.take(parts.path, frozenset({"expire_token"})):
            # The customer token dies now; the handler then answers as for an expired token.
            state["fault"] = "expire_token"
            self.tokens.expire(token.value)
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
