"""IMS client credentials, admin tokens and bearer tokens: caching, expiry, 401 refresh."""

import asyncio
import threading
from typing import Any
from urllib.parse import parse_qs

import httpx
import pytest

from commerce_sdk import (
    AdminToken,
    AuthenticationError,
    BearerToken,
    CommerceClient,
    IMSCredentials,
)

IMS_URL = "https://ims-na1.adobelogin.com/ims/token/v3"
API = "https://na1.api.commerce.adobe.com/T1/V1/orders/1"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class FakeIMS:
    """Hands out tok-1, tok-2, ...; the API accepts only the newest token."""

    def __init__(self, expires_in: int = 86399, status: int = 200) -> None:
        self.fetches: list[Any] = []
        self.api_calls: list[httpx.Request] = []
        # The Authorization header as sent (a resent request is the same object, mutated).
        self.api_auth: list[str | None] = []
        self.expires_in = expires_in
        self.status = status
        self.lock = threading.Lock()

    def current(self) -> str:
        return f"tok-{len(self.fetches)}"

    def __call__(self, request):
        if str(request.url) == IMS_URL:
            with self.lock:
                self.fetches.append(parse_qs(request.content.decode()))
                if self.status != 200:
                    return httpx.Response(
                        self.status,
                        json={"error": "invalid_client", "error_description": "bad client"},
                    )
                return httpx.Response(
                    200,
                    json={
                        "access_token": self.current(),
                        "token_type": "bearer",
                        "expires_in": self.expires_in,
                    },
                )
        self.api_calls.append(request)
        self.api_auth.append(request.headers.get("Authorization"))
        if request.headers.get("Authorization") != f"Bearer {self.current()}":
            return httpx.Response(401, json={"message": "The consumer isn't authorized."})
        return httpx.Response(200, json={"ok": True})


def ims(clock: Clock | None = None, **kwargs: Any) -> IMSCredentials:
    return IMSCredentials("client-id", "s3cret-value", clock=clock or Clock(), **kwargs)


def test_token_request_is_client_credentials_with_the_commerce_scopes():
    fake = FakeIMS()
    with httpx.Client(transport=httpx.MockTransport(fake), auth=ims(org_id="ORG@AdobeOrg")) as h:
        response = h.get(API)
    form = fake.fetches[0]
    assert form["grant_type"] == ["client_credentials"]
    assert form["client_id"] == ["client-id"]
    assert form["client_secret"] == ["s3cret-value"]
    scopes = form["scope"][0].split(",")
    assert {"commerce.accs", "openid", "additional_info.projectedProductContext"} <= set(scopes)
    sent = fake.api_calls[0].headers
    assert sent["Authorization"] == "Bearer tok-1"
    assert sent["x-api-key"] == "client-id"
    assert sent["x-gw-ims-org-id"] == "ORG@AdobeOrg"
    assert response.status_code == 200


def test_required_scopes_are_added_to_custom_scopes():
    auth = ims(scopes=["AdobeID"])
    assert auth.scopes == (
        "AdobeID",
        "openid",
        "additional_info.projectedProductContext",
        "commerce.accs",
    )


def test_token_is_cached_until_shortly_before_expiry():
    fake, clock = FakeIMS(expires_in=3600), Clock()
    auth = ims(clock)
    with httpx.Client(transport=httpx.MockTransport(fake), auth=auth) as h:
        h.get(API)
        clock.now += 3000  # within the lifetime minus the margin (360 s for a 1 h token)
        h.get(API)
        assert len(fake.fetches) == 1
        clock.now += 300  # now within the margin
        h.get(API)
    assert len(fake.fetches) == 2
    assert fake.api_auth[-1] == "Bearer tok-2"
    assert auth.token_expires_in == 3600.0


def test_a_401_drops_the_token_fetches_again_and_resends_once():
    fake = FakeIMS()
    auth = ims()
    with httpx.Client(transport=httpx.MockTransport(fake), auth=auth) as h:
        h.get(API)
        fake.fetches.append({})  # the server rotates: tok-1 no longer accepted
        response = h.get(API)
    assert response.status_code == 200
    # tok-1 works, is then refused once, and the request goes again with the fresh tok-3.
    assert fake.api_auth == ["Bearer tok-1", "Bearer tok-1", "Bearer tok-3"]


def test_a_second_401_is_not_retried_again():
    calls: list[str] = []

    def handler(request):
        calls.append(str(request.url))
        if str(request.url) == IMS_URL:
            return httpx.Response(200, json={"access_token": "t", "expires_in": 100})
        return httpx.Response(401, json={"message": "The consumer isn't authorized."})

    with httpx.Client(transport=httpx.MockTransport(handler), auth=ims()) as h:
        assert h.get(API).status_code == 401
    assert calls == [IMS_URL, API, IMS_URL, API]


