"""`CommerceClient`: the blocking shell over the shared core."""

from __future__ import annotations

import os
import random
import threading
import time
from collections.abc import Callable, Mapping
from types import TracebackType
from typing import Any, Self

from commerce_sdk._auth import BearerToken
from commerce_sdk._auth.tokens import NoAuth
from commerce_sdk._base_client import BaseCommerceClient, Params
from commerce_sdk._constants import (
    CUSTOMER_TOKEN_PATH,
    DEFAULT_MAX_RETRIES,
    DEFAULT_STORE_CODE,
    DEFAULT_TIMEOUT,
)
from commerce_sdk._env import CompanyUser, settings_from_env
from commerce_sdk._exceptions import AuthenticationError, TransportError
from commerce_sdk._flavor import Flavor
from commerce_sdk._graphql import auth_error_payload, graphql_data, is_auth_error
from commerce_sdk._http import RETRYABLE_ERRORS, Auth, Client, Timeout
from commerce_sdk._http import TransportError as HTTPTransportError
from commerce_sdk.models import Company, CreditMemo, Customer, Invoice
from commerce_sdk.resources._specs import COMPANIES, CREDIT_MEMOS, CUSTOMERS, INVOICES, ORDERS
from commerce_sdk.resources._sync import (
    ListResource,
    OrdersResource,
    PurchaseOrdersResource,
    UpdatableResource,
)

__all__ = ["CommerceClient"]


