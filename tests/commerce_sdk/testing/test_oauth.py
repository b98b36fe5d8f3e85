"""PaaS OAuth 1.0a verification, checked against oauthlib as the independent signer."""

from __future__ import annotations

import httpx
import oauthlib.oauth1
import pytest

from commerce_sdk.testing import FakeClock, FakeCommerce
from commerce_sdk.testing._oauth_verify import (
    OAuthRejectedError,
    OAuthVerifier,
    base_string_uri,
    parse_authorization_header,
    signature_base_string,
)
from commerce_sdk.testing._oauth_verify import (
    sign as fake_sign,
)

from .conftest import START, Paas, sign

PAGE = {"searchCriteria[pageSize]": 2, "searchCriteria[currentPage]": 1}
SIGNATURE_INVALID = {"message": "The signature is invalid. Verify and try again."}


def test_hmac_sha256_request_with_search_criteria_is_accepted(paas: Paas) -> None:
    paas.fake.add_order({"grand_total": 5})
    response = paas.get("/V1/orders", PAGE)
    assert response.status_code == 200
    assert response.json()["total_count"] == 1
    assert paas.fake.requests[-1].auth == "oauth1"


def test_hmac_sha1_is_accepted_too(paas: Paas) -> None:
    response = paas.get("/V1/orders", PAGE, method_name=oauthlib.oauth1.SIGNATURE_HMAC_SHA1)
    assert response.status_code == 200


def test_wrong_secret_gets_magentos_signature_invalid_body(paas: Paas) -> None:
    response = paas.get("/V1/orders", PAGE, consumer_secret="not-the-secret")
    assert response.status_code == 401
    assert response.json() == SIGNATURE_INVALID


def test_tampered_query_after_signing_is_rejected(paas: Paas) -> None:
    url = paas.url("/V1/orders", PAGE)
    headers = sign(paas.fake, "GET", url, timestamp=int(paas.clock()))
    response = paas.http.get(url.replace("pageSize%5D=2", "pageSize%5D=3"), headers=headers)
    assert response.status_code == 401
    assert response.json() == SIGNATURE_INVALID


def test_signature_covers_scheme_host_and_path(paas: Paas) -> None:
    url = paas.url("/V1/orders", PAGE)
    headers = sign(
        paas.fake, "GET", url.replace("https://", "http://"), timestamp=int(paas.clock())
    )
    assert paas.http.get(url, headers=headers).status_code == 401


def test_reused_nonce_is_rejected_with_the_consumer_id(paas: Paas) -> None:
    assert paas.get("/V1/orders", PAGE, nonce="abc123abc123").status_code == 200
    response = paas.get("/V1/orders", PAGE, nonce="abc123abc123")
    assert response.status_code == 401
    assert response.json() == {
        "message": "The nonce is already being used by the consumer with ID %1",
        "parameters": [1],
    }


def test_timestamp_more_than_600_seconds_ahead_is_rejected(paas: Paas) -> None:
    url = paas.url("/V1/orders", PAGE)
    headers = sign(paas.fake, "GET", url, timestamp=int(START) + 601)
    response = paas.http.get(url, headers=headers)
    assert response.status_code == 401
    assert "timestamp" in response.json()["message"]


def test_timestamp_600_seconds_ahead_and_old_timestamps_are_accepted(paas: Paas) -> None:
    for ts in (int(START) + 600, int(START) - 7200):
        url = paas.url("/V1/orders", PAGE)
        assert (
            paas.http.get(url, headers=sign(paas.fake, "GET", url, timestamp=ts)).status_code == 200
        )


def test_json_body_is_not_signed_but_oauth_body_hash_is(paas: Paas) -> None:
    paas.fake.add_customer({"id": 4, "email": "a@x.test", "firstname": "A", "lastname": "B"})
    response = paas.put(
        "/V1/customers/4", {"customer": {"email": "a@x.test", "firstname": "Z", "lastname": "B"}}
    )
    assert response.status_code == 200
    assert response.json()["firstname"] == "Z"


def test_plaintext_signature_method_is_refused_by_name(paas: Paas) -> None:
    response = paas.get("/V1/orders", PAGE, method_name=oauthlib.oauth1.SIGNATURE_PLAINTEXT)
    assert response.status_code == 401
    assert response.json() == {
        "message": "Signature method %1 is not supported",
        "parameters": ["PLAINTEXT"],
    }


def test_unknown_consumer_key_is_rejected(paas: Paas) -> None:
    url = paas.url("/V1/orders", PAGE)
    other = FakeCommerce(consumer_key="someone-else")
    headers = sign(other, "GET", url, timestamp=int(paas.clock()))
    response = paas.http.get(url, headers=headers)
    assert response.status_code == 401
    assert response.json()["message"] == "A consumer having the specified key does not exist"


