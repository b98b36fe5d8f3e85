"""Typed helpers for `AsyncIntacctClient` (the logic is in `_flows`; this only drives it)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from intacct_sdk._helpers import _flows as f
from intacct_sdk._serialize import (
    ap_bill_from_record,
    gl_account_from_record,
    vendor_from_record,
)
from intacct_sdk.models import APAdjustment, APBill, GLAccount, PurchaseOrder, Vendor

if TYPE_CHECKING:
    from intacct_sdk._async_client import AsyncIntacctClient

__all__ = ["APAdjustments", "APBills", "GLAccounts", "PurchaseOrders", "Vendors"]


class _Helper:
    def __init__(self, client: AsyncIntacctClient) -> None:
        self._client = client


class Vendors(_Helper):
    """VENDOR: create, update, get by VENDORID, find by e-mail, iterate."""

    async def create(self, vendor: Vendor, *, control_id: str | None = None) -> Vendor:
        """Create the vendor; a duplicate returns the stored vendor instead of posting again."""
        return await self._client._arun(f.vendor_create(vendor, control_id))

    async def update(self, vendor: Vendor, *, control_id: str | None = None) -> Vendor:
        """Update the vendor (by VENDORID) and return it as stored."""
        return await self._client._arun(f.vendor_update(vendor, control_id))

    async def get(self, vendor_id: str) -> Vendor | None:
        """The vendor with this VENDORID, or None."""
        return await self._client._arun(f.vendor_get(vendor_id))

    async def find_many(
        self, vendor_ids: Iterable[str] = (), emails: Iterable[str] = ()
    ) -> list[Vendor]:
        """Vendors by VENDORID or by e-mail (any case), a whole batch in one or two queries."""
        return await self._client._arun(f.vendor_find_many(vendor_ids, emails))

    async def find_by_email(self, email: str) -> list[Vendor]:
        """Vendors whose DISPLAYCONTACT.EMAIL1 matches `email`, ignoring case."""
        return await self._client._arun(f.vendor_find_by_email(email))

    async def iter(self, query: str = "", *, page_size: int = 1000) -> AsyncIterator[Vendor]:
        """Every vendor matching a readByQuery `query`, fetched page by page."""
        async for record in self._client.read_by_query("VENDOR", query, page_size=page_size):
            yield vendor_from_record(record)

    def changed_since(self, when: datetime, *, page_size: int = 1000) -> AsyncIterator[Vendor]:
        """Vendors with WHENMODIFIED at or after `when` (timezone-aware)."""
        return self.iter(f.changed_since_query(when), page_size=page_size)


class APBills(_Helper):
    """APBILL: create (3.0), get by RECORDNO, find by RECORDID(s), iterate."""

    async def create(self, bill: APBill, *, control_id: str | None = None) -> APBill:
        """Create the bill; a duplicate returns the stored bill instead of posting again."""
        return await self._client._arun(f.bill_create(bill, control_id))

    async def get(self, record_no: str | int) -> APBill | None:
        """The bill with this RECORDNO (lines included), or None."""
        return await self._client._arun(f.bill_get(record_no))

    async def find(self, record_id: str, *, vendor_id: str | None = None) -> APBill | None:
        """The bill with this RECORDID (bill number), or None."""
        return await self._client._arun(f.bill_find(record_id, vendor_id))

    async def find_many(self, record_ids: Iterable[str]) -> dict[str, APBill]:
        """{RECORDID: bill} for the ids that exist (one request)."""
        return await self._client._arun(f.bill_find_many(record_ids))

    async def iter(self, query: str = "", *, page_size: int = 1000) -> AsyncIterator[APBill]:
        """Every bill matching a readByQuery `query`, fetched page by page."""
        async for record in self._client.read_by_query("APBILL", query, page_size=page_size):
            yield ap_bill_from_record(record)


class APAdjustments(_Helper):
    """AP adjustments (credit/debit memos): create (legacy), find by adjustment number."""

    async def create(
        self, adjustment: APAdjustment, *, control_id: str | None = None
    ) -> APAdjustment:
        """Create the adjustment; a duplicate returns the stored one instead of posting again."""
        return await self._client._arun(f.adjustment_create(adjustment, control_id))

    async def find(self, adjustment_no: str) -> APAdjustment | None:
        """The adjustment with this number, or None."""
        return await self._client._arun(f.adjustment_find(adjustment_no))


class PurchaseOrders(_Helper):
    """Purchasing transactions: create (legacy create_potransaction), find by document number."""

    async def create(self, po: PurchaseOrder, *, control_id: str | None = None) -> PurchaseOrder:
        """Create the document; a duplicate returns the stored one instead of posting again."""
        return await self._client._arun(f.po_create(po, control_id))

    async def find(
        self, document_no: str, *, transaction_type: str = "Purchase Order"
    ) -> PurchaseOrder | None:
        """The document with this number and transaction definition, or None."""
        return await self._client._arun(f.po_find(document_no, transaction_type))


class GLAccounts(_Helper):
    """GLACCOUNT (read only): list, get, exists-and-active check."""

    async def list(self, query: str = "") -> list[GLAccount]:
        """Every GL account (matching a readByQuery `query`)."""
        return [
            gl_account_from_record(r) async for r in self._client.read_by_query("GLACCOUNT", query)
        ]

    async def get(self, account_no: str) -> GLAccount | None:
        """The account with this number, or None."""
        return await self._client._arun(f.gl_get(account_no))

    async def exists_active(self, account_nos: Iterable[str]) -> dict[str, bool]:
        """{account_no: True when it exists and is active}, in one request."""
        return await self._client._arun(f.gl_exists_active(account_nos))
