"""Typed Commerce and Intacct models into the documents reconciliation compares (pure).

Both sides are classified into line kinds by the same function of the line's ACCOUNTNO
(`AccountKinds`), the Commerce side after mapping it with `bridge.mapping`: the expected record
goes through the exact rounding and account choices the sync used, so an account configured for
two kinds, or the rounding remainder on the largest product line (docs/mapping.md), can never
look like a mismatch.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

from bridge._errors import MappingError
from bridge._mapping_config import MappingConfig
from bridge.mapping import (
    credit_memo_to_ap_adjustments,
    invoice_to_ap_bill,
    order_to_ap_bill,
    vendor_id_for_order,
)
from bridge.reconcile._model import (
    ZERO,
    CommerceDocument,
    IntacctDocument,
    ReconcileError,
    StoreStatus,
)
from commerce_sdk.models import CreditMemo, Invoice, Order
from intacct_sdk.models import APAdjustment, APBill

__all__ = [
    "AccountKinds",
    "from_ap_adjustment",
    "from_ap_bill",
    "from_credit_memo",
    "from_invoice",
    "from_order",
]

#: A stand-in VENDORID for mapping when the real one is not known (a guest matched by e-mail):
#: the vendor does not change any amount, and the document's `vendor_id` stays None.
_PLACEHOLDER_VENDOR = "RECONCILE"


class AccountKinds:
    """ACCOUNTNO -> line kind, from `MappingConfig.accounts`.

    An account named for several kinds counts as the first of shipping, tax, discount,
    adjustment, products (specific accounts before the catch-all); an account the configuration
    does not name is `other`.
    """

    def __init__(self, config: MappingConfig) -> None:
        accounts = config.accounts
        kinds: dict[str, str] = {}
        specific = (
            ("shipping", accounts.shipping),
            ("tax", accounts.tax),
            ("discount", accounts.discount),
            ("adjustment", accounts.adjustment_positive),
            ("adjustment", accounts.adjustment_negative),
            ("products", accounts.products),
        )
        for kind, account in specific:
            if account:
                kinds.setdefault(account, kind)
        for account in (*accounts.by_sku.values(), *(r.account for r in accounts.by_attribute)):
            kinds.setdefault(account, "products")
        self._kinds = kinds

    def kind(self, account_no: str | None) -> str:
        """The line kind of `account_no`."""
        return self._kinds.get(account_no or "", "other")

    def sum(self, lines: Iterable[tuple[str | None, Decimal]]) -> dict[str, Decimal]:
        """Totals per kind of `(account, amount)` pairs."""
        result: dict[str, Decimal] = {}
        for account, amount in lines:
            kind = self.kind(account)
            result[kind] = result.get(kind, ZERO) + amount
        return result


def _expected_vendor(order: Order, config: MappingConfig, given: str | None) -> str | None:
    if given:
        return given
    try:
        vendor = vendor_id_for_order(order, config)
    except MappingError:
        return None
    if vendor is None and config.vendors.guest_policy != "match_by_email_and_create":
        return None
    # A guest under match_by_email_and_create may have matched an existing vendor by e-mail:
    # the created one would be `guest_vendor_id`, but we cannot know, so the vendor is unchecked.
    return vendor


def _date(created: datetime | None, config: MappingConfig, name: str) -> date:
    # The Intacct date of a document the mapping refused: as `local_date` would give it.
    if created is None:
        raise ReconcileError(f"{name}: created_at is missing; the Intacct date is taken from it")
    return created.astimezone(config.company.zone).date()


def _raw_totals(
    products: Decimal, shipping: Decimal, tax: Decimal, discount: Decimal
) -> dict[str, Decimal]:
    return {"products": products, "shipping": shipping, "tax": tax, "discount": discount}


def from_order(
    order: Order,
    config: MappingConfig,
    *,
    vendor_id: str | None = None,
    store: StoreStatus | None = None,
) -> CommerceDocument:
    """The AP bill an order should be in Intacct (`bills.source = "order"`).

    `vendor_id` is the VENDORID the bill was (or will be) posted to, when known (the store
    knows it for guests matched by e-mail); else it is derived as the sync does.
    """
    vendor = _expected_vendor(order, config, vendor_id or (store.vendor_id if store else None))
    kinds = AccountKinds(config)
    number = f"{config.bills.number_prefix}{order.increment_id}"
    name = f"order {order.increment_id} (id {order.entity_id})"
    try:
        bill = order_to_ap_bill(order, config, vendor_id=vendor or _PLACEHOLDER_VENDOR).bill
    except MappingError as exc:
        money = sum((i.row_total for i in order.money_items), ZERO)
        return CommerceDocument(
            kind="order",
            number=number,
            source_id=str(order.entity_id),
            date=_date(order.created_at, config, name),
            currency=order.order_currency_code or config.company.base_currency,
            totals=_raw_totals(
                money, order.shipping_amount, order.tax_amount, order.discount_amount
            ),
            vendor_id=vendor,
            store=store,
            mapping_error=str(exc),
        )
    return _bill_document("order", bill, str(order.entity_id), vendor, store, kinds, config)


def from_invoice(
    invoice: Invoice,
    order: Order,
    config: MappingConfig,
    *,
    vendor_id: str | None = None,
    store: StoreStatus | None = None,
) -> CommerceDocument:
    """The AP bill an invoice should be in Intacct (`bills.source = "invoice"`)."""
    vendor = _expected_vendor(order, config, vendor_id or (store.vendor_id if store else None))
    number = f"{config.bills.number_prefix}{invoice.increment_id}"
    name = f"invoice {invoice.increment_id} (id {invoice.entity_id})"
    try:
        bill = invoice_to_ap_bill(
            invoice, order, config, vendor_id=vendor or _PLACEHOLDER_VENDOR
        ).bill
    except MappingError as exc:
        money = sum((i.row_total for i in invoice.items), ZERO)
        currency = invoice.order_currency_code or order.order_currency_code
        return CommerceDocument(
            kind="invoice",
            number=number,
            source_id=str(invoice.entity_id),
            date=_date(invoice.created_at, config, name),
            currency=currency or config.company.base_currency,
            totals=_raw_totals(
                money, invoice.shipping_amount, invoice.tax_amount, invoice.discount_amount
            ),
            vendor_id=vendor,
            store=store,
            mapping_error=str(exc),
        )
    kinds = AccountKinds(config)
    return _bill_document("invoice", bill, str(invoice.entity_id), vendor, store, kinds, config)


def _bill_document(
    kind: str,
    bill: APBill,
    source_id: str,
    vendor: str | None,
    store: StoreStatus | None,
    kinds: AccountKinds,
    config: MappingConfig,
) -> CommerceDocument:
    return CommerceDocument(
        kind=kind,
        number=str(bill.record_id),
        source_id=source_id,
        date=bill.when_created,
        currency=bill.currency or config.company.base_currency,
        totals=kinds.sum((line.account_no, line.trx_amount) for line in bill.lines),
        vendor_id=vendor,
        store=store,
    )


def from_credit_memo(
    memo: CreditMemo,
    order: Order,
    config: MappingConfig,
    *,
    vendor_id: str | None = None,
    store: StoreStatus | None = None,
) -> tuple[CommerceDocument, ...]:
    """The AP adjustments a credit memo should be in Intacct: one, or two when signs mix.

    Each adjustment is its own document (numbers `N` and `N-2`, docs/mapping.md), so both
    must be in Intacct; their amounts carry `bills.refund_sign` as posted.
    """
    vendor = _expected_vendor(order, config, vendor_id or (store.vendor_id if store else None))
    number = f"{config.bills.adjustment_number_prefix}{memo.increment_id}"
    name = f"credit memo {memo.increment_id} (id {memo.entity_id})"
    # The bill number only fills `billno`; it changes no amount.
    bill_number = f"{config.bills.number_prefix}{order.increment_id}"
    try:
        mapped = credit_memo_to_ap_adjustments(
            memo, order, config, vendor_id=vendor or _PLACEHOLDER_VENDOR, bill_number=bill_number
        )
    except MappingError as exc:
        sign = Decimal(-1) if config.bills.refund_sign == "negative" else Decimal(1)
        money = sum((i.row_total for i in memo.items), ZERO)
        raw = _raw_totals(money, memo.shipping_amount, memo.tax_amount, memo.discount_amount)
        raw["adjustment"] = memo.adjustment_positive - memo.adjustment_negative
        currency = memo.order_currency_code or order.order_currency_code
        document = CommerceDocument(
            kind="credit_memo",
            number=number,
            source_id=str(memo.entity_id),
            date=_date(memo.created_at, config, name),
            currency=currency or config.company.base_currency,
            totals={k: sign * v for k, v in raw.items()},
            vendor_id=vendor,
            store=store,
            mapping_error=str(exc),
        )
        return (document,)
    kinds = AccountKinds(config)
    return tuple(
        CommerceDocument(
            kind="credit_memo",
            number=str(part.adjustment.adjustment_no),
            source_id=str(memo.entity_id),
            date=part.adjustment.date_created,
            currency=part.adjustment.currency or config.company.base_currency,
            totals=kinds.sum((line.gl_account_no, line.amount) for line in part.adjustment.lines),
            vendor_id=vendor,
            store=store,
        )
        for part in mapped.adjustments
    )


def from_ap_bill(bill: APBill, config: MappingConfig) -> IntacctDocument:
    """An APBILL read from Intacct (with its lines) as reconciliation sees it.

    Raises:
        ReconcileError: the bill has no RECORDID (it cannot be matched by number).
    """
    if not bill.record_id:
        raise ReconcileError(f"APBILL RECORDNO={bill.record_no}: RECORDID is empty")
    kinds = AccountKinds(config)
    return IntacctDocument(
        object="APBILL",
        number=bill.record_id,
        record_no=bill.record_no,
        vendor_id=bill.vendor_id,
        date=bill.when_created,
        currency=bill.currency or bill.base_currency or config.company.base_currency,
        totals=kinds.sum((line.account_no, line.trx_amount) for line in bill.lines),
        state=bill.state,
    )


def from_ap_adjustment(adjustment: APAdjustment, config: MappingConfig) -> IntacctDocument:
    """An AP adjustment read from Intacct (with its lines) as reconciliation sees it.

    Raises:
        ReconcileError: the adjustment has no adjustment number.
    """
    if not adjustment.adjustment_no:
        raise ReconcileError(
            f"APADJUSTMENT RECORDNO={adjustment.record_no}: adjustment number is empty"
        )
    kinds = AccountKinds(config)
    return IntacctDocument(
        object="APADJUSTMENT",
        number=adjustment.adjustment_no,
        record_no=adjustment.record_no,
        vendor_id=adjustment.vendor_id,
        date=adjustment.date_created,
        currency=adjustment.currency or adjustment.base_currency or config.company.base_currency,
        totals=kinds.sum((line.gl_account_no, line.amount) for line in adjustment.lines),
    )