class CommerceClient(BaseCommerceClient):
    """A blocking client for one Adobe Commerce instance (PaaS or SaaS).

    Args:
        base_url: The instance URL (a pasted endpoint URL such as `.../rest/default/V1/orders`
            is cut back to the instance root).
        auth: `OAuth1`, `IMSCredentials`, `AdminToken`, `BearerToken` (or any `httpx.Auth`).
        store_code: Store view scope; `all` is the global scope.
        flavor: `"paas"` or `"saas"`; detected from `base_url` when None.
        http_client: An `httpx.Client` to send through (proxies, TLS, test transports); the
            client does not close one it was given.
        timeout: Seconds (or an `httpx.Timeout`) for a client it creates.
        max_retries: Retries for idempotent requests on connection errors, 429, 502/503/504.
        company_user: A B2B company user's login, for `purchase_orders`.
        customer_token: A company user's token, for `purchase_orders` (instead of a login).
        sleep: Waits between retries (tests pass a recorder).
        jitter: Returns a float in [0, 1) for backoff jitter.

    Resources: `orders`, `invoices`, `credit_memos`, `customers`, `companies`,
    `purchase_orders`. Use as a context manager, or call `close()`.
    """

    def __init__(
        self,
        base_url: str,
        *,
        auth: Auth,
        store_code: str = DEFAULT_STORE_CODE,
        flavor: Flavor | str | None = None,
        http_client: Client | None = None,
        timeout: float | Timeout = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        company_user: CompanyUser | None = None,
        customer_token: str | None = None,
        sleep: Callable[[float], None] = time.sleep,
        jitter: Callable[[], float] = random.random,
    ) -> None:
        super().__init__(
            base_url,
            auth=auth,
            store_code=store_code,
            flavor=flavor,
            timeout=timeout,
            max_retries=max_retries,
            company_user=company_user,
            customer_token=customer_token,
            jitter=jitter,
        )
        self._owns_http = http_client is None
        self._http = http_client if http_client is not None else Client(timeout=timeout)
        self._sleep = sleep
        self._token_lock = threading.Lock()
        self.orders = OrdersResource(self, ORDERS)
        self.invoices: ListResource[Invoice] = ListResource(self, INVOICES)
        self.credit_memos: ListResource[CreditMemo] = ListResource(self, CREDIT_MEMOS)
        self.customers: UpdatableResource[Customer] = UpdatableResource(self, CUSTOMERS)
        self.companies: UpdatableResource[Company] = UpdatableResource(self, COMPANIES)
        self.purchase_orders = PurchaseOrdersResource(self)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Self:
        """A client configured from COMMERCE_* environment variables (see `docs/commerce.md`).

        Raises:
            ConfigurationError: a variable is missing, partly set or malformed.
        """
        settings = settings_from_env(os.environ if environ is None else environ)
        settings.update(overrides)
        return cls(**settings)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the HTTP client if this client created it."""
        if self._owns_http:
            self._http.close()

    # -- sending ----------------------------------------------------------------------------
    def request(
        self,
        method: str,
        path: str,
        *,
        params: Params = None,
        json: Any = None,
        auth: Auth | None = None,
        url: str | None = None,
        graphql: bool = False,
        idempotent: bool | None = None,
    ) -> Any:
        """Send one REST request (retrying when safe) and return its decoded JSON.

        Args:
            method: HTTP method.
            path: Path under `/V1/`, e.g. `orders/5`.
            params: Query parameters.
            json: A JSON body.
            auth: Overrides the client's auth for this request.
            url: An absolute URL instead of `path` (GraphQL).
            graphql: Send the `Store:` header on PaaS too.
            idempotent: Force (True) or forbid (False) retries; default by method.

        Raises:
            APIError: an error response (subclass by status).
            TransportError: no response after the allowed retries.
        """
        target = url or self.endpoints.rest(path)
        attempt = 0
        while True:
            request = self._http.build_request(
                method,
                self._with_query(target, params),
                json=json,
                headers=self._headers(graphql=graphql),
            )
            try:
                self.request_count += 1
                response = self._http.send(request, auth=auth or self.auth)
            except HTTPTransportError as exc:
                retryable = isinstance(exc, RETRYABLE_ERRORS)
                delay = self._error_retry_delay(method, attempt, idempotent) if retryable else None
                if delay is None:
                    raise TransportError(
                        f"{method} {request.url.path}: {type(exc).__name__}: {exc}"
                    ) from exc
                self._log_retry(method, request.url.path, type(exc).__name__, delay, attempt)
                self._sleep(delay)
                attempt += 1
                continue
            self._log_response(response, attempt)
            delay = self._retry_delay(method, response, attempt, idempotent)
            if delay is None:
                return self._decode(response)
            self._log_retry(
                method, request.url.path, f"HTTP {response.status_code}", delay, attempt
            )
            self._sleep(delay)
            attempt += 1

    # -- GraphQL as a company user ------------------------------------------------------------
    def _customer_token(
        self, explicit: str | None, *, stale: str | None = None
    ) -> tuple[str, bool]:
        """(token, whether it was fetched from `company_user` and may be fetched again)."""
        static = self._static_customer_token(explicit)
        if static is not None:
            return static, False
        assert self.company_user is not None  # checked by _static_customer_token  # noqa: S101
        with self._token_lock:
            if self._needs_customer_token_fetch(stale):
                answer = self.request(
                    "POST",
                    CUSTOMER_TOKEN_PATH,
                    json=self.company_user.credentials_body(),
                    auth=NoAuth(),
                    idempotent=False,
                )
                return self._keep_customer_token(answer), True
            assert self._fetched_customer_token is not None  # noqa: S101
            return self._fetched_customer_token, True

    def fetch_customer_token(self, user: CompanyUser) -> str:
        """A customer token for `user` (`POST /V1/integration/customer/token`, about 1 hour).

        Pass it as `purchase_orders.iter(customer_token=...)` to read that user's company's
        purchase orders: GraphQL shows a company user only their own company's.
        """
        answer = self.request(
            "POST",
            CUSTOMER_TOKEN_PATH,
            json=user.credentials_body(),
            auth=NoAuth(),
            idempotent=False,
        )
        return self._token_from(answer)

    def graphql(
        self, query: str, variables: Mapping[str, Any], *, customer_token: str | None = None
    ) -> Mapping[str, Any]:
        """Run a GraphQL query as the company user; returns `data`.

        A token fetched from `company_user` credentials is fetched again once when GraphQL says
        it is missing or expired.

        Raises:
            GraphQLError: the answer carries errors.
        """
        token, fetched = self._customer_token(customer_token)
        body = {"query": query, "variables": dict(variables)}
        payload = self._post_graphql(body, token)
        if fetched and is_auth_error(payload):
            token, _ = self._customer_token(customer_token, stale=token)
            payload = self._post_graphql(body, token)
        return graphql_data(payload)

    def _post_graphql(self, body: Mapping[str, Any], token: str) -> Any:
        try:
            return self.request(
                "POST",
                "",
                url=self.endpoints.graphql_url,
                json=body,
                auth=BearerToken(token),
                graphql=True,
                idempotent=True,  # a query reads only, so resending is safe
            )
        except AuthenticationError as exc:
            # An HTTP 401 on GraphQL means the same as a graphql-authorization error entry.
            return auth_error_payload(exc.message)
