"""B2B purchase orders into `create_potransaction` (research/intacct.md section 8).

The model's fields are in the XSD's element order (`transactiontype, datecreated, ...,
vendorid, documentno, referenceno, ..., termname, datedue, message, ..., returnto, payto, ...,
externalid, basecurr, currency, exchratedate, exchratetype, ..., state, potransitems`); the SDK
renders them in that order.
"""

from __future__ import annotations

from bridge._mapping_config import MappingConfig
from bridge.mapping._common import currency_fields, due_date, local_date
from bridge.mapping._control_ids import control_id
from bridge.mapping._money import round2
from bridge.mapping._results import MappedPurchaseOrder
from bridge.mapping._text import Notes
from commerce_sdk.models import PurchaseOrder as CommercePurchaseOrder
from commerce_sdk.models import PurchaseOrderItem
from intacct_sdk.models import PurchaseOrder, PurchaseOrderLine

__all__ = ["purchase_order_to_po"]


def _item_id(item: PurchaseOrderItem, config: MappingConfig, notes: Notes, field: str) -> str:
    settings = config.purchase_orders
    if item.sku in settings.item_ids:
        item_id = settings.item_ids[item.sku]
    elif settings.default_item == "sku" and item.sku:
        item_id = item.sku
    elif settings.default_item == "fixed" and settings.default_item_id:
        item_id = settings.default_item_id
    else:
        raise notes.error(f"{field}.sku", f"{item.sku!r} has no ITEMID in purchase_orders.item_ids")
    return notes.identifier(f"{field}.sku", item_id, "item_id")


def purchase_order_to_po(
    po: CommercePurchaseOrder, config: MappingConfig, *, vendor_id: str
) -> MappedPurchaseOrder:
    """A purchasing transaction (`purchase_orders.transaction_type`) for a B2B purchase order.

    Document number = the PO number; reference = the sales order's increment id once placed.

    Raises:
        MappingError: no items, a negative quantity, an unmapped SKU under `default_item =
            "error"`, a missing creation date, or a foreign currency without a rate type.
    """
    notes = Notes(f"purchase order {po.number} (uid {po.uid})", config)
    settings = config.purchase_orders
    dims = config.dimensions.for_store(None)
    lines = []
    for index, item in enumerate(po.items):
        field = f"items[{index}]"
        if item.quantity < 0:
            raise notes.error(f"{field}.quantity", f"negative quantity {item.quantity}")
        if item.quantity == 0:
            continue
        lines.append(
            PurchaseOrderLine(
                item_id=_item_id(item, config, notes, field),
                quantity=item.quantity,
                item_description=notes.clip(f"{field}.name", item.name, "item_description"),
                unit=settings.unit,
                price=round2(item.price) if item.price is not None else None,
                location_id=dims.location_id,
                department_id=dims.department_id,
                memo=notes.clip(
                    f"{field}.memo", f"Commerce PO {po.number} {item.sku}", "line_memo"
                ),
            )
        )
    if not lines:
        raise notes.error("items", "the purchase order has no items with a quantity")
    created = local_date(po.created_at, config, notes, "created_at")
    # Commerce gives no rate for a purchase order: a foreign currency needs the rate type.
    money = currency_fields(
        currency=po.currency,
        commerce_base=None,
        base_to_order_rate=None,
        when=created,
        config=config,
        notes=notes,
        field="currency",
    )
    purchase_order = PurchaseOrder(
        transaction_type=settings.transaction_type,
        date_created=created,
        vendor_id=notes.identifier("vendor_id", vendor_id, "vendor_id"),
        lines=lines,
        document_no=notes.identifier("number", po.number, "document_no"),
        reference_no=notes.clip("order_number", po.order_number, "reference_no"),
        term_name=config.bills.payment_terms,
        date_due=due_date(created, config),
        message=notes.clip(
            "message",
            f"Commerce B2B purchase order {po.number} ({po.status})"
            + (f" by {po.created_by_email}" if po.created_by_email else ""),
            "message",
        ),
        external_id=po.uid or None,
        base_currency=money.base_currency,
        currency=money.currency,
        exchange_rate_date=money.exchange_rate_date,
        exchange_rate_type=money.exchange_rate_type,
        state=settings.state,
    )
    return MappedPurchaseOrder(
        purchase_order=purchase_order,
        control_id=control_id(config, "po", po.uid or po.number, "create"),
        warnings=notes.done(),
    )
