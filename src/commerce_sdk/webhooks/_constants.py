"""Every default and header name of `commerce_sdk.webhooks` (DESIGN section 5).

Header names are lower case: lookups are case-insensitive (HTTP field names are, RFC 9110 5.1).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Final

__all__ = [
    "COMMERCE_REQUEST_ID_HEADER",
    "COMMERCE_SIGNATURE_HEADER",
    "DEFAULT_DEDUPE_SIZE",
    "DEFAULT_HMAC_HEADER",
    "DEFAULT_HMAC_TOLERANCE",
    "DEFAULT_KEY_CACHE_TTL",
    "DEFAULT_KEY_FETCH_TIMEOUT",
    "DEFAULT_MAX_BODY_BYTES",
    "DEFAULT_REJECTION_MESSAGE",
    "IO_DIGITAL_SIGNATURE_HEADERS",
    "IO_EVENTS_KEY_ORIGIN",
    "IO_EVENT_CODE_HEADER",
    "IO_EVENT_ID_HEADER",
    "IO_LEGACY_SIGNATURE_HEADER",
    "IO_PUBLIC_KEY_PATH_HEADERS",
]

#: Adobe Commerce Webhooks module signature header (research/commerce.md section 7a).
COMMERCE_SIGNATURE_HEADER: Final = "x-adobe-commerce-webhook-signature"
#: Request id Commerce sends with every webhook call (research section 7a).
COMMERCE_REQUEST_ID_HEADER: Final = "x-adobe-commerce-request-id"

#: Adobe I/O Events: two RSA signatures, either one valid suffices (research section 7b).
IO_DIGITAL_SIGNATURE_HEADERS: Final = ("x-adobe-digital-signature-1", "x-adobe-digital-signature-2")
#: The key path of each signature, relative to `IO_EVENTS_KEY_ORIGIN` (research section 7b).
IO_PUBLIC_KEY_PATH_HEADERS: Final = ("x-adobe-public-key1-path", "x-adobe-public-key2-path")
#: Deprecated base64 HMAC-SHA256(client secret, raw body) (research section 7b).
IO_LEGACY_SIGNATURE_HEADER: Final = "x-adobe-signature"
#: Event code and event id headers of an I/O Events delivery (research section 7b).
IO_EVENT_CODE_HEADER: Final = "x-adobe-event-code"
IO_EVENT_ID_HEADER: Final = "x-adobe-event-id"
#: Where Adobe publishes the I/O Events public keys (adobe/aio-lib-events `src/signatureUtils.js`).
IO_EVENTS_KEY_ORIGIN: Final = "https://static.adobeioevents.com"
#: How long a fetched public key is trusted; aio-lib-events caches for 24 hours (research 7b).
DEFAULT_KEY_CACHE_TTL: Final = timedelta(hours=24)
#: Seconds allowed for fetching one public key.
DEFAULT_KEY_FETCH_TIMEOUT: Final = 10.0

#: Header the custom HMAC scheme reads when none is configured (research section 7c).
DEFAULT_HMAC_HEADER: Final = "x-signature"
#: How far a signed timestamp may be from now, either way, before the delivery is stale.
DEFAULT_HMAC_TOLERANCE: Final = timedelta(minutes=5)

#: Largest body accepted (1 MiB): order payloads are tens of kilobytes; bigger is abuse.
DEFAULT_MAX_BODY_BYTES: Final = 1024 * 1024
#: Event ids remembered by `InMemoryDedupe` when no size is given.
DEFAULT_DEDUPE_SIZE: Final = 10_000
#: Message sent back to Commerce when a handler crashed: internal error text is never echoed,
#: because Commerce may show the message to the shopper (webhooks/responses.md).
DEFAULT_REJECTION_MESSAGE: Final = "The request could not be processed. Try again later."
