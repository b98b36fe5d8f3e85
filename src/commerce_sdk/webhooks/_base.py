"""What every verifier shares: header lookup, key and secret loading, strict base64.

Verifiers work on the raw body bytes exactly as received (research/commerce.md section 7): a body
that was decoded and re-encoded (key order, spacing, escapes) no longer matches its signature.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from enum import StrEnum
from typing import Protocol, TypeAlias, runtime_checkable

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey

from commerce_sdk._exceptions import ConfigurationError, WebhookVerificationError

__all__ = [
    "Clock",
    "HeadersLike",
    "PublicKeyLike",
    "Reason",
    "Source",
    "Verifier",
    "fail",
    "headers_from_wsgi_environ",
    "load_public_keys",
    "load_secrets",
    "normalize_headers",
    "rsa_verify_any",
    "strict_b64decode",
    "utc_now",
]

#: Headers as a mapping, as (name, value) pairs, or as ASGI-style byte pairs.
HeadersLike: TypeAlias = Mapping[str, str] | Iterable[tuple[str | bytes, str | bytes]]
#: A PEM (text or bytes) or a loaded RSA public key.
PublicKeyLike: TypeAlias = str | bytes | RSAPublicKey


class Clock(Protocol):
    """Returns the current time, timezone-aware (tests inject a fixed one)."""

    def __call__(self) -> datetime: ...


def utc_now() -> datetime:
    """The default clock: the current UTC time."""
    return datetime.now(UTC)


class Reason(StrEnum):
    """The `reason` values a `WebhookVerificationError` carries."""

    MISSING_HEADER = "missing_header"
    BAD_ENCODING = "bad_encoding"
    BAD_SIGNATURE = "bad_signature"
    WRONG_RECIPIENT = "wrong_recipient"
    STALE = "stale"
    MALFORMED_BODY = "malformed_body"
    BAD_KEY_PATH = "bad_key_path"
    KEY_UNAVAILABLE = "key_unavailable"
    BODY_TOO_LARGE = "body_too_large"
    UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type"


class Source(StrEnum):
    """Which of the three delivery shapes an event came in (research section 7a, 7b, 7c)."""

    COMMERCE_WEBHOOK = "commerce_webhook"
    IO_EVENTS = "io_events"
    CUSTOM = "custom"


@runtime_checkable
class Verifier(Protocol):
    """Checks one delivery; raises `WebhookVerificationError` when it does not check out."""

    @property
    def source(self) -> Source:
        """The delivery shape this verifier trusts."""
        ...

    def verify(self, headers: HeadersLike, body: bytes) -> None:
        """Raise `WebhookVerificationError` unless `body` is authentic for `headers`."""
        ...


def fail(reason: Reason, message: str) -> WebhookVerificationError:
    """A verification error; messages name headers and reasons, never secrets or signatures."""
    return WebhookVerificationError(reason.value, message)


def _text(value: str | bytes) -> str:
    return value.decode("latin-1") if isinstance(value, bytes) else value


def normalize_headers(headers: HeadersLike) -> dict[str, str]:
    """Lower-case header names; for a repeated header the first value wins."""
    items = headers.items() if isinstance(headers, Mapping) else headers
    result: dict[str, str] = {}
    for name, value in items:
        result.setdefault(_text(name).strip().lower(), _text(value))
    return result


def headers_from_wsgi_environ(environ: Mapping[str, object]) -> dict[str, str]:
    """Request headers from a WSGI environ (PEP 3333: `HTTP_X_NAME`, `CONTENT_TYPE`, ...)."""
    headers: dict[str, str] = {}
    for key, value in environ.items():
        if not isinstance(value, str):
            continue
        if key.startswith("HTTP_"):
            headers[key[5:].replace("_", "-").lower()] = value
        elif key in ("CONTENT_TYPE", "CONTENT_LENGTH") and value:
            headers[key.replace("_", "-").lower()] = value
    return headers


def require_header(headers: Mapping[str, str], name: str) -> str:
    """The stripped value of a header from `normalize_headers`, or a missing_header error."""
    value = headers.get(name, "").strip()
    if not value:
        raise fail(Reason.MISSING_HEADER, f"header {name!r} is missing or empty")
    return value


def strict_b64decode(value: str, *, header: str) -> bytes:
    """Decode standard base64 strictly (no stray characters); bad_encoding names the header."""
    try:
        decoded = base64.b64decode(value.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        raise fail(Reason.BAD_ENCODING, f"header {header!r} is not valid base64") from None
    if not decoded:
        raise fail(Reason.BAD_ENCODING, f"header {header!r} decodes to nothing")
    return decoded


def load_public_key(value: PublicKeyLike, *, field: str) -> RSAPublicKey:
    """Load one RSA public key from PEM; a clear ConfigurationError names the bad field."""
    if isinstance(value, RSAPublicKey):
        return value
    data = value.encode("ascii", "replace") if isinstance(value, str) else value
    try:
        key = serialization.load_pem_public_key(data)
    except (ValueError, TypeError, UnsupportedAlgorithm) as exc:
        kind = exc.__class__.__name__
        raise ConfigurationError(f"{field}: not a PEM public key ({kind})") from None
    if not isinstance(key, RSAPublicKey):
        raise ConfigurationError(f"{field}: expected an RSA public key, got {type(key).__name__}")
    return key


def load_public_keys(
    value: PublicKeyLike | Sequence[PublicKeyLike], *, field: str
) -> tuple[RSAPublicKey, ...]:
    """One key or a list (rotation: any listed key may have signed)."""
    values = [value] if isinstance(value, str | bytes | RSAPublicKey) else list(value)
    if not values:
        raise ConfigurationError(f"{field}: at least one public key is required")
    return tuple(load_public_key(v, field=f"{field}[{i}]") for i, v in enumerate(values))


def load_secrets(value: str | bytes | Sequence[str | bytes], *, field: str) -> tuple[bytes, ...]:
    """One shared secret or a list (rotation); empty secrets are refused."""
    values = [value] if isinstance(value, str | bytes) else list(value)
    secrets = tuple(v.encode("utf-8") if isinstance(v, str) else bytes(v) for v in values)
    if not secrets or any(not s for s in secrets):
        # The value itself is never echoed: it is a secret.
        raise ConfigurationError(f"{field}: a non-empty secret is required")
    return secrets


def rsa_verify_any(keys: Iterable[RSAPublicKey], signature: bytes, message: bytes) -> bool:
    """True when any key verifies the RSA PKCS#1 v1.5 SHA-256 `signature` over `message`."""
    for key in keys:
        try:
            key.verify(signature, message, padding.PKCS1v15(), hashes.SHA256())
        except InvalidSignature:
            continue
        return True
    return False
