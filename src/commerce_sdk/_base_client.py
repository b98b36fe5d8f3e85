"""What `CommerceClient` and `AsyncCommerceClient` share: configuration, request building,
response decoding and retry decisions. The two shells differ only in how they send and sleep.
"""

from __future__ import annotations

import json
import logging
import random
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from commerce_sdk._auth import AdminToken, IMSCredentials, OAuth1
from commerce_sdk._constants import (
    DEFAULT_MAX_RETRIES,
    DEFAULT_STORE_CODE,
    DEFAULT_TIMEOUT,
    LOGGER_NAME,
    USER_AGENT,
)
from commerce_sdk._env import CompanyUser
from commerce_sdk._errors_parse import error_from_response, parse_retry_after
from commerce_sdk._exceptions import APIError, CommerceError, ConfigurationError
from commerce_sdk._flavor import Flavor, detect_flavor, normalize_base_url, parse_flavor
from commerce_sdk._http import Auth, Response, Timeout
from commerce_sdk._retry import RetryPolicy
from commerce_sdk._urls import Endpoints

__all__ = ["BaseCommerceClient", "Params"]

logger = logging.getLogger(LOGGER_NAME)

#: Query parameters as the resources build them.
Params = list[tuple[str, str]] | dict[str, str] | None


class BaseCommerceClient:
    """Configuration and the sans-I/O decisions behind both clients."""

    #: HTTP requests sent by this client (retries included), for reports and benchmarks.
    request_count: int = 0

    def __init__(
        self,
        base_url: str,
        *,
        auth: Auth,
        store_code: str = DEFAULT_STORE_CODE,
        flavor: Flavor | str | None = None,
        timeout: float | Timeout = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        company_user: CompanyUser | None = None,
        customer_token: str | None = None,
        jitter: Callable[[], float] = random.random,
    ) -> None:
        self.base_url = normalize_base_url(base_url)
        self.flavor = parse_flavor(flavor) or detect_flavor(self.base_url)
        if not isinstance(auth, Auth):
            raise ConfigurationError(
                f"auth: expected OAuth1, IMSCredentials, AdminToken, BearerToken or another "
                f"httpx.Auth, got {type(auth).__name__}"
            )
        if self.flavor is Flavor.SAAS and isinstance(auth, OAuth1 | AdminToken):
            raise ConfigurationError(
                f"{self.base_url} is Adobe Commerce as a Cloud Service (SaaS), which accepts only "
                f"IMS auth; {type(auth).__name__} works only on PaaS. Use "
                "IMSCredentials(client_id, client_secret) from the Adobe Developer Console, "
                "or pass flavor='paas' if this URL is not SaaS"
            )
        if not isinstance(store_code, str) or not store_code.strip() or "/" in store_code:
            raise ConfigurationError(f"store_code: expected a store view code, got {store_code!r}")
        self.store_code = store_code
        self.auth = auth
        self.endpoints = Endpoints(
            base_url=self.base_url, flavor=self.flavor, store_code=store_code
        )
        self.timeout = timeout
        self.company_user = company_user
        self.customer_token = customer_token
        self._retry_policy = RetryPolicy(max_retries=max_retries, random=jitter)
        self._fetched_customer_token: str | None = None

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(base_url={self.base_url!r}, flavor={self.flavor.value!r}, "
            f"store_code={self.store_code!r}, auth={self.auth!r})"
        )

    @property
    def uses_ims(self) -> bool:
        """Whether requests authenticate through Adobe IMS."""
        return isinstance(self.auth, IMSCredentials)

    # -- company user token (GraphQL purchase orders) ------------------------------------------
    def _static_customer_token(self, explicit: str | None) -> str | None:
        """A customer token that needs no fetch, or None when one is fetched from `company_user`.

        Precedence: the call's `customer_token=`, the client's `customer_token`, then a token
        fetched with `company_user` (the only kind fetched again when GraphQL refuses it).
        """
        if explicit:
            return explicit
        if self.customer_token:
            return self.customer_token
        if self.company_user is None:
            raise ConfigurationError(
                "purchase_orders needs a company user's token: pass customer_token= or "
                "company_user=CompanyUser(email=..., password=...) to the client"
            )
        return None

    def _needs_customer_token_fetch(self, stale: str | None) -> bool:
        # Another caller may already have replaced the refused token: then reuse theirs.
        current = self._fetched_customer_token
        return current is None or (stale is not None and current == stale)

    @staticmethod
    def _token_from(answer: Any) -> str:
        if not isinstance(answer, str) or not answer:
            raise ConfigurationError("the customer token endpoint did not return a token")
        return answer

    def _keep_customer_token(self, answer: Any) -> str:
        if not isinstance(answer, str) or not answer:
            raise ConfigurationError("the customer token endpoint did not return a token")
        self._fetched_customer_token = answer
        return answer

    # -- request building -------------------------------------------------------------------
    def _headers(self, *, graphql: bool = False) -> dict[str, str]:
        headers = {"Accept": "application/json", "User-Agent": USER_AGENT}
        headers.update(self.endpoints.scope_headers(graphql=graphql))
        return headers

    @staticmethod
    def _with_query(url: str, params: Params) -> str:
        """`url` plus the query, every reserved character percent-encoded (space as `%20`).

        httpx would send a space as `+`; Magento's OAuth helper splits the raw query and
        `rawurldecode`s it, which leaves `+` alone, so a signature over a value holding a space
        (every `updated_at` filter) would not verify. `%20` decodes the same everywhere.
        """
        if not params:
            return url
        pairs = params.items() if isinstance(params, dict) else params
        query = "&".join(f"{quote(str(k), safe='')}={quote(str(v), safe='')}" for k, v in pairs)
        return f"{url}?{query}"

    # -- response handling ------------------------------------------------------------------
    def _retry_delay(
        self, method: str, response: Response, attempt: int, idempotent: bool | None
    ) -> float | None:
        """Seconds to wait before resending, or None to hand the response back."""
        verb = "GET" if idempotent else method
        if idempotent is False or not self._retry_policy.should_retry_status(
            verb, response.status_code, attempt
        ):
            return None
        retry_after = None
        if response.status_code == 429 or response.status_code == 503:
            retry_after = parse_retry_after(response.headers.get("Retry-After"))
        return self._retry_policy.delay(attempt, retry_after)

    def _error_retry_delay(
        self, method: str, attempt: int, idempotent: bool | None
    ) -> float | None:
        verb = "GET" if idempotent else method
        if idempotent is False or not self._retry_policy.should_retry_error(verb, attempt):
            return None
        return self._retry_policy.delay(attempt)

    def _decode(self, response: Response) -> Any:
        """The JSON of a 2xx response, or the typed error for anything else."""
        request = response.request
        if response.status_code >= 400:
            error: APIError = error_from_response(
                response.status_code,
                response.content,
                content_type=response.headers.get("Content-Type", ""),
                retry_after=response.headers.get("Retry-After"),
                method=request.method,
                url=request.url.path,
            )
            logger.warning(
                "%s %s failed: HTTP %s %s",
                request.method,
                request.url.path,
                response.status_code,
                type(error).__name__,
            )
            raise error
        if not response.content:
            return None
        try:
            return json.loads(response.content)
        except ValueError:
            snippet = " ".join(response.text.split())[:200]
            raise CommerceError(
                f"{request.method} {request.url.path}: HTTP {response.status_code} with a "
                f"non-JSON body: {snippet!r}"
            ) from None

    @staticmethod
    def _log_response(response: Response, attempt: int) -> None:
        # Path only: the query and headers may carry nothing secret today, but the
        # Authorization header and bodies (passwords in token requests) never reach a log.
        logger.debug(
            "%s %s -> HTTP %s (attempt %d)",
            response.request.method,
            response.request.url.path,
            response.status_code,
            attempt + 1,
        )

    @staticmethod
    def _log_retry(method: str, path: str, reason: str, delay: float, attempt: int) -> None:
        logger.info(
            "retrying %s %s after %s in %.2fs (retry %d)", method, path, reason, delay, attempt + 1
        )
