"""OAuth 1.0a request verification, written from RFC 5849 and Magento's rules (no client code).

What Magento checks (research/commerce.md section 2.1, `Framework/Oauth/Oauth.php`,
`Oauth/Helper/Request.php`, `Helper/Signature/Hmac.php`):
- only `oauth_*` names from the `Authorization: OAuth ...` header count (`realm` is ignored);
- signed: those header parameters (minus `oauth_signature`), the query parameters, and the body
  parameters only for `application/x-www-form-urlencoded`; JSON bodies are not signed;
- base string URI `scheme://host[:non-default-port]/path` with no query (RFC 5849 3.4.1.2);
- HMAC-SHA1 and HMAC-SHA256; key `enc(consumer_secret)&enc(token_secret)`; base64 output;
- a nonce is single-use per consumer, a timestamp more than 600 s ahead is refused.

Magento reads the query string pair by pair (`explode('&')`, then `explode('=')`), keys a PHP array
by the raw name (a repeated name keeps its last value) and `ksort`s the raw names, where RFC 5849
sorts encoded names; the two only disagree for array indexes >= 10 (research 2.1, trap 1). The
default `param_order="magento"` reproduces that, so the fake fails a request Magento would fail.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Callable, Sequence
from typing import Literal
from urllib.parse import quote, unquote, unquote_plus

import attrs

from commerce_sdk.testing import _responses as msg

__all__ = [
    "OAuthCredentials",
    "OAuthRejectedError",
    "OAuthVerifier",
    "base_string_uri",
    "parse_authorization_header",
    "sign",
    "signature_base_string",
]

ParamOrder = Literal["magento", "rfc5849"]
_HASHES: dict[str, Callable[..., object]] = {
    "HMAC-SHA1": hashlib.sha1,
    "HMAC-SHA256": hashlib.sha256,
}
_REQUIRED = (
    "oauth_consumer_key",
    "oauth_signature",
    "oauth_signature_method",
    "oauth_nonce",
    "oauth_timestamp",
    "oauth_token",
)


@attrs.frozen(kw_only=True)
class OAuthCredentials:
    """An integration's four credentials, as the fake expects them."""

    consumer_key: str
    consumer_secret: str = attrs.field(repr=False)
    access_token: str = attrs.field(repr=False)
    access_token_secret: str = attrs.field(repr=False)
    consumer_id: int = 1


