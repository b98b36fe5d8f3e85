"""Bearer tokens: one you already hold, or an admin token fetched with username and password.

Admin tokens come from `POST /V1/integration/admin/token` as a JSON string and last 4 hours by
default; with Magento_TwoFactorAuth on, that endpoint refuses (research/commerce.md section 2.3).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Generator

from commerce_sdk._auth._refreshing import RefreshingTokenAuth
from commerce_sdk._constants import ADMIN_TOKEN_PATH
from commerce_sdk._errors_parse import error_from_response
from commerce_sdk._exceptions import AuthenticationError, ConfigurationError
from commerce_sdk._http import Auth, Request, Response

__all__ = ["ADMIN_TOKEN_LIFETIME", "AdminToken", "BearerToken", "NoAuth"]

#: Default admin token lifetime (`oauth/access_token_lifetime/admin`, 4 hours).
ADMIN_TOKEN_LIFETIME = 4 * 3600.0


class BearerToken(Auth):
    """A token you manage yourself, sent as `Authorization: Bearer <token>`.

    On PaaS an integration access token works this way only when "Allow OAuth Access Tokens to be
    used as standalone Bearer tokens" is on (off by default since 2.4.4; research section 2.2).
    """

    def __init__(self, token: str) -> None:
        if not isinstance(token, str) or not token.strip():
            raise ConfigurationError("BearerToken.token: expected a non-empty string")
        self._token = token

    def __repr__(self) -> str:
        return "BearerToken(token=<hidden>)"

    def auth_flow(self, request: Request) -> Generator[Request, Response, None]:
        """Add the header and send."""
        request.headers["Authorization"] = f"Bearer {self._token}"
        yield request


class NoAuth(Auth):
    """Send the request as is (anonymous endpoints such as the customer token endpoint)."""


def rest_root_of(url: str) -> str:
    """`https://h/rest/all/V1/orders?x` -> `https://h/rest/all/V1/`: the token endpoint's root."""
    head, sep, _ = url.partition("/V1/")
    if not sep:
        raise ConfigurationError(f"cannot find the /V1/ root in request URL {url!r}")
    return head + sep


class AdminToken(RefreshingTokenAuth):
    """An admin user's token, fetched on first use and again when it expires or a 401 comes back.

    Args:
        username: The admin user name.
        password: The admin password.
        lifetime: Seconds a token is trusted for (default 4 hours, Magento's default).
        clock: Monotonic seconds, for expiry (default `time.monotonic`).

    The token endpoint is found from the request's own `/V1/` root, so it follows the client's
    base URL and store code.
    """

    def __init__(
        self,
        username: str,
        password: str,
        *,
        lifetime: float = ADMIN_TOKEN_LIFETIME,
        clock: Callable[[], float] | None = None,
    ) -> None:
        super().__init__(clock=clock)
        if not isinstance(username, str) or not username.strip():
            raise ConfigurationError("AdminToken.username: expected a non-empty string")
        if not isinstance(password, str) or not password:
            raise ConfigurationError("AdminToken.password: expected a non-empty string")
        self.username = username
        self._password = password
        self.lifetime = lifetime

    def __repr__(self) -> str:
        return f"AdminToken(username={self.username!r}, password=<hidden>)"

    def _refresh_margin(self, lifetime: float) -> float:
        return min(60.0, lifetime / 10)

    def _token_request(self, request: Request) -> Request:
        return Request(
            "POST",
            rest_root_of(str(request.url)) + ADMIN_TOKEN_PATH,
            json={"username": self.username, "password": self._password},
            headers={"Accept": "application/json"},
        )

    def _parse_token(self, response: Response, request: Request) -> tuple[str, float | None]:
        if response.status_code != 200:
            error = error_from_response(
                response.status_code,
                response.content,
                content_type=response.headers.get("Content-Type", ""),
                retry_after=response.headers.get("Retry-After"),
                method="POST",
                url=response.request.url.path,
            )
            if response.status_code == 429 or response.status_code >= 500:
                raise error  # the server's trouble, not the credentials'
            raise AuthenticationError(
                f"admin token request for {self.username!r} failed: {error.message}",
                status_code=error.status_code,
                parameters=error.parameters,
                body=error.body,
            )
        try:
            token = json.loads(response.content)
        except ValueError:
            token = None
        if not isinstance(token, str) or not token:
            raise AuthenticationError(
                "admin token endpoint did not answer with a JSON string token",
                status_code=response.status_code,
            )
        return token, self.lifetime
