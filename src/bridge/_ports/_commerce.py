"""`CommercePort` over `CommerceClient` (run in a worker thread) or `AsyncCommerceClient`."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Mapping
from datetime import datetime
from typing import Any

import attrs

from commerce_sdk import AsyncCommerceClient, CommerceClient, SearchCriteria
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

    def __init__(self, client: CommerceClient | AsyncCommerceClient) -> None:
        self._client = client
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
        """
        if stream == "purchase_orders":
            produce: Callable[[Any], Any] = lambda c: c.purchase_orders.iter(updated_since=since)  # noqa: E731
        else:
            name = _RESOURCES[stream]
            produce = lambda c: getattr(c, name).iter(updated_since=since, page_size=page_size)  # noqa: E731
        if self._async:
            async for item in produce(self._client):
                yield await self._with_company(item)
            return
        # A sync iterator is drained page by page in a worker thread: it stays lazy and the
        # event loop stays free while a page is in flight.
        iterator = await asyncio.to_thread(lambda: iter(produce(self._client)))
        sentinel = object()
        while True:
            item = await asyncio.to_thread(next, iterator, sentinel)
            if item is sentinel:
                return
            yield await self._with_company(item)

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
