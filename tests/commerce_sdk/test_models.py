import json
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from commerce_sdk.models import (
    Company,
    CreditMemo,
    Customer,
    ModelParseError,
    Order,
    PurchaseOrder,
)

FIXTURES = Path(__file__).parent / "fixtures"


def load(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text())


def test_order_money_is_decimal_exactly_as_sent_even_from_json_floats() -> None:
    order = Order.from_api(load("order_configurable_b2b.json"))
    assert order.grand_total == Decimal("129.9")
    assert order.base_to_order_rate == Decimal("0.9187")
    assert order.subtotal == Decimal("110.00")
    assert order.discount_amount == Decimal("-10")


def test_order_timestamps_are_utc_aware() -> None:
    order = Order.from_api(load("order_configurable_b2b.json"))
    assert order.updated_at == datetime(2026, 3, 2, 10, 0, 5, tzinfo=UTC)


def test_configurable_pair_and_dynamic_bundle_are_counted_once() -> None:
    order = Order.from_api(load("order_configurable_b2b.json"))
    # 101 (configurable parent with the price) kept, its child 102 dropped; bundle parent 103
    # (priced 0) dropped, its priced children kept.
    assert [i.item_id for i in order.money_items] == [101, 104, 105]
    assert sum(i.row_total for i in order.money_items) == order.subtotal


def test_b2b_attributes_payment_and_shipping_address() -> None:
    order = Order.from_api(load("order_configurable_b2b.json"))
    assert (order.company_id, order.company_name) == (3, "Northwind")
    assert order.po_number == "PO-7781"
    assert order.payment_method == "purchaseorder"
    assert order.shipping_address is not None
    assert order.shipping_address.city == "Houston"
    assert order.billing_address is not None
    assert order.billing_address.street == ("1 Main St", "Unit 2")
    assert not order.is_guest


def test_unknown_fields_are_kept_in_extra_and_raw_round_trips() -> None:
    data = load("order_configurable_b2b.json")
    order = Order.from_api(data)
    assert order.extra == {"gift_message_id": 12}
    assert dict(order.raw) == data


def test_guest_order_has_no_customer_id() -> None:
    data = load("order_configurable_b2b.json")
    data.pop("customer_id")
    data["customer_is_guest"] = 1
    order = Order.from_api(data)
    assert order.customer_id is None
    assert order.is_guest


def test_company_zero_on_a_b2c_order_reads_as_no_company() -> None:
    data = load("order_configurable_b2b.json")
    data["extension_attributes"]["company_order_attributes"]["company_id"] = 0
    assert Order.from_api(data).company_id is None


def test_bad_value_names_the_model_and_field() -> None:
    data = load("order_configurable_b2b.json")
    data["grand_total"] = "12,50"
    with pytest.raises(ModelParseError, match=r"Order\.grand_total"):
        Order.from_api(data)


def test_credit_memo_adjustments() -> None:
    memo = CreditMemo.from_api(
        {
            "entity_id": 5,
            "increment_id": "100000005",
            "order_id": 41,
            "invoice_id": 9,
            "grand_total": "33.00",
            "subtotal": "30.00",
            "shipping_amount": "5.00",
            "adjustment_positive": "2.00",
            "adjustment_negative": "4.00",
            "items": [{"entity_id": 1, "order_item_id": 101, "sku": "TEE", "qty": 1, "price": 30}],
        }
    )
    assert memo.adjustment_negative == Decimal("4.00")
    assert memo.items[0].order_item_id == 101
    assert memo.invoice_id == 9


def test_customer_company_attributes_and_custom_attributes() -> None:
    customer = Customer.from_api(
        {
            "id": 7,
            "email": "buyer@northwind.example",
            "firstname": "Ana",
            "addresses": [
                {
                    "id": 1,
                    "city": "Austin",
                    "region": {"region": "Texas", "region_code": "TX"},
                    "default_billing": True,
                }
            ],
            "custom_attributes": [{"attribute_code": "erp_vendor_number", "value": "V-7"}],
            "extension_attributes": {"company_attributes": {"company_id": 0, "job_title": "AP"}},
        }
    )
    assert customer.company_id is None
    assert customer.custom_attributes == {"erp_vendor_number": "V-7"}
    address = customer.default_billing_address
    assert address is not None
    assert (address.region, address.region_code) == ("Texas", "TX")


def test_company_keeps_region_id_as_text() -> None:
    company = Company.from_api({"id": 3, "company_name": "Northwind", "region_id": 57, "status": 1})
    assert company.region_id == "57"
    assert company.is_active


def test_purchase_order_from_graphql() -> None:
    po = PurchaseOrder.from_graphql(
        {
            "uid": "MTI=",
            "number": "000000012",
            "status": "APPROVED",
            "created_at": "2026-03-01T09:00:00Z",
            "created_by": {"email": "buyer@northwind.example"},
            "order": None,
            "quote": {
                "prices": {"grand_total": {"value": 70.5, "currency": "USD"}},
                "items": [
                    {
                        "uid": "a",
                        "product": {"sku": "KIT-A", "name": "A"},
                        "quantity": 3,
                        "prices": {"price": {"value": 23.5}, "row_total": {"value": 70.5}},
                    }
                ],
            },
        },
        company_id=3,
    )
    assert po.grand_total == Decimal("70.5")
    assert po.items[0].quantity == Decimal("3")
    assert po.order_number is None
    assert po.created_at == datetime(2026, 3, 1, 9, tzinfo=UTC)
