"""Property tests: money always adds up, adjustments are one sign each, mapping is deterministic."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from bridge.mapping import credit_memo_to_ap_adjustments, order_to_ap_bill
from commerce_sdk.models import CreditMemo, CreditMemoItem, Order, OrderItem

from .conftest import make_config

CONFIG = make_config()
CENT = Decimal("0.01")
WHEN = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


# Commerce keeps 4 decimals on item prices and row totals (tax-inclusive catalogs produce them).
money4 = st.decimals(min_value=0, max_value=5000, places=4, allow_nan=False, allow_infinity=False)
money2 = st.decimals(min_value=0, max_value=500, places=2, allow_nan=False, allow_infinity=False)
qty = st.integers(min_value=1, max_value=20).map(Decimal)


@st.composite
def orders(draw: st.DrawFn) -> Order:
    items: list[OrderItem] = []
    next_id = 1
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        shape = draw(st.sampled_from(["simple", "configurable", "bundle"]))
        amount, quantity = draw(money4), draw(qty)
        parent = next_id
        if shape == "simple":
            items.append(
                OrderItem(
                    item_id=parent,
                    sku=f"S{parent}",
                    qty_ordered=quantity,
                    price=amount,
                    row_total=amount,
                )
            )
        elif shape == "configurable":
            items.append(
                OrderItem(
                    item_id=parent,
                    sku=f"C{parent}",
                    qty_ordered=quantity,
                    price=amount or Decimal(1),
                    row_total=amount or Decimal(1),
                )
            )
            items.append(
                OrderItem(
                    item_id=parent + 1,
                    sku=f"C{parent}",
                    parent_item_id=parent,
                    qty_ordered=quantity,
                )
            )
        else:
            items.append(OrderItem(item_id=parent, sku=f"B{parent}", qty_ordered=Decimal(1)))
            for child in range(draw(st.integers(min_value=1, max_value=3))):
                value = draw(money4)
                items.append(
                    OrderItem(
                        item_id=parent + 1 + child,
                        sku=f"B{parent}-{child}",
                        parent_item_id=parent,
                        qty_ordered=quantity,
                        price=value,
                        row_total=value,
                    )
                )
        next_id += 10
    order = Order(
        entity_id=1, increment_id="1", created_at=WHEN, order_currency_code="USD", items=items
    )
    subtotal = sum((i.row_total for i in order.money_items), Decimal(0))
    shipping, tax = draw(money2), draw(money2)
    discount = -draw(st.decimals(min_value=0, max_value=subtotal, places=2))
    grand_total = cents(subtotal + shipping + tax + discount)
    entity = draw(st.integers(min_value=1, max_value=10**9))
    return Order(
        entity_id=entity,
        increment_id=str(entity).zfill(9),
        state="processing",
        created_at=WHEN,
        order_currency_code="USD",
        base_currency_code="USD",
        items=items,
        subtotal=subtotal,
        shipping_amount=shipping,
        tax_amount=tax,
        discount_amount=discount,
        grand_total=grand_total,
    )


@settings(max_examples=150, deadline=None)
@given(orders())
def test_any_valid_order_maps_to_a_bill_whose_lines_sum_to_its_grand_total(order: Order) -> None:
    mapped = order_to_ap_bill(order, CONFIG, vendor_id="V-1")
    assert mapped.bill.total == cents(order.grand_total)
    assert all(line.trx_amount == cents(line.trx_amount) for line in mapped.bill.lines)
    assert mapped.bill.lines


@settings(max_examples=50, deadline=None)
@given(orders())
def test_mapping_an_order_is_deterministic(order: Order) -> None:
    assert order_to_ap_bill(order, CONFIG, vendor_id="V-1") == order_to_ap_bill(
        order, CONFIG, vendor_id="V-1"
    )


BASE_ORDER = Order(
    entity_id=7,
    increment_id="7",
    created_at=WHEN,
    order_currency_code="USD",
    items=[
        OrderItem(
            item_id=i, sku=f"S{i}", qty_ordered=Decimal(5), price=Decimal(1), row_total=Decimal(1)
        )
        for i in range(1, 5)
    ],
)


@st.composite
def credit_memos(draw: st.DrawFn) -> CreditMemo:
    items = [
        CreditMemoItem(
            entity_id=i,
            order_item_id=i,
            sku=f"S{i}",
            qty=Decimal(draw(st.integers(0, 3))),
            row_total=draw(money4),
        )
        for i in range(1, draw(st.integers(min_value=0, max_value=4)) + 1)
    ]
    subtotal = sum((i.row_total for i in items if i.qty > 0), Decimal(0))
    shipping, tax, positive, negative = draw(money2), draw(money2), draw(money2), draw(money2)
    discount = -draw(money2)
    grand_total = cents(subtotal + shipping + tax + discount + positive - negative)
    return CreditMemo(
        entity_id=draw(st.integers(min_value=1, max_value=10**6)),
        increment_id="CM1",
        order_id=7,
        created_at=WHEN,
        order_currency_code="USD",
        items=items,
        subtotal=subtotal,
        shipping_amount=shipping,
        tax_amount=tax,
        discount_amount=discount,
        adjustment_positive=positive,
        adjustment_negative=negative,
        grand_total=grand_total,
    )


def _refunds_something(memo: CreditMemo) -> bool:
    parts = [i.row_total for i in memo.items if i.qty > 0]
    parts += [memo.shipping_amount, memo.tax_amount, memo.discount_amount]
    parts += [memo.adjustment_positive, memo.adjustment_negative]
    return any(cents(p) != 0 for p in parts)


@settings(max_examples=200, deadline=None)
@given(credit_memos(), st.sampled_from(["negative", "positive"]))
def test_any_credit_memo_nets_to_its_grand_total_with_one_sign_per_adjustment(
    memo: CreditMemo, refund_sign: str
) -> None:
    if not _refunds_something(memo):
        return
    config = make_config(bills={"refund_sign": refund_sign})
    mapped = credit_memo_to_ap_adjustments(memo, BASE_ORDER, config, vendor_id="V", bill_number="B")
    sign = Decimal(-1) if refund_sign == "negative" else Decimal(1)
    assert 1 <= len(mapped.adjustments) <= 2
    net = sum((m.adjustment.total for m in mapped.adjustments), Decimal(0))
    assert net * sign == cents(memo.grand_total)
    for m in mapped.adjustments:
        amounts = [line.amount for line in m.adjustment.lines]
        assert amounts
        assert all(a > 0 for a in amounts) or all(a < 0 for a in amounts)
    assert len({m.control_id for m in mapped.adjustments}) == len(mapped.adjustments)
    again = credit_memo_to_ap_adjustments(memo, BASE_ORDER, config, vendor_id="V", bill_number="B")
    assert again == mapped
