"""Seeding and inspecting the fake's records (`add_order`, `touch`, `get`, ...)."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any

from commerce_sdk.testing._clock import Clock, utc_text
from commerce_sdk.testing._store import Store, copy_json, normalise_kind

__all__ = ["RecordsMixin"]


class RecordsMixin:
    """Record methods of `FakeCommerce`; every call holds the fake's lock."""

    _lock: threading.RLock
    store: Store
    clock: Clock
    _passwords: dict[str, str]

    def _add(self, kind: str, data: Mapping[str, Any]) -> dict[str, Any]:
        with self._lock:
            return self.store.add(kind, data, utc_text(self.clock()))

    def add_order(self, order: Mapping[str, Any]) -> dict[str, Any]:
        """Store an order (REST `sales-data-order-interface` JSON); `entity_id`, `increment_id`,
        `created_at` and `updated_at` are filled when missing. Returns the stored copy."""
        return self._add("order", order)

    def add_invoice(self, invoice: Mapping[str, Any]) -> dict[str, Any]:
        """Store an invoice (needs `order_id`)."""
        return self._add("invoice", invoice)

    def add_credit_memo(self, credit_memo: Mapping[str, Any]) -> dict[str, Any]:
        """Store a credit memo (needs `order_id`)."""
        return self._add("credit_memo", credit_memo)

    def add_customer(
        self, customer: Mapping[str, Any], *, password: str | None = None
    ) -> dict[str, Any]:
        """Store a customer; with `password`, the customer can get a customer token."""
        record = self._add("customer", customer)
        if password is not None:
            with self._lock:
                self._passwords[str(record.get("email", "")).lower()] = password
        return record

    def add_company(self, company: Mapping[str, Any]) -> dict[str, Any]:
        """Store a B2B company."""
        return self._add("company", company)

    def add_purchase_order(self, purchase_order: Mapping[str, Any]) -> dict[str, Any]:
        """Store a B2B purchase order in its GraphQL shape (`uid`, `number`, `status`,
        `created_at`, `updated_at`, `created_by{firstname lastname email}`, `order{number}`,
        `quote{prices{grand_total{value currency}} items[...]}`) plus `company_id` and
        `created_by_customer_id`, which decide who may read it."""
        if "company_id" not in purchase_order:
            raise ValueError("purchase_order.company_id: required (the company that owns it)")
        return self._add("purchase_order", purchase_order)

    def get(self, kind: str, ident: Any) -> dict[str, Any] | None:
        """A copy of one stored record (kind: order, invoice, credit_memo, customer, company,
        purchase_order), or None."""
        with self._lock:
            return self.store.get(normalise_kind(kind), ident)

    def records(self, kind: str) -> list[dict[str, Any]]:
        """Copies of every stored record of a kind, in id order."""
        with self._lock:
            return [copy_json(r) for r in self.store.all(normalise_kind(kind))]

    def touch(self, kind: str, ident: Any) -> dict[str, Any]:
        """Bump a record's `updated_at` to the clock's now (as a status change would)."""
        with self._lock:
            return self.store.touch(normalise_kind(kind), ident, utc_text(self.clock()))

    def update(self, kind: str, ident: Any, changes: Mapping[str, Any]) -> dict[str, Any]:
        """Change top-level fields of a record and bump its `updated_at`."""
        with self._lock:
            return self.store.update(normalise_kind(kind), ident, changes, utc_text(self.clock()))
