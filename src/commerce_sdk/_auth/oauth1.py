"""OAuth 1.0a with HMAC-SHA256 for Magento integrations (research/commerce.md section 2.1).

The protocol work (base string, parameter normalisation, header rendering) is authlib's
`authlib.oauth1.rfc5849.ClientAuth`; authlib ships only HMAC-SHA1, so HMAC-SHA256 is registered on
a private subclass (not on authlib's class, which would change it for everyone). Query parameters
and form bodies are signed; JSON bodies are not (Magento `Helper/Request.php::_processRequest`).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import time
from collections.abc import Callable, Generator
from typing import Any, ClassVar
from urllib.parse import parse_qsl

from authlib.oauth1.rfc5849 import ClientAuth
from authlib.oauth1.rfc5849.signature import generate_signature_base_string
from authlib.oauth1.rfc5849.util import escape

from commerce_sdk._exceptions import ConfigurationError
from commerce_sdk._http import Auth, Request, Response

__all__ = ["SIGNATURE_HMAC_SHA256", "OAuth1", "sign_hmac_sha256"]

SIGNATURE_HMAC_SHA256 = "HMAC-SHA256"
_FORM = "application/x-www-form-urlencoded"
# An array index of two or more digits: Magento sorts raw names, RFC 5849 encoded ones, and the
# two orders differ once `[10]` sits next to `[1]` (research section 2.1 trap 1).
_BIG_INDEX = re.compile(r"\[(\d{2,})\]")


def sign_hmac_sha256(client: Any, request: Any) -> str:
    """HMAC-SHA256 over the RFC 5849 base string; key = enc(consumer secret)&enc(token secret)."""
    base_string = generate_signature_base_string(request)
    key = escape(client.client_secret or "") + "&" + escape(client.token_secret or "")
    digest = hmac.new(key.encode(), base_string.encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


class _ClientAuth(ClientAuth):  # type: ignore[misc]  # authlib ships no type information
    SIGNATURE_METHODS: ClassVar[dict[str, Any]] = {
        **ClientAuth.SIGNATURE_METHODS,
        SIGNATURE_HMAC_SHA256: sign_hmac_sha256,
    }

    def sign_at(
        self, method: str, uri: str, headers: dict[str, str], body: str, nonce: str, timestamp: str
    ) -> dict[str, str]:
        """authlib's `sign` with an injected nonce and timestamp; returns the new headers."""
        oauth_params = self.get_oauth_params(nonce, timestamp)
        rendered_uri, rendered_headers, rendered_body = self._render(
            uri, dict(headers), body, oauth_params
        )
        signature = self.get_oauth_signature(method, rendered_uri, rendered_headers, rendered_body)
        oauth_params.append(("oauth_signature", signature))
        _, signed_headers, _ = self._render(uri, dict(headers), body, oauth_params)
        return dict(signed_headers)


class OAuth1(Auth):
    """Sign every request with an integration's four OAuth 1.0a credentials (PaaS only).

    Args:
        consumer_key: The integration's consumer key.
        consumer_secret: The consumer secret.
        access_token: The integration's access token.
        access_token_secret: The access token secret.
        nonce: Makes a fresh nonce per request (default 32 random hex characters).
        clock: Seconds since the epoch, for `oauth_timestamp` (default `time.time`).

    Requests Magento cannot verify are refused with `ConfigurationError` before they are sent:
    query parameter names with an array index of 10 or more, and paths holding an encoded `/`.
    """

    def __init__(
        self,
        consumer_key: str,
        consumer_secret: str,
        access_token: str,
        access_token_secret: str,
        *,
        nonce: Callable[[], str] | None = None,
        clock: Callable[[], float] | None = None,
    ) -> None:
        for name, value in (
            ("consumer_key", consumer_key),
            ("consumer_secret", consumer_secret),
            ("access_token", access_token),
            ("access_token_secret", access_token_secret),
        ):
            if not isinstance(value, str) or not value.strip():
                raise ConfigurationError(f"OAuth1.{name}: expected a non-empty string")
        self._client = _ClientAuth(
            consumer_key,
            client_secret=consumer_secret,
            token=access_token,
            token_secret=access_token_secret,
            signature_method=SIGNATURE_HMAC_SHA256,
        )
        self._nonce = nonce or (lambda: secrets.token_hex(16))
        self._clock = clock or time.time

    @property
    def consumer_key(self) -> str:
        """The consumer key (an identifier, not a secret)."""
        return str(self._client.client_id)

    def __repr__(self) -> str:
        return f"OAuth1(consumer_key={self.consumer_key[:4]!r}…, secrets=<hidden>)"

    def sign(self, request: Request) -> None:
        """Add the `Authorization: OAuth ...` header to `request` in place.

        Raises:
            ConfigurationError: the request is one Magento's signature check would reject.
        """
        raw_path = request.url.raw_path.decode("ascii").split("?", 1)[0]
        if "%2f" in raw_path.lower():
            raise ConfigurationError(
                f"OAuth1: the path {raw_path!r} holds an encoded '/', which Magento decodes before "
                "verifying, so the signature can never match (magento/magento2#37913)"
            )
        for name, _ in parse_qsl(request.url.query.decode("ascii"), keep_blank_values=True):
            match = _BIG_INDEX.search(name)
            if match:
                raise ConfigurationError(
                    f"OAuth1: query parameter {name!r} has array index {match.group(1)}; Magento "
                    "sorts such names differently from RFC 5849 and rejects the signature. Keep "
                    "indexes below 10 (put several values in one 'in' filter instead)"
                )
        content_type = request.headers.get("Content-Type", "")
        headers: dict[str, str] = {}
        body = ""
        if _FORM in content_type.lower():
            headers["Content-Type"] = _FORM
            body = request.content.decode("utf-8")
        # Only `scheme://host[:port]/path` goes into the base string; authlib drops default ports.
        signed = self._client.sign_at(
            request.method,
            str(request.url),
            headers,
            body,
            self._nonce(),
            str(int(self._clock())),
        )
        request.headers["Authorization"] = signed["Authorization"]

    def auth_flow(self, request: Request) -> Generator[Request, Response, None]:
        """Sign and send; an integration token never expires, so there is no refresh."""
        self.sign(request)
        yield request
