"""Adobe IMS OAuth 2.0 client credentials for SaaS (research/commerce.md section 3).

`POST <token_url>` with `grant_type=client_credentials`, `client_id`, `client_secret` and a
comma-separated `scope`; the answer `{"access_token", "token_type", "expires_in"}` is read into
authlib's `OAuth2Token`. API calls carry `Authorization: Bearer`, `x-api-key: <client_id>` and,
when an org is configured, `x-gw-ims-org-id`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

from authlib.oauth2.rfc6749 import OAuth2Token

from commerce_sdk._auth._refreshing import RefreshingTokenAuth
from commerce_sdk._constants import DEFAULT_IMS_SCOPES, DEFAULT_IMS_TOKEN_URL, TOKEN_REFRESH_MARGIN
from commerce_sdk._errors_parse import error_from_response
from commerce_sdk._exceptions import AuthenticationError, ConfigurationError
from commerce_sdk._http import Request, Response

__all__ = ["DEFAULT_SCOPES", "IMSCredentials"]

#: The default scopes; `commerce.accs`, `openid` and `additional_info.projectedProductContext`
#: are the ones Adobe's SDK forces for SaaS.
DEFAULT_SCOPES = DEFAULT_IMS_SCOPES
_REQUIRED_SCOPES = ("openid", "additional_info.projectedProductContext", "commerce.accs")


class IMSCredentials(RefreshingTokenAuth):
    """OAuth server-to-server credentials from the Adobe Developer Console (SaaS).

    Args:
        client_id: The credential's client id (also sent as `x-api-key`).
        client_secret: The client secret.
        scopes: Requested scopes; the three SaaS needs are added when missing.
        token_url: The IMS token endpoint.
        org_id: `<org>@AdobeOrg`; sent as `x-gw-ims-org-id` when given.
        clock: Monotonic seconds, for expiry (default `time.monotonic`).
        refresh_margin: A token counts as expired this many seconds early (default 600, as
            aio-lib-ims; never more than a tenth of the token's lifetime).
    """

    def __init__(
        self,
        client_id: str,
        client_secret: str,
        scopes: Sequence[str] = DEFAULT_SCOPES,
        token_url: str = DEFAULT_IMS_TOKEN_URL,
        org_id: str | None = None,
        *,
        clock: Callable[[], float] | None = None,
        refresh_margin: float = TOKEN_REFRESH_MARGIN,
    ) -> None:
        super().__init__(clock=clock)
        if not isinstance(client_id, str) or not client_id.strip():
            raise ConfigurationError("IMSCredentials.client_id: expected a non-empty string")
        if not isinstance(client_secret, str) or not client_secret.strip():
            raise ConfigurationError("IMSCredentials.client_secret: expected a non-empty string")
        if isinstance(scopes, str):
            scopes = [s for s in scopes.replace(" ", ",").split(",") if s]
        self.client_id = client_id
        self._client_secret = client_secret
        self.scopes = tuple(dict.fromkeys([*scopes, *_REQUIRED_SCOPES]))
        self.token_url = token_url
        self.org_id = org_id
        self.refresh_margin = refresh_margin
        # The last token answer, as authlib's model; private so no repr or log shows the token.
        self._oauth2_token: OAuth2Token | None = None

    def __repr__(self) -> str:
        return f"IMSCredentials(client_id={self.client_id!r}, client_secret=<hidden>)"

    @property
    def token_expires_in(self) -> float | None:
        """The `expires_in` (seconds) of the last token IMS issued, or None before the first."""
        if self._oauth2_token is None:
            return None
        value = self._oauth2_token.get("expires_in")
        return float(value) if value is not None else None

    def _refresh_margin(self, lifetime: float) -> float:
        return min(self.refresh_margin, lifetime / 10)

    def _token_request(self, request: Request) -> Request:
        return Request(
            "POST",
            self.token_url,
            data={
                "grant_type": "client_credentials",
                "client_id": self.client_id,
                "client_secret": self._client_secret,
                "scope": ",".join(self.scopes),
            },
            headers={"Accept": "application/json"},
        )

    def _parse_token(self, response: Response, request: Request) -> tuple[str, float | None]:
        try:
            data = json.loads(response.content)
        except ValueError:
            data = None
        if response.status_code == 429 or response.status_code >= 500:
            raise error_from_response(
                response.status_code,
                response.content,
                content_type=response.headers.get("Content-Type", ""),
                retry_after=response.headers.get("Retry-After"),
                method="POST",
                url=self.token_url,
            )
        if response.status_code != 200 or not isinstance(data, dict) or "access_token" not in data:
            detail = ""
            if isinstance(data, dict):
                detail = f"{data.get('error', '')}: {data.get('error_description', '')}".strip(": ")
            else:
                detail = " ".join(response.text.split())[:200]
            raise AuthenticationError(
                f"IMS token request to {self.token_url} failed ({detail or 'no detail'}); check "
                "the client id, client secret and that the credential has the Commerce scopes",
                status_code=response.status_code if response.status_code >= 400 else 401,
                body=None,
            )
        token = OAuth2Token.from_dict(data)
        self._oauth2_token = token
        expires_in = data.get("expires_in")
        lifetime = float(expires_in) if isinstance(expires_in, int | float | str) else None
        return str(token["access_token"]), lifetime

    def _apply(self, request: Request, token: str) -> None:
        super()._apply(request, token)
        request.headers["x-api-key"] = self.client_id
        if self.org_id:
            request.headers["x-gw-ims-org-id"] = self.org_id
