from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from bridge import MappingError
from bridge.mapping import purchase_order_to_po
from commerce_sdk.models import PurchaseOrder

from .conftest import load, make_config


def po(**changes) -> PurchaseOrder:
    data = load("purchase_order.json")
    data.update(changes)
    return PurchaseOrder.from_graphql(data, company_id=3)


def test_purchase_order_header_and_lines() -> None:
    config = make_config(
        purchase_orders={"item_ids": {"TEE-RED-M": "TEE01"}, "unit": "Each", "state": "Pending"},
        bills={"payment_terms": "N30", "due_days": 10},
    )
    mapped = purchase_order_to_po(po(), config, vendor_id="B-3")
    result = mapped.purchase_order
    assert result.transaction_type == "Purchase Order"
    assert (result.vendor_id, result.document_no, result.reference_no) == (
        "B-3",
        "000000012",
        "000000041",
    )
    assert (result.date_created, result.date_due) == (date(2026, 3, 4), date(2026, 3, 14))
    assert (result.term_name, result.state, result.currency) == ("N30", "Pending", "USD")
    assert [(line.item_id, line.quantity, line.unit, line.price) for line in result.lines] == [
        ("TEE01", Decimal("2"), "Each", Decimal("30.00")),
        ("KIT", Decimal("1"), "Each", Decimal("50.00")),
    ]
    assert mapped.control_id.startswith("cm-po-MTI_.")
    assert mapped.control_id == purchase_order_to_po(po(), config, vendor_id="B-3").control_id


def test_unmapped_sku_under_error_policy_names_the_item() -> None:
    config = make_config(purchase_orders={"default_item": "error", "item_ids": {"TEE-RED-M": "T"}})
    with pytest.raises(MappingError) as caught:
        purchase_order_to_po(po(), config, vendor_id="B-3")
    assert caught.value.field == "items[1].sku"


def test_fixed_default_item_id_is_used_for_unmapped_skus() -> None:
    config = make_config(purchase_orders={"default_item": "fixed", "default_item_id": "MISC"})
    lines = purchase_order_to_po(po(), config, vendor_id="B-3").purchase_order.lines
    assert [line.item_id for line in lines] == ["MISC", "MISC"]


def test_foreign_currency_purchase_order_needs_a_rate_type(config) -> None:
    data = load("purchase_order.json")
    data["quote"]["prices"]["grand_total"]["currency"] = "EUR"
    foreign = PurchaseOrder.from_graphql(data)
    with pytest.raises(MappingError) as caught:
        purchase_order_to_po(foreign, config, vendor_id="B-3")
    assert caught.value.field == "currency"
    rated = make_config(company={"exchange_rate_type": "Intacct Daily Rate"})
    result = purchase_order_to_po(foreign, rated, vendor_id="B-3").purchase_order
    assert (result.currency, result.exchange_rate_type) == ("EUR", "Intacct Daily Rate")


def test_purchase_order_without_items_is_a_mapping_error(config) -> None:
    data = load("purchase_order.json")
    data["quote"]["items"] = []
    with pytest.raises(MappingError) as caught:
        purchase_order_to_po(PurchaseOrder.from_graphql(data), config, vendor_id="B-3")
    assert caught.value.field == "items"


def test_negative_quantity_is_a_mapping_error(config) -> None:
    data = load("purchase_order.json")
    data["quote"]["items"][0]["quantity"] = -2
    with pytest.raises(MappingError) as caught:
        purchase_order_to_po(PurchaseOrder.from_graphql(data), config, vendor_id="B-3")
    assert caught.value.field == "items[0].quantity"
