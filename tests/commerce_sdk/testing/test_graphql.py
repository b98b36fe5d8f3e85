"""GraphQL purchase orders for a company user, customer tokens, and GraphQL error shapes."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from commerce_sdk.models import PurchaseOrder
from commerce_sdk.testing import FakeClock, FakeCommerce

PO_QUERY = """
query CompanyPOs($page: Int!, $size: Int = 20, $filter: PurchaseOrdersFilterInput) {
  customer {
    email
    purchase_orders(currentPage: $page, pageSize: $size, filter: $filter) {
      total_count
      page_info { current_page page_size total_pages }
      items {
        uid number status created_at updated_at
        created_by { firstname lastname email }
        order { number }
        quote {
          prices { grand_total { value currency } }
          items { uid product { sku name } quantity prices { price { value } row_total { value } } }
        }
      }
    }
  }
}
"""
COMPANY = {"company_purchase_orders": True}


def _po(number: int, created_by: int, status: str = "APPROVED", day: int = 1) -> dict[str, Any]:
    return {
        "entity_id": number,
        "status": status,
        "created_at": f"2026-02-{day:02d} 10:00:00",
        "updated_at": f"2026-02-{day:02d} 11:00:00",
        "company_id": 3,
        "created_by_customer_id": created_by,
        "created_by": {"firstname": "Ann", "lastname": "Lee", "email": f"u{created_by}@acme.test"},
        "order": {"number": f"00000010{number}"} if status == "ORDER_PLACED" else None,
        "quote": {
            "prices": {"grand_total": {"value": 120.5, "currency": "USD"}},
            "items": [
                {
                    "uid": "MTE=",
                    "product": {"sku": "BOLT-10", "name": "Bolt"},
                    "quantity": 10,
                    "prices": {"price": {"value": 12.05}, "row_total": {"value": 120.5}},
                }
            ],
        },
    }


@pytest.fixture
def b2b(fake: FakeCommerce) -> FakeCommerce:
    fake.add_company({"id": 3, "company_name": "Acme"})
    for ident, company in ((7, 3), (8, 3), (9, 0)):
        fake.add_customer(
            {
                "id": ident,
                "email": f"u{ident}@acme.test",
                "firstname": "U",
                "lastname": str(ident),
                "extension_attributes": {"company_attributes": {"company_id": company}},
            },
            password="Secret-1",
        )
    fake.add_purchase_order(_po(1, created_by=7, day=1))
    fake.add_purchase_order(_po(2, created_by=8, status="ORDER_PLACED", day=2))
    fake.add_purchase_order(_po(3, created_by=7, status="PENDING", day=3))
    fake.add_purchase_order({**_po(4, created_by=99, day=4), "company_id": 5})
    return fake


def gql(
    fake: FakeCommerce,
    query: str,
    variables: dict[str, Any] | None = None,
    token: str | None = None,
) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.Client(transport=fake).post(
        fake.graphql_url, json={"query": query, "variables": variables or {}}, headers=headers
    )


def test_company_purchase_orders_with_lines_parse_into_models(b2b: FakeCommerce) -> None:
    body = gql(
        b2b, PO_QUERY, {"page": 1, "filter": COMPANY}, b2b.customer_token("u7@acme.test")
    ).json()
    result = body["data"]["customer"]["purchase_orders"]
    assert result["total_count"] == 3
    assert result["page_info"] == {"current_page": 1, "page_size": 20, "total_pages": 1}
    assert [po["number"] for po in result["items"]] == ["000000003", "000000002", "000000001"]
    po = PurchaseOrder.from_graphql(result["items"][1], company_id=3)
    assert po.order_number == "000000102"
    assert po.items[0].sku == "BOLT-10"
    assert str(po.grand_total) == "120.5"
    assert "company_id" not in result["items"][0]  # only asked-for fields come back


def test_without_the_company_filter_a_user_sees_only_their_own(b2b: FakeCommerce) -> None:
    body = gql(b2b, PO_QUERY, {"page": 1}, b2b.customer_token("u8@acme.test")).json()
    assert [po["number"] for po in body["data"]["customer"]["purchase_orders"]["items"]] == [
        "000000002"
    ]


def test_status_filter_and_paging(b2b: FakeCommerce) -> None:
    token = b2b.customer_token("u7@acme.test")
    approved = gql(
        b2b, PO_QUERY, {"page": 1, "filter": {**COMPANY, "status": "APPROVED"}}, token
    ).json()
    assert approved["data"]["customer"]["purchase_orders"]["total_count"] == 1
    page2 = gql(b2b, PO_QUERY, {"page": 2, "size": 2, "filter": COMPANY}, token).json()
    result = page2["data"]["customer"]["purchase_orders"]
    assert [po["number"] for po in result["items"]] == ["000000001"]
    assert result["page_info"]["total_pages"] == 2


def test_page_past_the_end_is_a_graphql_input_error(b2b: FakeCommerce) -> None:
    body = gql(
        b2b, PO_QUERY, {"page": 5, "size": 2, "filter": COMPANY}, b2b.customer_token("u7@acme.test")
    ).json()
    assert body["data"]["customer"] is None
    assert (
        body["errors"][0]["message"]
        == "currentPage value 5 specified is greater than the 2 page(s) available."
    )
    assert body["errors"][0]["extensions"]["category"] == "graphql-input"


def test_no_token_is_an_authorization_error_in_graphql_shape(b2b: FakeCommerce) -> None:
    response = gql(b2b, PO_QUERY, {"page": 1})
    assert response.status_code == 200
    assert response.json() == {
        "errors": [
            {
                "message": "The current customer isn't authorized.",
                "extensions": {"category": "graphql-authorization"},
                "path": ["customer"],
            }
        ],
        "data": {"customer": None},
    }


def test_expired_customer_token_is_a_401(b2b: FakeCommerce, clock: FakeClock) -> None:
    token = b2b.customer_token("u7@acme.test")
    clock.advance(3600)
    response = gql(b2b, PO_QUERY, {"page": 1}, token)
    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"]["category"] == "graphql-authentication"


def test_customer_outside_a_company_is_refused(b2b: FakeCommerce) -> None:
    body = gql(b2b, PO_QUERY, {"page": 1}, b2b.customer_token("u9@acme.test")).json()
    assert body["errors"][0]["message"] == "Customer is not a company user."


def test_generate_customer_token_mutation(b2b: FakeCommerce) -> None:
    mutation = (
        'mutation { generateCustomerToken(email: "u7@acme.test", password: "Secret-1") { token } }'
    )
    token = gql(b2b, mutation).json()["data"]["generateCustomerToken"]["token"]
    body = gql(b2b, "{ customer { email } }", token=token).json()
    assert body == {"data": {"customer": {"email": "u7@acme.test"}}}
    wrong = gql(b2b, mutation.replace("Secret-1", "nope")).json()
    assert wrong["errors"][0]["extensions"]["category"] == "graphql-authentication"


def test_single_purchase_order_by_uid_with_alias_and_fragment(b2b: FakeCommerce) -> None:
    query = """
    query { customer { po: purchase_order(uid: "Mg==") { ...F } } }
    fragment F on PurchaseOrder { number status }
    """
    body = gql(b2b, query, token=b2b.customer_token("u7@acme.test")).json()
    assert body == {"data": {"customer": {"po": {"number": "000000002", "status": "ORDER_PLACED"}}}}


def test_unknown_root_field_and_syntax_errors(b2b: FakeCommerce) -> None:
    unknown = gql(b2b, "{ products { total_count } }").json()
    assert unknown["errors"][0]["message"] == 'Cannot query field "products" on type "Query".'
    assert "data" not in unknown
    broken = gql(b2b, "{ customer { email }").json()
    assert broken["errors"][0]["message"].startswith("Syntax Error")


def test_get_requests_work_too(b2b: FakeCommerce) -> None:
    token = b2b.customer_token("u7@acme.test")
    response = httpx.Client(transport=b2b).get(
        b2b.graphql_url,
        params={"query": "{ customer { email } }"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.json()["data"]["customer"]["email"] == "u7@acme.test"


def test_saas_graphql_lives_under_the_tenant(clock: FakeClock) -> None:
    fake = FakeCommerce(flavor="saas", clock=clock)
    fake.add_customer({"id": 1, "email": "a@b.test"})
    response = gql(fake, "{ customer { email } }", token=fake.customer_token("a@b.test"))
    assert fake.graphql_url.endswith("/FakeTenant01/graphql")
    assert response.json()["data"]["customer"]["email"] == "a@b.test"


def test_expire_token_fault_applies_to_graphql_customer_tokens(b2b: FakeCommerce) -> None:
    token = b2b.customer_token("u7@acme.test")
    b2b.faults.expire_token_next()
    response = gql(b2b, "{ customer { email } }", token=token)
    assert response.status_code == 401
    assert b2b.requests[-1].fault == "expire_token"
    assert gql(b2b, "{ customer { email } }", token=token).status_code == 401


def test_misspelt_fields_are_validation_errors_without_data(b2b: FakeCommerce) -> None:
    query = "{ customer { purchase_orders { items { numbr quote { prices } } } } }"
    body = gql(b2b, query, token=b2b.customer_token("u7@acme.test")).json()
    assert "data" not in body
    messages = [e["message"] for e in body["errors"]]
    assert messages == [
        'Cannot query field "numbr" on type "PurchaseOrder".',
        'Field "prices" of type "CartPrices" must have a selection.',
    ]


def test_subscriptions_are_refused(b2b: FakeCommerce) -> None:
    body = gql(b2b, "subscription { customer { email } }").json()
    assert body["errors"][0]["message"] == "Subscription operations are not supported."
