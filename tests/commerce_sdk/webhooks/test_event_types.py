"""Every event spelling normalises and maps to its family (research/commerce.md section 7)."""

from __future__ import annotations

import pytest

from commerce_sdk.webhooks import EventFamily, family_of, normalize_event_type

F = EventFamily

SPELLINGS = [
    # Commerce webhooks `eventName` (no observer. prefix), method names, I/O Events codes.
    ("sales_order_place_before", "observer.sales_order_place_before", F.ORDER_PLACED),
    ("sales_order_place_after", "observer.sales_order_place_after", F.ORDER_PLACED),
    ("observer.sales_order_place_before", "observer.sales_order_place_before", F.ORDER_PLACED),
    (
        "plugin.magento.sales.api.order_management.place",
        "plugin.sales.api.order_management.place",
        F.ORDER_PLACED,
    ),
    (
        "plugin.sales.api.order_management.place",
        "plugin.sales.api.order_management.place",
        F.ORDER_PLACED,
    ),
    ("observer.sales_order_save_after", "observer.sales_order_save_after", F.ORDER_SAVED),
    (
        "com.adobe.commerce.observer.sales_order_save_commit_after",
        "observer.sales_order_save_commit_after",
        F.ORDER_SAVED,
    ),
    ("sales_order_save_after", "observer.sales_order_save_after", F.ORDER_SAVED),
    (
        "observer.sales_order_invoice_save_after",
        "observer.sales_order_invoice_save_after",
        F.INVOICE_SAVED,
    ),
    (
        "com.adobe.commerce.observer.sales_order_invoice_save_after",
        "observer.sales_order_invoice_save_after",
        F.INVOICE_SAVED,
    ),
    (
        "observer.sales_order_creditmemo_save_after",
        "observer.sales_order_creditmemo_save_after",
        F.CREDIT_MEMO_SAVED,
    ),
    (
        "com.adobe.commerce.observer.sales_order_creditmemo_save_after",
        "observer.sales_order_creditmemo_save_after",
        F.CREDIT_MEMO_SAVED,
    ),
    (
        "plugin.magento.sales.api.creditmemo_repository.create",
        "plugin.sales.api.creditmemo_repository.create",
        F.CREDIT_MEMO_SAVED,
    ),
    (
        "com.adobe.commerce.observer.sales_order_shipment_save_after",
        "observer.sales_order_shipment_save_after",
        F.SHIPMENT_SAVED,
    ),
    ("observer.customer_save_after", "observer.customer_save_after", F.CUSTOMER_SAVED),
    (
        "com.adobe.commerce.observer.customer_save_commit_after",
        "observer.customer_save_commit_after",
        F.CUSTOMER_SAVED,
    ),
    (
        "observer.customer_save_after_data_object",
        "observer.customer_save_after_data_object",
        F.CUSTOMER_SAVED,
    ),
    (
        "com.adobe.commerce.observer.customer_delete_commit_after",
        "observer.customer_delete_commit_after",
        F.CUSTOMER_DELETED,
    ),
    (
        "plugin.magento.customer.api.address_repository.save",
        "plugin.customer.api.address_repository.save",
        F.CUSTOMER_ADDRESS_SAVED,
    ),
    (
        "com.adobe.commerce.observer.company_save_commit_after",
        "observer.company_save_commit_after",
        F.COMPANY_SAVED,
    ),
    (
        "observer.purchase_order_save_after",
        "observer.purchase_order_save_after",
        F.PURCHASE_ORDER_SAVED,
    ),
    (
        "plugin.magento.purchase_order.api.purchase_order_repository.save",
        "plugin.purchase_order.api.purchase_order_repository.save",
        F.PURCHASE_ORDER_SAVED,
    ),
    (
        "  COM.ADOBE.COMMERCE.Observer.Sales_Order_Save_After ",
        "observer.sales_order_save_after",
        F.ORDER_SAVED,
    ),
    ("catalog_product_save_after", "observer.catalog_product_save_after", F.UNKNOWN),
    (
        "plugin.magento.catalog.api.product_repository.save",
        "plugin.catalog.api.product_repository.save",
        F.UNKNOWN,
    ),
    ("", "", F.UNKNOWN),
]


@pytest.mark.parametrize(("raw", "canonical", "family"), SPELLINGS)
def test_each_spelling_normalises_and_maps_to_its_family(raw, canonical, family):
    assert normalize_event_type(raw) == canonical
    assert family_of(raw) is family


def test_paas_and_saas_plugin_spellings_are_the_same_type():
    assert normalize_event_type("plugin.magento.sales.api.order_management.place") == (
        normalize_event_type("plugin.sales.api.order_management.place")
    )


def test_every_family_but_unknown_has_a_spelling_in_the_table():
    covered = {family for _, _, family in SPELLINGS}
    assert covered == set(EventFamily)
