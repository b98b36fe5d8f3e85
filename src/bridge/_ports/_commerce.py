"""`CommercePort` over `CommerceClient` (run in a worker thread) or `AsyncCommerceClient`."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Mapping
from datetime import datetime
from functools import partial
from typing import Any

import attrs

from commerce_sdk import AsyncCommerceClient, CommerceClient, CompanyUser, SearchCriteria
from commerce_sdk.models import Company, CreditMemo, Customer, Invoice, Order, PurchaseOrder

_RESOURCES = {
    "orders": "orders",
    "invoices": "invoices",
    "credit_memos": "credit_memos",
    "customers": "customers",
    "companies": "companies",
}


class CommerceAdapter:
    """The orchestrator's Commerce operations over either client flavour."""

    def __init__(
        self,
        client: CommerceClient | AsyncCommerceClient,
        *,
        company_users: Mapping[int, CompanyUser] | None = None,
    ) -> None:
        self._client = client
        self._company_users = dict(company_users or {})
        self._async = isinstance(client, AsyncCommerceClient)
        self._companies: dict[str, int | None] = {}

    def __repr__(self) -> str:
        return f"CommerceAdapter({type(self._client).__name__})"

    @property
    def request_count(self) -> int:
        """HTTP requests the client has sent."""
        return int(getattr(self._client, "request_count", 0))

    async def _run(self, call: Callable[[Any], Any]) -> Any:
        if self._async:
            return await call(self._client)
        return await asyncio.to_thread(call, self._client)

    async def iter_documents(
        self, stream: str, since: datetime | None, *, page_size: int | None = None
    ) -> AsyncIterator[Any]:
        """Documents updated at or after `since`, oldest first (purchase orders: all, filtered).

        `page_size` applies to the REST streams; purchase orders keep the GraphQL default.
        Purchase orders are read once per configured company user (GraphQL shows a company
        user only their own company's), else with the client's own company user.
        """
        if stream == "purchase_orders" and self._company_users:
            for company_id, user in sorted(self._company_users.items()):
                token: str = await self._run(partial(_token_for, user=user))
                produce: Callable[[Any], Any] = partial(
                    _company_purchase_orders, since=since, token=token, company_id=company_id
                )
                async for item in self._items(produce):
                    yield await self._with_company(item)
            return
        if stream == "purchase_orders":
            produce = partial(_company_purchase_orders, since=since, token=None, company_id=None)
        else:
            produce = partial(_resource_iter, _RESOURCES[stream], since=since, page_size=page_size)
        async for item in self._items(produce):
            yield await self._with_company(item)

    async def _items(self, produce: Callable[[Any], Any]) -> AsyncIterator[Any]:
        if self._async:
            async for item in produce(self._client):
                yield item
            return
        # A sync iterator is drained page by page in a worker thread: it stays lazy and the
        # event loop stays free while a page is in flight.
        iterator = await asyncio.to_thread(lambda: iter(produce(self._client)))
        sentinel = object()
        while True:
            item = await asyncio.to_thread(next, iterator, sentinel)
            if item is sentinel:
                return
            yield item

    async def _with_company(self, item: Any) -> Any:
        # A purchase order's GraphQL node does not name its company: it is the company of the
        # user who created it. It travels in the stored payload for the processing stage.
        if not isinstance(item, PurchaseOrder) or "company_id" in item.raw:
            return item
        company_id = item.company_id
        if company_id is None and item.created_by_email:
            company_id = await self._company_of(item.created_by_email)
        return attrs.evolve(item, company_id=company_id, raw={**item.raw, "company_id": company_id})

    async def _company_of(self, email: str) -> int | None:
        key = email.strip().lower()
        if key not in self._companies:
            search = SearchCriteria().where("email", email)
            customers = await self._run(lambda c: c.customers.list(search))
            self._companies[key] = customers[0].company_id if customers else None
        return self._companies[key]

    async def get_document(self, stream: str, source_id: str) -> Any:
        """One document by id (purchase orders: by uid, through the list)."""
        if stream == "purchase_orders":
            return await self.get_purchase_order(source_id)
        name = _RESOURCES[stream]
        return await self._run(lambda c: getattr(c, name).get(int(source_id)))

    async def get_order(self, entity_id: int) -> Order:
        """One order."""
        result: Order = await self._run(lambda c: c.orders.get(entity_id))
        return result

    async def get_invoice(self, entity_id: int) -> Invoice:
        """One invoice."""
        result: Invoice = await self._run(lambda c: c.invoices.get(entity_id))
        return result

    async def get_credit_memo(self, entity_id: int) -> CreditMemo:
        """One credit memo."""
        result: CreditMemo = await self._run(lambda c: c.credit_memos.get(entity_id))
        return result

    async def get_customer(self, customer_id: int) -> Customer:
        """One customer."""
        result: Customer = await self._run(lambda c: c.customers.get(customer_id))
        return result

    async def get_company(self, company_id: int) -> Company:
        """One company."""
        result: Company = await self._run(lambda c: c.companies.get(company_id))
        return result

    async def get_purchase_order(self, uid: str) -> PurchaseOrder:
        """One B2B purchase order (GraphQL has no admin get-by-id: the list is scanned)."""
        async for po in self.iter_documents("purchase_orders", None):
            if po.uid == uid:
                return po  # type: ignore[no-any-return]
        raise LookupError(f"no purchase order with uid {uid!r}")

    async def update_customer(self, customer_id: int, payload: Mapping[str, Any]) -> Customer:
        """Full-replace update: `payload` is the whole `{"customer": {...}}` body."""
        record = dict(payload.get("customer", payload))
        result: Customer = await self._run(
            lambda c: c.customers.update(customer_id, lambda _current: record)
        )
        return result

    async def update_company(self, company_id: int, payload: Mapping[str, Any]) -> Company:
        """Full-replace update: `payload` is the whole `{"company": {...}}` body."""
        record = dict(payload.get("company", payload))
        result: Company = await self._run(
            lambda c: c.companies.update(company_id, lambda _current: record)
        )
        return result


def _company_purchase_orders(
    client: Any, *, since: datetime | None, token: str | None, company_id: int | None
) -> Any:
    return client.purchase_orders.iter(
        updated_since=since, customer_token=token, company_id=company_id
    )


def _resource_iter(name: str, client: Any, *, since: datetime | None, page_size: int | None) -> Any:
    return getattr(client, name).iter(updated_since=since, page_size=page_size)


def _token_for(client: Any, *, user: CompanyUser) -> Any:
    return client.fetch_customer_token(user)
