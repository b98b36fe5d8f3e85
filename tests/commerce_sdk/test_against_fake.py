"""End to end against `commerce_sdk.testing.FakeCommerce`: real OAuth 1.0a verification, IMS
tokens, searchCriteria paging with the last-page clamp, faults, updates and GraphQL."""

from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commerce_sdk import (
    AdminToken,
    AsyncCommerceClient,
    AuthenticationError,
    CommerceClient,
    CompanyUser,
    IMSCredentials,
    OAuth1,
    SearchCriteria,
)
from commerce_sdk.testing import FakeClock, FakeCommerce

START = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def seed_orders(fake: FakeCommerce, n: int) -> None:
    for i in range(1, n + 1):
        fake.add_order(
            {
                "increment_id": f"{i:09d}",
                "state": "processing" if i % 2 else "complete",
                "status": "processing" if i % 2 else "complete",
                "grand_total": f"{i}.50",
                "order_currency_code": "USD",
                "customer_email": f"c{i}@example.com",
                "items": [],
            }
        )


def oauth1_for(fake: FakeCommerce, **overrides: str) -> OAuth1:
    creds = fake.oauth_credentials
    values: dict[str, Any] = {
        "consumer_key": creds.consumer_key,
        "consumer_secret": creds.consumer_secret,
        "access_token": creds.access_token,
        "access_token_secret": creds.access_token_secret,
        **overrides,
    }
    return OAuth1(**values, clock=fake.clock)


def paas_client(fake: FakeCommerce, auth: Any = None, **kwargs: Any) -> CommerceClient:
    return CommerceClient(
        fake.base_url,
        auth=auth or oauth1_for(fake),
        http_client=httpx.Client(transport=fake),
        **kwargs,
    )


def saas_client(fake: FakeCommerce, **kwargs: Any) -> CommerceClient:
    auth = IMSCredentials(fake.ims_client_id, fake.ims_client_secret, token_url=fake.ims_token_url)
    return CommerceClient(
        fake.base_url, auth=auth, http_client=httpx.Client(transport=fake), **kwargs
    )


def test_paas_oauth1_pages_through_orders_without_hitting_the_clamp():
    fake = FakeCommerce(flavor="paas", clock=FakeClock(START))
    seed_orders(fake, 7)
    with paas_client(fake) as client:
        got = [o.increment_id for o in client.orders.iter(page_size=3)]
    assert got == [f"{i:09d}" for i in range(1, 8)]
    assert fake.count(path="/V1/orders", status=200, auth="oauth1") == 3


def test_paas_oauth1_search_is_signed_and_filtered_by_the_fake():
    fake = FakeCommerce(flavor="paas", clock=FakeClock(START))
    seed_orders(fake, 6)
    criteria = (
        SearchCriteria()
        .where("state", "processing")
        .where_any(
            SearchCriteria().where("grand_total", 2, "gt").filter_groups[0].filters[0],
            SearchCriteria().where("increment_id", "%001", "like").filter_groups[0].filters[0],
        )
        .order_by("grand_total", "DESC")
    )
    with paas_client(fake) as client:
        got = [o.increment_id for o in client.orders.iter(criteria, page_size=2)]
        by_increment = client.orders.get_by_increment_id("000000004")
        by_id = client.orders.get(by_increment.entity_id)
    assert got == ["000000005", "000000003", "000000001"]
    assert by_id.increment_id == "000000004"


def test_values_with_spaces_plus_and_equals_are_signed_the_way_magento_reads_them():
    # Magento rawurldecodes the raw query for signing, so a space must travel as %20, not '+'.
    fake = FakeCommerce(flavor="paas", clock=FakeClock(START))
    seed_orders(fake, 2)
    criteria = SearchCriteria().where("customer_email", "a b+c=d", "neq")
    with paas_client(fake) as client:
        assert len(client.orders.list(criteria)) == 2
    assert "%20" in fake.requests[-1].query


def test_a_wrong_consumer_secret_is_explained_as_a_bad_signature():
    fake = FakeCommerce(flavor="paas", clock=FakeClock(START))
    with (
        paas_client(fake, oauth1_for(fake, consumer_secret="wrong")) as client,
        pytest.raises(AuthenticationError, match="signature did not verify") as info,
    ):
        client.orders.get(1)
    assert "wrong" not in str(info.value)


