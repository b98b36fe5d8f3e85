"""Turning an error response into a typed `APIError` (research/commerce.md section 6).

Magento's body is `{"message": "...%1 / %name...", "parameters": [...] | {...}, "trace": ...}`.
Placeholders are filled from `parameters`; a non-JSON body (a maintenance HTML page) is reported
with a snippet instead of crashing the parser.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from commerce_sdk._constants import ERROR_BODY_SNIPPET
from commerce_sdk._exceptions import (
    APIError,
    AuthenticationError,
    BadRequestError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
)

__all__ = ["error_from_response", "fill_placeholders", "parse_retry_after"]

_PLACEHOLDER = re.compile(r"%(\d+|[A-Za-z_][A-Za-z0-9_]*)")

# 401 bodies and what they mean (research sections 2.1, 2.2, 3).
_AUTH_HINTS: tuple[tuple[str, str], ...] = (
    (
        "signature is invalid",
        "the OAuth 1.0a signature did not verify: check the consumer secret and access token "
        "secret, and that a TLS-terminating proxy passes the https scheme on to Magento",
    ),
    (
        "isn't authorized to access",
        "the consumer is not authorised: either the integration lacks this ACL resource, or an "
        "integration access token was sent as a Bearer token while 'Allow OAuth Access Tokens to "
        "be used as standalone Bearer tokens' is off (the default since 2.4.4)",
    ),
    (
        "nonce is already being used",
        "the OAuth nonce was reused; every request needs a fresh nonce",
    ),
    (
        "oauth_timestamp",
        "the OAuth timestamp was refused: check the client clock",
    ),
    (
        "consumer key has expired",
        "the integration consumer key has expired: reactivate the integration",
    ),
    (
        "2fa",
        "two-factor authentication is on: the admin token endpoint refuses plain username and "
        "password; use an integration (OAuth1) or a 2FA provider endpoint",
    ),
)
_EXPIRED_HINT = (
    "the token is missing, invalid or expired (admin tokens last 4 h, customer tokens 1 h, "
    "IMS tokens about 24 h)"
)


def fill_placeholders(message: str, parameters: Sequence[Any] | Mapping[str, Any] | None) -> str:
    """Fill `%1`..`%n` (from a list) or `%name` (from an object); unknown ones stay as written."""
    if not parameters:
        return message

    def repl(match: re.Match[str]) -> str:
        key = match.group(1)
        if isinstance(parameters, Mapping):
            if key in parameters:
                return str(parameters[key])
            return match.group(0)
        if key.isdigit() and 1 <= int(key) <= len(parameters):
            return str(parameters[int(key) - 1])
        return match.group(0)

    return _PLACEHOLDER.sub(repl, message)


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a `Retry-After` header (delta-seconds or an HTTP date), or None."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        return max(0.0, float(text))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def _auth_hint(message: str) -> str:
    lowered = message.lower()
    for needle, hint in _AUTH_HINTS:
        if needle in lowered:
            return hint
    return _EXPIRED_HINT


def _decode(content: bytes, content_type: str) -> tuple[Any, bool]:
    """(decoded body, is_json). Non-JSON bodies come back as a text snippet."""
    text = content.decode("utf-8", errors="replace")
    if "json" in content_type.lower() or text.lstrip()[:1] in {"{", "[", '"'}:
        try:
            return json.loads(text), True
        except ValueError:
            pass
    return text[:ERROR_BODY_SNIPPET], False


def error_from_response(
    status_code: int,
    content: bytes,
    *,
    content_type: str = "",
    retry_after: str | None = None,
    method: str = "",
    url: str = "",
) -> APIError:
    """The typed error for a non-2xx response."""
    body, is_json = _decode(content, content_type)
    parameters: Sequence[Any] | Mapping[str, Any] | None = None
    if is_json and isinstance(body, Mapping) and isinstance(body.get("message"), str):
        parameters = body.get("parameters")
        if not isinstance(parameters, Sequence | Mapping) or isinstance(parameters, str):
            parameters = None
        message = fill_placeholders(body["message"], parameters)
    elif is_json and isinstance(body, str):
        message = body
    elif is_json:
        message = f"unexpected error body {str(body)[:200]}"
    else:
        snippet = " ".join(str(body).split())[:200]
        message = f"non-JSON response (maintenance page or proxy error?): {snippet!r}"
    where = f" ({method} {url})" if method else ""
    kwargs: dict[str, Any] = {"parameters": parameters, "body": body}
    if status_code == 400:
        return BadRequestError(message + where, status_code=400, **kwargs)
    if status_code == 401:
        return AuthenticationError(
            f"{message}{where}: {_auth_hint(message)}", status_code=401, **kwargs
        )
    if status_code == 403:
        # Rare on PaaS; on SaaS it means a wrong IMS org or missing product permissions
        # (research section 3, server-to-server troubleshooting).
        return PermissionDeniedError(
            f"{message}{where}: the credentials are valid but not allowed here (on SaaS: check "
            "the IMS org id and that the credential's product profile includes Commerce)",
            status_code=403,
            **kwargs,
        )
    if status_code == 404:
        return NotFoundError(message + where, status_code=404, **kwargs)
    if status_code == 429:
        return RateLimitError(message + where, retry_after=parse_retry_after(retry_after), **kwargs)
    if status_code >= 500:
        return ServerError(message + where, status_code=status_code, **kwargs)
    return APIError(message + where, status_code=status_code, **kwargs)
