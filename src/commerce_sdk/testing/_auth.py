"""Who is calling: OAuth 1.0a, bearer tokens (admin, customer, integration) or Adobe IMS.

PaaS (research/commerce.md section 2): an `Authorization: OAuth ...` header is verified; a bearer
token may be an admin or customer token, or the integration access token when "use integration
tokens as bearer" is on (off by default since 2.4.4: then Magento answers "The consumer isn't
authorized to access %resources.", which is not an ACL problem). Anything else is anonymous and
gets that same 401. SaaS (section 3): `Authorization: Bearer <IMS token>` plus `x-api-key`; the
Adobe gateway answers in its own `{"error_code", "message"}` shape.
"""

from __future__ import annotations

import hmac
from collections.abc import Mapping

import attrs

from commerce_sdk.testing import _responses as msg
from commerce_sdk.testing._oauth_verify import (
    OAuthRejectedError,
    OAuthVerifier,
    parse_authorization_header,
)
from commerce_sdk.testing._responses import FakeHTTPError, error_reply, json_reply
from commerce_sdk.testing._tokens import TokenRegistry

__all__ = ["Caller", "authenticate_paas", "authenticate_saas", "not_authorized"]


@attrs.frozen(kw_only=True)
class Caller:
    """The authenticated caller: `kind` is oauth1, integration_bearer, admin, customer, ims or
    none; `subject` the admin username, customer id or client id."""

    kind: str
    subject: str | None = None
    token: str | None = attrs.field(default=None, repr=False)


def not_authorized(resource: str) -> FakeHTTPError:
    """Magento's 401 for an anonymous caller or one without the ACL resource."""
    return FakeHTTPError(error_reply(401, msg.MSG_NOT_AUTHORIZED, {"resources": resource}))


def _bearer(headers: Mapping[str, str]) -> str | None:
    scheme, _, value = headers.get("authorization", "").strip().partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def authenticate_paas(
    headers: Mapping[str, str],
    *,
    method: str,
    uri: str,
    raw_query: str,
    body: bytes,
    verifier: OAuthVerifier,
    tokens: TokenRegistry,
    bearer_integration: bool,
    resource: str,
) -> Caller:
    """The caller of a PaaS REST request, or a 401 `FakeHTTPError`."""
    oauth = parse_authorization_header(headers.get("authorization", ""))
    if oauth is not None:
        form = "application/x-www-form-urlencoded" in headers.get("content-type", "").lower()
        try:
            verifier.verify(
                method=method,
                uri=uri,
                header_params=oauth,
                raw_query=raw_query,
                form_body=body if form else None,
            )
        except OAuthRejectedError as exc:
            raise FakeHTTPError(error_reply(401, exc.message, exc.parameters)) from None
        return Caller(kind="oauth1", subject=verifier.credentials.consumer_key)
    value = _bearer(headers)
    if value is None:
        raise not_authorized(resource)
    if hmac.compare_digest(value, verifier.credentials.access_token):
        if not bearer_integration:
            raise not_authorized(resource)
        return Caller(
            kind="integration_bearer", subject=verifier.credentials.consumer_key, token=value
        )
    token = tokens.lookup(value)
    if token is None or token.kind != "admin":
        # Expired, unknown and customer tokens all leave the caller anonymous for admin APIs.
        raise not_authorized(resource)
    return Caller(kind="admin", subject=token.subject, token=value)


def authenticate_saas(
    headers: Mapping[str, str], *, tokens: TokenRegistry, client_id: str
) -> Caller:
    """The caller of a SaaS REST request, or the gateway's 401/403."""
    value = _bearer(headers)
    token = tokens.lookup(value) if value else None
    if token is None or token.kind != "ims":
        raise FakeHTTPError(json_reply(401, msg.SAAS_BAD_TOKEN))
    if not hmac.compare_digest(headers.get("x-api-key", ""), client_id):
        raise FakeHTTPError(json_reply(403, msg.SAAS_BAD_API_KEY))
    return Caller(kind="ims", subject=token.subject, token=value)
