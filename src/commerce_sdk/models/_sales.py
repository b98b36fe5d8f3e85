"""Orders and their lines and addresses (`sales-data-order-interface` of the REST API).

Order level `discount_amount` is negative; item level it is positive (research/commerce.md
section 4). Both are kept as Commerce sends them.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any, Self

import attrs

from commerce_sdk.models._parse import (
    ModelParseError,
    frozen_mapping,
    parse_bool,
    parse_datetime,
    parse_decimal,
    parse_int,
    parse_optional_decimal,
    parse_optional_int,
    parse_str,
    shape_checked,
    to_tuple,
)

__all__ = ["Address", "Order", "OrderItem"]


def _raw() -> Any:
    # The payload as read: not part of equality or repr (it repeats the typed fields).
    return attrs.field(factory=dict, converter=frozen_mapping, eq=False, repr=False)


def _extra() -> Any:
    return attrs.field(factory=dict, converter=frozen_mapping)


def _extra_of(data: Mapping[str, Any], known: frozenset[str]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k not in known}


def _items(data: Mapping[str, Any], key: str, model: str) -> list[Mapping[str, Any]]:
    value = data.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, Mapping) for v in value):
        raise ModelParseError(f"{model}.{key}: expected a list of objects")
    return value


@attrs.frozen(kw_only=True)
class Address:
    """A billing or shipping address (`sales-data-order-address-interface`)."""

    firstname: str | None = None
    lastname: str | None = None
    company: str | None = None
    street: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    city: str | None = None
    region: str | None = None
    region_code: str | None = None
    postcode: str | None = None
    country_id: str | None = None
    telephone: str | None = None
    email: str | None = None
    extra: Mapping[str, Any] = _extra()

    _KNOWN = frozenset(
        {
            "firstname",
            "lastname",
            "company",
            "street",
            "city",
            "region",
            "region_code",
            "postcode",
            "country_id",
            "telephone",
            "email",
        }
    )

    @classmethod
    @shape_checked
    def from_api(cls, data: Mapping[str, Any]) -> Self:
        """Parse a Commerce address object."""
        street = data.get("street") or []
        if isinstance(street, str):
            street = [street]
        return cls(
            firstname=parse_str(data.get("firstname")),
            lastname=parse_str(data.get("lastname")),
            company=parse_str(data.get("company")),
            street=tuple(str(s) for s in street),
            city=parse_str(data.get("city")),
            region=parse_str(data.get("region")),
            region_code=parse_str(data.get("region_code")),
            postcode=parse_str(data.get("postcode")),
            country_id=parse_str(data.get("country_id")),
            telephone=parse_str(data.get("telephone")),
            email=parse_str(data.get("email")),
            extra=_extra_of(data, cls._KNOWN),
        )


@attrs.frozen(kw_only=True)
class OrderItem:
    """One order line. A configurable or bundle product comes as a parent line and child lines
    (`parent_item_id` set on the children); the price sits on the parent for configurables and on
    the children for bundles priced dynamically, so count a pair once (see `Order.money_items`)."""

    item_id: int
    sku: str
    name: str | None = None
    product_type: str | None = None
    product_id: int | None = None
    parent_item_id: int | None = None
    qty_ordered: Decimal = Decimal("0")
    qty_invoiced: Decimal = Decimal("0")
    qty_refunded: Decimal = Decimal("0")
    qty_canceled: Decimal = Decimal("0")
    price: Decimal = Decimal("0")
    base_price: Decimal = Decimal("0")
    price_incl_tax: Decimal | None = None
    row_total: Decimal = Decimal("0")
    base_row_total: Decimal = Decimal("0")
    row_total_incl_tax: Decimal | None = None
    tax_amount: Decimal = Decimal("0")
    tax_percent: Decimal | None = None
    discount_amount: Decimal = Decimal("0")
    extra: Mapping[str, Any] = _extra()

    _KNOWN = frozenset(
        {
            "item_id",
            "sku",
            "name",
            "product_type",
            "product_id",
            "parent_item_id",
            "qty_ordered",
            "qty_invoiced",
            "qty_refunded",
            "qty_canceled",
            "price",
            "base_price",
            "price_incl_tax",
            "row_total",
            "base_row_total",
            "row_total_incl_tax",
            "tax_amount",
            "tax_percent",
            "discount_amount",
        }
    )

    @classmethod
    @shape_checked
    def from_api(cls, data: Mapping[str, Any]) -> Self:
        """Parse an order item."""
        f = "OrderItem"
        return cls(
            item_id=parse_int(data.get("item_id"), field=f"{f}.item_id"),
            sku=str(data.get("sku") or ""),
            name=parse_str(data.get("name")),
            product_type=parse_str(data.get("product_type")),
            product_id=parse_optional_int(data.get("product_id"), field=f"{f}.product_id"),
            parent_item_id=parse_optional_int(
                data.get("parent_item_id"), field=f"{f}.parent_item_id", zero_is_none=True
            ),
            qty_ordered=parse_decimal(data.get("qty_ordered"), field=f"{f}.qty_ordered"),
            qty_invoiced=parse_decimal(data.get("qty_invoiced"), field=f"{f}.qty_invoiced"),
            qty_refunded=parse_decimal(data.get("qty_refunded"), field=f"{f}.qty_refunded"),
            qty_canceled=parse_decimal(data.get("qty_canceled"), field=f"{f}.qty_canceled"),
            price=parse_decimal(data.get("price"), field=f"{f}.price"),
            base_price=parse_decimal(data.get("base_price"), field=f"{f}.base_price"),
            price_incl_tax=parse_optional_decimal(
                data.get("price_incl_tax"), field=f"{f}.price_incl_tax"
            ),
            row_total=parse_decimal(data.get("row_total"), field=f"{f}.row_total"),
            base_row_total=parse_decimal(data.get("base_row_total"), field=f"{f}.base_row_total"),
            row_total_incl_tax=parse_optional_decimal(
                data.get("row_total_incl_tax"), field=f"{f}.row_total_incl_tax"
            ),
            tax_amount=parse_decimal(data.get("tax_amount"), field=f"{f}.tax_amount"),
            tax_percent=parse_optional_decimal(data.get("tax_percent"), field=f"{f}.tax_percent"),
            discount_amount=parse_decimal(
                data.get("discount_amount"), field=f"{f}.discount_amount"
            ),
            extra=_extra_of(data, cls._KNOWN),
        )


def _money(data: Mapping[str, Any], key: str, model: str) -> Decimal:
    return parse_decimal(data.get(key), field=f"{model}.{key}")


@attrs.frozen(kw_only=True)
class Order:
    """A sales order (`GET /V1/orders/{id}`).

    `customer_id` is None for guests. `company_id` / `company_name` come from
    `extension_attributes.company_order_attributes` on B2B orders (None otherwise).
    `shipping_address` is read from `extension_attributes.shipping_assignments`.
    """

    entity_id: int
    increment_id: str
    state: str | None = None
    status: str | None = None
    store_id: int | None = None
    customer_id: int | None = None
    customer_email: str | None = None
    customer_firstname: str | None = None
    customer_lastname: str | None = None
    customer_is_guest: bool = False
    customer_group_id: int | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    order_currency_code: str | None = None
    base_currency_code: str | None = None
    global_currency_code: str | None = None
    base_to_order_rate: Decimal | None = None
    base_to_global_rate: Decimal | None = None
    grand_total: Decimal = Decimal("0")
    base_grand_total: Decimal = Decimal("0")
    subtotal: Decimal = Decimal("0")
    subtotal_incl_tax: Decimal | None = None
    tax_amount: Decimal = Decimal("0")
    shipping_amount: Decimal = Decimal("0")
    shipping_incl_tax: Decimal | None = None
    shipping_tax_amount: Decimal = Decimal("0")
    discount_amount: Decimal = Decimal("0")
    discount_description: str | None = None
    shipping_description: str | None = None
    items: tuple[OrderItem, ...] = attrs.field(default=(), converter=to_tuple)
    billing_address: Address | None = None
    shipping_address: Address | None = None
    payment_method: str | None = None
    po_number: str | None = None
    company_id: int | None = None
    company_name: str | None = None
    extension_attributes: Mapping[str, Any] = attrs.field(
        factory=dict, converter=frozen_mapping, eq=False, repr=False
    )
    extra: Mapping[str, Any] = _extra()
    raw: Mapping[str, Any] = _raw()

    _KNOWN = frozenset(
        {
            "entity_id",
            "increment_id",
            "state",
            "status",
            "store_id",
            "customer_id",
            "customer_email",
            "customer_firstname",
            "customer_lastname",
            "customer_is_guest",
            "customer_group_id",
            "created_at",
            "updated_at",
            "order_currency_code",
            "base_currency_code",
            "global_currency_code",
            "base_to_order_rate",
            "base_to_global_rate",
            "grand_total",
            "base_grand_total",
            "subtotal",
            "subtotal_incl_tax",
            "tax_amount",
            "shipping_amount",
            "shipping_incl_tax",
            "shipping_tax_amount",
            "discount_amount",
            "discount_description",
            "shipping_description",
            "items",
            "billing_address",
            "payment",
            "extension_attributes",
        }
    )

    @property
    def is_guest(self) -> bool:
        """A guest order has no customer account."""
        return self.customer_id is None or self.customer_is_guest

    @property
    def money_items(self) -> tuple[OrderItem, ...]:
        """The lines that carry money, each parent/child pair counted once.

        A child whose parent is in the order and carries the price (configurable) is dropped; a
        parent whose children carry the prices (dynamic bundle: parent price 0) is dropped.
        """
        by_id = {item.item_id: item for item in self.items}
        children: dict[int, list[OrderItem]] = {}
        for item in self.items:
            if item.parent_item_id is not None and item.parent_item_id in by_id:
                children.setdefault(item.parent_item_id, []).append(item)
        result: list[OrderItem] = []
        for item in self.items:
            parent = by_id.get(item.parent_item_id) if item.parent_item_id is not None else None
            if parent is not None:
                if _parent_carries_price(parent, children[parent.item_id]):
                    continue
                result.append(item)
            elif item.item_id in children and not _parent_carries_price(
                item, children[item.item_id]
            ):
                continue
            else:
                result.append(item)
        return tuple(result)

    @classmethod
    @shape_checked
    def from_api(cls, data: Mapping[str, Any]) -> Self:
        """Parse an order as the REST API (or a webhook carrying a full order) sends it."""
        m = "Order"
        ext = data.get("extension_attributes") or {}
        company = ext.get("company_order_attributes") or {}
        shipping = None
        for assignment in ext.get("shipping_assignments") or []:
            address = ((assignment or {}).get("shipping") or {}).get("address")
            if address:
                shipping = Address.from_api(address)
                break
        payment = data.get("payment") or {}
        billing = data.get("billing_address")
        customer_id = parse_optional_int(data.get("customer_id"), field=f"{m}.customer_id")
        return cls(
            entity_id=parse_int(data.get("entity_id"), field=f"{m}.entity_id"),
            increment_id=str(data.get("increment_id") or ""),
            state=parse_str(data.get("state")),
            status=parse_str(data.get("status")),
            store_id=parse_optional_int(data.get("store_id"), field=f"{m}.store_id"),
            customer_id=customer_id,
            customer_email=parse_str(data.get("customer_email")),
            customer_firstname=parse_str(data.get("customer_firstname")),
            customer_lastname=parse_str(data.get("customer_lastname")),
            customer_is_guest=parse_bool(data.get("customer_is_guest", customer_id is None)),
            customer_group_id=parse_optional_int(
                data.get("customer_group_id"), field=f"{m}.customer_group_id"
            ),
            created_at=parse_datetime(data.get("created_at"), field=f"{m}.created_at"),
            updated_at=parse_datetime(data.get("updated_at"), field=f"{m}.updated_at"),
            order_currency_code=parse_str(data.get("order_currency_code")),
            base_currency_code=parse_str(data.get("base_currency_code")),
            global_currency_code=parse_str(data.get("global_currency_code")),
            base_to_order_rate=parse_optional_decimal(
                data.get("base_to_order_rate"), field=f"{m}.base_to_order_rate"
            ),
            base_to_global_rate=parse_optional_decimal(
                data.get("base_to_global_rate"), field=f"{m}.base_to_global_rate"
            ),
            grand_total=_money(data, "grand_total", m),
            base_grand_total=_money(data, "base_grand_total", m),
            subtotal=_money(data, "subtotal", m),
            subtotal_incl_tax=parse_optional_decimal(
                data.get("subtotal_incl_tax"), field=f"{m}.subtotal_incl_tax"
            ),
            tax_amount=_money(data, "tax_amount", m),
            shipping_amount=_money(data, "shipping_amount", m),
            shipping_incl_tax=parse_optional_decimal(
                data.get("shipping_incl_tax"), field=f"{m}.shipping_incl_tax"
            ),
            shipping_tax_amount=_money(data, "shipping_tax_amount", m),
            discount_amount=_money(data, "discount_amount", m),
            discount_description=parse_str(data.get("discount_description")),
            shipping_description=parse_str(data.get("shipping_description")),
            items=tuple(OrderItem.from_api(i) for i in _items(data, "items", m)),
            billing_address=Address.from_api(billing) if billing else None,
            shipping_address=shipping,
            payment_method=parse_str(payment.get("method")),
            po_number=parse_str(payment.get("po_number")),
            company_id=parse_optional_int(
                company.get("company_id"), field=f"{m}.company_id", zero_is_none=True
            ),
            company_name=parse_str(company.get("company_name")),
            extension_attributes=ext,
            extra=_extra_of(data, cls._KNOWN),
            raw=data,
        )


def _parent_carries_price(parent: OrderItem, children: list[OrderItem]) -> bool:
    # Configurable parents carry the price and the children are priced 0; a dynamically priced
    # bundle parent is priced 0 and its children carry the money. Decide by where the money is.
    if parent.row_total != 0 or parent.price != 0:
        return True
    return all(child.row_total == 0 and child.price == 0 for child in children)
