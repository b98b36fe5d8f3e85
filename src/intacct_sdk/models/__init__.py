"""Typed Intacct objects: what the typed helpers post and what reads return.

Field names are the Intacct field names in snake case (`VENDORID` -> `vendor_id`,
`WHENCREATED` -> `when_created`); each class's docstring names the object and function it maps to.
Money is `Decimal`, dates are `datetime.date`, timestamps are timezone-aware. `custom_fields` passes
custom fields through untouched; `extra` keeps the fields a read returned that the model does not
name, so nothing is lost on a round trip.
"""

from intacct_sdk.models._ap import APAdjustment, APAdjustmentLine, APBill, APBillLine
from intacct_sdk.models._gl import GLAccount
from intacct_sdk.models._po import PurchaseOrder, PurchaseOrderLine
from intacct_sdk.models._vendor import Address, Contact, Vendor

__all__ = [
    "APAdjustment",
    "APAdjustmentLine",
    "APBill",
    "APBillLine",
    "Address",
    "Contact",
    "GLAccount",
    "PurchaseOrder",
    "PurchaseOrderLine",
    "Vendor",
]
