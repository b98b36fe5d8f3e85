"""Event type spellings, normalised, and the families they belong to.

Spellings (research/commerce.md section 7):
- Commerce webhooks body `eventName`: `sales_order_place_before` (no `observer.` prefix, 7a);
- Commerce webhook method names: `observer.sales_order_save_after`,
  `plugin.magento.sales.api.order_management.place` (PaaS) and
  `plugin.sales.api.order_management.place` (SaaS: no `magento.` segment, 7a);
- I/O Events codes: `com.adobe.commerce.observer.sales_order_save_commit_after` (7b).

All of them normalise to `observer.<event>` or `plugin.<module>.api.<interface>.<method>`, lower
case, SaaS plugin spelling. A family groups the spellings of one business fact ("an order was
saved") across timing suffixes (`_before`, `_after`, `_commit_after`) and sources.
"""

from __future__ import annotations

import re
from enum import StrEnum

__all__ = ["EventFamily", "family_of", "normalize_event_type"]

_IO_PREFIX = "com.adobe.commerce."


class EventFamily(StrEnum):
    """The business fact behind an event, whatever its spelling."""

    ORDER_PLACED = "order_placed"
    ORDER_SAVED = "order_saved"
    INVOICE_SAVED = "invoice_saved"
    CREDIT_MEMO_SAVED = "credit_memo_saved"
    SHIPMENT_SAVED = "shipment_saved"
    CUSTOMER_SAVED = "customer_saved"
    CUSTOMER_DELETED = "customer_deleted"
    CUSTOMER_ADDRESS_SAVED = "customer_address_saved"
    COMPANY_SAVED = "company_saved"
    PURCHASE_ORDER_SAVED = "purchase_order_saved"
    UNKNOWN = "unknown"


def normalize_event_type(raw: str) -> str:
    """The canonical spelling of an event type (see the module docstring); "" stays "".

    >>> normalize_event_type("com.adobe.commerce.plugin.magento.sales.api.order_management.place")
    'plugin.sales.api.order_management.place'
    """
    name = raw.strip().lower()
    if name.startswith(_IO_PREFIX):
        name = name[len(_IO_PREFIX) :]
    if name.startswith("plugin.magento."):
        name = "plugin." + name[len("plugin.magento.") :]
    elif name and not name.startswith(("observer.", "plugin.")):
        # A bare Commerce webhooks `eventName` is an observer event name (research 7a).
        name = "observer." + name
    return name


# Observer event stems (the part before the timing suffix), per family.
_OBSERVER_STEMS: dict[str, EventFamily] = {
    "sales_order_place": EventFamily.ORDER_PLACED,
    "checkout_submit_all": EventFamily.ORDER_PLACED,
    "sales_order_save": EventFamily.ORDER_SAVED,
    "sales_order_invoice_save": EventFamily.INVOICE_SAVED,
    "sales_order_invoice_pay": EventFamily.INVOICE_SAVED,
    "sales_order_invoice_register": EventFamily.INVOICE_SAVED,
    "sales_order_creditmemo_save": EventFamily.CREDIT_MEMO_SAVED,
    "sales_order_creditmemo_refund": EventFamily.CREDIT_MEMO_SAVED,
    "sales_order_shipment_save": EventFamily.SHIPMENT_SAVED,
    "customer_save": EventFamily.CUSTOMER_SAVED,
    "customer_register_success": EventFamily.CUSTOMER_SAVED,
    "customer_delete": EventFamily.CUSTOMER_DELETED,
    "customer_address_save": EventFamily.CUSTOMER_ADDRESS_SAVED,
    "company_save": EventFamily.COMPANY_SAVED,
    "purchase_order_save": EventFamily.PURCHASE_ORDER_SAVED,
}
_TIMING = re.compile(r"_(?:before|after|commit_after|after_data_object)$")

# Plugin methods (SaaS spelling, after normalisation), per family.
_PLUGINS: dict[str, EventFamily] = {
    "plugin.sales.api.order_management.place": EventFamily.ORDER_PLACED,
    "plugin.sales.api.order_repository.save": EventFamily.ORDER_SAVED,
    "plugin.sales.api.invoice_repository.save": EventFamily.INVOICE_SAVED,
    "plugin.sales.api.invoice_management.set_capture": EventFamily.INVOICE_SAVED,
    "plugin.sales.api.creditmemo_repository.save": EventFamily.CREDIT_MEMO_SAVED,
    # research section 7a lists `creditmemo_repository.create` among the common methods.
    "plugin.sales.api.creditmemo_repository.create": EventFamily.CREDIT_MEMO_SAVED,
    "plugin.sales.api.creditmemo_management.refund": EventFamily.CREDIT_MEMO_SAVED,
    "plugin.sales.api.shipment_repository.save": EventFamily.SHIPMENT_SAVED,
    "plugin.customer.api.customer_repository.save": EventFamily.CUSTOMER_SAVED,
    "plugin.customer.api.customer_repository.delete": EventFamily.CUSTOMER_DELETED,
    "plugin.customer.api.customer_repository.delete_by_id": EventFamily.CUSTOMER_DELETED,
    "plugin.customer.api.address_repository.save": EventFamily.CUSTOMER_ADDRESS_SAVED,
    "plugin.company.api.company_repository.save": EventFamily.COMPANY_SAVED,
    "plugin.purchase_order.api.purchase_order_repository.save": EventFamily.PURCHASE_ORDER_SAVED,
}


def family_of(event_type: str) -> EventFamily:
    """The family of a (normalised or raw) event type; UNKNOWN when it is not one we map."""
    name = normalize_event_type(event_type)
    if name.startswith("plugin."):
        return _PLUGINS.get(name, EventFamily.UNKNOWN)
    stem = _TIMING.sub("", name.removeprefix("observer."))
    return _OBSERVER_STEMS.get(stem, EventFamily.UNKNOWN)
