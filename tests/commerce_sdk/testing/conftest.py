"""Fixtures for the fake Commerce tests: the fake, a fake clock, and an independent OAuth signer.

Requests are signed with oauthlib (not the SDK's signer, not the fake's verifier), so a passing
test means two independent implementations agree.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from urllib.parse import urlencode

import httpx
import oauthlib.oauth1
import pytest

from commerce_sdk.testing import FakeClock, FakeCommerce

Params = Mapping[str, object] | Sequence[tuple[str, object]] | None
START = 1_780_000_000.0  # 2026-05-28, a fixed "now" for the fake clock


def sign(
    fake: FakeCommerce,
    method: str,
    url: str,
    *,
    method_name: str = oauthlib.oauth1.SIGNATURE_HMAC_SHA256,
    consumer_secret: str | None = None,
    timestamp: int | None = None,
    nonce: str | None = None,
    body: str | None = None,
    headers: dict[str, str] | None = None,
) -> dict[str, str]:
    """Headers with an oauthlib-computed `Authorization: OAuth ...` for `url`."""
    creds = fake.oauth_credentials
    client = oauthlib.oauth1.Client(
        creds.consumer_key,
        client_secret=consumer_secret if consumer_secret is not None else creds.consumer_secret,
        resource_owner_key=creds.access_token,
        resource_owner_secret=creds.access_token_secret,
        signature_method=method_name,
        timestamp=None if timestamp is None else str(timestamp),
        nonce=nonce,
    )
    _, signed, _ = client.sign(url, http_method=method, body=body, headers=headers)
    return dict(signed)


def url_with(base: str, params: Params = None) -> str:
    """`base?params`, percent-encoded the way signed requests are sent."""
    if not params:
        return base
    return f"{base}?{urlencode(params)}"


class Paas:
    """A PaaS fake with a fake clock and a client that signs each request with oauthlib."""

    def __init__(self, fake: FakeCommerce, clock: FakeClock) -> None:
        self.fake = fake
        self.clock = clock
        self.http = httpx.Client(transport=fake)

    def url(self, path: str, params: Params = None) -> str:
        return url_with(f"{self.fake.base_url}/rest/default{path}", params)

    def get(self, path: str, params=None, **sign_kw) -> httpx.Response:
        url = self.url(path, params)
        headers = sign(self.fake, "GET", url, timestamp=int(self.clock()), **sign_kw)
        return self.http.get(url, headers=headers)

    def put(self, path: str, payload: object) -> httpx.Response:
        import json

        url = self.url(path)
        body = json.dumps(payload)
        headers = {"Content-Type": "application/json"}
        headers.update(
            sign(self.fake, "PUT", url, timestamp=int(self.clock()), body=body, headers=headers)
        )
        return self.http.put(url, content=body, headers=headers)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
def fake(clock: FakeClock) -> FakeCommerce:
    return FakeCommerce(flavor="paas", clock=clock)


@pytest.fixture
def paas(fake: FakeCommerce, clock: FakeClock) -> Iterator[Paas]:
    client = Paas(fake, clock)
    yield client
    client.http.close()


@pytest.fixture
def saas_fake(clock: FakeClock) -> FakeCommerce:
    return FakeCommerce(flavor="saas", clock=clock)


def ims_token(fake: FakeCommerce, http: httpx.Client, scope: str = "openid,commerce.accs") -> str:
    response = http.post(
        fake.ims_token_url,
        data={
            "grant_type": "client_credentials",
            "client_id": fake.ims_client_id,
            "client_secret": fake.ims_client_secret,
            "scope": scope,
        },
    )
    assert response.status_code == 200, response.text
    return str(response.json()["access_token"])
