"""Every default of the bridge's mapping layer in one place."""

from __future__ import annotations

from decimal import Decimal
from typing import Final

#: Commerce order states that are ready to post (research/commerce.md section 4 lists the states).
DEFAULT_READY_STATES: Final = ("processing", "complete")
DEFAULT_CUSTOMER_VENDOR_PREFIX: Final = "C-"
DEFAULT_COMPANY_VENDOR_PREFIX: Final = "B-"
DEFAULT_GUEST_VENDOR_PREFIX: Final = "G-"
#: The Commerce custom attribute that carries the Intacct VENDORID back (issue 5 point 5).
DEFAULT_VENDOR_ID_ATTRIBUTE: Final = "erp_vendor_number"
DEFAULT_DUE_DAYS: Final = 30
DEFAULT_TIMEZONE: Final = "UTC"
DEFAULT_BASE_CURRENCY: Final = "USD"
DEFAULT_PO_TRANSACTION_TYPE: Final = "Purchase Order"
DEFAULT_CONTROL_ID_PREFIX: Final = "cm"

#: Money is posted with 2 decimals: Intacct rounds more decimals itself (research/intacct.md
#: section 8, APBILL), so we round first and control where the remainder goes.
CENT: Final = Decimal("0.01")
#: Precision of an exchange rate we compute from Commerce's `base_to_order_rate` [unverified:
#: the number of decimals Intacct keeps for EXCHANGE_RATE].
RATE_QUANTUM: Final = Decimal("0.0000000001")

#: Who owns each vendor-master field. "commerce": Commerce is the source, Intacct's value is never
#: written back; "intacct": `vendor_to_*_update` copies Intacct's value into Commerce.
OWNERSHIP_FIELDS: Final = ("name", "email", "phone", "address", "tax_id")
DEFAULT_OWNERSHIP: Final = {
    "name": "commerce",
    "email": "commerce",
    "phone": "commerce",
    "address": "commerce",
    "tax_id": "intacct",
}

#: Intacct field lengths used for clipping. [unverified] The research does not list them: these
#: are conservative values; set the real ones from your company's object definitions.
DEFAULT_TEXT_LIMITS: Final = {
    "vendor_id": 20,
    "vendor_name": 100,
    "contact_name": 40,
    "email": 200,
    "phone": 30,
    "address_line": 100,
    "city": 80,
    "state": 40,
    "zip": 30,
    "tax_id": 20,
    "record_id": 45,
    "doc_number": 45,
    "description": 1000,
    "line_memo": 1000,
    "adjustment_no": 45,
    "document_no": 45,
    "reference_no": 100,
    "message": 1000,
    "item_id": 30,
    "item_description": 1000,
}

#: Function controlid: at most 256 characters (research/intacct.md section 1); the safe charset.
CONTROL_ID_MAX: Final = 256
CONTROL_ID_SAFE: Final = "[A-Za-z0-9._:-]"