def test_saas_ims_fetches_one_token_and_refreshes_it_after_expiry():
    fake = FakeCommerce(flavor="saas", clock=FakeClock(START))
    seed_orders(fake, 2)
    with saas_client(fake, store_code="default") as client:
        assert client.orders.get(1).increment_id == "000000001"
        assert client.orders.get(2).increment_id == "000000002"
        fake.faults.expire_token_next()
        assert client.orders.get(1).increment_id == "000000001"
    token_calls = [r for r in fake.requests if r.auth == "token-endpoint"]
    assert len(token_calls) == 2
    api = [r for r in fake.requests if r.path.endswith("/V1/orders/1")]
    assert [r.status for r in api] == [200, 401, 200]
    assert {r.store for r in api} == {"default"}


def test_admin_token_and_two_factor_refusal():
    fake = FakeCommerce(flavor="paas", clock=FakeClock(START))
    seed_orders(fake, 1)
    with paas_client(fake, AdminToken("admin", "Admin123!", clock=fake.clock)) as client:
        assert client.orders.get(1).entity_id == 1
        fake.faults.expire_token_next()
        assert client.orders.get(1).entity_id == 1
    assert fake.count(path="/integration/admin/token") == 2
    strict = FakeCommerce(flavor="paas", two_factor_auth=True)
    with (
        paas_client(strict, AdminToken("admin", "Admin123!")) as client,
        pytest.raises(AuthenticationError, match="two-factor"),
    ):
        client.orders.get(1)


def test_faults_are_retried_with_the_servers_wait_and_no_real_sleep(cx_sleeps):
    fake = FakeCommerce(flavor="paas", clock=FakeClock(START))
    seed_orders(fake, 3)
    fake.faults.rate_limit_next(retry_after=2)
    fake.faults.maintenance_next()
    fake.faults.drop_connection_next()
    with paas_client(fake, sleep=cx_sleeps, jitter=lambda: 0.0) as client:
        assert len(list(client.orders.iter())) == 3
    assert cx_sleeps == [2.0, 0.0, 0.0]


def test_incremental_sync_reads_only_what_changed_since_the_watermark():
    clock = FakeClock(START)
    fake = FakeCommerce(flavor="paas", clock=clock)
    seed_orders(fake, 5)
    clock.advance(3600)
    fake.touch("order", 2)
    fake.touch("order", 4)
    since = datetime(2024, 5, 1, 12, 30, tzinfo=UTC)
    with paas_client(fake) as client:
        changed = [o.entity_id for o in client.orders.iter(updated_since=since, page_size=1)]
    assert changed == [2, 4]


def seed_b2b(fake: FakeCommerce) -> None:
    fake.add_company(
        {
            "id": 3,
            "company_name": "Acme Tools",
            "company_email": "ap@acme.example",
            "street": ["9 Industrial Way"],
            "city": "Austin",
            "country_id": "US",
            "region": "Texas",
            "postcode": "73301",
            "telephone": "555-0199",
            "customer_group_id": 2,
            "super_user_id": 42,
            "status": 1,
        }
    )
    fake.add_customer(
        {
            "id": 42,
            "email": "buyer@acme.example",
            "firstname": "Ana",
            "lastname": "Lopez",
            "group_id": 2,
            "website_id": 1,
            "custom_attributes": [
                {"attribute_code": "vendor_code", "value": "V-100"},
                {"attribute_code": "erp_sync", "value": "1"},
            ],
            "extension_attributes": {
                "company_attributes": {"customer_id": 42, "company_id": 3, "status": 1}
            },
        },
        password="Buyer123!",
    )
    for n in (1, 2, 3):
        fake.add_purchase_order(
            {
                "number": f"PO{n:04d}",
                "status": "APPROVED",
                "company_id": 3,
                "created_by_customer_id": 42,
                "created_by": {
                    "firstname": "Ana",
                    "lastname": "Lopez",
                    "email": "buyer@acme.example",
                },
                "quote": {
                    "prices": {"grand_total": {"value": 20 * n, "currency": "USD"}},
                    "items": [
                        {
                            "uid": f"Q{n}",
                            "quantity": n,
                            "product": {"sku": f"SKU-{n}", "name": "Widget"},
                            "prices": {
                                "price": {"value": 20, "currency": "USD"},
                                "row_total": {"value": 20 * n, "currency": "USD"},
                            },
                        }
                    ],
                },
            }
        )


