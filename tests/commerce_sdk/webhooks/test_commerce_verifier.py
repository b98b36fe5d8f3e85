"""CommerceWebhookVerifier: RSA-SHA256 over base64(raw body) (research/commerce.md section 7a)."""

from __future__ import annotations

import json

import pytest

from commerce_sdk import ConfigurationError, WebhookVerificationError
from commerce_sdk.webhooks import CommerceWebhookVerifier

from .conftest import load


@pytest.fixture
def delivery(sender):
    return sender.commerce_webhook(
        "observer.sales_order_place_before", {"order": load("order.json")}
    )


def test_a_delivery_signed_by_the_instance_key_verifies(sender, delivery):
    CommerceWebhookVerifier(sender.commerce_public_key_pem).verify(*delivery)


def test_header_names_are_case_insensitive(sender, delivery):
    headers = {name.upper(): value for name, value in delivery.headers.items()}
    CommerceWebhookVerifier(sender.commerce_public_key_pem).verify(headers, delivery.body)


def test_asgi_style_byte_header_pairs_are_accepted(sender, delivery):
    pairs = [(k.encode(), v.encode()) for k, v in delivery.headers.items()]
    CommerceWebhookVerifier(sender.commerce_public_key_pem.encode()).verify(pairs, delivery.body)


def test_a_tampered_body_fails_with_bad_signature(sender, delivery):
    tampered = delivery.body.replace(b"119.90", b"1.90")
    with pytest.raises(WebhookVerificationError) as caught:
        CommerceWebhookVerifier(sender.commerce_public_key_pem).verify(delivery.headers, tampered)
    assert caught.value.reason == "bad_signature"


def test_re_encoded_json_fails_because_signatures_cover_raw_bytes(sender, delivery):
    reencoded = json.dumps(json.loads(delivery.body)).encode()  # same data, other bytes
    assert reencoded != delivery.body
    with pytest.raises(WebhookVerificationError) as caught:
        CommerceWebhookVerifier(sender.commerce_public_key_pem).verify(delivery.headers, reencoded)
    assert caught.value.reason == "bad_signature"


def test_a_signature_over_the_raw_body_instead_of_its_base64_fails(sender, delivery):
    import base64

    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    wrong = sender._commerce_key.sign(delivery.body, padding.PKCS1v15(), hashes.SHA256())
    headers = {
        **delivery.headers,
        "x-adobe-commerce-webhook-signature": base64.b64encode(wrong).decode(),
    }
    with pytest.raises(WebhookVerificationError) as caught:
        CommerceWebhookVerifier(sender.commerce_public_key_pem).verify(headers, delivery.body)
    assert caught.value.reason == "bad_signature"


def test_the_wrong_public_key_fails(other_sender, delivery):
    with pytest.raises(WebhookVerificationError) as caught:
        CommerceWebhookVerifier(other_sender.commerce_public_key_pem).verify(*delivery)
    assert caught.value.reason == "bad_signature"


def test_any_key_of_a_rotation_list_verifies(sender, other_sender, delivery):
    verifier = CommerceWebhookVerifier(
        [other_sender.commerce_public_key_pem, sender.commerce_public_key_pem]
    )
    verifier.verify(*delivery)


def test_a_missing_signature_header_fails_with_missing_header(sender, delivery):
    headers = {k: v for k, v in delivery.headers.items() if "signature" not in k}
    with pytest.raises(WebhookVerificationError) as caught:
        CommerceWebhookVerifier(sender.commerce_public_key_pem).verify(headers, delivery.body)
    assert caught.value.reason == "missing_header"
    assert "x-adobe-commerce-webhook-signature" in str(caught.value)


@pytest.mark.parametrize("garbled", ["not base64!!", "YWJj=ZGVm", "     ", "é"])
def test_a_garbled_signature_header_fails_without_echoing_it(sender, delivery, garbled):
    headers = {**delivery.headers, "x-adobe-commerce-webhook-signature": garbled}
    with pytest.raises(WebhookVerificationError) as caught:
        CommerceWebhookVerifier(sender.commerce_public_key_pem).verify(headers, delivery.body)
    assert caught.value.reason in {"bad_encoding", "missing_header"}
    if garbled.strip():
        assert garbled not in str(caught.value)


def test_a_well_formed_but_foreign_signature_is_not_in_the_error(sender, other_sender):
    forged = other_sender.commerce_webhook("observer.sales_order_save_after", {"order": {}})
    with pytest.raises(WebhookVerificationError) as caught:
        CommerceWebhookVerifier(sender.commerce_public_key_pem).verify(*forged)
    assert forged.headers["x-adobe-commerce-webhook-signature"] not in str(caught.value)


def test_a_non_pem_key_is_a_configuration_error_naming_the_field():
    with pytest.raises(ConfigurationError, match=r"public_key_pem\[0\]"):
        CommerceWebhookVerifier("not a pem")


def test_the_repr_holds_no_key_material(sender):
    text = repr(CommerceWebhookVerifier(sender.commerce_public_key_pem))
    assert "BEGIN" not in text
    assert "RSAPublicKey" not in text
