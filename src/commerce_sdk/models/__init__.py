"""Typed Adobe Commerce objects, parsed from REST (`from_api`) or GraphQL (`from_graphql`).

Money and quantities are `Decimal`; timestamps are UTC-aware `datetime`s; ids are `int`.
`extra` keeps fields the model does not name and `raw` the payload as read, so nothing is lost.
A payload of the wrong shape raises `ModelParseError` naming the model and field.
"""

from commerce_sdk.models._b2b import PurchaseOrder, PurchaseOrderItem
from commerce_sdk.models._billing import CreditMemo, CreditMemoItem, Invoice, InvoiceItem
from commerce_sdk.models._customers import Company, Customer, CustomerAddress
from commerce_sdk.models._parse import ModelParseError
from commerce_sdk.models._sales import Address, Order, OrderItem

__all__ = [
    "Address",
    "Company",
    "CreditMemo",
    "CreditMemoItem",
    "Customer",
    "CustomerAddress",
    "Invoice",
    "InvoiceItem",
    "ModelParseError",
    "Order",
    "OrderItem",
    "PurchaseOrder",
    "PurchaseOrderItem",
]
