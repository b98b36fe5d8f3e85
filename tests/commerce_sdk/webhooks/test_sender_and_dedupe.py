"""WebhookSender (the fake signer) and InMemoryDedupe."""

from __future__ import annotations

import base64
import json

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from commerce_sdk import ConfigurationError
from commerce_sdk._http import Client, MockTransport, Response
from commerce_sdk.testing import WebhookSender
from commerce_sdk.webhooks import (
    CommerceWebhookVerifier,
    HMACVerifier,
    InMemoryDedupe,
    IOEventsVerifier,
)


def test_observer_deliveries_name_the_event_without_the_observer_prefix(sender):
    _, body = sender.commerce_webhook(
        "observer.sales_order_save_after", {"order": {"entity_id": 1}}
    )
    assert json.loads(body) == {
        "eventName": "sales_order_save_after",
        "data": {"order": {"entity_id": 1}},
    }


def test_plugin_deliveries_carry_only_data(sender):
    _, body = sender.commerce_webhook("plugin.sales.api.order_management.place", {"order": {}})
    assert json.loads(body) == {"data": {"order": {}}}


def test_io_events_are_cloudevents_envelopes_addressed_to_the_client(sender):
    headers, body = sender.io_event(
        "observer.customer_save_commit_after", {"id": 7}, event_id="e-1"
    )
    payload = json.loads(body)
    assert payload["type"] == "com.adobe.commerce.observer.customer_save_commit_after"
    assert payload["recipient_client_id"] == sender.client_id
    assert payload["event_id"] == headers["x-adobe-event-id"] == "e-1"
    assert payload["data"]["value"] == {"id": 7}
    assert headers["x-adobe-public-key1-path"] == sender.io_key_paths[0]


def test_bodies_keep_non_ascii_as_utf8_bytes(sender):
    _, body = sender.hmac({"name": "Zoë"})
    assert "Zoë".encode() in body


def test_given_private_keys_are_used(sender):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    own = WebhookSender(commerce_private_key=pem, io_private_keys=(key, key))
    public = key.public_key()
    CommerceWebhookVerifier(public).verify(*own.commerce_webhook("sales_order_save_after", {}))
    IOEventsVerifier(own.client_id, public_keys=public).verify(*own.io_event("x", {}))


def test_the_key_fetcher_knows_only_its_own_paths(sender):
    assert sender.public_key_fetcher(sender.io_key_paths[1]) == sender.io_public_key_pems[1]
    with pytest.raises(LookupError):
        sender.public_key_fetcher("/prod/keys/other.pem")


def test_legacy_signatures_are_added_when_a_client_secret_is_set(sender, other_sender):
    assert "x-adobe-signature" in sender.io_event("x", {}).headers
    assert "x-adobe-signature" not in other_sender.io_event("x", {}).headers


def test_hmac_deliveries_match_the_verifier_options(sender):
    headers, body = sender.hmac({"a": 1}, header="X-Hook-Sig", encoding="hex", prefix="sha256=")
    assert headers["X-Hook-Sig"].startswith("sha256=")
    HMACVerifier(sender.hmac_secret, header="x-hook-sig", encoding="hex", prefix="sha256=").verify(
        headers, body
    )


def test_the_repr_holds_no_secret_or_key():
    sender = WebhookSender(
        hmac_secret="s3cr3t-value", legacy_client_secret="legacy-value", key_size=1024
    )
    text = repr(sender)
    assert "s3cr3t-value" not in text
    assert "legacy-value" not in text
    assert "PRIVATE" not in text


def test_post_sends_the_exact_bytes_and_headers_through_a_transport(sender):
    received = []

    def capture(request):
        received.append(request)
        return Response(200, json={"op": "success"})

    delivery = sender.commerce_webhook("sales_order_save_after", {"order": {"name": "Zoë"}})
    response = sender.post(delivery, "http://hooks.test/in", transport=MockTransport(capture))
    assert response.json() == {"op": "success"}
    assert received[0].content == delivery.body
    signature = received[0].headers["x-adobe-commerce-webhook-signature"]
    assert signature == delivery.headers["x-adobe-commerce-webhook-signature"]
    assert len(base64.b64decode(signature)) == 256  # a 2048-bit RSA signature


def test_post_can_use_a_given_client(sender):
    with Client(transport=MockTransport(lambda request: Response(204))) as client:
        assert (
            sender.post(sender.hmac({}), "http://hooks.test/in", client=client).status_code == 204
        )


def test_in_memory_dedupe_claims_once_and_can_release():
    dedupe = InMemoryDedupe(max_size=2)
    assert dedupe.claim("a") is True
    assert dedupe.claim("a") is False
    dedupe.release("a")
    assert dedupe.claim("a") is True


def test_in_memory_dedupe_forgets_the_least_recently_seen_first():
    dedupe = InMemoryDedupe(max_size=2)
    dedupe.claim("a")
    dedupe.claim("b")
    dedupe.claim("a")  # seen again: now the most recent
    dedupe.claim("c")  # evicts b
    assert dedupe.claim("a") is False
    assert dedupe.claim("b") is True


def test_in_memory_dedupe_needs_a_positive_size():
    with pytest.raises(ConfigurationError, match="max_size"):
        InMemoryDedupe(0)
