"""Orders and invoices into AP bills (3.0 `create` on APBILL, research/intacct.md section 8).

One line per item that carries money (configurable / bundle pairs counted once through
`Order.money_items`), then shipping, tax and discount lines on their accounts. Amounts are net of
tax (`row_total`, `shipping_amount`); tax is its own line; the discount line is the order's
`discount_amount` (negative at order level, research/commerce.md section 4) plus the
`discount_tax_compensation_amount`s Commerce adds back when prices include tax, so the discount
is posted net of tax too. The remainder of rounding goes to the largest product line.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from decimal import Decimal

import attrs

from bridge._mapping_config import MappingConfig
from bridge.mapping._common import (
    account_for_item,
    currency_fields,
    custom_fields,
    dimensions,
    due_date,
    local_date,
    order_name,
    order_summary,
    require_account,
)
from bridge.mapping._control_ids import control_id
from bridge.mapping._money import balance, extra_money
from bridge.mapping._results import MappedBill
from bridge.mapping._text import Notes
from commerce_sdk.models import Invoice, Order, OrderItem
from intacct_sdk.models import APBill, APBillLine

__all__ = ["Draft", "bill_drafts_for_totals", "invoice_to_ap_bill", "order_to_ap_bill", "qty_text"]


@attrs.frozen(kw_only=True)
class Draft:
    """A line before rounding: kind (`product`, `shipping`, `tax`, `discount`, ...)."""

    kind: str
    account: str
    amount: Decimal
    memo: str
    field: str


def qty_text(qty: Decimal) -> str:
    """`2` for 2.0000, `1.5` for 1.5000."""
    text = format(qty.normalize(), "f")
    return text


def _item_memo(item_sku: str, name: str | None, qty: Decimal) -> str:
    return f"{item_sku} {name or ''} x {qty_text(qty)}".replace("  ", " ")


def _check_quantities(order: Order, notes: Notes) -> None:
    for index, item in enumerate(order.items):
        if item.qty_ordered < 0:
            raise notes.error(
                f"items[{index}].qty_ordered", f"negative quantity {item.qty_ordered}"
            )


def bill_drafts_for_totals(
    *,
    shipping: Decimal,
    tax: Decimal,
    discount: Decimal,
    extra: object,
    shipping_description: str | None,
    discount_description: str | None,
    config: MappingConfig,
    notes: Notes,
) -> list[Draft]:
    """Shipping, tax and discount lines (zero amounts make no line, e.g. free shipping)."""
    accounts = config.accounts
    net_discount = (
        discount
        + extra_money(extra, "discount_tax_compensation_amount")
        + extra_money(extra, "shipping_discount_tax_compensation_amount")
    )
    parts = (
        ("shipping", "shipping_amount", shipping, f"Shipping {shipping_description or ''}"),
        ("tax", "tax_amount", tax, "Tax"),
        ("discount", "discount_amount", net_discount, f"Discount {discount_description or ''}"),
    )
    drafts = []
    for kind, field, amount, memo in parts:
        if amount == 0:
            continue
        account = require_account(getattr(accounts, kind), kind, notes, field)
        drafts.append(
            Draft(kind=kind, account=account, amount=amount, memo=memo.strip(), field=field)
        )
    return drafts


def _largest_product(drafts: Sequence[Draft]) -> Callable[[list[Decimal], Decimal], int]:
    def pick(rounded: list[Decimal], remainder: Decimal) -> int:
        candidates = [i for i, d in enumerate(drafts) if d.kind == "product"]
        return max(candidates, key=lambda i: (abs(rounded[i]), -i))

    return pick


def _bill(
    order: Order,
    drafts: list[Draft],
    *,
    total: Decimal,
    created_at: datetime | None,
    number: str,
    currency: tuple[str | None, str | None, Decimal | None],
    description: str,
    vendor_id: str,
    notes: Notes,
) -> APBill:
    config = notes.config
    amounts = balance(
        [d.amount for d in drafts],
        total,
        document=notes.document,
        pick=_largest_product(drafts),
    )
    dims = dimensions(order, config)
    lines = [
        APBillLine(
            account_no=d.account,
            trx_amount=amount,
            entry_description=notes.clip(f"{d.field}.memo", d.memo, "line_memo"),
            location_id=dims.location_id,
            department_id=dims.department_id,
            class_id=dims.class_id,
        )
        for d, amount in zip(drafts, amounts, strict=True)
    ]
    # Zero lines say nothing and Intacct may refuse them; a bill needs at least one line.
    lines = [line for line in lines if line.trx_amount != 0] or lines[:1]
    created = local_date(created_at, config, notes, "created_at")
    money = currency_fields(
        currency=currency[0],
        commerce_base=currency[1],
        base_to_order_rate=currency[2],
        when=created,
        config=config,
        notes=notes,
    )
    return APBill(
        vendor_id=notes.identifier("vendor_id", vendor_id, "vendor_id"),
        when_created=created,
        when_due=due_date(created, config),
        lines=lines,
        record_id=notes.identifier(
            "increment_id", f"{config.bills.number_prefix}{number}", "record_id"
        ),
        doc_number=notes.clip("increment_id", order.increment_id, "doc_number"),
        description=notes.clip("description", description, "description"),
        term_name=config.bills.payment_terms,
        currency=money.currency,
        base_currency=money.base_currency,
        exchange_rate_date=money.exchange_rate_date,
        exchange_rate_type_id=money.exchange_rate_type,
        exchange_rate=money.exchange_rate,
        action=config.bills.action,
        custom_fields=custom_fields(order, config),
    )


def _product(item: OrderItem, amount: Decimal, qty: Decimal, field: str, notes: Notes) -> Draft:
    return Draft(
        kind="product",
        account=account_for_item(item, notes.config, notes, field),
        amount=amount,
        memo=_item_memo(item.sku, item.name, qty),
        field=field,
    )


def order_to_ap_bill(order: Order, config: MappingConfig, *, vendor_id: str) -> MappedBill:
    """The AP bill for a whole order (`bills.source = "order"`).

    Raises:
        MappingError: no items, a negative quantity, a missing account, an unknown currency
            without a rate, or totals that do not add up beyond rounding.
    """
    notes = Notes(order_name(order), config)
    _check_quantities(order, notes)
    index_of = {item.item_id: i for i, item in enumerate(order.items)}
    drafts = [
        _product(item, item.row_total, item.qty_ordered, f"items[{index_of[item.item_id]}]", notes)
        for item in order.money_items
    ]
    if not drafts:
        raise notes.error("items", "the order has no items that carry money")
    drafts += bill_drafts_for_totals(
        shipping=order.shipping_amount,
        tax=order.tax_amount,
        discount=order.discount_amount,
        extra=order.extra,
        shipping_description=order.shipping_description,
        discount_description=order.discount_description,
        config=config,
        notes=notes,
    )
    bill = _bill(
        order,
        drafts,
        total=order.grand_total,
        created_at=order.created_at,
        number=order.increment_id,
        currency=(order.order_currency_code, order.base_currency_code, order.base_to_order_rate),
        description=order_summary(order),
        vendor_id=vendor_id,
        notes=notes,
    )
    return MappedBill(
        bill=bill,
        control_id=control_id(config, "order", order.entity_id, "bill"),
        source="order",
        warnings=notes.done(),
    )


def invoice_to_ap_bill(
    invoice: Invoice, order: Order, config: MappingConfig, *, vendor_id: str
) -> MappedBill:
    """The AP bill for one invoice (`bills.source = "invoice"`, partial invoices welcome).

    The order gives currency fallback, store, customer and the item details; invoice items link
    to order items by `order_item_id` (research/commerce.md section 4).
    """
    notes = Notes(f"invoice {invoice.increment_id} (id {invoice.entity_id})", config)
    if invoice.order_id != order.entity_id:
        raise notes.error(
            "order_id", f"{invoice.order_id} is not the order given ({order.entity_id})"
        )
    order_items = {item.item_id: item for item in order.items}
    money_ids = {item.item_id for item in order.money_items}
    drafts: list[Draft] = []
    for index, line in enumerate(invoice.items):
        field = f"items[{index}]"
        if line.qty < 0:
            raise notes.error(f"{field}.qty", f"negative quantity {line.qty}")
        if line.order_item_id not in order_items:
            raise notes.error(f"{field}.order_item_id", f"{line.order_item_id} is not in the order")
        if line.order_item_id not in money_ids or line.qty == 0:
            continue
        drafts.append(
            _product(order_items[line.order_item_id], line.row_total, line.qty, field, notes)
        )
    if not drafts:
        raise notes.error("items", "the invoice has no items that carry money")
    drafts += bill_drafts_for_totals(
        shipping=invoice.shipping_amount,
        tax=invoice.tax_amount,
        discount=invoice.discount_amount,
        extra=invoice.extra,
        shipping_description=order.shipping_description,
        discount_description=order.discount_description,
        config=config,
        notes=notes,
    )
    bill = _bill(
        order,
        drafts,
        total=invoice.grand_total,
        created_at=invoice.created_at,
        number=invoice.increment_id,
        currency=(
            invoice.order_currency_code or order.order_currency_code,
            invoice.base_currency_code or order.base_currency_code,
            invoice.base_to_order_rate or order.base_to_order_rate,
        ),
        description=f"Commerce invoice {invoice.increment_id} of {order_summary(order)}",
        vendor_id=vendor_id,
        notes=notes,
    )
    return MappedBill(
        bill=bill,
        control_id=control_id(config, "invoice", invoice.entity_id, "bill"),
        source="invoice",
        warnings=notes.done(),
    )
