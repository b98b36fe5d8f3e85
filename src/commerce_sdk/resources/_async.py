"""The resources of `AsyncCommerceClient`.

Once the first page gives `total_count`, later pages are fetched a few at a time concurrently
and yielded in order; the stop rule and dedupe are the same as the blocking client's.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import datetime
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from commerce_sdk._constants import MAX_CONCURRENT_PAGES
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
    from commerce_sdk._async_client import AsyncCommerceClient

__all__ = [
    "AsyncListResource",
    "AsyncOrdersResource",
    "AsyncPurchaseOrdersResource",
    "AsyncUpdatableResource",
]

M = TypeVar("M")


class AsyncListResource(Generic[M]):
    """A REST collection: `await get(id)` and `async for ... in iter(...)`."""

    def __init__(self, client: AsyncCommerceClient, spec: ResourceSpec[M]) -> None:
        self._client = client
        self._spec = spec

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self._spec.name}>"

    async def get_raw(self, entity_id: int | str) -> dict[str, Any]:
        """The record exactly as Commerce returned it (a JSON object)."""
        path = self._spec.get_path.format(id=path_segment(entity_id, field=f"{self._spec.name} id"))
        data = await self._client.request("GET", path)
        if not isinstance(data, dict):
            raise NotFoundError(
                f"{self._spec.name} {entity_id!r}: unexpected answer", status_code=404, body=data
            )
        return data

    async def get(self, entity_id: int | str) -> M:
        """One record by id.

        Raises:
            NotFoundError: no such record.
        """
        return self._spec.parse(await self.get_raw(entity_id))

    async def iter(
        self,
        search: SearchCriteria | None = None,
        *,
        updated_since: datetime | None = None,
        page_size: int | None = None,
        concurrency: int = MAX_CONCURRENT_PAGES,
        keyset: bool = False,
    ) -> AsyncIterator[M]:
        """Every matching record; see `CommerceClient.orders.iter` for the arguments.

        `concurrency` pages are in flight at once after the first (1 = strictly sequential);
        keyset paging is always sequential.
        """
        if keyset:
            async for record in self._iter_keyset(search, updated_since, page_size):
                yield record
            return
        criteria, pager = plan_iter(self._spec, search, updated_since, page_size)
        size = pager.page_size

        async def fetch(page: int) -> Any:
            params = criteria.with_page(page, size).to_params()
            return await self._client.request("GET", self._spec.list_path, params=params)

        first = pager.first_page
        result = pager.accept(first, await fetch(first))
        for item in result.items:
            yield self._spec.parse(item)
        page = result.next_page
        if page is None:
            return
        last = pager.last_page(result.total_count)
        window = max(1, concurrency)
        while page is not None:
            batch = list(range(page, min(page + window, last + 1))) or [page]
            # Every fetch of the window finishes (none is left running), then the first failure
            # in page order is raised as the typed error it is, never as an ExceptionGroup.
            payloads = await asyncio.gather(*(fetch(p) for p in batch), return_exceptions=True)
            for number, payload in zip(batch, payloads, strict=True):
                if isinstance(payload, BaseException):
                    raise payload
                result = pager.accept(number, payload)
                for item in result.items:
                    yield self._spec.parse(item)
                page = result.next_page
                if page is None:
                    break

    async def _iter_keyset(
        self,
        search: SearchCriteria | None,
        updated_since: datetime | None,
        page_size: int | None,
    ) -> AsyncIterator[M]:
        base, pager = plan_keyset(self._spec, search, updated_since, page_size)
        while True:
            params = pager.criteria(base).to_params()
            payload = await self._client.request("GET", self._spec.list_path, params=params)
            result = pager.accept(payload)
            for item in result.items:
                yield self._spec.parse(item)
            if result.next_page is None:
                return

    async def list(self, search: SearchCriteria | None = None) -> list[M]:
        """One request's worth of records: the page `search` asks for (or everything)."""
        params = (search or SearchCriteria()).to_params()
        payload = await self._client.request("GET", self._spec.list_path, params=params)
        items = payload.get("items") if isinstance(payload, dict) else None
        return [self._spec.parse(i) for i in items or []]


class AsyncOrdersResource(AsyncListResource[Order]):
    """Sales orders: `get(entity_id)`, `get_by_increment_id(...)`, `iter(...)`."""

    async def get_by_increment_id(self, increment_id: str) -> Order:
        """The order whose increment id is `increment_id`.

        Raises:
            NotFoundError: no order has that increment id.
        """
        found = await self.list(increment_id_search(str(increment_id)))
        if not found:
            raise NotFoundError(
                f"no order with increment_id {increment_id!r}", status_code=404, body=None
            )
        return found[0]


class AsyncUpdatableResource(AsyncListResource[M]):
    """A collection whose records can be updated with a safe full replace."""

    async def update(self, entity_id: int | str, changes: Changes) -> M:
        """Apply `changes` to the current record and PUT the whole record back.

        See `CommerceClient.customers.update`.
        """
        body_key = self._spec.body_key
        assert body_key is not None  # only updatable specs reach here  # noqa: S101
        current = await self.get_raw(entity_id)
        record = apply_changes(current, changes, id_value=current.get("id", entity_id))
        path = self._spec.get_path.format(id=path_segment(entity_id, field=f"{self._spec.name} id"))
        data = await self._client.request("PUT", path, json={body_key: record})
        return self._spec.parse(data if isinstance(data, dict) else record)


class AsyncPurchaseOrdersResource:
    """B2B purchase orders, read through GraphQL as a company user."""

    def __init__(self, client: AsyncCommerceClient) -> None:
        self._client = client

    async def iter(
        self,
        *,
        updated_since: datetime | None = None,
        page_size: int = 20,
        company_purchase_orders: bool = True,
        customer_token: str | None = None,
        company_id: int | None = None,
    ) -> AsyncIterator[PurchaseOrder]:
        """Every purchase order the company user can see; see the blocking client's `iter`."""
        plan = PurchaseOrderPlan(
            page_size=page_size,
            updated_since=updated_since,
            company_purchase_orders=company_purchase_orders,
            company_id=company_id,
        )
        page: int | None = 1
        while page is not None:
            payload = await self._client.graphql(
                plan.query, plan.variables(page), customer_token=customer_token
            )
            orders, page = plan.accept(page, payload)
            for order in orders:
                yield order