class OAuthRejectedError(Exception):
    """Verification failed; `message` / `parameters` are Magento's 401 body."""

    def __init__(
        self, message: str, parameters: list[object] | dict[str, object] | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.parameters = parameters


def enc(value: str) -> str:
    """RFC 3986 percent-encoding of everything but unreserved characters (RFC 5849 3.6)."""
    return quote(value, safe="-._~")


def parse_authorization_header(value: str) -> dict[str, str] | None:
    """The `oauth_*` parameters of an `Authorization: OAuth k="v", ...` header, decoded.

    None when the header is not an OAuth header. `realm` and non-oauth names are dropped, as
    Magento's `_processHeader` does.
    """
    scheme, _, rest = value.strip().partition(" ")
    if scheme.lower() != "oauth":
        return None
    params: dict[str, str] = {}
    for part in rest.split(","):
        name, sep, raw = part.strip().partition("=")
        if not sep:
            continue
        name = name.strip()
        if name.startswith("oauth_"):
            params[name] = unquote(raw.strip().strip('"'))
    return params


def base_string_uri(scheme: str, host: str, port: int | None, path: str) -> str:
    """`scheme://host[:port]/path`, the port only when it is not the scheme's default."""
    scheme = scheme.lower()
    default = {"http": 80, "https": 443}.get(scheme)
    authority = host.lower() if port in (None, default) else f"{host.lower()}:{port}"
    return f"{scheme}://{authority}{path or '/'}"


def query_pairs(raw_query: str, order: ParamOrder) -> list[tuple[str, str]]:
    """Query parameters as the server reads them for signing."""
    pairs: list[tuple[str, str]] = []
    for chunk in raw_query.split("&"):
        if not chunk:
            continue
        if order == "magento":
            # PHP `explode('=')` + `list($k, $v)`: anything after a second `=` is lost, and
            # `rawurldecode` leaves `+` alone (research 2.1, trap 5).
            parts = chunk.split("=")
            pairs.append((unquote(parts[0]), unquote(parts[1]) if len(parts) > 1 else ""))
        else:
            name, _, value = chunk.partition("=")
            pairs.append((unquote_plus(name), unquote_plus(value)))
    return pairs


def form_pairs(body: bytes) -> list[tuple[str, str]]:
    """Form body parameters (`application/x-www-form-urlencoded`)."""
    pairs: list[tuple[str, str]] = []
    for chunk in body.decode("utf-8", "replace").split("&"):
        if chunk:
            name, _, value = chunk.partition("=")
            pairs.append((unquote_plus(name), unquote_plus(value)))
    return pairs


def signature_base_string(
    method: str, uri: str, params: Sequence[tuple[str, str]], *, order: ParamOrder = "magento"
) -> str:
    """RFC 5849 3.4.1: `METHOD&enc(uri)&enc(normalised parameters)`."""
    if order == "magento":
        by_name = dict(params)  # a PHP array keyed by name: a repeated name keeps the last value
        ordered = [(enc(n), enc(by_name[n])) for n in sorted(by_name, key=_php_key)]
    else:
        ordered = sorted((enc(n), enc(v)) for n, v in params)
    normalised = "&".join(f"{n}={v}" for n, v in ordered)
    return "&".join((method.upper(), enc(uri), enc(normalised)))


def _php_key(name: str) -> bytes:
    # PHP's ksort on string keys compares bytes.
    return name.encode()


def sign(method_name: str, base_string: str, consumer_secret: str, token_secret: str) -> str:
    """base64(HMAC(key, base string)), key = `enc(consumer_secret)&enc(token_secret)`."""
    digest = _HASHES[method_name]
    key = f"{enc(consumer_secret)}&{enc(token_secret)}".encode()
    mac = hmac.new(key, base_string.encode(), digest)  # type: ignore[arg-type]
    return base64.b64encode(mac.digest()).decode()


class OAuthVerifier:
    """Checks signed requests for one integration; remembers nonces (single use).

    Not locked itself: the fake calls it under its own lock.
    """

    def __init__(
        self,
        credentials: OAuthCredentials,
        *,
        clock: Callable[[], float],
        time_deviation: int,
        order: ParamOrder = "magento",
    ) -> None:
        self.credentials = credentials
        self._clock = clock
        self._deviation = time_deviation
        self._order: ParamOrder = order
        self._nonces: set[tuple[str, str]] = set()

    def verify(
        self,
        *,
        method: str,
        uri: str,
        header_params: dict[str, str],
        raw_query: str,
        form_body: bytes | None,
    ) -> None:
        """Raise `OAuthRejectedError` unless the request is correctly signed, fresh and unique."""
        for name in _REQUIRED:
            if not header_params.get(name):
                raise OAuthRejectedError(msg.MSG_REQUIRED, {"fieldName": name})
        version = header_params.get("oauth_version")
        if version is not None and version != "1.0":
            raise OAuthRejectedError(msg.MSG_OAUTH_VERSION, [version])
        method_name = header_params["oauth_signature_method"]
        if method_name not in _HASHES:
            raise OAuthRejectedError(msg.MSG_SIGNATURE_METHOD, [method_name])
        creds = self.credentials
        if not hmac.compare_digest(header_params["oauth_consumer_key"], creds.consumer_key):
            raise OAuthRejectedError(msg.MSG_CONSUMER_UNKNOWN)
        self._check_nonce(header_params["oauth_nonce"], header_params["oauth_timestamp"])
        if not hmac.compare_digest(header_params["oauth_token"], creds.access_token):
            raise OAuthRejectedError(msg.MSG_TOKEN_UNKNOWN)
        params = [(k, v) for k, v in header_params.items() if k != "oauth_signature"]
        params += query_pairs(raw_query, self._order)
        if form_body is not None:
            params += form_pairs(form_body)
        base = signature_base_string(method, uri, params, order=self._order)
        expected = sign(method_name, base, creds.consumer_secret, creds.access_token_secret)
        if not hmac.compare_digest(expected, header_params["oauth_signature"]):
            raise OAuthRejectedError(msg.MSG_SIGNATURE_INVALID)

    def _check_nonce(self, nonce: str, timestamp: str) -> None:
        # Magento validates and stores the nonce before it checks the signature, so even a
        # request with a bad signature uses its nonce up.
        if not timestamp.isdigit() or int(timestamp) <= 0:
            raise OAuthRejectedError(msg.MSG_TIMESTAMP_INVALID)
        if int(timestamp) > self._clock() + self._deviation:
            raise OAuthRejectedError(msg.MSG_TIMESTAMP_FUTURE)
        key = (self.credentials.consumer_key, nonce)
        if key in self._nonces:
            raise OAuthRejectedError(msg.MSG_NONCE_USED, [self.credentials.consumer_id])
        self._nonces.add(key)
