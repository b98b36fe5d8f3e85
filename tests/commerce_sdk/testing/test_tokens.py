"""Admin and customer token endpoints, IMS on SaaS, and token expiry by the fake clock."""

from __future__ import annotations

import httpx
import pytest

from commerce_sdk.testing import FakeClock, FakeCommerce

from .conftest import ims_token

NOT_AUTHORIZED = "The consumer isn't authorized to access %resources."


def _admin_token(
    fake: FakeCommerce,
    http: httpx.Client,
    password: str = "Admin123!",  # noqa: S107
) -> httpx.Response:
    return http.post(
        f"{fake.base_url}/rest/V1/integration/admin/token",
        json={"username": "admin", "password": password},
    )


def test_admin_token_is_a_json_string_that_opens_the_api(fake: FakeCommerce) -> None:
    http = httpx.Client(transport=fake)
    response = _admin_token(fake, http)
    assert response.status_code == 200
    token = response.json()
    assert isinstance(token, str)
    orders = http.get(
        f"{fake.base_url}/rest/all/V1/orders?searchCriteria=",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert orders.status_code == 200
    assert fake.requests[-1].auth == "admin"


def test_admin_token_expires_after_four_hours(fake: FakeCommerce, clock: FakeClock) -> None:
    http = httpx.Client(transport=fake)
    headers = {"Authorization": f"Bearer {_admin_token(fake, http).json()}"}
    url = f"{fake.base_url}/rest/V1/orders?searchCriteria="
    clock.advance(4 * 3600 - 1)
    assert http.get(url, headers=headers).status_code == 200
    clock.advance(1)
    response = http.get(url, headers=headers)
    assert response.status_code == 401
    assert response.json()["message"] == NOT_AUTHORIZED


def test_wrong_admin_password_is_the_sign_in_401(fake: FakeCommerce) -> None:
    response = _admin_token(fake, httpx.Client(transport=fake), password="nope")
    assert response.status_code == 401
    assert "sign-in was incorrect" in response.json()["message"]


def test_two_factor_mode_refuses_admin_tokens_with_the_2fa_message(clock: FakeClock) -> None:
    fake = FakeCommerce(clock=clock, two_factor_auth=True)
    response = _admin_token(fake, httpx.Client(transport=fake))
    assert response.status_code == 401
    assert (
        response.json()["message"]
        == "Please use the 2fa provider-specific endpoints to obtain a token."
    )


def test_customer_token_for_a_company_user_cannot_read_admin_apis(fake: FakeCommerce) -> None:
    fake.add_customer(
        {"email": "buyer@acme.test", "firstname": "B", "lastname": "Y"}, password="pw-1"
    )
    http = httpx.Client(transport=fake)
    response = http.post(
        f"{fake.base_url}/rest/V1/integration/customer/token",
        json={"username": "buyer@acme.test", "password": "pw-1"},
    )
    assert response.status_code == 200
    orders = http.get(
        f"{fake.base_url}/rest/V1/orders?searchCriteria=",
        headers={"Authorization": f"Bearer {response.json()}"},
    )
    assert orders.status_code == 401


def test_expire_tokens_kills_every_live_token(fake: FakeCommerce) -> None:
    token = fake.admin_token()
    assert fake.expire_tokens() == 1
    response = httpx.Client(transport=fake).get(
        f"{fake.base_url}/rest/V1/orders?searchCriteria=",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 401


class TestSaaS:
    def test_ims_token_response_has_the_adobe_shape(self, saas_fake: FakeCommerce) -> None:
        http = httpx.Client(transport=saas_fake)
        response = http.post(
            "https://ims-na1.adobelogin.com/ims/token/v3",
            data={
                "grant_type": "client_credentials",
                "client_id": saas_fake.ims_client_id,
                "client_secret": saas_fake.ims_client_secret,
                "scope": "AdobeID,openid,additional_info.projectedProductContext,commerce.accs",
            },
        )
        assert response.status_code == 200
        body = response.json()
        assert body["token_type"] == "bearer"
        assert body["expires_in"] == 86399
        assert body["access_token"].count(".") == 2  # JWT-shaped

    @pytest.mark.parametrize(
        ("field", "value", "error"),
        [
            ("scope", "openid,AdobeID", "invalid_scope"),
            ("client_secret", "wrong", "invalid_client"),
            ("client_id", "wrong", "invalid_client"),
            ("grant_type", "password", "unsupported_grant_type"),
        ],
    )
    def test_bad_token_requests_get_oauth2_errors(
        self, saas_fake: FakeCommerce, field: str, value: str, error: str
    ) -> None:
        form = {
            "grant_type": "client_credentials",
            "client_id": saas_fake.ims_client_id,
            "client_secret": saas_fake.ims_client_secret,
            "scope": "openid,commerce.accs",
        } | {field: value}
        response = httpx.Client(transport=saas_fake).post(saas_fake.ims_token_url, data=form)
        assert response.status_code == 400
        assert response.json()["error"] == error

    def test_api_call_needs_bearer_and_api_key_and_store_header(
        self, saas_fake: FakeCommerce
    ) -> None:
        http = httpx.Client(transport=saas_fake)
        token = ims_token(saas_fake, http)
        url = f"{saas_fake.base_url}/V1/orders?searchCriteria="
        ok = http.get(
            url,
            headers={
                "Authorization": f"Bearer {token}",
                "x-api-key": saas_fake.ims_client_id,
                "Store": "default",
            },
        )
        assert ok.status_code == 200
        assert saas_fake.requests[-1].store == "default"
        no_key = http.get(url, headers={"Authorization": f"Bearer {token}"})
        assert no_key.status_code == 403
        no_token = http.get(url, headers={"x-api-key": saas_fake.ims_client_id})
        assert no_token.status_code == 401

    def test_ims_token_expires_by_the_fake_clock(
        self, saas_fake: FakeCommerce, clock: FakeClock
    ) -> None:
        http = httpx.Client(transport=saas_fake)
        headers = {
            "Authorization": f"Bearer {ims_token(saas_fake, http)}",
            "x-api-key": saas_fake.ims_client_id,
        }
        url = f"{saas_fake.base_url}/V1/orders?searchCriteria="
        clock.advance(86398)
        assert http.get(url, headers=headers).status_code == 200
        clock.advance(1)
        response = http.get(url, headers=headers)
        assert response.status_code == 401
        assert response.json() == {"error_code": "401013", "message": "Oauth token is not valid"}

    def test_oauth1_and_rest_prefix_are_not_saas(self, saas_fake: FakeCommerce) -> None:
        http = httpx.Client(transport=saas_fake)
        oauth = http.get(
            f"{saas_fake.base_url}/V1/orders?searchCriteria=",
            headers={
                "Authorization": 'OAuth oauth_consumer_key="x"',
                "x-api-key": saas_fake.ims_client_id,
            },
        )
        assert oauth.status_code == 401
        paas_shape = http.get(f"{saas_fake.base_url}/rest/default/V1/orders?searchCriteria=")
        assert paas_shape.status_code == 404
        assert paas_shape.json() == {"message": "Request does not match any route."}

    def test_admin_token_endpoint_does_not_exist_on_saas(self, saas_fake: FakeCommerce) -> None:
        response = httpx.Client(transport=saas_fake).post(
            f"{saas_fake.base_url}/V1/integration/admin/token",
            json={"username": "admin", "password": "Admin123!"},
        )
        assert response.status_code == 404

    def test_token_repr_hides_the_value(self, saas_fake: FakeCommerce) -> None:
        token = ims_token(saas_fake, httpx.Client(transport=saas_fake))
        assert token not in repr(saas_fake.tokens.live())
