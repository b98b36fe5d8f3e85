"""The Adobe IMS token endpoint (`POST /ims/token/v3`, OAuth 2.0 client credentials).

Form fields `grant_type=client_credentials`, `client_id`, `client_secret`, `scope` (comma
separated, must include `commerce.accs`); answer `{"access_token", "token_type": "bearer",
"expires_in"}` (research/commerce.md section 3). Errors use OAuth 2.0's `{"error",
"error_description"}` shape with status 400, as IMS does for bad clients and scopes.
"""

from __future__ import annotations

import hmac
from urllib.parse import parse_qsl

import attrs

from commerce_sdk.testing._responses import Reply, json_reply
from commerce_sdk.testing._tokens import TokenRegistry, fake_jwt

__all__ = ["IMSConfig", "handle_ims_token"]


@attrs.frozen(kw_only=True)
class IMSConfig:
    """The one IMS client the fake knows."""

    client_id: str
    client_secret: str = attrs.field(repr=False)
    expires_in: int
    required_scope: str


def _oauth_error(error: str, description: str) -> Reply:
    return json_reply(400, {"error": error, "error_description": description})


def handle_ims_token(
    method: str, content_type: str, body: bytes, config: IMSConfig, tokens: TokenRegistry
) -> Reply:
    """Answer one token request."""
    if method != "POST":
        return json_reply(405, {"error": "method_not_allowed", "error_description": method})
    if "application/x-www-form-urlencoded" not in content_type.lower():
        return _oauth_error("invalid_request", "Content-Type must be form-urlencoded")
    form = dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
    if form.get("grant_type") != "client_credentials":
        return _oauth_error("unsupported_grant_type", "unsupported grant_type parameter")
    if not form.get("client_id") or not hmac.compare_digest(form["client_id"], config.client_id):
        return _oauth_error("invalid_client", "invalid client_id parameter")
    secret = form.get("client_secret", "")
    if not hmac.compare_digest(secret, config.client_secret):
        return _oauth_error("invalid_client", "invalid client_secret parameter")
    scope = form.get("scope", "")
    scopes = {s.strip() for s in scope.replace(" ", ",").split(",") if s.strip()}
    if config.required_scope not in scopes:
        return _oauth_error("invalid_scope", f"scope must include {config.required_scope}")
    value = fake_jwt(config.client_id, scope, tokens.now(), float(config.expires_in))
    token = tokens.issue("ims", config.client_id, float(config.expires_in), value=value)
    return json_reply(
        200,
        {"access_token": token.value, "token_type": "bearer", "expires_in": config.expires_in},
    )
