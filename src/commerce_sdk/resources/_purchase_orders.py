"""Paging and filtering GraphQL purchase orders (pure; shared by both clients)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from commerce_sdk._graphql import (
    PURCHASE_ORDERS_QUERY,
    purchase_order_page,
    purchase_orders_variables,
)
from commerce_sdk.models import PurchaseOrder

__all__ = ["PurchaseOrderPlan"]


class PurchaseOrderPlan:
    """One `purchase_orders.iter()`: the query, each page's variables, and when to stop."""

    query = PURCHASE_ORDERS_QUERY

    def __init__(
        self,
        *,
        page_size: int,
        updated_since: datetime | None,
        company_purchase_orders: bool,
        company_id: int | None,
    ) -> None:
        if not isinstance(page_size, int) or page_size < 1:
            raise ValueError(f"page_size: expected an int >= 1, got {page_size!r}")
        if updated_since is not None and updated_since.tzinfo is None:
            raise ValueError(
                f"updated_since: expected a timezone-aware datetime, got {updated_since!r}"
            )
        self.page_size = page_size
        self.updated_since = updated_since
        self.company_purchase_orders = company_purchase_orders
        self.company_id = company_id
        self._seen: set[str] = set()

    def variables(self, page: int) -> dict[str, Any]:
        """GraphQL variables for page `page`."""
        return purchase_orders_variables(
            current_page=page,
            page_size=self.page_size,
            company_purchase_orders=self.company_purchase_orders,
        )

    def accept(self, page: int, data: Mapping[str, Any]) -> tuple[list[PurchaseOrder], int | None]:
        """The page's purchase orders (filtered, deduped by uid) and the next page or None.

        Stops on the last page by `total_pages` or on a short page, like REST paging.
        """
        nodes, _current, total_pages = purchase_order_page(data)
        out: list[PurchaseOrder] = []
        for node in nodes:
            po = PurchaseOrder.from_graphql(node, company_id=self.company_id)
            if po.uid in self._seen:
                continue
            self._seen.add(po.uid)
            if self.updated_since is not None:
                stamp = po.updated_at or po.created_at
                if stamp is not None and stamp < self.updated_since:
                    continue
            out.append(po)
        done = page >= total_pages or len(nodes) < self.page_size
        return out, None if done else page + 1
