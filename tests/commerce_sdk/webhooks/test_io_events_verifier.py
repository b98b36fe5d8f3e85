"""IOEventsVerifier: two RSA signatures, recipient check, key fetching (research 7b)."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest

from commerce_sdk import ConfigurationError, WebhookVerificationError
from commerce_sdk._http import Client, MockTransport, Response
from commerce_sdk.testing import WebhookSender
from commerce_sdk.webhooks import HttpKeyFetcher, IOEventsVerifier, Verifier

from .conftest import load

CODE = "observer.sales_order_save_commit_after"


class CountingFetcher:
    """Wraps the sender's fetcher and records every path asked for."""

    def __init__(self, sender: WebhookSender) -> None:
        self.sender = sender
        self.paths: list[str] = []

    def __call__(self, path: str) -> str:
        self.paths.append(path)
        return self.sender.public_key_fetcher(path)


def verifier_for(sender: WebhookSender, **kwargs: Any) -> IOEventsVerifier:
    kwargs.setdefault("key_fetcher", sender.public_key_fetcher)
    return IOEventsVerifier(sender.client_id, **kwargs)


def reason_of(verifier: Verifier, headers: Any, body: bytes) -> str:
    with pytest.raises(WebhookVerificationError) as caught:
        verifier.verify(headers, body)
    return caught.value.reason


def test_a_delivery_with_both_signatures_valid_verifies(sender):
    verifier_for(sender).verify(*sender.io_event(CODE, load("order.json")))


@pytest.mark.parametrize("broken", [1, 2])
def test_either_valid_signature_suffices(sender, broken):
    verifier_for(sender).verify(*sender.io_event(CODE, {"entity_id": 1}, break_signature=broken))


@pytest.mark.parametrize("missing", [1, 2])
def test_one_signature_header_alone_suffices(sender, missing):
    headers, body = sender.io_event(CODE, {"entity_id": 1})
    del headers[f"x-adobe-digital-signature-{missing}"]
    verifier_for(sender).verify(headers, body)


def test_a_tampered_body_fails_both_signatures(sender):
    headers, body = sender.io_event(CODE, {"entity_id": 1, "grand_total": "10.00"})
    assert reason_of(verifier_for(sender), headers, body.replace(b"10.00", b"99.00")) == (
        "bad_signature"
    )


def test_re_encoded_json_fails(sender):
    headers, body = sender.io_event(CODE, {"entity_id": 1})
    reencoded = json.dumps(json.loads(body), indent=1).encode()
    assert reason_of(verifier_for(sender), headers, reencoded) == "bad_signature"


def test_keys_of_another_sender_fail(sender, other_sender):
    headers, body = sender.io_event(CODE, {"entity_id": 1}, client_id=other_sender.client_id)
    verifier = IOEventsVerifier(other_sender.client_id, key_fetcher=other_sender.public_key_fetcher)
    assert reason_of(verifier, headers, body) == "bad_signature"


def test_pinned_public_keys_verify_without_fetching(sender):
    verifier = IOEventsVerifier(sender.client_id, public_keys=list(sender.io_public_key_pems))
    verifier.verify(*sender.io_event(CODE, {"entity_id": 1}))


def test_a_rotated_pinned_key_list_accepts_the_new_key(sender, other_sender):
    keys = [other_sender.io_public_key_pems[0], sender.io_public_key_pems[1]]
    verifier = IOEventsVerifier(sender.client_id, public_keys=keys)
    verifier.verify(*sender.io_event(CODE, {"entity_id": 1}, break_signature=1))


def test_a_delivery_for_another_client_id_fails_with_wrong_recipient(sender):
    delivery = sender.io_event(CODE, {"entity_id": 1}, client_id="someone-else")
    assert reason_of(verifier_for(sender), *delivery) == "wrong_recipient"


def test_a_missing_recipient_fails_with_wrong_recipient(sender):
    verifier = IOEventsVerifier("me", public_keys=list(sender.io_public_key_pems))
    body = b'{"event_id":"1"}'
    import base64

    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    sig = sender._io_keys[0].sign(body, padding.PKCS1v15(), hashes.SHA256())
    headers = {"x-adobe-digital-signature-1": base64.b64encode(sig).decode()}
    assert reason_of(verifier, headers, body) == "wrong_recipient"


def test_no_signature_headers_fails_with_missing_header(sender):
    headers, body = sender.io_event(CODE, {"entity_id": 1})
    headers = {k: v for k, v in headers.items() if "signature" not in k}
    assert reason_of(verifier_for(sender), headers, body) == "missing_header"


def test_garbled_signatures_fail_with_bad_encoding(sender):
    headers, body = sender.io_event(CODE, {"entity_id": 1})
    headers["x-adobe-digital-signature-1"] = "%%%"
    headers["x-adobe-digital-signature-2"] = "also not base64"
    assert reason_of(verifier_for(sender), headers, body) == "bad_encoding"


def test_a_missing_key_path_fails_with_missing_header(sender):
    headers, body = sender.io_event(CODE, {"entity_id": 1})
    del headers["x-adobe-public-key1-path"], headers["x-adobe-public-key2-path"]
    assert reason_of(verifier_for(sender), headers, body) == "missing_header"


