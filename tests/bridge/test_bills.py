from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from bridge import MappingError
from bridge.mapping import invoice_to_ap_bill, order_to_ap_bill
from commerce_sdk.models import Invoice, Order

from .conftest import load, make_config


def order(name: str, **changes) -> Order:
    data = load(name)
    data.update(changes)
    return Order.from_api(data)


def amounts(mapped) -> list[tuple[str, Decimal]]:
    return [(line.account_no, line.trx_amount) for line in mapped.bill.lines]


def test_guest_order_becomes_item_shipping_and_tax_lines_summing_to_grand_total(config) -> None:
    mapped = order_to_ap_bill(order("order_guest.json"), config, vendor_id="G-1")
    assert amounts(mapped) == [
        ("4000", Decimal("25.00")),
        ("4000", Decimal("19.99")),
        ("4100", Decimal("5.00")),
        ("2200", Decimal("3.71")),
    ]
    assert mapped.bill.total == Decimal("53.70")
    assert mapped.source == "order"
    assert mapped.warnings == ()


def test_bill_header_lets_a_person_find_the_order(config) -> None:
    bill = order_to_ap_bill(order("order_b2b_eur.json"), config, vendor_id="B-3").bill
    assert bill.record_id == "000000041"
    assert bill.doc_number == "000000041"
    assert bill.description is not None
    for text in (
        "000000041",
        "store 2",
        "Northwind",
        "Ana Ruiz",
        "buyer@northwind.example",
        "PO-7781",
    ):
        assert text in bill.description
    assert bill.lines[0].entry_description == "TEE-RED-M Tee x 2"


def test_when_created_is_the_date_in_the_company_timezone() -> None:
    # 2026-03-01 04:30 UTC is still 28 February in Chicago (UTC-6 before DST).
    config = make_config(company={"timezone": "America/Chicago"}, bills={"due_days": 15})
    bill = order_to_ap_bill(order("order_guest.json"), config, vendor_id="G-1").bill
    assert bill.when_created == date(2026, 2, 28)
    assert bill.when_due == date(2026, 3, 15)


def test_b2b_foreign_currency_order_carries_the_rate_from_the_order(config) -> None:
    bill = order_to_ap_bill(order("order_b2b_eur.json"), config, vendor_id="B-3").bill
    assert (bill.currency, bill.base_currency) == ("EUR", "USD")
    # Commerce: order = base * 0.9187; Intacct converts the transaction into base currency.
    assert bill.exchange_rate == Decimal("1.0884946120")
    assert bill.exchange_rate_type_id is None
    assert bill.exchange_rate_date == date(2026, 3, 1)


def test_foreign_currency_uses_the_rate_type_when_the_order_rate_is_not_wanted() -> None:
    config = make_config(
        company={"use_order_rate": False, "exchange_rate_type": "Intacct Daily Rate"}
    )
    bill = order_to_ap_bill(order("order_b2b_eur.json"), config, vendor_id="B-3").bill
    assert bill.exchange_rate is None
    assert bill.exchange_rate_type_id == "Intacct Daily Rate"


def test_same_currency_as_the_base_sends_neither_rate_nor_type(config) -> None:
    bill = order_to_ap_bill(order("order_guest.json"), config, vendor_id="G-1").bill
    assert (bill.currency, bill.exchange_rate, bill.exchange_rate_type_id) == ("USD", None, None)


def test_unknown_currency_without_a_rate_is_a_mapping_error(config) -> None:
    data = order("order_b2b_eur.json", base_currency_code="GBP")
    with pytest.raises(MappingError) as caught:
        order_to_ap_bill(data, config, vendor_id="B-3")
    assert caught.value.field == "order_currency_code"
    assert "EUR" in caught.value.message
    assert caught.value.document == "order 000000041 (id 41)"


