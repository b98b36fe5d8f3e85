"""What each REST resource is: paths, id field, parser (research/commerce.md section 4).

Shared by the sync and async resources; also the plan of an `iter()` call (pure).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, Generic, TypeVar

import attrs

from commerce_sdk._constants import DEFAULT_PAGE_SIZE
from commerce_sdk._paging import KeysetPager, Pager
from commerce_sdk._search import Condition, Filter, FilterGroup, SearchCriteria, SortOrder
from commerce_sdk.models import Company, CreditMemo, Customer, Invoice, Order

__all__ = [
    "COMPANIES",
    "CREDIT_MEMOS",
    "CUSTOMERS",
    "INVOICES",
    "ORDERS",
    "ResourceSpec",
    "increment_id_search",
    "plan_iter",
    "plan_keyset",
]

M = TypeVar("M")


@attrs.frozen(kw_only=True)
class ResourceSpec(Generic[M]):
    """One REST collection."""

    name: str
    list_path: str
    get_path: str  # with `{id}`
    parse: Callable[[Mapping[str, Any]], M]
    #: The id in each returned item (for dedupe and `update`).
    id_field: str = "entity_id"
    #: The column to sort by after updated_at in the incremental recipe.
    sort_id_field: str = "entity_id"
    #: Key wrapping the object in a PUT body (`{"customer": {...}}`), None when not updatable.
    body_key: str | None = None


ORDERS: ResourceSpec[Order] = ResourceSpec(
    name="orders", list_path="orders", get_path="orders/{id}", parse=Order.from_api
)
INVOICES: ResourceSpec[Invoice] = ResourceSpec(
    name="invoices", list_path="invoices", get_path="invoices/{id}", parse=Invoice.from_api
)
# Get-by-id is singular for credit memos: /V1/creditmemo/{id}.
CREDIT_MEMOS: ResourceSpec[CreditMemo] = ResourceSpec(
    name="credit_memos",
    list_path="creditmemos",
    get_path="creditmemo/{id}",
    parse=CreditMemo.from_api,
)
CUSTOMERS: ResourceSpec[Customer] = ResourceSpec(
    name="customers",
    list_path="customers/search",
    get_path="customers/{id}",
    parse=Customer.from_api,
    id_field="id",
    body_key="customer",
)
COMPANIES: ResourceSpec[Company] = ResourceSpec(
    name="companies",
    list_path="company",
    get_path="company/{id}",
    parse=Company.from_api,
    id_field="id",
    body_key="company",
)


def plan_iter(
    spec: ResourceSpec[Any],
    search: SearchCriteria | None,
    updated_since: datetime | None,
    page_size: int | None,
) -> tuple[SearchCriteria, Pager]:
    """The criteria to page with and a fresh `Pager` for one `iter()` call."""
    criteria = search or SearchCriteria()
    if updated_since is not None:
        criteria = criteria.updated_since(updated_since)
        if spec.sort_id_field != "entity_id":
            criteria = _resort(criteria, spec.sort_id_field)
    size = page_size or criteria.page_size
    if size is None:
        size = DEFAULT_PAGE_SIZE
    pager = Pager(page_size=size, first_page=criteria.current_page or 1, id_field=spec.id_field)
    return criteria, pager


def plan_keyset(
    spec: ResourceSpec[Any],
    search: SearchCriteria | None,
    updated_since: datetime | None,
    page_size: int | None,
) -> tuple[SearchCriteria, KeysetPager]:
    """The base criteria and a `KeysetPager` for one `iter(keyset=True)` call.

    Raises:
        ValueError: the search has sort orders of its own (keyset paging needs the id order).
    """
    base = search or SearchCriteria()
    if base.sort_orders:
        raise ValueError(
            "keyset=True sorts by updated_at and id itself; drop the search's sort orders"
        )
    if updated_since is not None:
        base = base.updated_since(updated_since)
        if spec.sort_id_field != "entity_id":
            base = _resort(base, spec.sort_id_field)
    else:
        base = base.order_by(spec.sort_id_field, "ASC")
    size = page_size or base.page_size or DEFAULT_PAGE_SIZE
    pager = KeysetPager(
        page_size=size,
        id_field=spec.id_field,
        sort_id_field=spec.sort_id_field,
        by_updated_at=updated_since is not None,
    )
    return base, pager


def _resort(criteria: SearchCriteria, id_field: str) -> SearchCriteria:
    orders = tuple(
        SortOrder(field=id_field, direction=o.direction) if o.field == "entity_id" else o
        for o in criteria.sort_orders
    )
    return attrs.evolve(criteria, sort_orders=orders)


def increment_id_search(increment_id: str) -> SearchCriteria:
    """The search for one order by its increment id (the number customers see)."""
    return SearchCriteria(
        filter_groups=(
            FilterGroup(
                filters=(Filter(field="increment_id", value=increment_id, condition=Condition.EQ),)
            ),
        ),
        page_size=2,
        current_page=1,
    )
