"""Shared-secret HMAC-SHA256 verifier for custom senders and middleware.

Adobe Commerce has no native HMAC webhook scheme (research/commerce.md section 7c), so this one is
configurable. The scheme, precisely:

- Without `timestamp_header`: the signed message is the raw body bytes.
- With `timestamp_header`: the signed message is `timestamp + b"." + raw body`, where `timestamp`
  is the header value exactly as sent (ASCII), which must be integer Unix seconds. A timestamp
  further than `tolerance` from now, in either direction, is `stale`.
- The header value is `prefix` (if configured, e.g. `sha256=`) followed by the HMAC-SHA256 digest
  in standard base64 (with padding) or hex (either case).

Every configured secret is tried (rotation); comparisons use `hmac.compare_digest`.
"""

from __future__ import annotations

import binascii
import hashlib
import hmac
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Literal

import attrs

from commerce_sdk._exceptions import ConfigurationError
from commerce_sdk.webhooks._base import (
    Clock,
    HeadersLike,
    Reason,
    Source,
    fail,
    load_secrets,
    normalize_headers,
    require_header,
    strict_b64decode,
    utc_now,
)
from commerce_sdk.webhooks._constants import DEFAULT_HMAC_HEADER, DEFAULT_HMAC_TOLERANCE

__all__ = ["HMACVerifier", "hmac_signature"]

Encoding = Literal["base64", "hex"]


def hmac_signature(
    secret: str | bytes,
    body: bytes,
    *,
    encoding: Encoding = "base64",
    prefix: str | None = None,
    timestamp: str | None = None,
) -> str:
    """The header value a sender puts on `body` under the scheme described in this module."""
    key = secret.encode("utf-8") if isinstance(secret, str) else secret
    message = body if timestamp is None else timestamp.encode("ascii") + b"." + body
    digest = hmac.new(key, message, hashlib.sha256).digest()
    if encoding == "hex":
        return f"{prefix or ''}{digest.hex()}"
    text = binascii.b2a_base64(digest, newline=False).decode("ascii")
    return f"{prefix or ''}{text}"


@attrs.frozen(init=False)
class HMACVerifier:
    """Checks a shared-secret HMAC-SHA256 signature header (scheme in the module docstring).

    Args:
        secret: the shared secret, or a list of secrets while rotating.
        header: the signature header name (case-insensitive).
        encoding: "base64" or "hex" digest text.
        prefix: a literal the value starts with, such as "sha256="; None for none.
        timestamp_header: the header carrying the signed Unix timestamp; None signs the body only.
        tolerance: how far the timestamp may be from now before the delivery is `stale`.
        clock: returns the current aware datetime (tests inject one).
    """

    secrets: tuple[bytes, ...] = attrs.field(repr=False)
    header: str
    encoding: Encoding
    prefix: str | None
    timestamp_header: str | None
    tolerance: timedelta
    clock: Clock = attrs.field(repr=False)
    source: Source = Source.CUSTOM

    def __init__(
        self,
        secret: str | bytes | Sequence[str | bytes],
        *,
        header: str = DEFAULT_HMAC_HEADER,
        encoding: Encoding = "base64",
        prefix: str | None = None,
        timestamp_header: str | None = None,
        tolerance: timedelta = DEFAULT_HMAC_TOLERANCE,
        clock: Clock | None = None,
    ) -> None:
        if encoding not in ("base64", "hex"):
            raise ConfigurationError(f"encoding: expected 'base64' or 'hex', got {encoding!r}")
        if tolerance <= timedelta(0):
            raise ConfigurationError(f"tolerance: must be positive, got {tolerance!r}")
        self.__attrs_init__(
            secrets=load_secrets(secret, field="secret"),
            header=header.lower(),
            encoding=encoding,
            prefix=prefix,
            timestamp_header=timestamp_header.lower() if timestamp_header else None,
            tolerance=tolerance,
            clock=clock or utc_now,
            source=Source.CUSTOM,
        )

    def verify(self, headers: HeadersLike, body: bytes) -> None:
        """Raise `WebhookVerificationError` unless a configured secret signed `body` (and it is
        recent, when a timestamp header is configured).

        Reasons: missing_header, bad_encoding, bad_signature, stale.
        """
        self._verify(headers, body, check_age=True)

    def verify_ignoring_timestamp(self, headers: HeadersLike, body: bytes) -> None:
        """Like `verify`, but accept any age: for replaying stored deliveries and for tests.

        The timestamp is still required and still signed; only the tolerance is skipped.
        """
        self._verify(headers, body, check_age=False)

    def _verify(self, headers: HeadersLike, body: bytes, *, check_age: bool) -> None:
        normalized = normalize_headers(headers)
        provided = self._decode(require_header(normalized, self.header))
        timestamp: str | None = None
        if self.timestamp_header is not None:
            timestamp = require_header(normalized, self.timestamp_header)
            if not timestamp.isascii() or not timestamp.isdigit():
                raise fail(
                    Reason.BAD_ENCODING,
                    f"header {self.timestamp_header!r}: expected integer Unix seconds",
                )
        message = bytes(body) if timestamp is None else timestamp.encode("ascii") + b"." + body
        matched = False
        for secret in self.secrets:
            expected = hmac.new(secret, message, hashlib.sha256).digest()
            # No early exit: every secret is compared, so timing says nothing about which matched.
            matched |= hmac.compare_digest(expected, provided)
        if not matched:
            raise fail(
                Reason.BAD_SIGNATURE,
                f"header {self.header!r} does not match any of {len(self.secrets)} secret(s)",
            )
        if timestamp is not None and check_age:
            self._check_age(int(timestamp))

    def _decode(self, value: str) -> bytes:
        if self.prefix is not None:
            if not value.lower().startswith(self.prefix.lower()):
                raise fail(
                    Reason.BAD_ENCODING, f"header {self.header!r} lacks the {self.prefix!r} prefix"
                )
            value = value[len(self.prefix) :]
        if self.encoding == "base64":
            return strict_b64decode(value, header=self.header)
        try:
            decoded = bytes.fromhex(value)
        except ValueError:
            raise fail(Reason.BAD_ENCODING, f"header {self.header!r} is not valid hex") from None
        if not decoded:
            raise fail(Reason.BAD_ENCODING, f"header {self.header!r} is empty")
        return decoded

    def _check_age(self, timestamp: int) -> None:
        try:
            signed_at = datetime.fromtimestamp(timestamp, UTC)
        except (OverflowError, OSError, ValueError):
            raise fail(Reason.STALE, f"header {self.timestamp_header!r} is out of range") from None
        age = self.clock() - signed_at
        if abs(age) > self.tolerance:
            when = "ago" if age > timedelta(0) else "in the future"
            raise fail(
                Reason.STALE,
                f"timestamp is {int(abs(age).total_seconds())} s {when}; tolerance is "
                f"{int(self.tolerance.total_seconds())} s",
            )
