"""OAuth 1.0a HMAC-SHA256 signatures, cross-checked with oauthlib's independent signature code."""

import re
from types import SimpleNamespace
from typing import Any
from urllib.parse import unquote

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from oauthlib.oauth1.rfc5849 import signature as oauthlib_sig

from commerce_sdk import ConfigurationError, OAuth1, SearchCriteria

CK, CS, AT, ATS = "ck-123", "cs&secret+/=", "at-456", "ats secret%"


def make_auth(nonce: str = "n0nce", ts: int = 1700000000) -> OAuth1:
    return OAuth1(CK, CS, AT, ATS, nonce=lambda: nonce, clock=lambda: ts)


def header_params(request: httpx.Request) -> dict[str, str]:
    header = request.headers["Authorization"]
    assert header.startswith("OAuth ")
    return {k: unquote(v) for k, v in re.findall(r'(\w+)="([^"]*)"', header)}


def oauthlib_signature(request: httpx.Request, *, form_body: str | None = None) -> str:
    """What oauthlib computes for the same request (its own base string + HMAC-SHA256)."""
    params = oauthlib_sig.collect_parameters(
        uri_query=request.url.query.decode(),
        body=form_body,
        headers={"Authorization": request.headers["Authorization"]},
        exclude_oauth_signature=True,
    )
    base = oauthlib_sig.signature_base_string(
        request.method,
        oauthlib_sig.base_string_uri(str(request.url)),
        oauthlib_sig.normalize_parameters(params),
    )
    client = SimpleNamespace(client_secret=CS, resource_owner_secret=ATS)
    return str(oauthlib_sig.sign_hmac_sha256_with_client(base, client))


def signed(method: str, url: str, **kwargs: Any) -> httpx.Request:
    request = httpx.Request(method, url, **kwargs)
    make_auth().sign(request)
    return request


def test_get_with_search_criteria_matches_oauthlib():
    criteria = (
        SearchCriteria()
        .where("status", "pending payment")
        .where("increment_id", "a+b=c&d", "like")
        .where("entity_id", [1, 2, 3], "in")
        .order_by("created_at", "DESC")
        .with_page(2, 50)
    )
    request = signed(
        "GET", "https://Shop.Example.com/rest/all/V1/orders", params=criteria.to_params()
    )
    assert header_params(request)["oauth_signature"] == oauthlib_signature(request)


def test_header_carries_hmac_sha256_version_and_all_four_credentials_but_no_secrets():
    request = signed("GET", "https://shop.example.com/rest/all/V1/orders/5")
    params = header_params(request)
    assert params["oauth_signature_method"] == "HMAC-SHA256"
    assert params["oauth_version"] == "1.0"
    assert params["oauth_consumer_key"] == CK
    assert params["oauth_token"] == AT
    assert params["oauth_nonce"] == "n0nce"
    assert params["oauth_timestamp"] == "1700000000"
    assert CS not in request.headers["Authorization"]
    assert ATS not in request.headers["Authorization"]


def test_non_default_port_is_part_of_the_signed_url():
    request = signed("GET", "http://localhost:8080/rest/default/V1/orders?searchCriteria=")
    assert header_params(request)["oauth_signature"] == oauthlib_signature(request)


def test_form_body_parameters_are_signed():
    request = signed(
        "POST",
        "https://shop.example.com/rest/all/V1/thing",
        data={"a": "1 2", "b": "x/y"},
    )
    expected = oauthlib_signature(request, form_body=request.content.decode())
    assert header_params(request)["oauth_signature"] == expected
    unsigned_form = oauthlib_signature(request)
    assert header_params(request)["oauth_signature"] != unsigned_form


def test_json_bodies_are_not_signed_and_get_no_body_hash():
    a = signed("PUT", "https://shop.example.com/rest/all/V1/customers/1", json={"customer": {}})
    b = signed("PUT", "https://shop.example.com/rest/all/V1/customers/1", json={"other": 1})
    assert header_params(a)["oauth_signature"] == header_params(b)["oauth_signature"]
    assert "oauth_body_hash" not in header_params(a)
    assert header_params(a)["oauth_signature"] == oauthlib_signature(a)


def test_each_request_gets_a_fresh_nonce_by_default():
    auth = OAuth1(CK, CS, AT, ATS)
    nonces = set()
    for _ in range(3):
        request = httpx.Request("GET", "https://shop.example.com/rest/all/V1/orders")
        auth.sign(request)
        nonces.add(header_params(request)["oauth_nonce"])
    assert len(nonces) == 3


def signed_later(criteria: SearchCriteria) -> httpx.Request:
    url = httpx.URL("https://shop.example.com/rest/all/V1/orders")
    return httpx.Request("GET", url.copy_merge_params(dict(criteria.to_params())))


def test_array_indexes_of_ten_or_more_are_refused_with_a_clear_message():
    criteria = SearchCriteria()
    for i in range(11):
        criteria = criteria.where(f"field{i}", i)
    request = signed_later(criteria)
    with pytest.raises(ConfigurationError, match=r"array index 10.*below 10"):
        make_auth().sign(request)


def test_an_encoded_slash_in_the_path_is_refused():
    request = httpx.Request("GET", "https://shop.example.com/rest/all/V1/products/A%2FB")
    with pytest.raises(ConfigurationError, match="37913"):
        make_auth().sign(request)


def test_repr_never_shows_secrets_or_the_token():
    text = repr(make_auth()) + str(make_auth())
    for secret in (CS, AT, ATS):
        assert secret not in text


@pytest.mark.parametrize("field", ["consumer_key", "consumer_secret", "access_token"])
def test_empty_credentials_are_refused_naming_the_field(field):
    kwargs: dict[str, Any] = {
        "consumer_key": CK,
        "consumer_secret": CS,
        "access_token": AT,
        "access_token_secret": ATS,
    }
    kwargs[field] = " "
    with pytest.raises(ConfigurationError, match=field):
        OAuth1(**kwargs)


def test_registering_sha256_leaves_authlibs_own_client_untouched():
    from authlib.oauth1.rfc5849 import ClientAuth

    assert "HMAC-SHA256" not in ClientAuth.SIGNATURE_METHODS


def test_the_auth_flow_signs_what_the_client_sends():
    seen = []

    def handler(request):
        seen.append(request)
        return httpx.Response(200, json={})

    with httpx.Client(transport=httpx.MockTransport(handler), auth=make_auth()) as http:
        http.get("https://shop.example.com/rest/all/V1/orders", params={"searchCriteria": ""})
    assert header_params(seen[0])["oauth_signature"] == oauthlib_signature(seen[0])


_values = st.text(
    alphabet=st.characters(exclude_categories=["Cs"], exclude_characters="\x00"),
    max_size=20,
)


@settings(max_examples=60, deadline=None)
@given(values=st.lists(st.tuples(st.sampled_from(["a", "b", "c_d"]), _values), max_size=4))
def test_any_query_the_client_builds_signs_like_oauthlib(values):
    from commerce_sdk._base_client import BaseCommerceClient

    criteria = SearchCriteria()
    for field, value in values:
        criteria = criteria.where(field, value)
    url = BaseCommerceClient._with_query(
        "https://shop.example.com/rest/all/V1/orders", criteria.to_params()
    )
    request = httpx.Request("GET", url)
    make_auth().sign(request)
    assert header_params(request)["oauth_signature"] == oauthlib_signature(request)