def test_configurable_and_bundle_pairs_are_counted_once(config) -> None:
    mapped = order_to_ap_bill(order("order_b2b_eur.json"), config, vendor_id="B-3")
    products = [line for line in mapped.bill.lines if line.account_no == "4000"]
    assert [line.entry_description for line in products] == [
        "TEE-RED-M Tee x 2",
        "KIT-A Kit part A x 1",
        "KIT-B Kit part B x 1",
    ]


def test_order_discount_is_one_negative_line_on_the_discount_account(config) -> None:
    mapped = order_to_ap_bill(order("order_b2b_eur.json"), config, vendor_id="B-3")
    discount = [line for line in mapped.bill.lines if line.account_no == "4900"]
    assert [line.trx_amount for line in discount] == [Decimal("-10.00")]
    assert discount[0].entry_description == "Discount SPRING10"
    assert mapped.bill.total == Decimal("129.00")


def test_free_shipping_makes_no_shipping_line(config) -> None:
    mapped = order_to_ap_bill(order("order_free_shipping.json"), config, vendor_id="C-9")
    assert amounts(mapped) == [("4000", Decimal("50.00")), ("4900", Decimal("-5.00"))]


def test_tax_inclusive_prices_post_net_amounts_and_the_remainder_on_the_largest_product_line(
    config,
) -> None:
    mapped = order_to_ap_bill(order("order_tax_inclusive.json"), config, vendor_id="C-12")
    # Three 8.3950 lines round to 8.40 each; the discount is posted net of its tax
    # (-3.00 + 0.48 compensation); the 0.02 rounding remainder lands on the first largest line.
    assert amounts(mapped) == [
        ("4000", Decimal("8.38")),
        ("4000", Decimal("8.40")),
        ("4000", Decimal("8.40")),
        ("2200", Decimal("4.31")),
        ("4900", Decimal("-2.52")),
    ]
    assert mapped.bill.total == Decimal("26.97")


def test_a_difference_beyond_one_cent_per_line_stops_the_record(config) -> None:
    # e.g. a gift card reduced the grand total: not rounding, so not ours to hide.
    with pytest.raises(MappingError) as caught:
        order_to_ap_bill(order("order_guest.json", grand_total=43.7), config, vendor_id="G-1")
    assert caught.value.field == "grand_total"
    assert "-10.00" in caught.value.message


def test_sku_override_then_attribute_rule_then_products_account() -> None:
    config = make_config(
        accounts={
            "by_sku": {"KIT-A": "4010"},
            "by_attribute": [{"attribute": "product_type", "value": "virtual", "account": "4050"}],
        }
    )
    mapped = order_to_ap_bill(order("order_b2b_eur.json"), config, vendor_id="B-3")
    assert [line.account_no for line in mapped.bill.lines[:3]] == ["4000", "4010", "4050"]


def test_lines_carry_the_dimensions_of_the_orders_store() -> None:
    config = make_config(
        dimensions={
            "location_id": "HQ",
            "by_store": {"2": {"location_id": "EU", "department_id": "B2B"}},
        }
    )
    bill = order_to_ap_bill(order("order_b2b_eur.json"), config, vendor_id="B-3").bill
    assert {(line.location_id, line.department_id) for line in bill.lines} == {("EU", "B2B")}


def test_custom_fields_are_passed_through_from_the_order_payload() -> None:
    config = make_config(
        bills={"custom_fields": {"CHANNEL": "extension_attributes.channel", "NOPE": "x.y"}}
    )
    bill = order_to_ap_bill(order("order_guest.json"), config, vendor_id="G-1").bill
    assert dict(bill.custom_fields) == {"CHANNEL": "web"}


def test_bill_number_prefix_terms_and_action_come_from_config() -> None:
    config = make_config(bills={"number_prefix": "WEB-", "payment_terms": "N30", "action": "Draft"})
    bill = order_to_ap_bill(order("order_guest.json"), config, vendor_id="G-1").bill
    assert (bill.record_id, bill.term_name, bill.action) == ("WEB-000000051", "N30", "Draft")


