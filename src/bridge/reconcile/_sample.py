"""A small, realistic sample month: Commerce models mapped as the sync maps them, Intacct records
read back, and one or more documents of every discrepancy class. For the example, the docs
screenshot and the demo; deterministic (no clock, no randomness).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import attrs

from bridge._mapping_config import MappingConfig
from bridge.mapping import credit_memo_to_ap_adjustments, order_to_ap_bill
from bridge.reconcile._convert import from_ap_adjustment, from_ap_bill, from_credit_memo, from_order
from bridge.reconcile._model import CommerceDocument, IntacctDocument, Period, StoreStatus
from bridge.reconcile._sources import (
    InMemoryCommerceReader,
    InMemoryIntacctReader,
    InMemoryStoreLookup,
)
from commerce_sdk.models import CreditMemo, Order
from intacct_sdk.models import APBill, APBillLine

__all__ = ["SampleMonth", "sample_config", "sample_month"]

_SKUS = (("MUG", "Mug", "12.50"), ("CAP", "Cap", "19.99"), ("TEE", "Tee", "24.00"),
         ("BAG", "Tote bag", "35.00"), ("PEN", "Pen set", "8.75"))  # fmt: skip


def sample_config() -> MappingConfig:
    """The configuration the sample month is mapped with."""
    return MappingConfig.from_dict({
        "accounts": {"products": "4000", "shipping": "4100", "tax": "2200", "discount": "4900",
                     "adjustment_positive": "4950", "adjustment_negative": "4960"},
        "company": {"timezone": "UTC", "base_currency": "USD",
                    "exchange_rate_type": "Intacct Daily Rate"},
        "bills": {"number_prefix": "CM-", "adjustment_number_prefix": "CMR-"},
    })  # fmt: skip


def _order(n: int, year: int, month: int) -> dict[str, Any]:
    day = 1 + (n * 11) % 28
    currency = "EUR" if n % 5 == 0 else "USD"
    items = []
    subtotal = Decimal(0)
    for k in range(1 + n % 3):
        sku, name, price = _SKUS[(n + k) % len(_SKUS)]
        qty = 1 + (n + k) % 4
        row = Decimal(price) * qty
        subtotal += row
        items.append({"item_id": n * 10 + k, "sku": sku, "name": name, "product_type": "simple",
                      "qty_ordered": qty, "price": price, "row_total": str(row)})  # fmt: skip
    shipping = Decimal("0") if subtotal > 100 else Decimal("5.00")
    discount = Decimal("-5.00") if n % 4 == 0 else Decimal("0")
    tax = ((subtotal + discount) * Decimal("0.08")).quantize(Decimal("0.01"))
    return {
        "entity_id": 100 + n, "increment_id": f"{n:09d}", "state": "complete",
        "customer_id": 1 + n % 8, "customer_email": f"buyer{1 + n % 8}@example.com",
        "created_at": f"{year}-{month:02d}-{day:02d} {8 + n % 12:02d}:15:00",
        "order_currency_code": currency, "base_currency_code": currency,
        "base_to_order_rate": 1, "grand_total": str(subtotal + shipping + tax + discount),
        "subtotal": str(subtotal), "tax_amount": str(tax), "shipping_amount": str(shipping),
        "discount_amount": str(discount), "shipping_description": "Flat rate", "items": items,
    }  # fmt: skip


def _memo(order: Order, entity: int, *, fee: str = "0") -> CreditMemo:
    item = order.items[0]
    tax = (item.row_total * Decimal("0.08")).quantize(Decimal("0.01"))
    total = item.row_total + tax - Decimal(fee)
    created = (order.created_at or _never()) + timedelta(days=2)
    return CreditMemo.from_api({
        "entity_id": entity, "increment_id": f"{entity:09d}", "order_id": order.entity_id,
        "created_at": created.strftime("%Y-%m-%d %H:%M:%S"),
        "order_currency_code": order.order_currency_code, "grand_total": str(total),
        "subtotal": str(item.row_total), "tax_amount": str(tax), "shipping_amount": "0",
        "discount_amount": "0", "adjustment_positive": "0", "adjustment_negative": fee,
        "items": [{"entity_id": entity * 10, "order_item_id": item.item_id, "sku": item.sku,
                   "qty": str(item.qty_ordered), "price": str(item.price),
                   "row_total": str(item.row_total)}],
    })  # fmt: skip


def _never() -> Any:
    raise AssertionError("sample orders always have created_at")


@attrs.frozen(kw_only=True)
class SampleMonth:
    """Readers and a store lookup over the sample; `config` maps it, `period` covers it."""

    period: Period
    config: MappingConfig
    commerce: InMemoryCommerceReader
    intacct: InMemoryIntacctReader
    store: InMemoryStoreLookup


def sample_month(year: int = 2026, month: int = 3, *, orders: int = 60) -> SampleMonth:
    """About `orders` orders and a few credit memos, with every class of discrepancy.

    Planted: order 7 with 2.50 more shipping in Intacct; 12 missing (the store says synced);
    15 and 33 failed in the store (a vendor on hold, a closed period); 20 on another vendor;
    25 posted twice; a bill `CM-MANUAL-0001` keyed in by hand; a memo split in two adjustments.
    """
    config = sample_config()
    commerce: list[CommerceDocument] = []
    intacct: list[IntacctDocument] = []
    statuses: dict[tuple[str, str], StoreStatus] = {}
    record_no = 5000
    for n in range(1, orders + 1):
        order = Order.from_api(_order(n, year, month))
        vendor = f"C-{order.customer_id}"
        commerce.append(from_order(order, config, vendor_id=vendor))
        bill = order_to_ap_bill(order, config, vendor_id=vendor).bill
        record_no += 1
        bill = attrs.evolve(bill, record_no=str(record_no), state="Posted")
        if n == 7:
            bill = _more_shipping(bill, Decimal("2.50"))
        if n == 20:
            bill = attrs.evolve(bill, vendor_id="C-99")
        if n == 15:
            statuses[("orders", str(order.entity_id))] = StoreStatus(
                state="failed", last_error="BL03000018: vendor C-8 is on hold"
            )
        if n == 33:
            statuses[("orders", str(order.entity_id))] = StoreStatus(
                state="failed", last_error="BL01001973: the period is closed for March"
            )
        if n == 12:
            statuses[("orders", str(order.entity_id))] = StoreStatus(state="synced")
        if n in (12, 15, 33):
            continue
        intacct.append(from_ap_bill(bill, config))
        if n == 25:
            intacct.append(from_ap_bill(attrs.evolve(bill, record_no=str(record_no + 900)), config))
        if n in (3, 9, 16):
            memo = _memo(order, 900 + n, fee="4.00" if n == 16 else "0")
            commerce.extend(from_credit_memo(memo, order, config, vendor_id=vendor))
            mapped = credit_memo_to_ap_adjustments(
                memo, order, config, vendor_id=vendor, bill_number=str(bill.record_id)
            )
            for part in mapped.adjustments:
                record_no += 1
                adjustment = attrs.evolve(part.adjustment, record_no=str(record_no))
                intacct.append(from_ap_adjustment(adjustment, config))
    manual = APBill(
        vendor_id="C-3", when_created=date(year, month, 14), record_id="CM-MANUAL-0001",
        record_no="7777", currency="USD",
        lines=[APBillLine(account_no="6100", trx_amount=Decimal("410.00"))],
    )  # fmt: skip
    intacct.append(from_ap_bill(manual, config))
    return SampleMonth(
        period=Period.month(year, month),
        config=config,
        commerce=InMemoryCommerceReader(commerce),
        intacct=InMemoryIntacctReader(intacct),
        store=InMemoryStoreLookup(statuses),
    )


def _more_shipping(bill: APBill, extra: Decimal) -> APBill:
    lines = list(bill.lines)
    for index, line in enumerate(lines):
        if line.account_no == "4100":
            lines[index] = attrs.evolve(line, trx_amount=line.trx_amount + extra)
            return attrs.evolve(bill, lines=lines)
    lines.append(APBillLine(account_no="4100", trx_amount=extra, entry_description="Shipping"))
    return attrs.evolve(bill, lines=lines)
