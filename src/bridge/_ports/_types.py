"""Port protocols and the outcome of posting one function."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping, Sequence
from datetime import datetime
from typing import Any, Protocol

import attrs

from commerce_sdk.models import Company, CreditMemo, Customer, Invoice, Order
from commerce_sdk.models import PurchaseOrder as CommercePurchaseOrder
from intacct_sdk import IntacctError
from intacct_sdk.models import APAdjustment, APBill, PurchaseOrder, Vendor


@attrs.frozen(kw_only=True)
class PostOutcome:
    """What happened to one function of a batch.

    `unknown` means the request may or may not have been applied (timeout, 524, dropped
    response): the pipeline reads the record back before deciding, never posts blindly again.
    """

    control_id: str
    ok: bool
    key: str | None = None
    duplicate: bool = False
    unknown: bool = False
    retryable: bool = False
    error: IntacctError | None = None
    errornos: tuple[str, ...] = ()
    message: str | None = None


class IntacctPort(Protocol):
    """Intacct operations the pipeline needs."""

    @property
    def request_count(self) -> int:
        """HTTP requests sent so far."""
        ...

    async def find_vendors(self, vendor_ids: Sequence[str], emails: Sequence[str]) -> list[Vendor]:
        """Vendors whose VENDORID is in `vendor_ids` or whose e-mail is in `emails` (one query)."""
        ...

    async def create_vendors(self, vendors: Sequence[tuple[Vendor, str]]) -> list[PostOutcome]:
        """Create vendors (with their control ids) in as few requests as possible."""
        ...

    async def update_vendor(self, vendor: Vendor, control_id: str) -> PostOutcome:
        """Update one vendor's fields."""
        ...

    def vendors_changed_since(self, since: datetime | None) -> AsyncIterator[Vendor]:
        """Vendors whose WHENMODIFIED is at or after `since`."""
        ...

    async def existing_bills(self, record_ids: Sequence[str]) -> dict[str, str]:
        """RECORDID -> RECORDNO for the bill numbers that already exist."""
        ...

    async def post_bills(self, bills: Sequence[tuple[APBill, str]]) -> list[PostOutcome]:
        """Create bills (one request, many functions, uniqueid)."""
        ...

    async def existing_adjustments(self, adjustment_nos: Sequence[str]) -> dict[str, str]:
        """Adjustment number -> RECORDNO for those that exist."""
        ...

    async def post_adjustments(
        self, adjustments: Sequence[tuple[APAdjustment, str]]
    ) -> list[PostOutcome]:
        """Create AP adjustments."""
        ...

    async def existing_purchase_orders(self, document_nos: Sequence[str]) -> dict[str, str]:
        """PO document number -> key for those that exist."""
        ...

    async def post_purchase_orders(
        self, orders: Sequence[tuple[PurchaseOrder, str]]
    ) -> list[PostOutcome]:
        """Create purchase orders."""
        ...

    async def inactive_or_missing_accounts(self, account_nos: Sequence[str]) -> list[str]:
        """The account numbers that do not exist or are not active."""
        ...


class CommercePort(Protocol):
    """Commerce operations the pipeline needs."""

    @property
    def request_count(self) -> int:
        """HTTP requests sent so far."""
        ...

    def iter_documents(
        self, stream: str, since: datetime | None, *, page_size: int | None = None
    ) -> AsyncIterator[Any]:
        """Typed documents of `stream` updated at or after `since`, oldest first (`page_size`
        records per request; None: the client's default)."""
        ...

    async def get_document(self, stream: str, source_id: str) -> Any:
        """One typed document by id."""
        ...

    async def get_order(self, entity_id: int) -> Order:
        """One order."""
        ...

    async def get_invoice(self, entity_id: int) -> Invoice:
        """One invoice."""
        ...

    async def get_credit_memo(self, entity_id: int) -> CreditMemo:
        """One credit memo."""
        ...

    async def get_customer(self, customer_id: int) -> Customer:
        """One customer."""
        ...

    async def get_company(self, company_id: int) -> Company:
        """One company."""
        ...

    async def get_purchase_order(self, uid: str) -> CommercePurchaseOrder:
        """One B2B purchase order."""
        ...

    async def update_customer(self, customer_id: int, payload: Mapping[str, Any]) -> Customer:
        """Full-replace update of a customer."""
        ...

    async def update_company(self, company_id: int, payload: Mapping[str, Any]) -> Company:
        """Full-replace update of a company."""
        ...
