"""Pure mapping from Commerce documents to Intacct records, and vendors both ways.

Typed models in (`commerce_sdk.models`), typed models out (`intacct_sdk.models`): no clients, no
I/O, no clock. Every write comes with a deterministic function controlid. See docs/mapping.md.
"""

from bridge._errors import ConfigError, MappingError, MappingWarning
from bridge.mapping._adjustments import credit_memo_to_ap_adjustments
from bridge.mapping._bills import invoice_to_ap_bill, order_to_ap_bill
from bridge.mapping._control_ids import control_id
from bridge.mapping._matching import (
    guest_vendor_id,
    is_ready,
    match_vendor,
    skip_reason,
    vendor_id_for_company,
    vendor_id_for_customer,
    vendor_id_for_order,
)
from bridge.mapping._purchase_orders import purchase_order_to_po
from bridge.mapping._results import (
    MappedAdjustment,
    MappedAdjustments,
    MappedBill,
    MappedPurchaseOrder,
    MappedVendor,
    MatchKind,
    VendorMatch,
)
from bridge.mapping._vendors import (
    company_to_vendor,
    customer_to_vendor,
    order_to_vendor,
    vendor_to_company_update,
    vendor_to_customer_update,
)

__all__ = [
    "ConfigError",
    "MappedAdjustment",
    "MappedAdjustments",
    "MappedBill",
    "MappedPurchaseOrder",
    "MappedVendor",
    "MappingError",
    "MappingWarning",
    "MatchKind",
    "VendorMatch",
    "company_to_vendor",
    "control_id",
    "credit_memo_to_ap_adjustments",
    "customer_to_vendor",
    "guest_vendor_id",
    "invoice_to_ap_bill",
    "is_ready",
    "match_vendor",
    "order_to_ap_bill",
    "order_to_vendor",
    "purchase_order_to_po",
    "skip_reason",
    "vendor_id_for_company",
    "vendor_id_for_customer",
    "vendor_id_for_order",
    "vendor_to_company_update",
    "vendor_to_customer_update",
]
