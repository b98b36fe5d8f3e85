from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from bridge import MappingError
from bridge.mapping import credit_memo_to_ap_adjustments
from commerce_sdk.models import CreditMemo, Order

from .conftest import load, make_config


def memo(name: str, **changes) -> CreditMemo:
    data = load(name)
    data.update(changes)
    return CreditMemo.from_api(data)


ORDER = Order.from_api(load("order_b2b_eur.json"))


def lines(adjustment) -> list[tuple[str, Decimal]]:
    return [(line.gl_account_no, line.amount) for line in adjustment.lines]


def test_simple_refund_is_one_adjustment_with_negative_lines_by_default(config) -> None:
    mapped = credit_memo_to_ap_adjustments(
        memo("creditmemo_simple.json"), ORDER, config, vendor_id="B-3", bill_number="000000041"
    )
    (only,) = mapped.adjustments
    assert lines(only.adjustment) == [
        ("4000", Decimal("-20.00")),
        ("4100", Decimal("-10.00")),
        ("2200", Decimal("-3.80")),
    ]
    assert only.adjustment.bill_no == "000000041"
    assert only.adjustment.adjustment_no == "000000082"
    assert only.adjustment.date_created == date(2026, 3, 11)
    assert only.adjustment.exchange_rate == Decimal("1.0884946120")
    assert only.control_id == "cm-creditmemo-82-adj-1"


def test_partial_refund_with_fee_splits_into_two_one_sign_adjustments_netting_to_grand_total(
    config,
) -> None:
    mapped = credit_memo_to_ap_adjustments(
        memo("creditmemo_partial_fee.json"), ORDER, config, vendor_id="B-3", bill_number="BILL-41"
    )
    refund, charges = (m.adjustment for m in mapped.adjustments)
    # Refunded item (qty 1; the qty-0 line and the configurable's child make no line), tax and
    # the extra refund on one side; the discount reversed and the fee kept back on the other.
    assert lines(refund) == [
        ("4000", Decimal("-30.00")),
        ("2200", Decimal("-5.70")),
        ("4950", Decimal("-2.00")),
    ]
    assert lines(charges) == [("4900", Decimal("3.00")), ("4960", Decimal("5.00"))]
    assert refund.total + charges.total == Decimal("-29.70")
    assert (refund.bill_no, charges.bill_no) == ("BILL-41", "BILL-41")
    assert (refund.adjustment_no, charges.adjustment_no) == ("000000081", "000000081-2")
    assert [m.control_id for m in mapped.adjustments] == [
        "cm-creditmemo-81-adj-1",
        "cm-creditmemo-81-adj-2",
    ]


def test_positive_refund_sign_flips_every_line() -> None:
    config = make_config(bills={"refund_sign": "positive"})
    mapped = credit_memo_to_ap_adjustments(
        memo("creditmemo_partial_fee.json"), ORDER, config, vendor_id="B-3", bill_number="B"
    )
    assert [m.adjustment.total for m in mapped.adjustments] == [
        Decimal("37.70"),
        Decimal("-8.00"),
    ]


def test_adjustment_number_prefix_applies_to_both_adjustments() -> None:
    config = make_config(bills={"adjustment_number_prefix": "CM-"})
    mapped = credit_memo_to_ap_adjustments(
        memo("creditmemo_partial_fee.json"), ORDER, config, vendor_id="B-3", bill_number="B"
    )
    assert [m.adjustment.adjustment_no for m in mapped.adjustments] == [
        "CM-000000081",
        "CM-000000081-2",
    ]


def test_missing_fee_account_names_the_field() -> None:
    data = make_config().to_dict()
    del data["accounts"]["adjustment_negative"]
    config = type(make_config()).from_dict(data)
    with pytest.raises(MappingError) as caught:
        credit_memo_to_ap_adjustments(
            memo("creditmemo_partial_fee.json"), ORDER, config, vendor_id="B-3", bill_number="B"
        )
    assert caught.value.field == "adjustment_negative"
    assert caught.value.document == "credit memo 000000081 (id 81)"


def test_a_memo_that_refunds_nothing_is_a_mapping_error(config) -> None:
    empty = memo(
        "creditmemo_simple.json",
        items=[],
        grand_total=0,
        subtotal=0,
        tax_amount=0,
        shipping_amount=0,
    )
    with pytest.raises(MappingError, match="refunds nothing"):
        credit_memo_to_ap_adjustments(empty, ORDER, config, vendor_id="B-3", bill_number="B")


def test_negative_refund_quantity_is_a_mapping_error(config) -> None:
    data = load("creditmemo_simple.json")
    data["items"][0]["qty"] = -1
    with pytest.raises(MappingError) as caught:
        credit_memo_to_ap_adjustments(
            CreditMemo.from_api(data), ORDER, config, vendor_id="B-3", bill_number="B"
        )
    assert caught.value.field == "items[0].qty"


def test_totals_that_do_not_add_up_stop_the_record(config) -> None:
    with pytest.raises(MappingError) as caught:
        credit_memo_to_ap_adjustments(
            memo("creditmemo_simple.json", grand_total=40),
            ORDER,
            config,
            vendor_id="B",
            bill_number="B",
        )
    assert caught.value.field == "grand_total"


def test_memo_of_another_order_is_refused(config) -> None:
    with pytest.raises(MappingError) as caught:
        credit_memo_to_ap_adjustments(
            memo("creditmemo_simple.json", order_id=99),
            ORDER,
            config,
            vendor_id="B",
            bill_number="B",
        )
    assert caught.value.field == "order_id"


def test_rounding_remainder_lands_on_the_largest_refunded_item_not_on_the_fee(config) -> None:
    data = load("creditmemo_partial_fee.json")
    # Two 4-decimal refund lines rounding up by 0.005 each: 0.01 of rounding to absorb.
    data["items"] = [
        {"order_item_id": 201, "sku": "TEE-RED-M", "qty": 1, "row_total": "15.0050"},
        {"order_item_id": 204, "sku": "KIT-A", "qty": 1, "row_total": "14.9950"},
    ]
    mapped = credit_memo_to_ap_adjustments(
        CreditMemo.from_api(data), ORDER, config, vendor_id="B-3", bill_number="B"
    )
    refund, charges = (m.adjustment for m in mapped.adjustments)
    assert [line.amount for line in refund.lines][:2] == [Decimal("-15.00"), Decimal("-15.00")]
    assert lines(charges) == [("4900", Decimal("3.00")), ("4960", Decimal("5.00"))]
    assert refund.total + charges.total == Decimal("-29.70")


def test_an_empty_vendor_id_is_a_mapping_error(config) -> None:
    with pytest.raises(MappingError) as caught:
        credit_memo_to_ap_adjustments(
            memo("creditmemo_simple.json"),
            ORDER,
            config,
            vendor_id=None,  # type: ignore[arg-type]
            bill_number="B",
        )
    assert caught.value.field == "vendor_id"
