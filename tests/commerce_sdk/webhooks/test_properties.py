"""Properties: any change to the signed bytes fails; any header-name casing passes."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commerce_sdk import WebhookVerificationError
from commerce_sdk.webhooks import CommerceWebhookVerifier, HMACVerifier

SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
payloads = st.dictionaries(st.text(max_size=8), st.text(max_size=16) | st.integers(), max_size=4)


@SETTINGS
@given(payload=payloads, position=st.integers(min_value=0), flip=st.integers(1, 255))
def test_flipping_any_byte_of_an_hmac_signed_body_fails(sender, payload, position, flip):
    headers, body = sender.hmac(payload)
    verifier = HMACVerifier(sender.hmac_secret)
    verifier.verify(headers, body)
    index = position % len(body)
    tampered = body[:index] + bytes([body[index] ^ flip]) + body[index + 1 :]
    with pytest.raises(WebhookVerificationError, match=r"^bad_signature"):
        verifier.verify(headers, tampered)


@SETTINGS
@given(payload=payloads, position=st.integers(min_value=0), flip=st.integers(1, 255))
def test_flipping_any_byte_of_a_commerce_signed_body_fails(sender, payload, position, flip):
    headers, body = sender.commerce_webhook("sales_order_save_after", {"order": payload})
    verifier = CommerceWebhookVerifier(sender.commerce_public_key_pem)
    index = position % len(body)
    tampered = body[:index] + bytes([body[index] ^ flip]) + body[index + 1 :]
    with pytest.raises(WebhookVerificationError, match=r"^bad_signature"):
        verifier.verify(headers, tampered)


@SETTINGS
@given(casing=st.lists(st.booleans(), min_size=40, max_size=40))
def test_header_names_match_in_any_casing(sender, casing):
    headers, body = sender.hmac({"type": "x"})
    name = "".join(
        c.upper() if upper else c for c, upper in zip("x-signature", casing, strict=False)
    )
    HMACVerifier(sender.hmac_secret).verify({name: headers["x-signature"]}, body)
