"""REST resources: URL shapes, gets, 404 bodies, and full-replace updates."""

from __future__ import annotations

import httpx
import pytest

from commerce_sdk.testing import FakeClock, FakeCommerce

from .conftest import Paas

NO_ENTITY = {
    "message": "The entity that was requested doesn't exist. Verify the entity and try again."
}


@pytest.fixture
def http(fake: FakeCommerce) -> httpx.Client:
    return httpx.Client(
        transport=fake,
        base_url=fake.base_url,
        headers={"Authorization": f"Bearer {fake.admin_token()}"},
    )


@pytest.mark.parametrize("prefix", ["/rest/V1", "/rest/default/V1", "/rest/all/V1"])
def test_paas_paths_with_and_without_store_code(
    fake: FakeCommerce, http: httpx.Client, prefix: str
) -> None:
    fake.add_order({"entity_id": 41, "increment_id": "000000041"})
    response = http.get(f"{prefix}/orders/41")
    assert response.status_code == 200
    assert response.json()["increment_id"] == "000000041"


def test_unknown_store_code_is_refused(http: httpx.Client) -> None:
    response = http.get("/rest/nowhere/V1/orders?searchCriteria=")
    assert response.status_code == 400


@pytest.mark.parametrize(
    "path", ["/rest/V1/nothing", "/rest/V1/creditmemos/3", "/V1/orders", "/rest/V1/orders/1/x"]
)
def test_unknown_routes_get_magentos_404(http: httpx.Client, path: str) -> None:
    response = http.get(path)
    assert response.status_code == 404
    assert response.json() == {"message": "Request does not match any route."}


def test_wrong_method_is_no_route(http: httpx.Client) -> None:
    assert http.delete("/rest/V1/orders/1").status_code == 404


@pytest.mark.parametrize(
    "path", ["/rest/V1/orders/99", "/rest/V1/invoices/99", "/rest/V1/creditmemo/99"]
)
def test_missing_sales_documents_404(http: httpx.Client, path: str) -> None:
    response = http.get(path)
    assert response.status_code == 404
    assert response.json() == NO_ENTITY


def test_missing_customer_names_the_field(http: httpx.Client) -> None:
    response = http.get("/rest/V1/customers/5")
    assert response.status_code == 404
    assert response.json() == {
        "message": "No such entity with %fieldName = %fieldValue",
        "parameters": {"fieldName": "customerId", "fieldValue": 5},
    }


def test_non_numeric_id_is_a_type_error(http: httpx.Client) -> None:
    response = http.get("/rest/V1/orders/abc")
    assert response.status_code == 400
    assert response.json()["parameters"] == {"value": "abc", "type": "int"}


def test_invoices_and_credit_memos_list_and_get(fake: FakeCommerce, http: httpx.Client) -> None:
    fake.add_invoice({"entity_id": 3, "order_id": 1})
    fake.add_credit_memo({"entity_id": 4, "order_id": 1, "adjustment_negative": 5})
    assert http.get("/rest/V1/invoices?searchCriteria=").json()["total_count"] == 1
    assert http.get("/rest/V1/invoices/3").json()["order_id"] == 1
    assert http.get("/rest/V1/creditmemos?searchCriteria=").json()["items"][0]["entity_id"] == 4
    assert http.get("/rest/V1/creditmemo/4").json()["adjustment_negative"] == 5


def _customer() -> dict:
    return {
        "id": 7,
        "email": "ann@acme.test",
        "firstname": "Ann",
        "lastname": "Lee",
        "website_id": 1,
        "group_id": 1,
        "custom_attributes": [{"attribute_code": "erp_id", "value": "V-1"}],
        "created_at": "2026-01-01 00:00:00",
        "updated_at": "2026-01-01 00:00:00",
    }


