"""GraphQL for B2B purchase orders (research/commerce.md section 4).

There is no admin REST read API for purchase orders, so they are read as a company user through
`customer { purchase_orders(...) }`. GraphQL answers HTTP 200 with an `errors` list; a missing or
expired customer token shows as category `graphql-authorization`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from commerce_sdk._exceptions import CommerceError, GraphQLError

__all__ = [
    "AUTH_CATEGORY",
    "PURCHASE_ORDERS_QUERY",
    "auth_error_payload",
    "graphql_data",
    "is_auth_error",
    "purchase_order_page",
    "purchase_orders_variables",
]

AUTH_CATEGORY = "graphql-authorization"

PURCHASE_ORDERS_QUERY = """
query PurchaseOrders($currentPage: Int!, $pageSize: Int!, $filter: PurchaseOrdersFilterInput) {
  customer {
    purchase_orders(currentPage: $currentPage, pageSize: $pageSize, filter: $filter) {
      total_count
      page_info { current_page page_size total_pages }
      items {
        uid
        number
        status
        created_at
        updated_at
        created_by { firstname lastname email }
        order { number }
        quote {
          prices { grand_total { value currency } }
          items {
            uid
            quantity
            product { sku name }
            prices { price { value currency } row_total { value currency } }
          }
        }
      }
    }
  }
}
""".strip()


def purchase_orders_variables(
    *, current_page: int, page_size: int, company_purchase_orders: bool = True
) -> dict[str, Any]:
    """Variables for `PURCHASE_ORDERS_QUERY`.

    `company_purchase_orders: true` lists every purchase order of the company the user may see,
    not only the user's own.
    """
    return {
        "currentPage": current_page,
        "pageSize": page_size,
        "filter": {"company_purchase_orders": company_purchase_orders},
    }


def auth_error_payload(message: str) -> dict[str, Any]:
    """A GraphQL-shaped authorization error, for an HTTP 401 answer to a GraphQL request."""
    return {"errors": [{"message": message, "extensions": {"category": AUTH_CATEGORY}}]}


def is_auth_error(payload: Any) -> bool:
    """Whether a GraphQL answer says the customer token is missing, invalid or expired."""
    if not isinstance(payload, Mapping):
        return False
    for error in payload.get("errors") or []:
        if isinstance(error, Mapping):
            ext = error.get("extensions") or {}
            if isinstance(ext, Mapping) and ext.get("category") == AUTH_CATEGORY:
                return True
    return False


def graphql_data(payload: Any, *, status_code: int = 200) -> Mapping[str, Any]:
    """The `data` object of a GraphQL answer.

    Raises:
        GraphQLError: the answer carries `errors` (all of them kept, messages joined).
        CommerceError: the answer is not a GraphQL response object.
    """
    if not isinstance(payload, Mapping):
        raise CommerceError(f"GraphQL: expected a JSON object, got {type(payload).__name__}")
    errors = [e for e in payload.get("errors") or [] if isinstance(e, Mapping)]
    if errors:
        messages = "; ".join(str(e.get("message", "")) for e in errors)
        ext = errors[0].get("extensions") or {}
        category = ext.get("category") if isinstance(ext, Mapping) else None
        hint = ""
        if category == AUTH_CATEGORY:
            hint = " (the company user's customer token is missing, invalid or expired)"
        raise GraphQLError(
            f"GraphQL error: {messages}{hint}",
            status_code=status_code,
            errors=errors,
            category=category if isinstance(category, str) else None,
            body=payload,
        )
    data = payload.get("data")
    if not isinstance(data, Mapping):
        raise CommerceError("GraphQL: the answer has no 'data' object")
    return data


def purchase_order_page(data: Mapping[str, Any]) -> tuple[list[Mapping[str, Any]], int, int]:
    """(item nodes, current page, total pages) from `data.customer.purchase_orders`."""
    customer = data.get("customer") or {}
    block = customer.get("purchase_orders") if isinstance(customer, Mapping) else None
    if not isinstance(block, Mapping):
        raise CommerceError("GraphQL: no customer.purchase_orders in the answer")
    items = [i for i in block.get("items") or [] if isinstance(i, Mapping)]
    info = block.get("page_info") or {}
    current = int(info.get("current_page") or 1)
    total_pages = int(info.get("total_pages") or 0)
    return items, current, total_pages
