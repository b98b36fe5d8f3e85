"""Invoices and credit memos (`sales-data-invoice-interface`, `sales-data-creditmemo-interface`).

Totals carry Commerce's signs: `discount_amount` is negative on both documents
(research/commerce.md section 4).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any, Self

import attrs

from commerce_sdk.models._parse import (
    parse_datetime,
    parse_decimal,
    parse_int,
    parse_optional_decimal,
    parse_optional_int,
    parse_str,
    shape_checked,
    to_tuple,
)
from commerce_sdk.models._sales import _extra, _extra_of, _items, _money, _raw

__all__ = ["CreditMemo", "CreditMemoItem", "Invoice", "InvoiceItem"]


@attrs.frozen(kw_only=True)
class InvoiceItem:
    """One invoice line; `order_item_id` links it to the order line (`parent_id` is the invoice)."""

    entity_id: int | None
    order_item_id: int | None
    sku: str
    name: str | None = None
    qty: Decimal = Decimal("0")
    price: Decimal = Decimal("0")
    price_incl_tax: Decimal | None = None
    row_total: Decimal = Decimal("0")
    row_total_incl_tax: Decimal | None = None
    tax_amount: Decimal = Decimal("0")
    discount_amount: Decimal = Decimal("0")
    extra: Mapping[str, Any] = _extra()

    _KNOWN = frozenset(
        {
            "entity_id",
            "order_item_id",
            "sku",
            "name",
            "qty",
            "price",
            "price_incl_tax",
            "row_total",
            "row_total_incl_tax",
            "tax_amount",
            "discount_amount",
        }
    )

    @classmethod
    @shape_checked
    def from_api(cls, data: Mapping[str, Any], *, model: str = "InvoiceItem") -> Self:
        """Parse an invoice (or credit memo) item."""
        return cls(
            entity_id=parse_optional_int(data.get("entity_id"), field=f"{model}.entity_id"),
            order_item_id=parse_optional_int(
                data.get("order_item_id"), field=f"{model}.order_item_id"
            ),
            sku=str(data.get("sku") or ""),
            name=parse_str(data.get("name")),
            qty=parse_decimal(data.get("qty"), field=f"{model}.qty"),
            price=parse_decimal(data.get("price"), field=f"{model}.price"),
            price_incl_tax=parse_optional_decimal(
                data.get("price_incl_tax"), field=f"{model}.price_incl_tax"
            ),
            row_total=parse_decimal(data.get("row_total"), field=f"{model}.row_total"),
            row_total_incl_tax=parse_optional_decimal(
                data.get("row_total_incl_tax"), field=f"{model}.row_total_incl_tax"
            ),
            tax_amount=parse_decimal(data.get("tax_amount"), field=f"{model}.tax_amount"),
            discount_amount=parse_decimal(
                data.get("discount_amount"), field=f"{model}.discount_amount"
            ),
            extra=_extra_of(data, cls._KNOWN),
        )


@attrs.frozen(kw_only=True)
class CreditMemoItem(InvoiceItem):
    """One credit memo line (lines with qty 0 occur and carry no refund)."""


_DOC_KNOWN = frozenset(
    {
        "entity_id",
        "increment_id",
        "order_id",
        "state",
        "created_at",
        "updated_at",
        "order_currency_code",
        "base_currency_code",
        "base_to_order_rate",
        "grand_total",
        "base_grand_total",
        "subtotal",
        "tax_amount",
        "shipping_amount",
        "shipping_tax_amount",
        "shipping_incl_tax",
        "discount_amount",
        "items",
        "store_id",
    }
)


@attrs.frozen(kw_only=True)
class Invoice:
    """An invoice (`GET /V1/invoices/{id}`); `state` is 1 open, 2 paid, 3 canceled."""

    entity_id: int
    increment_id: str
    order_id: int
    state: int | None = None
    store_id: int | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    order_currency_code: str | None = None
    base_currency_code: str | None = None
    base_to_order_rate: Decimal | None = None
    grand_total: Decimal = Decimal("0")
    base_grand_total: Decimal = Decimal("0")
    subtotal: Decimal = Decimal("0")
    tax_amount: Decimal = Decimal("0")
    shipping_amount: Decimal = Decimal("0")
    shipping_tax_amount: Decimal = Decimal("0")
    shipping_incl_tax: Decimal | None = None
    discount_amount: Decimal = Decimal("0")
    items: tuple[InvoiceItem, ...] = attrs.field(default=(), converter=to_tuple)
    extra: Mapping[str, Any] = _extra()
    raw: Mapping[str, Any] = _raw()

    @classmethod
    @shape_checked
    def from_api(cls, data: Mapping[str, Any]) -> Self:
        """Parse an invoice."""
        return cls(**_document_fields(data, "Invoice", InvoiceItem), raw=data)


@attrs.frozen(kw_only=True)
class CreditMemo:
    """A credit memo (`GET /V1/creditmemo/{id}`).

    `grand_total = subtotal + shipping_amount + tax_amount + discount_amount
    + adjustment_positive - adjustment_negative`; `adjustment_positive` is an extra refund,
    `adjustment_negative` a fee kept back. `state` is 1 open, 2 refunded, 3 canceled.
    """

    entity_id: int
    increment_id: str
    order_id: int
    invoice_id: int | None = None
    state: int | None = None
    store_id: int | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    order_currency_code: str | None = None
    base_currency_code: str | None = None
    base_to_order_rate: Decimal | None = None
    grand_total: Decimal = Decimal("0")
    base_grand_total: Decimal = Decimal("0")
    subtotal: Decimal = Decimal("0")
    tax_amount: Decimal = Decimal("0")
    shipping_amount: Decimal = Decimal("0")
    shipping_tax_amount: Decimal = Decimal("0")
    shipping_incl_tax: Decimal | None = None
    discount_amount: Decimal = Decimal("0")
    adjustment_positive: Decimal = Decimal("0")
    adjustment_negative: Decimal = Decimal("0")
    adjustment: Decimal = Decimal("0")
    items: tuple[CreditMemoItem, ...] = attrs.field(default=(), converter=to_tuple)
    extra: Mapping[str, Any] = _extra()
    raw: Mapping[str, Any] = _raw()

    _KNOWN = _DOC_KNOWN | {"invoice_id", "adjustment_positive", "adjustment_negative", "adjustment"}

    @classmethod
    @shape_checked
    def from_api(cls, data: Mapping[str, Any]) -> Self:
        """Parse a credit memo."""
        m = "CreditMemo"
        fields = _document_fields(data, m, CreditMemoItem, known=cls._KNOWN)
        return cls(
            **fields,
            invoice_id=parse_optional_int(data.get("invoice_id"), field=f"{m}.invoice_id"),
            adjustment_positive=_money(data, "adjustment_positive", m),
            adjustment_negative=_money(data, "adjustment_negative", m),
            adjustment=_money(data, "adjustment", m),
            raw=data,
        )


def _document_fields(
    data: Mapping[str, Any],
    m: str,
    item_model: type[InvoiceItem],
    known: frozenset[str] = _DOC_KNOWN,
) -> dict[str, Any]:
    return {
        "entity_id": parse_int(data.get("entity_id"), field=f"{m}.entity_id"),
        "increment_id": str(data.get("increment_id") or ""),
        "order_id": parse_int(data.get("order_id"), field=f"{m}.order_id"),
        "state": parse_optional_int(data.get("state"), field=f"{m}.state"),
        "store_id": parse_optional_int(data.get("store_id"), field=f"{m}.store_id"),
        "created_at": parse_datetime(data.get("created_at"), field=f"{m}.created_at"),
        "updated_at": parse_datetime(data.get("updated_at"), field=f"{m}.updated_at"),
        "order_currency_code": parse_str(data.get("order_currency_code")),
        "base_currency_code": parse_str(data.get("base_currency_code")),
        "base_to_order_rate": parse_optional_decimal(
            data.get("base_to_order_rate"), field=f"{m}.base_to_order_rate"
        ),
        "grand_total": _money(data, "grand_total", m),
        "base_grand_total": _money(data, "base_grand_total", m),
        "subtotal": _money(data, "subtotal", m),
        "tax_amount": _money(data, "tax_amount", m),
        "shipping_amount": _money(data, "shipping_amount", m),
        "shipping_tax_amount": _money(data, "shipping_tax_amount", m),
        "shipping_incl_tax": parse_optional_decimal(
            data.get("shipping_incl_tax"), field=f"{m}.shipping_incl_tax"
        ),
        "discount_amount": _money(data, "discount_amount", m),
        "items": tuple(item_model.from_api(i, model=f"{m}Item") for i in _items(data, "items", m)),
        "extra": _extra_of(data, known),
    }