def test_control_id_is_derived_from_the_order(config) -> None:
    first = order_to_ap_bill(order("order_guest.json"), config, vendor_id="G-1")
    again = order_to_ap_bill(order("order_guest.json"), config, vendor_id="G-1")
    assert first.control_id == again.control_id == "cm-order-51-bill"
    assert first == again


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"items": []}, "items"),
        ({"created_at": None}, "created_at"),
        ({"order_currency_code": None, "base_currency_code": None}, "order_currency_code"),
    ],
)
def test_unmappable_orders_name_the_field(config, changes, field) -> None:
    with pytest.raises(MappingError) as caught:
        order_to_ap_bill(order("order_guest.json", **changes), config, vendor_id="G-1")
    assert caught.value.field == field


def test_negative_quantity_is_a_mapping_error_naming_the_item(config) -> None:
    data = load("order_guest.json")
    data["items"][1]["qty_ordered"] = -1
    with pytest.raises(MappingError) as caught:
        order_to_ap_bill(Order.from_api(data), config, vendor_id="G-1")
    assert caught.value.field == "items[1].qty_ordered"


def test_missing_account_is_a_mapping_error_naming_the_field_and_option() -> None:
    config = make_config()
    config = type(config).from_dict({**config.to_dict(), "accounts": {"products": "4000"}})
    with pytest.raises(MappingError) as caught:
        order_to_ap_bill(order("order_guest.json"), config, vendor_id="G-1")
    assert caught.value.field == "shipping_amount"
    assert "accounts.shipping" in caught.value.message


def test_too_long_vendor_id_is_an_error_not_a_silent_cut(config) -> None:
    with pytest.raises(MappingError) as caught:
        order_to_ap_bill(order("order_guest.json"), config, vendor_id="V" * 21)
    assert caught.value.field == "vendor_id"


def test_long_text_is_clipped_with_a_recorded_warning() -> None:
    config = make_config(text_limits={"description": 30, "line_memo": 8})
    mapped = order_to_ap_bill(order("order_guest.json"), config, vendor_id="G-1")
    assert mapped.bill.description is not None
    assert len(mapped.bill.description) == 30
    warning = next(w for w in mapped.warnings if w.field == "description")
    assert warning.clipped_length == 30
    assert warning.original_length is not None
    assert warning.original_length > 30
    assert warning.document == "order 000000051 (id 51)"
    assert {w.field for w in mapped.warnings} >= {"items[0].memo", "shipping_amount.memo"}


def test_partial_invoice_bills_only_what_was_invoiced(config) -> None:
    invoice = Invoice.from_api(load("invoice_partial.json"))
    mapped = invoice_to_ap_bill(invoice, order("order_b2b_eur.json"), config, vendor_id="B-3")
    assert amounts(mapped) == [
        ("4000", Decimal("30.00")),
        ("4000", Decimal("20.00")),
        ("4100", Decimal("10.00")),
        ("2200", Decimal("9.50")),
        ("4900", Decimal("-3.00")),
    ]
    assert mapped.bill.total == Decimal("66.50")
    assert mapped.bill.record_id == "000000071"
    assert mapped.bill.doc_number == "000000041"
    assert mapped.bill.when_created == date(2026, 3, 3)
    assert mapped.bill.exchange_rate == Decimal("1.0884946120")
    assert mapped.control_id == "cm-invoice-71-bill"
    assert mapped.source == "invoice"


def test_invoice_of_another_order_is_refused(config) -> None:
    invoice = Invoice.from_api(load("invoice_partial.json"))
    with pytest.raises(MappingError) as caught:
        invoice_to_ap_bill(invoice, order("order_guest.json"), config, vendor_id="G-1")
    assert caught.value.field == "order_id"


def test_invoice_item_linking_to_no_order_item_is_refused(config) -> None:
    data = load("invoice_partial.json")
    data["items"][0]["order_item_id"] = 999
    with pytest.raises(MappingError) as caught:
        invoice_to_ap_bill(
            Invoice.from_api(data), order("order_b2b_eur.json"), config, vendor_id="B-3"
        )
    assert caught.value.field == "items[0].order_item_id"
