"""B2B purchase orders, read through GraphQL (`customer { purchase_orders }`).

There is no admin REST read API for purchase orders (research/commerce.md section 4); the GraphQL
query runs with a company user's token. Money comes as `{value, currency}` objects.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any, Self

import attrs

from commerce_sdk.models._parse import (
    frozen_mapping,
    parse_datetime,
    parse_decimal,
    parse_optional_decimal,
    parse_str,
    shape_checked,
    to_tuple,
)

__all__ = ["PurchaseOrder", "PurchaseOrderItem"]


def _money(node: Any, field: str) -> tuple[Decimal | None, str | None]:
    if not isinstance(node, Mapping):
        return None, None
    return parse_optional_decimal(node.get("value"), field=field), parse_str(node.get("currency"))


@attrs.frozen(kw_only=True)
class PurchaseOrderItem:
    """One line of the purchase order's quote."""

    uid: str | None
    sku: str
    name: str | None = None
    quantity: Decimal = Decimal("0")
    price: Decimal | None = None
    row_total: Decimal | None = None
    extra: Mapping[str, Any] = attrs.field(factory=dict, converter=frozen_mapping)

    @classmethod
    @shape_checked
    def from_graphql(cls, node: Mapping[str, Any]) -> Self:
        """Parse a quote item node (`uid product{sku name} quantity prices{price row_total}`)."""
        product = node.get("product") or {}
        prices = node.get("prices") or {}
        price, _ = _money(prices.get("price"), "PurchaseOrderItem.price")
        row_total, _ = _money(prices.get("row_total"), "PurchaseOrderItem.row_total")
        known = {"uid", "product", "quantity", "prices"}
        return cls(
            uid=parse_str(node.get("uid")),
            sku=str(product.get("sku") or ""),
            name=parse_str(product.get("name")),
            quantity=parse_decimal(node.get("quantity"), field="PurchaseOrderItem.quantity"),
            price=price,
            row_total=row_total,
            extra={k: v for k, v in node.items() if k not in known},
        )


@attrs.frozen(kw_only=True)
class PurchaseOrder:
    """A B2B purchase order (the `PurchaseOrder` GraphQL type).

    `status` is the `PurchaseOrderStatus` enum (PENDING, APPROVAL_REQUIRED, APPROVED,
    ORDER_IN_PROGRESS, ORDER_PLACED, ORDER_FAILED, REJECTED, CANCELED, APPROVED_PENDING_PAYMENT).
    `order_number` is the increment id of the sales order once placed.
    """

    uid: str
    number: str
    status: str
    created_at: datetime | None = None
    updated_at: datetime | None = None
    created_by_email: str | None = None
    created_by_firstname: str | None = None
    created_by_lastname: str | None = None
    company_id: int | None = None
    order_number: str | None = None
    grand_total: Decimal | None = None
    currency: str | None = None
    items: tuple[PurchaseOrderItem, ...] = attrs.field(default=(), converter=to_tuple)
    extra: Mapping[str, Any] = attrs.field(factory=dict, converter=frozen_mapping)
    raw: Mapping[str, Any] = attrs.field(
        factory=dict, converter=frozen_mapping, eq=False, repr=False
    )

    @classmethod
    @shape_checked
    def from_graphql(cls, node: Mapping[str, Any], *, company_id: int | None = None) -> Self:
        """Parse a purchase order node; `company_id` is the company whose user read it."""
        created_by = node.get("created_by") or {}
        order = node.get("order") or {}
        quote = node.get("quote") or {}
        grand_total, currency = _money(
            (quote.get("prices") or {}).get("grand_total"), "PurchaseOrder.grand_total"
        )
        known = {
            "uid",
            "number",
            "status",
            "created_at",
            "updated_at",
            "created_by",
            "order",
            "quote",
        }
        return cls(
            uid=str(node.get("uid") or ""),
            number=str(node.get("number") or ""),
            status=str(node.get("status") or ""),
            created_at=parse_datetime(node.get("created_at"), field="PurchaseOrder.created_at"),
            updated_at=parse_datetime(node.get("updated_at"), field="PurchaseOrder.updated_at"),
            created_by_email=parse_str(created_by.get("email")),
            created_by_firstname=parse_str(created_by.get("firstname")),
            created_by_lastname=parse_str(created_by.get("lastname")),
            company_id=company_id,
            order_number=parse_str(order.get("number")),
            grand_total=grand_total,
            currency=currency,
            items=tuple(PurchaseOrderItem.from_graphql(i) for i in quote.get("items") or []),
            extra={k: v for k, v in node.items() if k not in known},
            raw=node,
        )