@pytest.mark.parametrize(
    "path",
    [
        "https://evil.example/key.pem",
        "//evil.example/key.pem",
        "/prod/../../etc/passwd",
        "/prod/keys/key.pem?x=1",
        "/prod/keys/key.pem#frag",
        "/prod/keys/%2e%2e/key.pem",
        "prod/keys/key.pem",
        "/prod\\keys\\key.pem",
        "/user@evil.example/key.pem",
    ],
)
def test_key_paths_that_are_not_plain_paths_are_refused_before_fetching(sender, path):
    fetcher = CountingFetcher(sender)
    headers, body = sender.io_event(CODE, {"entity_id": 1})
    headers["x-adobe-public-key1-path"] = path
    headers["x-adobe-public-key2-path"] = path
    assert reason_of(verifier_for(sender, key_fetcher=fetcher), headers, body) == "bad_key_path"
    assert fetcher.paths == []


def test_a_bad_path_on_one_signature_does_not_hide_the_other_valid_one(sender):
    headers, body = sender.io_event(CODE, {"entity_id": 1})
    headers["x-adobe-public-key1-path"] = "https://evil.example/k.pem"
    verifier_for(sender).verify(headers, body)


def test_fetched_keys_are_cached_until_the_ttl_passes(sender, clock):
    fetcher = CountingFetcher(sender)
    verifier = verifier_for(
        sender, key_fetcher=fetcher, clock=clock, key_cache_ttl=timedelta(hours=1)
    )
    for _ in range(3):
        verifier.verify(*sender.io_event(CODE, {"entity_id": 1}))
    assert fetcher.paths == [sender.io_key_paths[0]]  # signature 1 verified: key 2 never needed
    clock.now += timedelta(hours=1, seconds=1)
    verifier.verify(*sender.io_event(CODE, {"entity_id": 1}))
    assert fetcher.paths == [sender.io_key_paths[0]] * 2


def test_a_failing_fetch_is_key_unavailable_and_not_cached(sender):
    calls = []

    def flaky(path):
        calls.append(path)
        if len(calls) <= 2:
            raise OSError("network down")
        return sender.public_key_fetcher(path)

    verifier = verifier_for(sender, key_fetcher=flaky)
    assert reason_of(verifier, *sender.io_event(CODE, {"entity_id": 1})) == "key_unavailable"
    verifier.verify(*sender.io_event(CODE, {"entity_id": 1}))


def test_the_default_fetcher_reads_the_configured_origin(sender):
    seen = []

    def serve(request):
        seen.append(str(request.url))
        return Response(200, text=sender.public_key_fetcher(request.url.path))

    fetcher = HttpKeyFetcher(
        origin="https://static.adobeioevents.com",
        http_client=Client(transport=MockTransport(serve)),
    )
    verifier_for(sender, key_fetcher=fetcher).verify(*sender.io_event(CODE, {"entity_id": 1}))
    assert seen == ["https://static.adobeioevents.com" + sender.io_key_paths[0]]


def test_legacy_hmac_is_refused_unless_enabled(sender):
    headers, body = sender.io_event(CODE, {"entity_id": 1})
    headers = {k: v for k, v in headers.items() if "digital-signature" not in k}
    assert "x-adobe-signature" in headers
    plain = verifier_for(sender, legacy_client_secret="legacy-client-secret")
    assert reason_of(plain, headers, body) == "missing_header"
    legacy = verifier_for(sender, legacy_client_secret="legacy-client-secret", allow_legacy=True)
    legacy.verify(headers, body)


def test_legacy_hmac_with_the_wrong_secret_fails(sender):
    headers, body = sender.io_event(CODE, {"entity_id": 1})
    headers = {k: v for k, v in headers.items() if "digital-signature" not in k}
    verifier = verifier_for(sender, legacy_client_secret=["old", "older"], allow_legacy=True)
    assert reason_of(verifier, headers, body) == "bad_signature"


def test_allow_legacy_without_a_secret_is_a_configuration_error():
    with pytest.raises(ConfigurationError, match="legacy_client_secret"):
        IOEventsVerifier("client", allow_legacy=True)


def test_secrets_and_keys_are_absent_from_the_repr(sender):
    verifier = verifier_for(
        sender,
        legacy_client_secret="legacy-client-secret",
        public_keys=sender.io_public_key_pems[0],
    )
    text = repr(verifier)
    assert "legacy-client-secret" not in text
    assert "BEGIN" not in text
    assert sender.client_id in text


def test_the_default_key_origin_must_be_https():
    IOEventsVerifier("client")  # the Adobe origin, fetched over HTTPS when first needed
    with pytest.raises(ConfigurationError, match="key_origin"):
        IOEventsVerifier("client", key_origin="http://static.adobeioevents.com")


def test_headers_from_a_wsgi_environ_are_read_case_insensitively(sender):
    from commerce_sdk.webhooks import headers_from_wsgi_environ

    headers, body = sender.io_event(CODE, {"entity_id": 1})
    environ = {"HTTP_" + k.upper().replace("-", "_"): v for k, v in headers.items()}
    environ["CONTENT_TYPE"] = environ.pop("HTTP_CONTENT_TYPE")
    environ["wsgi.input"] = object()  # non-text entries are ignored
    verifier_for(sender).verify(headers_from_wsgi_environ(environ), body)