def test_customer_put_is_a_full_replace_and_bumps_updated_at(
    fake: FakeCommerce, http: httpx.Client, clock: FakeClock
) -> None:
    fake.add_customer(_customer())
    clock.advance(3600)
    body = {"customer": {"id": 7, "email": "ann@acme.test", "firstname": "Anne", "lastname": "Lee"}}
    response = http.put("/rest/all/V1/customers/7", json=body)
    assert response.status_code == 200
    saved = http.get("/rest/V1/customers/7").json()
    assert saved["firstname"] == "Anne"
    assert "custom_attributes" not in saved  # left out, so cleared
    assert "group_id" not in saved
    assert saved["created_at"] == "2026-01-01 00:00:00"
    assert saved["updated_at"] == "2026-05-28 21:26:40"


def test_customer_put_requires_the_customer_object_and_names(
    fake: FakeCommerce, http: httpx.Client
) -> None:
    fake.add_customer(_customer())
    assert http.put("/rest/V1/customers/7", json={"email": "x"}).json()["parameters"] == {
        "fieldName": "customer"
    }
    missing = http.put(
        "/rest/V1/customers/7", json={"customer": {"email": "a@b.test", "lastname": "L"}}
    )
    assert missing.status_code == 400
    assert missing.json()["parameters"] == {"fieldName": "firstname"}


def test_customer_put_refuses_another_customers_email(
    fake: FakeCommerce, http: httpx.Client
) -> None:
    fake.add_customer(_customer())
    fake.add_customer(
        {"id": 8, "email": "bob@acme.test", "firstname": "B", "lastname": "C", "website_id": 1}
    )
    response = http.put(
        "/rest/V1/customers/8",
        json={
            "customer": {
                "email": "ANN@acme.test",
                "firstname": "B",
                "lastname": "C",
                "website_id": 1,
            }
        },
    )
    assert response.status_code == 400
    assert "same email" in response.json()["message"]


def test_customer_search(fake: FakeCommerce, http: httpx.Client) -> None:
    fake.add_customer(_customer())
    params = {
        "searchCriteria[filter_groups][0][filters][0][field]": "email",
        "searchCriteria[filter_groups][0][filters][0][value]": "ann@acme.test",
    }
    assert http.get("/rest/V1/customers/search", params=params).json()["items"][0]["id"] == 7


def _company() -> dict:
    return {
        "id": 3,
        "company_name": "Acme",
        "company_email": "ap@acme.test",
        "street": ["1 Road"],
        "city": "Austin",
        "country_id": "US",
        "region_id": "57",
        "postcode": "78701",
        "telephone": "555",
        "customer_group_id": 1,
        "super_user_id": 7,
        "vat_tax_id": "VAT1",
    }


def test_company_search_get_and_full_replace(fake: FakeCommerce, http: httpx.Client) -> None:
    fake.add_customer(_customer())
    fake.add_company(_company())
    assert http.get("/rest/V1/company?searchCriteria=").json()["total_count"] == 1
    new = _company() | {"company_name": "Acme Corp"}
    del new["vat_tax_id"]
    response = http.put("/rest/V1/company/3", json={"company": new})
    assert response.status_code == 200
    saved = http.get("/rest/V1/company/3").json()
    assert saved["company_name"] == "Acme Corp"
    assert "vat_tax_id" not in saved


def test_company_put_requires_the_update_fields(fake: FakeCommerce, http: httpx.Client) -> None:
    fake.add_customer(_customer())
    fake.add_company(_company())
    partial = {"company_name": "Acme"}
    response = http.put("/rest/V1/company/3", json={"company": partial})
    assert response.status_code == 400
    assert response.json()["parameters"] == {"fieldName": "company_email"}


