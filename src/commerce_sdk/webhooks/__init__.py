"""Verify, parse and dispatch Adobe Commerce webhooks (research/commerce.md section 7).

Three delivery shapes, three verifiers, one event type and one dispatcher::

    from commerce_sdk.webhooks import CommerceWebhookVerifier, EventFamily, WebhookDispatcher

    dispatcher = WebhookDispatcher(CommerceWebhookVerifier(public_key_pem))

    @dispatcher.on(EventFamily.ORDER_PLACED)
    def order_placed(event):
        ...

    status, body, outcome = dispatcher.handle(request_headers, raw_body)

See docs/webhooks.md for the schemes, the statuses and framework recipes.
"""

from commerce_sdk.webhooks._base import (
    HeadersLike,
    Reason,
    Source,
    Verifier,
    headers_from_wsgi_environ,
    normalize_headers,
)
from commerce_sdk.webhooks._commerce import CommerceWebhookVerifier
from commerce_sdk.webhooks._dedupe import Dedupe, InMemoryDedupe, NoDedupe
from commerce_sdk.webhooks._dispatch import ANY_EVENT, Handler, WebhookDispatcher
from commerce_sdk.webhooks._events import EntityModel, WebhookEvent, parse_event
from commerce_sdk.webhooks._hmac import HMACVerifier, hmac_signature
from commerce_sdk.webhooks._io_events import IOEventsVerifier
from commerce_sdk.webhooks._keys import HttpKeyFetcher, KeyFetcher
from commerce_sdk.webhooks._responses import (
    HandlerError,
    OutcomeStatus,
    WebhookOutcome,
    WebhookRejection,
    WebhookResult,
    add_operation,
    exception_body,
    remove_operation,
    replace_operation,
    success_body,
)
from commerce_sdk.webhooks._types import EventFamily, family_of, normalize_event_type

__all__ = [
    "ANY_EVENT",
    "CommerceWebhookVerifier",
    "Dedupe",
    "EntityModel",
    "EventFamily",
    "HMACVerifier",
    "Handler",
    "HandlerError",
    "HeadersLike",
    "HttpKeyFetcher",
    "IOEventsVerifier",
    "InMemoryDedupe",
    "KeyFetcher",
    "NoDedupe",
    "OutcomeStatus",
    "Reason",
    "Source",
    "Verifier",
    "WebhookDispatcher",
    "WebhookEvent",
    "WebhookOutcome",
    "WebhookRejection",
    "WebhookResult",
    "add_operation",
    "exception_body",
    "family_of",
    "headers_from_wsgi_environ",
    "hmac_signature",
    "normalize_event_type",
    "normalize_headers",
    "parse_event",
    "remove_operation",
    "replace_operation",
    "success_body",
]
