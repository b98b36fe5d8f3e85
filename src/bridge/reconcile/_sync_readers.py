"""`CommerceClientReader` and `IntacctClientReader`: the readers over the sync clients."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TypeVar

from bridge._mapping_config import MappingConfig
from bridge.reconcile._convert import from_credit_memo, from_invoice, from_order
from bridge.reconcile._model import CommerceDocument, IntacctDocument, Period
from bridge.reconcile._readers import (
    DEFAULT_COMMERCE_PAGE,
    DEFAULT_INTACCT_PAGE,
    INTACCT_OBJECTS,
    chunks,
    commerce_search,
    intacct_document,
    intacct_query,
    is_expected,
    orders_search,
)
from commerce_sdk import CommerceClient
from commerce_sdk.models import CreditMemo, Invoice, Order
from intacct_sdk import IntacctClient
from intacct_sdk.functions import Filter

__all__ = ["CommerceClientReader", "IntacctClientReader"]

_D = TypeVar("_D", Invoice, CreditMemo)


class CommerceClientReader:
    """A `CommerceReader` over a `CommerceClient`.

    Reads the credit memos, then the orders (or, with `bills.source = "invoice"`, the invoices)
    created in the period's days (company timezone), sorted by increment id, a page at a time.
    Invoices and memos need their order for mapping: one search per page fetches them all.
    Orders the sync would not post (`skip_reason`) are not expected, except closed ones.
    """

    def __init__(
        self,
        client: CommerceClient,
        config: MappingConfig,
        *,
        page_size: int = DEFAULT_COMMERCE_PAGE,
    ) -> None:
        self._client = client
        self._config = config
        self._page_size = page_size

    def documents(self, period: Period) -> Iterator[CommerceDocument]:
        """Credit memo adjustments, then bills, each sorted by number."""
        config, size = self._config, self._page_size
        search = commerce_search(period, config)
        for memo, order in self._with_orders(
            self._client.credit_memos.iter(search, page_size=size)
        ):
            yield from from_credit_memo(memo, order, config)
        if config.bills.source == "invoice":
            invoices = self._client.invoices.iter(search, page_size=size)
            for invoice, order in self._with_orders(invoices):
                yield from_invoice(invoice, order, config)
            return
        for order in self._client.orders.iter(search, page_size=size):
            if is_expected(order, config):
                yield from_order(order, config)

    def _with_orders(self, documents: Iterable[_D]) -> Iterator[tuple[_D, Order]]:
        for chunk in chunks(documents, self._page_size):
            search = orders_search(d.order_id for d in chunk)
            orders = {o.entity_id: o for o in self._client.orders.list(search)}
            for document in chunk:
                order = orders.get(document.order_id)
                if order is None:  # not in the search (yet): ask for it (NotFoundError if gone)
                    order = self._client.orders.get(document.order_id)
                yield document, order


class IntacctClientReader:
    """An `IntacctReader` over an `IntacctClient`.

    One `query` per object lists `RECORDNO` and `RECORDID` of the records dated in the period
    (`WHENCREATED`), sorted by `RECORDID`; each page is then read with its lines in one request
    (`read`, 100 keys per function). With a number prefix configured, only the bridge's numbers
    are read; records without a number are not. `extra_filter` narrows further.
    """

    def __init__(
        self,
        client: IntacctClient,
        config: MappingConfig,
        *,
        page_size: int = DEFAULT_INTACCT_PAGE,
        extra_filter: Filter | None = None,
    ) -> None:
        self._client = client
        self._config = config
        self._page_size = page_size
        self._extra = extra_filter

    def documents(self, period: Period) -> Iterator[IntacctDocument]:
        """Adjustments, then bills, each sorted by number."""
        for obj in INTACCT_OBJECTS:
            select, where, order_by = intacct_query(obj, period, self._config, self._extra)
            rows = self._client.query(obj, select, where, order_by, page_size=self._page_size)
            for chunk in chunks(rows, self._page_size):
                keys = [str(row["RECORDNO"]) for row in chunk]
                records = {str(r.get("RECORDNO")): r for r in self._client.read(obj, keys)}
                for key in keys:
                    if key in records:  # else deleted between the query and the read
                        yield intacct_document(obj, records[key], self._config)