def _indexes_ten_and_up() -> dict[str, str]:
    return {
        f"searchCriteria[filter_groups][{g}][filters][0][field]": "entity_id" for g in (1, 10)
    } | {f"searchCriteria[filter_groups][{g}][filters][0][value]": "1" for g in (1, 10)}


def test_array_indexes_of_ten_and_up_break_signatures_as_on_magento(paas: Paas) -> None:
    # RFC 5849 sorts encoded names, Magento ksorts raw ones: they disagree on [1] vs [10].
    response = paas.get("/V1/orders", _indexes_ten_and_up())
    assert response.status_code == 401
    assert response.json() == SIGNATURE_INVALID


def test_rfc5849_parameter_order_can_be_chosen(clock: FakeClock) -> None:
    fake = FakeCommerce(clock=clock, oauth_param_order="rfc5849")
    client = Paas(fake, clock)
    assert client.get("/V1/orders", _indexes_ten_and_up()).status_code == 200


def test_integration_token_as_bearer_is_refused_unless_enabled(clock: FakeClock) -> None:
    for enabled, status in ((False, 401), (True, 200)):
        fake = FakeCommerce(clock=clock, bearer_integration=enabled)
        headers = {"Authorization": f"Bearer {fake.oauth_credentials.access_token}"}
        response = httpx.Client(transport=fake).get(
            f"{fake.base_url}/rest/V1/orders?searchCriteria=", headers=headers
        )
        assert response.status_code == status
        if not enabled:
            assert response.json() == {
                "message": "The consumer isn't authorized to access %resources.",
                "parameters": {"resources": "Magento_Sales::actions_view"},
            }


def test_integration_without_the_acl_resource_is_not_authorised(clock: FakeClock) -> None:
    fake = FakeCommerce(clock=clock, integration_resources={"Magento_Sales::actions_view"})
    client = Paas(fake, clock)
    assert client.get("/V1/orders", PAGE).status_code == 200
    response = client.get("/V1/customers/search", PAGE)
    assert response.status_code == 401
    assert response.json()["parameters"] == {"resources": "Magento_Customer::customer"}


def test_no_authorization_is_the_consumer_not_authorised_401(paas: Paas) -> None:
    response = paas.http.get(paas.url("/V1/orders", PAGE))
    assert response.status_code == 401
    assert response.json()["message"] == "The consumer isn't authorized to access %resources."


def test_base_string_matches_oauthlib_for_a_search_query() -> None:
    from oauthlib.oauth1.rfc5849 import signature as ref

    uri = "https://Shop.Example.test:443/rest/default/V1/orders"
    params = [
        ("searchCriteria[filter_groups][0][filters][0][field]", "updated_at"),
        ("searchCriteria[filter_groups][0][filters][0][value]", "2026-01-01 00:00:00"),
        ("oauth_nonce", "n"),
        ("oauth_consumer_key", "ck"),
    ]
    ours = signature_base_string(
        "get", base_string_uri("https", "Shop.Example.test", 443, "/rest/default/V1/orders"), params
    )
    normalised = ref.normalize_parameters(params)
    theirs = ref.signature_base_string("GET", ref.base_string_uri(uri), normalised)
    assert ours == theirs
    client = oauthlib.oauth1.Client("ck", client_secret="cs", resource_owner_secret="ts")
    assert fake_sign("HMAC-SHA256", ours, "cs", "ts") == ref.sign_hmac_sha256_with_client(
        theirs, client
    )


def test_form_body_parameters_are_signed() -> None:
    clock = FakeClock(START)
    fake = FakeCommerce(clock=clock)
    verifier = OAuthVerifier(fake.oauth_credentials, clock=clock, time_deviation=600)
    url = "https://shop.example.test/rest/V1/anything"
    body = "a=1&b=two+words"
    headers = sign(
        fake,
        "POST",
        url,
        body=body,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        timestamp=int(START),
    )
    params = parse_authorization_header(headers["Authorization"])
    assert params is not None
    uri = base_string_uri("https", "shop.example.test", None, "/rest/V1/anything")
    verifier.verify(
        method="POST", uri=uri, header_params=dict(params), raw_query="", form_body=body.encode()
    )
    params["oauth_nonce"] = params["oauth_nonce"] + "x"  # a fresh nonce, same signature
    with pytest.raises(OAuthRejectedError, match="signature is invalid"):
        verifier.verify(
            method="POST",
            uri=uri,
            header_params=dict(params),
            raw_query="",
            form_body=b"a=1&b=changed",
        )


def test_credentials_repr_hides_secrets(fake: FakeCommerce) -> None:
    text = repr(fake.oauth_credentials)
    creds = fake.oauth_credentials
    for secret in (creds.consumer_secret, creds.access_token, creds.access_token_secret):
        assert secret not in text
