"""`AsyncCommerceClientReader` and `AsyncIntacctClientReader`: the readers for `areconcile`.

The same requests in the same order as the sync readers (`_sync_readers.py`); only awaiting.
"""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator
from typing import TypeVar

from bridge._mapping_config import MappingConfig
from bridge.reconcile._convert import from_credit_memo, from_invoice, from_order
from bridge.reconcile._model import CommerceDocument, IntacctDocument, Period
from bridge.reconcile._readers import (
    DEFAULT_COMMERCE_PAGE,
    DEFAULT_INTACCT_PAGE,
    INTACCT_OBJECTS,
    commerce_search,
    intacct_document,
    intacct_query,
    is_expected,
    orders_search,
)
from commerce_sdk import AsyncCommerceClient
from commerce_sdk.models import CreditMemo, Invoice, Order
from intacct_sdk import AsyncIntacctClient
from intacct_sdk.functions import Filter

__all__ = ["AsyncCommerceClientReader", "AsyncIntacctClientReader"]

_T = TypeVar("_T")
_D = TypeVar("_D", Invoice, CreditMemo)


async def _chunks(items: AsyncIterable[_T], size: int) -> AsyncIterator[list[_T]]:
    chunk: list[_T] = []
    async for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class AsyncCommerceClientReader:
    """`CommerceClientReader` over an `AsyncCommerceClient`."""

    def __init__(
        self,
        client: AsyncCommerceClient,
        config: MappingConfig,
        *,
        page_size: int = DEFAULT_COMMERCE_PAGE,
    ) -> None:
        self._client = client
        self._config = config
        self._page_size = page_size

    async def documents(self, period: Period) -> AsyncIterator[CommerceDocument]:
        """Credit memo adjustments, then bills, each sorted by number."""
        config, size = self._config, self._page_size
        search = commerce_search(period, config)
        memos = self._client.credit_memos.iter(search, page_size=size)
        async for memo, order in self._with_orders(memos):
            for document in from_credit_memo(memo, order, config):
                yield document
        if config.bills.source == "invoice":
            invoices = self._client.invoices.iter(search, page_size=size)
            async for invoice, order in self._with_orders(invoices):
                yield from_invoice(invoice, order, config)
            return
        async for order in self._client.orders.iter(search, page_size=size):
            if is_expected(order, config):
                yield from_order(order, config)

    async def _with_orders(self, documents: AsyncIterable[_D]) -> AsyncIterator[tuple[_D, Order]]:
        async for chunk in _chunks(documents, self._page_size):
            search = orders_search(d.order_id for d in chunk)
            orders = {o.entity_id: o for o in await self._client.orders.list(search)}
            for document in chunk:
                order = orders.get(document.order_id)
                if order is None:
                    order = await self._client.orders.get(document.order_id)
                yield document, order


class AsyncIntacctClientReader:
    """`IntacctClientReader` over an `AsyncIntacctClient`."""

    def __init__(
        self,
        client: AsyncIntacctClient,
        config: MappingConfig,
        *,
        page_size: int = DEFAULT_INTACCT_PAGE,
        extra_filter: Filter | None = None,
    ) -> None:
        self._client = client
        self._config = config
        self._page_size = page_size
        self._extra = extra_filter

    async def documents(self, period: Period) -> AsyncIterator[IntacctDocument]:
        """Adjustments, then bills, each sorted by number."""
        for obj in INTACCT_OBJECTS:
            select, where, order_by = intacct_query(obj, period, self._config, self._extra)
            rows = self._client.query(obj, select, where, order_by, page_size=self._page_size)
            async for chunk in _chunks(rows, self._page_size):
                keys = [str(row["RECORDNO"]) for row in chunk]
                found = await self._client.read(obj, keys)
                records = {str(r.get("RECORDNO")): r for r in found}
                for key in keys:
                    if key in records:
                        yield intacct_document(obj, records[key], self._config)