def test_customer_and_company_updates_keep_untouched_fields():
    fake = FakeCommerce(flavor="paas", clock=FakeClock(START))
    seed_b2b(fake)
    with paas_client(fake) as client:
        customer = client.customers.update(
            42, {"custom_attributes": [{"attribute_code": "vendor_code", "value": "V-200"}]}
        )
        company = client.companies.update(3, {"telephone": "555-0000"})
        listed = [c.id for c in client.customers.iter()]
    stored = fake.get("customer", 42)
    assert stored is not None
    codes = {a["attribute_code"]: a["value"] for a in stored["custom_attributes"]}
    assert codes == {"vendor_code": "V-200", "erp_sync": "1"}
    assert stored["extension_attributes"]["company_attributes"]["company_id"] == 3
    assert customer.lastname == "Lopez"
    assert company.telephone == "555-0000"
    stored_company = fake.get("company", 3)
    assert stored_company is not None
    assert stored_company["super_user_id"] == 42
    assert stored_company["street"] == ["9 Industrial Way"]
    assert listed == [42]


def test_purchase_orders_through_graphql_as_the_company_user():
    fake = FakeCommerce(flavor="paas", clock=FakeClock(START))
    seed_b2b(fake)
    user = CompanyUser(email="buyer@acme.example", password="Buyer123!")
    with paas_client(fake, company_user=user) as client:
        pos = list(client.purchase_orders.iter(page_size=2, company_id=3))
    by_number = {p.number: p for p in pos}
    assert sorted(by_number) == ["PO0001", "PO0002", "PO0003"]
    assert [i.sku for i in by_number["PO0003"].items] == ["SKU-3"]
    assert str(by_number["PO0003"].grand_total) == "60"
    assert fake.count(path="/integration/customer/token") == 1


async def test_async_client_against_the_fake_saas_instance():
    fake = FakeCommerce(flavor="saas", clock=FakeClock(START))
    seed_orders(fake, 9)
    auth = IMSCredentials(fake.ims_client_id, fake.ims_client_secret, token_url=fake.ims_token_url)
    async with AsyncCommerceClient(
        fake.base_url, auth=auth, http_client=httpx.AsyncClient(transport=fake)
    ) as client:
        got = [o.entity_id async for o in client.orders.iter(page_size=2)]
    assert got == list(range(1, 10))
    assert len([r for r in fake.requests if r.auth == "token-endpoint"]) == 1
    assert fake.count(path="/V1/orders", status=200) == 5


@settings(max_examples=25, deadline=None)
@given(
    value=st.text(alphabet=st.characters(exclude_categories=["Cs", "Cc"]), min_size=1, max_size=16)
)
def test_the_fake_verifies_signatures_over_any_filter_value(value):
    fake = FakeCommerce(flavor="paas", clock=FakeClock(START))
    with paas_client(fake) as client:
        client.orders.list(SearchCriteria().where("customer_email", value, "neq"))
    assert fake.count(status=200, auth="oauth1") == 1


def test_offset_paging_can_skip_a_row_updated_mid_sync_but_keyset_paging_cannot():
    clock = FakeClock(START)
    fake = FakeCommerce(flavor="paas", clock=clock)
    seed_orders(fake, 7)  # all share one updated_at: ties are broken by entity_id
    since = datetime(2024, 5, 1, tzinfo=UTC)

    def read(keyset: bool) -> list[int]:
        seen: list[int] = []
        with paas_client(fake) as client:
            for order in client.orders.iter(updated_since=since, page_size=2, keyset=keyset):
                seen.append(order.entity_id)
                if order.entity_id == 2 and len(seen) == 2:
                    clock.advance(60)
                    fake.touch("order", 1)  # order 1 jumps behind the cursor
        return seen

    offset = read(keyset=False)
    clock.advance(60)
    keyset = read(keyset=True)
    assert 3 not in offset  # the hazard keyset paging exists for
    assert sorted(keyset) == [1, 2, 3, 4, 5, 6, 7]


def test_keyset_paging_without_a_watermark_walks_the_ids():
    fake = FakeCommerce(flavor="paas", clock=FakeClock(START))
    seed_orders(fake, 5)
    with paas_client(fake) as client:
        got = [o.entity_id for o in client.orders.iter(page_size=2, keyset=True)]
    assert got == [1, 2, 3, 4, 5]
    assert fake.count(path="/V1/orders") == 3
    assert "currentPage%5D=1" in fake.requests[-1].query


async def test_async_keyset_paging_against_the_fake():
    fake = FakeCommerce(flavor="saas", clock=FakeClock(START))
    seed_orders(fake, 5)
    auth = IMSCredentials(fake.ims_client_id, fake.ims_client_secret, token_url=fake.ims_token_url)
    since = datetime(2024, 5, 1, tzinfo=UTC)
    async with AsyncCommerceClient(
        fake.base_url, auth=auth, http_client=httpx.AsyncClient(transport=fake)
    ) as client:
        got = [
            o.entity_id
            async for o in client.orders.iter(updated_since=since, page_size=2, keyset=True)
        ]
    assert got == [1, 2, 3, 4, 5]
