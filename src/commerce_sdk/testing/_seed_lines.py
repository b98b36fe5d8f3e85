"""Order lines for the demo data: simple, configurable and bundle items, and the invoice and
credit-memo items derived from them (research/commerce.md section 4).

A configurable product is a parent line (`product_type: configurable`, the child's SKU, carrying
the price) plus a child line (`simple`, `parent_item_id`, price 0, with a nested `parent_item`).
A dynamically priced bundle is a parent at price 0 plus children carrying the prices. Item
`discount_amount` is positive; tax is charged on the discounted row.
"""

from __future__ import annotations

import random
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import attrs

from commerce_sdk.testing import _seed_data as data

__all__ = ["Line", "build_lines", "invoice_items", "refund_items"]

CENT = Decimal("0.01")


def q(value: Decimal) -> Decimal:
    """Round to cents, half up."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def num(value: Decimal) -> float:
    """A JSON number for money."""
    return float(q(value))


@attrs.define(kw_only=True)
class Line:
    """One order item and its money (zero for lines that carry none)."""

    item: dict[str, Any]
    qty: int
    price: Decimal = Decimal(0)
    row_total: Decimal = Decimal(0)
    discount: Decimal = Decimal(0)
    tax: Decimal = Decimal(0)

    @property
    def carries_money(self) -> bool:
        """Whether this line holds a price (configurable parents, simples, bundle children)."""
        return self.row_total != 0


class _Items:
    def __init__(self, order_id: int, rate: Decimal, tax_rate: Decimal, discount: Decimal) -> None:
        self.order_id = order_id
        self.rate = rate
        self.tax_rate = tax_rate
        self.discount = discount
        self.lines: list[Line] = []

    def add(
        self,
        sku: str,
        name: str,
        product_type: str,
        qty: int,
        base_price: Decimal,
        parent: Line | None = None,
    ) -> Line:
        item_id = self.order_id * 100 + len(self.lines) + 1
        price = q(base_price * self.rate)
        row = q(price * qty)
        discount = q(row * self.discount)
        tax = q((row - discount) * self.tax_rate)
        item: dict[str, Any] = {
            "item_id": item_id,
            "order_id": self.order_id,
            "sku": sku,
            "name": name,
            "product_type": product_type,
            "product_id": 1000 + sum(map(ord, sku)) % 900,
            "qty_ordered": qty,
            "qty_invoiced": 0,
            "qty_refunded": 0,
            "qty_canceled": 0,
            "price": num(price),
            "base_price": num(base_price) if price else 0,
            "original_price": num(price),
            "price_incl_tax": num(price * (1 + self.tax_rate)),
            "row_total": num(row),
            "base_row_total": num(base_price * qty) if row else 0,
            "row_total_incl_tax": num(row + tax),
            "tax_amount": num(tax),
            "tax_percent": float(self.tax_rate * 100),
            "discount_amount": num(discount),
            "discount_percent": float(self.discount * 100),
            "is_virtual": 0,
            "store_id": 1,
        }
        if parent is not None:
            item["parent_item_id"] = parent.item["item_id"]
            item["parent_item"] = {k: v for k, v in parent.item.items() if k != "parent_item"}
        line = Line(item=item, qty=qty, price=price, row_total=row, discount=discount, tax=tax)
        self.lines.append(line)
        return line


def build_lines(
    rng: random.Random, order_id: int, rate: Decimal, tax_rate: Decimal, discount: Decimal
) -> list[Line]:
    """One to four products as order items (parents before their children)."""
    items = _Items(order_id, rate, tax_rate, discount)
    for _ in range(rng.randrange(1, 5)):
        kind = rng.choices(("simple", "configurable", "bundle"), weights=(5, 3, 2))[0]
        qty = rng.randrange(1, 6)
        if kind == "simple":
            sku, name, price = rng.choice(data.SIMPLES)
            items.add(sku, name, "simple", qty, price)
        elif kind == "configurable":
            parent_name, variants = rng.choice(data.CONFIGURABLES)
            sku, name, price = rng.choice(variants)
            parent = items.add(sku, parent_name, "configurable", qty, price)
            items.add(sku, name, "simple", qty, Decimal(0), parent)
        else:
            sku, name, parts = rng.choice(data.BUNDLES)
            parent = items.add(sku, name, "bundle", qty, Decimal(0))
            for part_sku, part_name, price in parts:
                items.add(part_sku, part_name, "simple", qty, price, parent)
    return items.lines


def _doc_item(line: Line, entity_id: int, qty: int) -> dict[str, Any]:
    share = Decimal(qty) / Decimal(line.qty)
    row = q(line.price * qty)
    discount, tax = q(line.discount * share), q(line.tax * share)
    item = line.item
    return {
        "entity_id": entity_id,
        "order_item_id": item["item_id"],
        "sku": item["sku"],
        "name": item["name"],
        "product_id": item["product_id"],
        "qty": qty,
        "price": num(line.price),
        "base_price": item["base_price"],
        "price_incl_tax": item["price_incl_tax"],
        "row_total": num(row),
        "row_total_incl_tax": num(row + tax),
        "tax_amount": num(tax),
        "discount_amount": num(discount),
    }


def invoice_items(lines: list[Line], invoice_id: int) -> list[dict[str, Any]]:
    """Every order line invoiced in full (`parent_id` is the invoice)."""
    return [
        _doc_item(line, invoice_id * 100 + n, line.qty) | {"parent_id": invoice_id}
        for n, line in enumerate(lines, 1)
    ]


def refund_items(lines: list[Line], memo_id: int, refunded: dict[int, int]) -> list[dict[str, Any]]:
    """Credit memo items: `refunded` maps item_id -> qty; other lines come with qty 0."""
    out = []
    for n, line in enumerate(lines, 1):
        qty = refunded.get(line.item["item_id"], 0)
        item = _doc_item(line, memo_id * 100 + n, qty) | {"parent_id": memo_id}
        out.append(item)
    return out
