"""Verifier for Adobe I/O Events deliveries (asynchronous Commerce events).

research/commerce.md section 7b (adobe/aio-lib-events `src/signatureUtils.js`, `src/helpers.js`):
`x-adobe-digital-signature-1` and `-2` are base64 RSA PKCS#1 v1.5 SHA-256 signatures over the raw
body, made with two key pairs whose public halves live at `x-adobe-public-key1-path` / `-2-path` on
`https://static.adobeioevents.com`; **either** valid signature suffices (Adobe rotates one at a
time). The body's `recipient_client_id` must equal our client id. The legacy `x-adobe-signature`
(base64 HMAC-SHA256 of the raw body with the client secret) is deprecated and off by default.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from collections.abc import Sequence
from datetime import timedelta

import attrs
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey

from commerce_sdk._exceptions import ConfigurationError, WebhookVerificationError
from commerce_sdk.webhooks._base import (
    Clock,
    HeadersLike,
    PublicKeyLike,
    Reason,
    Source,
    fail,
    load_public_keys,
    load_secrets,
    normalize_headers,
    rsa_verify_any,
    strict_b64decode,
)
from commerce_sdk.webhooks._constants import (
    DEFAULT_KEY_CACHE_TTL,
    IO_DIGITAL_SIGNATURE_HEADERS,
    IO_EVENTS_KEY_ORIGIN,
    IO_LEGACY_SIGNATURE_HEADER,
    IO_PUBLIC_KEY_PATH_HEADERS,
)
from commerce_sdk.webhooks._keys import HttpKeyFetcher, KeyCache, KeyFetcher, check_key_path

__all__ = ["IOEventsVerifier"]


@attrs.frozen(init=False)
class IOEventsVerifier:
    """Checks an Adobe I/O Events delivery: two RSA signatures (either suffices) and the recipient.

    Args:
        client_id: your project's API key (client id); `recipient_client_id` must equal it.
        public_keys: PEMs trusted for either signature (pinned keys; no fetching needed).
        key_fetcher: `callable(path) -> pem` used for the key paths the delivery names. Paths that
            are not plain absolute paths are refused before the fetcher is called. When neither
            `public_keys` nor `key_fetcher` is given, keys are fetched over HTTPS from `key_origin`.
        key_origin: where the default fetcher reads keys.
        key_cache_ttl: how long a fetched key is reused.
        legacy_client_secret: the client secret (or a list) for the deprecated `x-adobe-signature`.
        allow_legacy: accept a valid legacy HMAC when no RSA signature verifies. Off by default.
        clock: the cache's clock (tests inject one).
    """

    client_id: str
    key_origin: str
    allow_legacy: bool
    pinned_keys: tuple[RSAPublicKey, ...] = attrs.field(repr=False)
    key_cache: KeyCache | None = attrs.field(repr=False)
    legacy_secrets: tuple[bytes, ...] = attrs.field(repr=False)
    source: Source = Source.IO_EVENTS

    def __init__(
        self,
        client_id: str,
        *,
        public_keys: PublicKeyLike | Sequence[PublicKeyLike] | None = None,
        key_fetcher: KeyFetcher | None = None,
        key_origin: str = IO_EVENTS_KEY_ORIGIN,
        key_cache_ttl: timedelta = DEFAULT_KEY_CACHE_TTL,
        legacy_client_secret: str | bytes | Sequence[str | bytes] | None = None,
        allow_legacy: bool = False,
        clock: Clock | None = None,
    ) -> None:
        if not client_id:
            raise ConfigurationError("client_id: required (the recipient_client_id to expect)")
        if not key_origin.startswith("https://") and key_fetcher is None:
            raise ConfigurationError(f"key_origin: must be an https:// URL, got {key_origin!r}")
        if allow_legacy and legacy_client_secret is None:
            raise ConfigurationError("allow_legacy: needs legacy_client_secret")
        pinned = () if public_keys is None else load_public_keys(public_keys, field="public_keys")
        if key_fetcher is None and public_keys is None:
            key_fetcher = HttpKeyFetcher(origin=key_origin)
        cache = None
        if key_fetcher is not None:
            cache = KeyCache(key_fetcher, ttl=key_cache_ttl, clock=clock)
        secrets = (
            ()
            if legacy_client_secret is None
            else load_secrets(legacy_client_secret, field="legacy_client_secret")
        )
        self.__attrs_init__(
            client_id=client_id,
            key_origin=key_origin,
            allow_legacy=allow_legacy,
            pinned_keys=pinned,
            key_cache=cache,
            legacy_secrets=secrets,
            source=Source.IO_EVENTS,
        )

    def verify(self, headers: HeadersLike, body: bytes) -> None:
        """Raise `WebhookVerificationError` unless the delivery is authentic and addressed to us.

        Reasons: missing_header, bad_encoding, bad_key_path, key_unavailable, bad_signature,
        malformed_body (not a JSON object), wrong_recipient.
        """
        normalized = normalize_headers(headers)
        body = bytes(body)
        if not self._signatures_ok(normalized, body):
            legacy = normalized.get(IO_LEGACY_SIGNATURE_HEADER, "").strip()
            if not (self.allow_legacy and legacy and self._legacy_ok(legacy, body)):
                raise fail(Reason.BAD_SIGNATURE, "neither digital signature verifies")
        self._check_recipient(body)

    def _signatures_ok(self, headers: dict[str, str], body: bytes) -> bool:
        present = [
            (sig_header, path_header)
            for sig_header, path_header in zip(
                IO_DIGITAL_SIGNATURE_HEADERS, IO_PUBLIC_KEY_PATH_HEADERS, strict=True
            )
            if headers.get(sig_header, "").strip()
        ]
        if not present:
            if self.allow_legacy and headers.get(IO_LEGACY_SIGNATURE_HEADER, "").strip():
                return False  # the caller falls back to the legacy HMAC
            raise fail(
                Reason.MISSING_HEADER,
                f"neither {IO_DIGITAL_SIGNATURE_HEADERS[0]!r} nor "
                f"{IO_DIGITAL_SIGNATURE_HEADERS[1]!r} is present",
            )
        problems: list[WebhookVerificationError] = []
        for sig_header, path_header in present:
            try:
                if self._one_signature_ok(headers, body, sig_header, path_header):
                    return True
            except WebhookVerificationError as exc:
                problems.append(exc)
        if problems and len(problems) == len(present):
            # Nothing could even be checked: report why (bad encoding, bad path, no key).
            raise problems[0]
        return False

    def _one_signature_ok(
        self, headers: dict[str, str], body: bytes, sig_header: str, path_header: str
    ) -> bool:
        signature = strict_b64decode(headers[sig_header].strip(), header=sig_header)
        if self.pinned_keys and rsa_verify_any(self.pinned_keys, signature, body):
            return True
        if self.key_cache is None:
            return False
        path = headers.get(path_header, "").strip()
        if not path:
            if self.pinned_keys:
                return False
            raise fail(Reason.MISSING_HEADER, f"header {path_header!r} is missing or empty")
        key = self.key_cache.get(check_key_path(path, header=path_header))
        return rsa_verify_any((key,), signature, body)

    def _legacy_ok(self, value: str, body: bytes) -> bool:
        try:
            provided = base64.b64decode(value.encode("ascii"), validate=True)
        except (binascii.Error, UnicodeEncodeError, ValueError):
            raise fail(
                Reason.BAD_ENCODING, f"header {IO_LEGACY_SIGNATURE_HEADER!r} is not valid base64"
            ) from None
        matched = False
        for secret in self.legacy_secrets:
            expected = hmac.new(secret, body, hashlib.sha256).digest()
            matched |= hmac.compare_digest(expected, provided)
        return matched

    def _check_recipient(self, body: bytes) -> None:
        try:
            payload = json.loads(body)
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
            raise fail(Reason.MALFORMED_BODY, "the body is not JSON") from None
        if not isinstance(payload, dict):
            raise fail(Reason.MALFORMED_BODY, "the body is not a JSON object")
        recipient = payload.get("recipient_client_id")
        if not isinstance(recipient, str) or not hmac.compare_digest(
            recipient.encode("utf-8"), self.client_id.encode("utf-8")
        ):
            raise fail(
                Reason.WRONG_RECIPIENT,
                f"recipient_client_id {recipient!r} is not this verifier's client id",
            )