def test_concurrent_threads_share_one_token_fetch():
    fake = FakeIMS()
    auth = ims()
    with httpx.Client(transport=httpx.MockTransport(fake), auth=auth) as h:
        barrier = threading.Barrier(8)

        def work():
            barrier.wait()
            h.get(API)

        threads = [threading.Thread(target=work) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert len(fake.fetches) == 1
    assert len(fake.api_calls) == 8


async def test_concurrent_tasks_share_one_token_fetch():
    fake = FakeIMS()
    auth = ims()
    async with httpx.AsyncClient(transport=httpx.MockTransport(fake), auth=auth) as h:
        responses = await asyncio.gather(*(h.get(API) for _ in range(8)))
    assert {r.status_code for r in responses} == {200}
    assert len(fake.fetches) == 1


async def test_async_401_refreshes_once():
    fake = FakeIMS()
    async with httpx.AsyncClient(transport=httpx.MockTransport(fake), auth=ims()) as h:
        await h.get(API)
        fake.fetches.append({})
        assert (await h.get(API)).status_code == 200
    assert len(fake.fetches) == 3


def test_a_refused_token_request_is_an_authentication_error_without_the_secret():
    fake = FakeIMS(status=400)
    with (
        httpx.Client(transport=httpx.MockTransport(fake), auth=ims()) as h,
        pytest.raises(AuthenticationError, match="invalid_client: bad client") as info,
    ):
        h.get(API)
    assert "s3cret-value" not in str(info.value)


def test_ims_repr_hides_the_secret_and_the_token():
    fake = FakeIMS()
    auth = ims()
    with httpx.Client(transport=httpx.MockTransport(fake), auth=auth) as h:
        h.get(API)
    assert "s3cret-value" not in repr(auth)
    assert "tok-1" not in repr(auth)


# -- admin token -----------------------------------------------------------------------------
PAAS = "https://shop.example.com"


def admin_handler(tokens: list[str], *, refuse: str | None = None) -> Any:
    seen: list[Any] = []

    def handler(request):
        seen.append(request)
        if request.url.path == "/rest/all/V1/integration/admin/token":
            if refuse:
                return httpx.Response(401, json={"message": refuse})
            tokens.append(f"adm-{len(tokens) + 1}")
            return httpx.Response(200, json=tokens[-1])
        if request.headers.get("Authorization") != f"Bearer {tokens[-1]}":
            return httpx.Response(
                401,
                json={
                    "message": "The consumer isn't authorized to access %resources.",
                    "parameters": {"resources": "Magento_Sales::actions_view"},
                },
            )
        return httpx.Response(200, json={"entity_id": 1})

    return handler, seen


def test_admin_token_is_fetched_from_the_clients_rest_root_and_reused():
    tokens: list[str] = []
    handler, seen = admin_handler(tokens)
    auth = AdminToken("admin", "pa55word")
    with CommerceClient(
        PAAS, auth=auth, http_client=httpx.Client(transport=httpx.MockTransport(handler))
    ) as client:
        client.request("GET", "orders/1")
        client.request("GET", "orders/2")
    token_calls = [r for r in seen if r.url.path.endswith("/admin/token")]
    assert len(token_calls) == 1
    assert token_calls[0].method == "POST"
    assert b'"username":"admin"' in token_calls[0].content.replace(b" ", b"")


def test_admin_token_is_refreshed_on_401():
    tokens: list[str] = []
    handler, seen = admin_handler(tokens)
    http = httpx.Client(transport=httpx.MockTransport(handler))
    with CommerceClient(PAAS, auth=AdminToken("admin", "pw"), http_client=http) as client:
        client.request("GET", "orders/1")
        tokens.append("rotated")  # the server invalidated adm-1
        client.request("GET", "orders/1")
    assert [r.url.path.rsplit("/", 1)[-1] for r in seen].count("token") == 2


def test_admin_token_expires_after_its_lifetime():
    tokens: list[str] = []
    clock = Clock()
    handler, _ = admin_handler(tokens)
    http = httpx.Client(transport=httpx.MockTransport(handler))
    auth = AdminToken("admin", "pw", clock=clock)
    with CommerceClient(PAAS, auth=auth, http_client=http) as client:
        client.request("GET", "orders/1")
        clock.now += 4 * 3600
        client.request("GET", "orders/1")
    assert len(tokens) == 2


def test_two_factor_refusal_is_explained():
    handler, _ = admin_handler(
        [], refuse="Please use the 2fa provider-specific endpoints to obtain a token."
    )
    http = httpx.Client(transport=httpx.MockTransport(handler))
    with (
        CommerceClient(PAAS, auth=AdminToken("admin", "pw"), http_client=http) as client,
        pytest.raises(AuthenticationError, match="two-factor") as info,
    ):
        client.request("GET", "orders/1")
    assert "pw" not in repr(AdminToken("admin", "pw"))
    assert "'admin'" in str(info.value)


def test_bearer_token_is_sent_as_is_and_hidden_in_repr():
    seen: list[Any] = []

    def handler(request):
        seen.append(request.headers["Authorization"])
        return httpx.Response(200, json=1)

    with httpx.Client(transport=httpx.MockTransport(handler), auth=BearerToken("abc.def")) as h:
        h.get(PAAS)
    assert seen == ["Bearer abc.def"]
    assert "abc.def" not in repr(BearerToken("abc.def"))


def test_an_ims_outage_is_a_server_error_not_an_authentication_error():
    from commerce_sdk import ServerError

    def handler(request):
        return httpx.Response(503, text="<html>down</html>")

    with (
        httpx.Client(transport=httpx.MockTransport(handler), auth=ims()) as h,
        pytest.raises(ServerError, match="non-JSON"),
    ):
        h.get(API)
