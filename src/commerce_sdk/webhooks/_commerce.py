"""Verifier for the Adobe Commerce Webhooks module (synchronous webhooks).

research/commerce.md section 7a: `x-adobe-commerce-webhook-signature` is
base64(RSA PKCS#1 v1.5 SHA-256 signature, made with the instance's private key, over
base64(raw body)). The doc text says "HMAC SHA256" but its code samples verify with the public
key over `Buffer.from(body).toString('base64')`. There is no timestamp, hence no replay window:
dedupe on `x-adobe-commerce-request-id` (the dispatcher does).
"""

from __future__ import annotations

import base64
from collections.abc import Sequence

import attrs
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey

from commerce_sdk.webhooks._base import (
    HeadersLike,
    PublicKeyLike,
    Reason,
    Source,
    fail,
    load_public_keys,
    normalize_headers,
    require_header,
    rsa_verify_any,
    strict_b64decode,
)
from commerce_sdk.webhooks._constants import COMMERCE_SIGNATURE_HEADER

__all__ = ["CommerceWebhookVerifier"]


@attrs.frozen(init=False)
class CommerceWebhookVerifier:
    """Checks the RSA signature Adobe Commerce puts on each webhook call.

    Args:
        public_key_pem: the PEM public key the Admin shows (Stores > Configuration > Adobe
            Services > Webhooks), or a list of them while you rotate the key pair.
        header: the signature header, in case a proxy renames it.
    """

    keys: tuple[RSAPublicKey, ...] = attrs.field(repr=False)
    header: str = COMMERCE_SIGNATURE_HEADER
    source: Source = Source.COMMERCE_WEBHOOK

    def __init__(
        self,
        public_key_pem: PublicKeyLike | Sequence[PublicKeyLike],
        *,
        header: str = COMMERCE_SIGNATURE_HEADER,
    ) -> None:
        keys = load_public_keys(public_key_pem, field="public_key_pem")
        self.__attrs_init__(keys=keys, header=header.lower(), source=Source.COMMERCE_WEBHOOK)

    def verify(self, headers: HeadersLike, body: bytes) -> None:
        """Raise `WebhookVerificationError` unless one configured key signed `body`.

        Reasons: missing_header, bad_encoding (not base64), bad_signature.
        """
        normalized = normalize_headers(headers)
        signature = strict_b64decode(require_header(normalized, self.header), header=self.header)
        # The signed message is the base64 text of the raw bytes, not the bytes themselves.
        message = base64.b64encode(bytes(body))
        if not rsa_verify_any(self.keys, signature, message):
            raise fail(
                Reason.BAD_SIGNATURE,
                f"header {self.header!r} does not verify against any of "
                f"{len(self.keys)} configured public key(s)",
            )
