"""HMACVerifier: the configurable shared-secret scheme (research/commerce.md section 7c)."""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import timedelta
from typing import Any

import pytest

from commerce_sdk import ConfigurationError, WebhookVerificationError
from commerce_sdk.webhooks import HMACVerifier

from .conftest import NOW

PAYLOAD = {"type": "order.saved", "id": "evt-1", "data": {"order": {"entity_id": 1}}}
STAMP = "x-timestamp"


def reason_of(verifier: HMACVerifier, headers: Any, body: bytes) -> str:
    with pytest.raises(WebhookVerificationError) as caught:
        verifier.verify(headers, body)
    return caught.value.reason


def test_the_scheme_is_hmac_sha256_of_the_raw_body_in_base64(sender):
    headers, body = sender.hmac(PAYLOAD)
    expected = base64.b64encode(hmac.new(b"fake-webhook-secret", body, hashlib.sha256).digest())
    assert headers["x-signature"] == expected.decode()
    HMACVerifier(sender.hmac_secret).verify(headers, body)


def test_with_a_timestamp_the_message_is_timestamp_dot_body(sender, clock):
    headers, body = sender.hmac(PAYLOAD, timestamp_header=STAMP, encoding="hex", prefix="sha256=")
    message = headers[STAMP].encode() + b"." + body
    digest = hmac.new(b"fake-webhook-secret", message, hashlib.sha256).hexdigest()
    assert headers["x-signature"] == "sha256=" + digest
    verifier = HMACVerifier(
        sender.hmac_secret, encoding="hex", prefix="sha256=", timestamp_header=STAMP, clock=clock
    )
    verifier.verify(headers, body)


def test_hex_digests_are_accepted_in_upper_case(sender):
    headers, body = sender.hmac(PAYLOAD, encoding="hex", header="X-Hub-Signature-256")
    headers["X-Hub-Signature-256"] = headers["X-Hub-Signature-256"].upper()
    HMACVerifier(sender.hmac_secret, encoding="hex", header="x-hub-signature-256").verify(
        headers, body
    )


def test_a_tampered_body_fails(sender):
    headers, body = sender.hmac(PAYLOAD)
    assert reason_of(HMACVerifier(sender.hmac_secret), headers, body + b" ") == "bad_signature"


def test_the_wrong_secret_fails(sender):
    headers, body = sender.hmac(PAYLOAD, secret="not-the-secret")
    assert reason_of(HMACVerifier(sender.hmac_secret), headers, body) == "bad_signature"


def test_any_secret_of_a_rotation_list_verifies(sender):
    headers, body = sender.hmac(PAYLOAD, secret="new-secret")
    HMACVerifier(["old-secret", "new-secret"]).verify(headers, body)


def test_a_missing_prefix_is_bad_encoding(sender):
    headers, body = sender.hmac(PAYLOAD, encoding="hex")
    verifier = HMACVerifier(sender.hmac_secret, encoding="hex", prefix="sha256=")
    assert reason_of(verifier, headers, body) == "bad_encoding"


@pytest.mark.parametrize(("encoding", "value"), [("hex", "zz"), ("base64", "***"), ("hex", "")])
def test_garbled_or_empty_headers_are_refused(sender, encoding, value):
    _, body = sender.hmac(PAYLOAD)
    reason = reason_of(HMACVerifier("s", encoding=encoding), {"x-signature": value}, body)
    assert reason in {"bad_encoding", "missing_header"}


def test_a_missing_signature_header_is_missing_header(sender):
    _, body = sender.hmac(PAYLOAD)
    assert reason_of(HMACVerifier("s"), {"content-type": "application/json"}, body) == (
        "missing_header"
    )


def test_a_missing_timestamp_header_is_missing_header(sender, clock):
    headers, body = sender.hmac(PAYLOAD)
    verifier = HMACVerifier(sender.hmac_secret, timestamp_header=STAMP, clock=clock)
    assert reason_of(verifier, headers, body) == "missing_header"


def test_a_non_integer_timestamp_is_bad_encoding(sender, clock):
    headers, body = sender.hmac(PAYLOAD, timestamp_header=STAMP)
    headers[STAMP] = "2026-11-26T12:00:00Z"
    verifier = HMACVerifier(sender.hmac_secret, timestamp_header=STAMP, clock=clock)
    assert reason_of(verifier, headers, body) == "bad_encoding"


def test_a_replay_beyond_the_tolerance_is_stale(sender, clock):
    headers, body = sender.hmac(PAYLOAD, timestamp_header=STAMP)
    verifier = HMACVerifier(
        sender.hmac_secret, timestamp_header=STAMP, tolerance=timedelta(minutes=5), clock=clock
    )
    clock.now = NOW + timedelta(minutes=5)
    verifier.verify(headers, body)  # at the edge: still fresh
    clock.now = NOW + timedelta(minutes=5, seconds=1)
    assert reason_of(verifier, headers, body) == "stale"


def test_a_timestamp_from_the_future_beyond_the_tolerance_is_stale(sender, clock):
    headers, body = sender.hmac(PAYLOAD, timestamp_header=STAMP)
    clock.now = NOW - timedelta(minutes=6)
    verifier = HMACVerifier(sender.hmac_secret, timestamp_header=STAMP, clock=clock)
    assert reason_of(verifier, headers, body) == "stale"


def test_a_shifted_timestamp_breaks_the_signature(sender, clock):
    headers, body = sender.hmac(PAYLOAD, timestamp_header=STAMP)
    headers[STAMP] = str(int(headers[STAMP]) + 1)
    verifier = HMACVerifier(sender.hmac_secret, timestamp_header=STAMP, clock=clock)
    assert reason_of(verifier, headers, body) == "bad_signature"


def test_verify_ignoring_timestamp_accepts_old_deliveries_but_still_checks_the_signature(
    sender, clock
):
    headers, body = sender.hmac(PAYLOAD, timestamp_header=STAMP)
    clock.now = NOW + timedelta(days=30)
    verifier = HMACVerifier(sender.hmac_secret, timestamp_header=STAMP, clock=clock)
    verifier.verify_ignoring_timestamp(headers, body)
    with pytest.raises(WebhookVerificationError, match="bad_signature"):
        verifier.verify_ignoring_timestamp(headers, body + b"x")


def test_secrets_never_appear_in_repr_or_errors(sender):
    headers, body = sender.hmac(PAYLOAD, secret="super-secret-value")
    verifier = HMACVerifier(["super-secret-value", "second-secret"])
    assert "super-secret-value" not in repr(verifier)
    assert "second-secret" not in repr(verifier)
    with pytest.raises(WebhookVerificationError) as caught:
        verifier.verify(headers, body + b"!")
    assert "super-secret-value" not in str(caught.value)
    assert headers["x-signature"] not in str(caught.value)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"secret": ""}, "secret"),
        ({"secret": []}, "secret"),
        ({"secret": "s", "encoding": "base32"}, "encoding"),
        ({"secret": "s", "tolerance": timedelta(0)}, "tolerance"),
    ],
)
def test_bad_configuration_names_the_field(kwargs, field):
    with pytest.raises(ConfigurationError, match=field):
        HMACVerifier(**kwargs)
