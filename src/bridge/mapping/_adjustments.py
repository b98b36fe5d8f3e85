"""Credit memos into AP adjustments (legacy `create_apadjustment`, research/intacct.md section 8).

Lines: refunded items (qty > 0 only), shipping, tax, discount reversed, `adjustment_positive`
(an extra refund) and `adjustment_negative` (a fee kept back, entered negative because
`grand_total = subtotal + shipping + tax + discount + adjustment_positive - adjustment_negative`,
research/commerce.md section 4).

Intacct requires every line of one adjustment to carry the same sign. When a memo mixes signs
(a refund with a fee kept back or a discount reversed), we post two adjustments: the first holds
the lines whose sign is the grand total's, the second the others; together they net to the
memo's grand total, and both reference the original bill.

Sign convention: `bills.refund_sign` (default `negative`). The bill posted the sale as positive
amounts owed to the vendor; a refund reduces what is owed, so by default a refund line is posted
negative (a fee kept back, positive). Which sign Intacct reads as a debit or a credit memo is
[unverified] in the research, hence the option: flip it once after a sandbox test, never per memo.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from bridge._mapping_config import MappingConfig
from bridge.mapping._bills import Draft, qty_text
from bridge.mapping._common import (
    account_for_item,
    currency_fields,
    custom_fields,
    dimensions,
    local_date,
    order_summary,
    require_account,
)
from bridge.mapping._control_ids import control_id
from bridge.mapping._money import balance, extra_money
from bridge.mapping._results import MappedAdjustment, MappedAdjustments
from bridge.mapping._text import Notes
from commerce_sdk.models import CreditMemo, Order
from intacct_sdk.models import APAdjustment, APAdjustmentLine

__all__ = ["credit_memo_to_ap_adjustments"]


def _item_drafts(memo: CreditMemo, order: Order, notes: Notes) -> list[Draft]:
    order_items = {item.item_id: item for item in order.items}
    money_ids = {item.item_id for item in order.money_items}
    drafts = []
    for index, line in enumerate(memo.items):
        field = f"items[{index}]"
        if line.qty < 0:
            raise notes.error(f"{field}.qty", f"negative quantity {line.qty}")
        if line.qty == 0:
            continue  # Commerce lists every order line; qty 0 refunds nothing.
        if line.order_item_id not in order_items:
            raise notes.error(f"{field}.order_item_id", f"{line.order_item_id} is not in the order")
        if line.order_item_id not in money_ids:
            continue
        item = order_items[line.order_item_id]
        drafts.append(
            Draft(
                kind="product",
                account=account_for_item(item, notes.config, notes, field),
                amount=line.row_total,
                memo=f"Refund {item.sku} {item.name or ''} x {qty_text(line.qty)}".replace(
                    "  ", " "
                ),
                field=field,
            )
        )
    return drafts


def _total_drafts(memo: CreditMemo, notes: Notes) -> list[Draft]:
    discount = (
        memo.discount_amount
        + extra_money(memo.extra, "discount_tax_compensation_amount")
        + extra_money(memo.extra, "shipping_discount_tax_compensation_amount")
    )
    parts = (
        ("shipping", "shipping_amount", memo.shipping_amount, "Shipping refund"),
        ("tax", "tax_amount", memo.tax_amount, "Tax refund"),
        ("discount", "discount_amount", discount, "Discount reversed"),
        ("adjustment_positive", "adjustment_positive", memo.adjustment_positive, "Extra refund"),
        ("adjustment_negative", "adjustment_negative", -memo.adjustment_negative, "Refund fee"),
    )
    drafts = []
    for kind, field, amount, text in parts:
        if amount == 0:
            continue
        account = require_account(getattr(notes.config.accounts, kind), kind, notes, field)
        drafts.append(Draft(kind=kind, account=account, amount=amount, memo=text, field=field))
    return drafts


def _pick(drafts: list[Draft]) -> Callable[[list[Decimal], Decimal], int]:
    def pick(rounded: list[Decimal], remainder: Decimal) -> int:
        # Rounding comes from the 4-decimal item totals: the largest refunded item line takes
        # it, as on bills, unless that would zero or flip it; then the largest line of the
        # remainder's sign (which only grows); else the largest line.
        def keeps_sign(i: int) -> bool:
            return rounded[i] != 0 and (rounded[i] + remainder > 0) == (rounded[i] > 0)

        products = [i for i, d in enumerate(drafts) if d.kind == "product" and keeps_sign(i)]
        same = [i for i, a in enumerate(rounded) if a != 0 and (a > 0) == (remainder > 0)]
        pool = products or same or list(range(len(rounded)))
        return max(pool, key=lambda i: (abs(rounded[i]), -i))

    return pick


def credit_memo_to_ap_adjustments(
    memo: CreditMemo,
    order: Order,
    config: MappingConfig,
    *,
    vendor_id: str,
    bill_number: str,
) -> MappedAdjustments:
    """One AP adjustment per sign, netting to the memo's grand total, each referencing the bill.

    Raises:
        MappingError: nothing to refund, a negative quantity, a missing account, an unknown
            currency without a rate, or totals that do not add up beyond rounding.
    """
    notes = Notes(f"credit memo {memo.increment_id} (id {memo.entity_id})", config)
    if memo.order_id != order.entity_id:
        raise notes.error("order_id", f"{memo.order_id} is not the order given ({order.entity_id})")
    drafts = _item_drafts(memo, order, notes) + _total_drafts(memo, notes)
    if not drafts:
        raise notes.error("grand_total", "the credit memo refunds nothing")
    amounts = balance(
        [d.amount for d in drafts],
        memo.grand_total,
        document=notes.document,
        pick=_pick(drafts),
    )
    kept = [(d, a) for d, a in zip(drafts, amounts, strict=True) if a != 0]
    if not kept:
        raise notes.error("grand_total", "the credit memo refunds nothing after rounding")
    leading_positive = memo.grand_total >= 0
    groups = [
        [(d, a) for d, a in kept if (a > 0) == leading_positive],
        [(d, a) for d, a in kept if (a > 0) != leading_positive],
    ]
    groups = [g for g in groups if g]
    sign = Decimal(-1) if config.bills.refund_sign == "negative" else Decimal(1)
    created = local_date(memo.created_at, config, notes, "created_at")
    money = currency_fields(
        currency=memo.order_currency_code or order.order_currency_code,
        commerce_base=memo.base_currency_code or order.base_currency_code,
        base_to_order_rate=memo.base_to_order_rate or order.base_to_order_rate,
        when=created,
        config=config,
        notes=notes,
    )
    dims = dimensions(order, config)
    bill_no = notes.identifier("bill_number", bill_number, "record_id")
    vendor = notes.identifier("vendor_id", vendor_id, "vendor_id")
    number = f"{config.bills.adjustment_number_prefix}{memo.increment_id}"
    results = []
    for position, group in enumerate(groups, start=1):
        lines = [
            APAdjustmentLine(
                gl_account_no=d.account,
                amount=sign * a,
                memo=notes.clip(f"{d.field}.memo", d.memo, "line_memo"),
                location_id=dims.location_id,
                department_id=dims.department_id,
                class_id=dims.class_id,
            )
            for d, a in group
        ]
        suffix = "" if position == 1 else f"-{position}"
        adjustment = APAdjustment(
            vendor_id=vendor,
            date_created=created,
            lines=lines,
            adjustment_no=notes.identifier("increment_id", number + suffix, "adjustment_no"),
            bill_no=bill_no,
            action=config.bills.action,
            description=notes.clip(
                "description",
                f"Commerce credit memo {memo.increment_id}{suffix} of {order_summary(order)}",
                "description",
            ),
            base_currency=money.base_currency,
            currency=money.currency,
            exchange_rate_date=money.exchange_rate_date,
            exchange_rate_type=money.exchange_rate_type,
            exchange_rate=money.exchange_rate,
            custom_fields=custom_fields(order, config),
        )
        results.append(
            MappedAdjustment(
                adjustment=adjustment,
                control_id=control_id(config, "creditmemo", memo.entity_id, "adj", position),
            )
        )
    return MappedAdjustments(adjustments=tuple(results), warnings=notes.done())
