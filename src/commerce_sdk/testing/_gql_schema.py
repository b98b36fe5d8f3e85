"""The slice of Commerce's GraphQL schema the fake serves, to refuse misspelt fields.

Field names come from the Commerce GraphQL reference for the types a purchase-order read touches
(research/commerce.md section 4); a name mapped to None is a scalar or enum. Selecting a field a
type does not have is a validation error, as on a real server (no data is returned then).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from commerce_sdk.testing._gql_parse import Field

__all__ = ["ROOTS", "validate"]

_MONEY: Final = {"value": None, "currency": None}
SCHEMA: Final[dict[str, dict[str, str | None]]] = {
    "Customer": {
        **dict.fromkeys(
            [
                "firstname",
                "lastname",
                "middlename",
                "prefix",
                "suffix",
                "email",
                "gender",
                "date_of_birth",
                "is_subscribed",
                "created_at",
                "id",
                "taxvat",
                "purchase_orders_enabled",
            ]
        ),
        "purchase_orders": "PurchaseOrders",
        "purchase_order": "PurchaseOrder",
    },
    "PurchaseOrders": {
        "total_count": None,
        "page_info": "SearchResultPageInfo",
        "items": "PurchaseOrder",
    },
    "SearchResultPageInfo": {"current_page": None, "page_size": None, "total_pages": None},
    "PurchaseOrder": {
        **dict.fromkeys(
            ["uid", "number", "status", "created_at", "updated_at", "available_actions"]
        ),
        "created_by": "Customer",
        "order": "CustomerOrder",
        "quote": "Cart",
    },
    "CustomerOrder": dict.fromkeys(["number", "id", "order_date", "status", "increment_id"]),
    "Cart": {
        **dict.fromkeys(["id", "email", "is_virtual", "total_quantity"]),
        "prices": "CartPrices",
        "items": "CartItem",
    },
    "CartPrices": dict.fromkeys(
        [
            "grand_total",
            "subtotal_excluding_tax",
            "subtotal_including_tax",
            "subtotal_with_discount_excluding_tax",
        ],
        "Money",
    ),
    "CartItem": {
        **dict.fromkeys(["uid", "id", "quantity"]),
        "product": "Product",
        "prices": "CartItemPrices",
    },
    "Product": dict.fromkeys(["uid", "sku", "name", "url_key", "type_id"]),
    "CartItemPrices": dict.fromkeys(
        [
            "price",
            "price_including_tax",
            "row_total",
            "row_total_including_tax",
            "total_item_discount",
        ],
        "Money",
    ),
    "Money": dict.fromkeys(_MONEY),
    "GenerateCustomerTokenOutput": {"token": None},
}
SCHEMA["Query"] = {"customer": "Customer"}
SCHEMA["Mutation"] = {"generateCustomerToken": "GenerateCustomerTokenOutput"}
#: The root type of each operation kind.
ROOTS: Final = {"query": "Query", "mutation": "Mutation"}


def validate(fields: Sequence[Field], type_name: str) -> list[str]:
    """Messages for every selected field the type does not have (recursively)."""
    known = SCHEMA[type_name]
    errors: list[str] = []
    for field in fields:
        if field.name == "__typename":
            continue
        if field.name not in known:
            errors.append(f'Cannot query field "{field.name}" on type "{type_name}".')
            continue
        subtype = known[field.name]
        if subtype is None and field.selections:
            errors.append(f'Field "{field.name}" must not have a selection since it is a scalar.')
        elif subtype is not None and not field.selections:
            errors.append(f'Field "{field.name}" of type "{subtype}" must have a selection.')
        elif subtype is not None:
            errors.extend(validate(field.selections, subtype))
    return errors