def test_invalid_json_body_is_a_400(fake: FakeCommerce, http: httpx.Client) -> None:
    fake.add_customer(_customer())
    response = http.put(
        "/rest/V1/customers/7", content=b"{nope", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400


def test_touch_bumps_updated_at(fake: FakeCommerce, clock: FakeClock) -> None:
    fake.add_order({"entity_id": 1, "updated_at": "2020-01-01 00:00:00"})
    assert fake.touch("orders", 1)["updated_at"] == "2026-05-28 20:26:40"
    with pytest.raises(KeyError):
        fake.touch("order", 2)
    with pytest.raises(ValueError, match="unknown record kind"):
        fake.touch("shipment", 1)


def test_adding_a_duplicate_id_is_refused(fake: FakeCommerce) -> None:
    fake.add_order({"entity_id": 1})
    with pytest.raises(ValueError, match="already exists"):
        fake.add_order({"entity_id": 1})


def test_request_log_and_counts(paas: Paas) -> None:
    paas.get("/V1/orders", {"searchCriteria[pageSize]": 1})
    paas.http.get(paas.url("/V1/orders"))
    assert paas.fake.count(path="/V1/orders") == 2
    assert paas.fake.count(status=401) == 1
    assert paas.fake.count(auth="oauth1", status=200) == 1


def test_fields_parameter_gives_a_partial_response(fake: FakeCommerce, http: httpx.Client) -> None:
    fake.add_order(
        {"entity_id": 1, "grand_total": 5, "items": [{"item_id": 9, "sku": "A", "price": 5}]}
    )
    params = {"searchCriteria": "", "fields": "items[entity_id,items[sku]],total_count"}
    body = http.get("/rest/V1/orders", params=params).json()
    assert body == {"items": [{"entity_id": 1, "items": [{"sku": "A"}]}], "total_count": 1}
    one = http.get("/rest/V1/orders/1", params={"fields": "entity_id,increment_id"}).json()
    assert one == {"entity_id": 1, "increment_id": "000000001"}
    bad = http.get("/rest/V1/orders/1", params={"fields": "items[sku"})
    assert bad.status_code == 400


def test_base_url_with_a_path_prefix(clock: FakeClock) -> None:
    fake = FakeCommerce(base_url="https://shop.example.test/magento/", clock=clock)
    fake.add_order({"entity_id": 1})
    client = Paas(fake, clock)
    assert fake.base_url == "https://shop.example.test/magento"
    assert client.get("/V1/orders/1").status_code == 200
    outside = client.http.get("https://shop.example.test/rest/V1/orders/1")
    assert outside.status_code == 404


def test_bad_constructor_arguments_name_the_field() -> None:
    with pytest.raises(ValueError, match="flavor"):
        FakeCommerce(flavor="cloud")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="base_url"):
        FakeCommerce(base_url="shop.example.test")
    with pytest.raises(ValueError, match="latency"):
        FakeCommerce(latency=-1)
    with pytest.raises(ValueError, match="store_codes"):
        FakeCommerce(store_codes=())
    with pytest.raises(ValueError, match="oauth_param_order"):
        FakeCommerce(oauth_param_order="php")  # type: ignore[arg-type]


def test_records_are_plain_json_with_decimal_and_datetime_converted(fake: FakeCommerce) -> None:
    from datetime import UTC, datetime
    from decimal import Decimal

    stored = fake.add_order(
        {"grand_total": Decimal("10.50"), "created_at": datetime(2026, 3, 1, 9, 0, tzinfo=UTC)}
    )
    assert stored["grand_total"] == 10.5
    assert stored["created_at"] == "2026-03-01 09:00:00"
    with pytest.raises(TypeError, match="order"):
        fake.add_order({"grand_total": object()})
    stored["grand_total"] = 99
    again = fake.get("order", stored["entity_id"])
    assert again is not None
    assert again["grand_total"] == 10.5  # a copy came back


def test_saas_unknown_store_header_is_refused(saas_fake: FakeCommerce) -> None:
    from .conftest import ims_token

    http = httpx.Client(transport=saas_fake)
    headers = {
        "Authorization": f"Bearer {ims_token(saas_fake, http)}",
        "x-api-key": saas_fake.ims_client_id,
        "Store": "nowhere",
    }
    response = http.get(f"{saas_fake.base_url}/V1/orders?searchCriteria=", headers=headers)
    assert response.status_code == 400
