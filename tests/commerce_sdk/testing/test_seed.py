"""The demo data set: deterministic, realistic, parseable by the SDK's models, and adding up."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import httpx
import pytest

from commerce_sdk.models import Company, CreditMemo, Customer, Invoice, Order, PurchaseOrder
from commerce_sdk.testing import DemoSeed, FakeClock, FakeCommerce

from .conftest import START


@pytest.fixture(scope="module")
def seeded() -> tuple[FakeCommerce, DemoSeed]:
    fake = FakeCommerce(clock=FakeClock(START))
    return fake, fake.seed_demo(seed=11, orders=80)


def _all(fake: FakeCommerce, path: str) -> list[dict[str, Any]]:
    http = httpx.Client(transport=fake, headers={"Authorization": f"Bearer {fake.admin_token()}"})
    response = http.get(f"{fake.base_url}/rest/all/V1/{path}?searchCriteria=")
    assert response.status_code == 200
    return list(response.json()["items"])


def test_same_seed_gives_the_same_data() -> None:
    first, second = FakeCommerce(), FakeCommerce()
    first.seed_demo(seed=3, orders=10)
    second.seed_demo(seed=3, orders=10)
    for kind in ("order", "invoice", "credit_memo", "customer", "company", "purchase_order"):
        assert first.records(kind) == second.records(kind)
    third = FakeCommerce()
    third.seed_demo(seed=4, orders=10)
    assert third.records("order") != first.records("order")


def test_every_served_order_parses_and_adds_up(seeded: tuple[FakeCommerce, DemoSeed]) -> None:
    fake, seed = seeded
    orders = [Order.from_api(o) for o in _all(fake, "orders")]
    assert len(orders) == len(seed.orders) == 80
    for order in orders:
        total = order.subtotal + order.shipping_amount + order.tax_amount + order.discount_amount
        assert total == order.grand_total, order.increment_id
        assert sum(i.row_total for i in order.money_items) == order.subtotal
        assert order.discount_amount <= 0
        assert order.shipping_address is not None


def test_orders_cover_the_interesting_shapes(seeded: tuple[FakeCommerce, DemoSeed]) -> None:
    fake, _ = seeded
    orders = [Order.from_api(o) for o in _all(fake, "orders")]
    types = {i.product_type for o in orders for i in o.items}
    assert {"simple", "configurable", "bundle"} <= types
    assert any(o.is_guest for o in orders)
    assert any(o.company_id is not None and o.po_number for o in orders)
    assert any(o.order_currency_code == "EUR" for o in orders)
    assert any(o.discount_amount < 0 for o in orders)
    assert {o.state for o in orders} >= {"new", "processing", "complete", "closed", "canceled"}
    child = next(i for o in orders for i in o.items if i.parent_item_id and i.price == 0)
    assert "parent_item" in child.extra


def test_invoices_match_their_orders(seeded: tuple[FakeCommerce, DemoSeed]) -> None:
    fake, seed = seeded
    orders = {o["entity_id"]: Order.from_api(o) for o in _all(fake, "orders")}
    invoices = [Invoice.from_api(i) for i in _all(fake, "invoices")]
    assert len(invoices) == len(seed.invoices) > 0
    for invoice in invoices:
        assert invoice.grand_total == orders[invoice.order_id].grand_total
        total = (
            invoice.subtotal
            + invoice.shipping_amount
            + invoice.tax_amount
            + invoice.discount_amount
        )
        assert total == invoice.grand_total


def test_credit_memos_add_up_and_include_partial_refunds_with_a_fee(
    seeded: tuple[FakeCommerce, DemoSeed],
) -> None:
    fake, seed = seeded
    memos = [CreditMemo.from_api(m) for m in _all(fake, "creditmemos")]
    assert len(memos) == len(seed.credit_memos) > 0
    for memo in memos:
        total = (
            memo.subtotal
            + memo.shipping_amount
            + memo.tax_amount
            + memo.discount_amount
            + memo.adjustment_positive
            - memo.adjustment_negative
        )
        assert total == memo.grand_total
        assert memo.grand_total > 0
        assert memo.adjustment == memo.adjustment_positive - memo.adjustment_negative
    partial = [m for m in memos if m.adjustment_negative > 0]
    assert partial
    assert any(item.qty == 0 for m in partial for item in m.items)


def test_customers_and_companies_parse(seeded: tuple[FakeCommerce, DemoSeed]) -> None:
    fake, seed = seeded
    customers = [Customer.from_api(c) for c in _all(fake, "customers/search")]
    companies = [Company.from_api(c) for c in _all(fake, "company")]
    assert len(customers) == len(seed.customers)
    assert {c.id for c in companies} == set(seed.companies)
    by_id = {c.id: c for c in customers}
    for company in companies:
        assert by_id[company.super_user_id or 0].company_id == company.id
        assert company.is_active
    assert any(c.company_id is None for c in customers)


def test_company_users_log_in_and_read_purchase_orders(
    seeded: tuple[FakeCommerce, DemoSeed],
) -> None:
    fake, seed = seeded
    email, password = next(iter(seed.company_users.items()))
    http = httpx.Client(transport=fake)
    token = http.post(
        f"{fake.base_url}/rest/V1/integration/customer/token",
        json={"username": email, "password": password},
    ).json()
    query = (
        "{ customer { purchase_orders(pageSize: 50, filter: {company_purchase_orders: true}) {"
        " total_count items { uid number status created_at updated_at created_by { email }"
        " order { number } quote { prices { grand_total { value currency } }"
        " items { uid product { sku name } quantity"
        " prices { price { value } row_total { value } } } } } } } }"
    )
    body = http.post(
        fake.graphql_url, json={"query": query}, headers={"Authorization": f"Bearer {token}"}
    ).json()
    result = body["data"]["customer"]["purchase_orders"]
    assert result["total_count"] >= 1
    pos = [PurchaseOrder.from_graphql(node) for node in result["items"]]
    for po in pos:
        assert po.items
        if po.status == "ORDER_PLACED":
            assert po.order_number
    assert all(isinstance(po.grand_total, Decimal) for po in pos)


def test_seed_refuses_bad_arguments() -> None:
    with pytest.raises(ValueError, match="orders"):
        FakeCommerce().seed_demo(orders=-1)


def test_demo_seed_repr_hides_passwords(seeded: tuple[FakeCommerce, DemoSeed]) -> None:
    _, seed = seeded
    assert not any(p in repr(seed) for p in seed.company_users.values())


def test_same_seed_gives_the_same_data_whatever_the_clock_says() -> None:
    early = FakeCommerce(clock=FakeClock(datetime(2026, 1, 1, tzinfo=UTC)))
    late = FakeCommerce(clock=FakeClock(datetime(2026, 6, 1, 12, 30, 1, tzinfo=UTC)))
    early.seed_demo(seed=3, orders=10)
    late.seed_demo(seed=3, orders=10)
    for kind in ("order", "invoice", "credit_memo", "customer", "company", "purchase_order"):
        assert early.records(kind) == late.records(kind), kind
