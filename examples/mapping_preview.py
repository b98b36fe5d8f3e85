"""Preview what a Commerce order becomes in Intacct, without talking to either system.

    .venv/bin/python examples/mapping_preview.py [path/to/bridge.toml]

Maps a sample B2B order (EUR, a configurable and a bundle item, a discount) with the example
configuration and prints the AP bill (header, lines, totals, the function controlid, warnings),
then the exact `<function>` element `intacct_sdk` posts for it (`render_xml`).
"""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

from lxml import etree

from bridge import MappingConfig
from bridge.mapping import MappedBill, order_to_ap_bill, vendor_id_for_order
from commerce_sdk.models import Order
from intacct_sdk.functions import Create

EXAMPLE_CONFIG = Path(__file__).with_name("bridge.example.toml")

SAMPLE_ORDER = {
    "entity_id": 41,
    "increment_id": "000000041",
    "state": "processing",
    "store_id": 2,
    "customer_id": 7,
    "customer_email": "buyer@northwind.example",
    "customer_firstname": "Ana",
    "customer_lastname": "Ruiz",
    "created_at": "2026-03-01 09:15:00",
    "order_currency_code": "EUR",
    "base_currency_code": "USD",
    "base_to_order_rate": "0.9187",
    "grand_total": "129.00",
    "subtotal": "110.00",
    "tax_amount": "19.00",
    "shipping_amount": "10.00",
    "shipping_description": "Freight",
    "discount_amount": "-10.00",
    "discount_description": "SPRING10",
    "items": [
        {"item_id": 1, "sku": "TEE-RED-M", "name": "Tee", "product_type": "configurable",
         "qty_ordered": 2, "price": "30", "row_total": "60"},
        {"item_id": 2, "sku": "TEE-RED-M", "name": "Tee Red M", "product_type": "simple",
         "parent_item_id": 1, "qty_ordered": 2, "price": "0", "row_total": "0"},
        {"item_id": 3, "sku": "KIT", "name": "Kit", "product_type": "bundle",
         "qty_ordered": 1, "price": "0", "row_total": "0"},
        {"item_id": 4, "sku": "KIT-A", "name": "Kit part A", "product_type": "simple",
         "parent_item_id": 3, "qty_ordered": 1, "price": "20", "row_total": "20"},
        {"item_id": 5, "sku": "KIT-B", "name": "Kit part B", "product_type": "virtual",
         "parent_item_id": 3, "qty_ordered": 1, "price": "30", "row_total": "30"},
    ],
    "payment": {"method": "purchaseorder", "po_number": "PO-7781"},
    "extension_attributes": {
        "channel": "b2b-portal",
        "company_order_attributes": {"order_id": 41, "company_id": 3, "company_name": "Northwind"},
    },
}  # fmt: skip


def render(mapped: MappedBill) -> str:
    """A readable table of the bill (the boundary where the Intacct XML rendering plugs in)."""
    bill = mapped.bill
    rate = bill.exchange_rate if bill.exchange_rate is not None else bill.exchange_rate_type_id
    rows = [
        f"controlid     {mapped.control_id}   (source: {mapped.source})",
        f"VENDORID      {bill.vendor_id}",
        f"RECORDID      {bill.record_id}    DOCNUMBER {bill.doc_number}",
        f"WHENCREATED   {bill.when_created}    WHENDUE {bill.when_due}",
        f"TERMNAME      {bill.term_name}",
        f"CURRENCY      {bill.currency} -> {bill.base_currency}   rate: {rate}",
        f"DESCRIPTION   {bill.description}",
        f"custom fields {dict(bill.custom_fields)}",
        "",
        f"{'ACCOUNTNO':<10} {'LOCATION':<9} {'DEPT':<9} {'TRX_AMOUNT':>11}  ENTRYDESCRIPTION",
    ]
    rows.extend(
        f"{line.account_no:<10} {line.location_id or '':<9} {line.department_id or '':<9} "
        f"{line.trx_amount:>11}  {line.entry_description or ''}"
        for line in bill.lines
    )
    rows.append(f"{'':<30} {'-' * 11}")
    rows.append(f"{'total':<30} {bill.total:>11}")
    rows.extend(f"warning: {w}" for w in mapped.warnings)
    return "\n".join(rows)


def render_xml(mapped: MappedBill) -> str:
    """The `<function>` this bill is posted as: exactly what goes inside `<content>`."""
    function = Create.for_model(mapped.bill, control_id=mapped.control_id)
    element = etree.fromstring(function.to_xml())
    etree.indent(element, space="  ")
    return etree.tostring(element, encoding="unicode")


def main(argv: list[str]) -> int:
    config = MappingConfig.from_toml(argv[1] if len(argv) > 1 else EXAMPLE_CONFIG)
    order = Order.from_api(SAMPLE_ORDER)
    vendor_id = vendor_id_for_order(order, config) or "GUEST"
    mapped = order_to_ap_bill(order, config, vendor_id=vendor_id)
    print(render(mapped))
    print()
    print("The Intacct XML (one <function> of a request; uniqueid makes a resend harmless):")
    print(render_xml(mapped))
    assert mapped.bill.total == Decimal(str(order.grand_total))  # noqa: S101 (a demo check)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
