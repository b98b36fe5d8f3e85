"""The resources of `CommerceClient` (blocking)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from commerce_sdk._exceptions import NotFoundError
from commerce_sdk._search import SearchCriteria
from commerce_sdk._updates import Changes, apply_changes
from commerce_sdk._urls import path_segment
from commerce_sdk.models import Order, PurchaseOrder
from commerce_sdk.resources._purchase_orders import PurchaseOrderPlan
from commerce_sdk.resources._specs import (
    ResourceSpec,
    increment_id_search,
    plan_iter,
    plan_keyset,
)

if TYPE_CHECKING:
    from commerce_sdk._client import CommerceClient

__all__ = ["ListResource", "OrdersResource", "PurchaseOrdersResource", "UpdatableResource"]

M = TypeVar("M")


class ListResource(Generic[M]):
    """A REST collection: `get(id)` and lazy `iter(...)`."""

    def __init__(self, client: CommerceClient, spec: ResourceSpec[M]) -> None:
        self._client = client
        self._spec = spec

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self._spec.name}>"

    def get_raw(self, entity_id: int | str) -> dict[str, Any]:
        """The record exactly as Commerce returned it (a JSON object)."""
        path = self._spec.get_path.format(id=path_segment(entity_id, field=f"{self._spec.name} id"))
        data = self._client.request("GET", path)
        if not isinstance(data, dict):
            raise NotFoundError(
                f"{self._spec.name} {entity_id!r}: unexpected answer", status_code=404, body=data
            )
        return data

    def get(self, entity_id: int | str) -> M:
        """One record by id.

        Raises:
            NotFoundError: no such record.
        """
        return self._spec.parse(self.get_raw(entity_id))

    def iter(
        self,
        search: SearchCriteria | None = None,
        *,
        updated_since: datetime | None = None,
        page_size: int | None = None,
        keyset: bool = False,
    ) -> Iterator[M]:
        """Every matching record, fetched a page at a time as you iterate.

        Args:
            search: Filters and sort orders (its `current_page` is the first page read).
            updated_since: Only records with `updated_at >= updated_since` (timezone-aware),
                oldest first, ties broken by id: the incremental-sync recipe.
            page_size: Records per request (default: the search's page size, else 100).
            keyset: Page by "after the last (updated_at, id) read" instead of page numbers, so
                rows updated while you iterate are never skipped (they may come again later).
                The search must not carry sort orders of its own.
        """
        if keyset:
            yield from self._iter_keyset(search, updated_since, page_size)
            return
        criteria, pager = plan_iter(self._spec, search, updated_since, page_size)
        page: int | None = pager.first_page
        while page is not None:
            payload = self._client.request(
                "GET",
                self._spec.list_path,
                params=criteria.with_page(page, pager.page_size).to_params(),
            )
            result = pager.accept(page, payload)
            for item in result.items:
                yield self._spec.parse(item)
            page = result.next_page

    def _iter_keyset(
        self,
        search: SearchCriteria | None,
        updated_since: datetime | None,
        page_size: int | None,
    ) -> Iterator[M]:
        base, pager = plan_keyset(self._spec, search, updated_since, page_size)
        while True:
            params = pager.criteria(base).to_params()
            payload = self._client.request("GET", self._spec.list_path, params=params)
            result = pager.accept(payload)
            for item in result.items:
                yield self._spec.parse(item)
            if result.next_page is None:
                return

    def list(self, search: SearchCriteria | None = None) -> list[M]:
        """One request's worth of records: the page `search` asks for (or everything)."""
        params = (search or SearchCriteria()).to_params()
        payload = self._client.request("GET", self._spec.list_path, params=params)
        items = payload.get("items") if isinstance(payload, dict) else None
        return [self._spec.parse(i) for i in items or []]


class OrdersResource(ListResource[Order]):
    """Sales orders: `get(entity_id)`, `get_by_increment_id(...)`, `iter(...)`."""

    def get_by_increment_id(self, increment_id: str) -> Order:
        """The order whose increment id (the number shown to customers) is `increment_id`.

        Raises:
            NotFoundError: no order has that increment id.
        """
        found = self.list(increment_id_search(str(increment_id)))
        if not found:
            raise NotFoundError(
                f"no order with increment_id {increment_id!r}", status_code=404, body=None
            )
        return found[0]


class UpdatableResource(ListResource[M]):
    """A collection whose records can be updated with a safe full replace."""

    def update(self, entity_id: int | str, changes: Changes) -> M:
        """Apply `changes` to the current record and PUT the whole record back.

        The PUT replaces the object, so this reads the current raw record first and keeps every
        field you did not change (`custom_attributes` merged by `attribute_code`, nested objects
        key by key). `changes` may be a mapping or a function of the current record.
        """
        body_key = self._spec.body_key
        assert body_key is not None  # only updatable specs reach here  # noqa: S101
        current = self.get_raw(entity_id)
        record = apply_changes(current, changes, id_value=current.get("id", entity_id))
        path = self._spec.get_path.format(id=path_segment(entity_id, field=f"{self._spec.name} id"))
        data = self._client.request("PUT", path, json={body_key: record})
        return self._spec.parse(data if isinstance(data, dict) else record)


class PurchaseOrdersResource:
    """B2B purchase orders, read through GraphQL as a company user."""

    def __init__(self, client: CommerceClient) -> None:
        self._client = client

    def iter(
        self,
        *,
        updated_since: datetime | None = None,
        page_size: int = 20,
        company_purchase_orders: bool = True,
        customer_token: str | None = None,
        company_id: int | None = None,
    ) -> Iterator[PurchaseOrder]:
        """Every purchase order the company user can see, with its line items.

        Args:
            updated_since: Keep only purchase orders updated at or after this instant (GraphQL
                has no updated_at filter, so this filters what is read).
            page_size: Purchase orders per request.
            company_purchase_orders: All the company's purchase orders, not only the user's.
            customer_token: A company user's token; default: the client's `customer_token`, or
                one fetched with the client's `company_user` credentials.
            company_id: Recorded on each `PurchaseOrder.company_id`.
        """
        plan = PurchaseOrderPlan(
            page_size=page_size,
            updated_since=updated_since,
            company_purchase_orders=company_purchase_orders,
            company_id=company_id,
        )
        page: int | None = 1
        while page is not None:
            payload = self._client.graphql(
                plan.query, plan.variables(page), customer_token=customer_token
            )
            orders, page = plan.accept(page, payload)
            yield from orders
