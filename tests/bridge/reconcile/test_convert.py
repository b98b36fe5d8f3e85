"""Commerce and Intacct models into reconciliation documents, through the mapping layer."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import attrs
import pytest

from bridge import MappingConfig
from bridge.mapping import credit_memo_to_ap_adjustments, invoice_to_ap_bill, order_to_ap_bill
from bridge.reconcile import (
    AccountKinds,
    ReconcileError,
    Status,
    StoreStatus,
    classify,
    from_ap_adjustment,
    from_ap_bill,
    from_credit_memo,
    from_invoice,
    from_order,
)
from commerce_sdk.models import CreditMemo, Invoice, Order

from ..conftest import load, make_config


def order(name: str = "order_guest.json", **changes) -> Order:
    return Order.from_api({**load(name), **changes})


def test_order_document_has_the_mapped_bill_totals_per_line_kind(config) -> None:
    document = from_order(order(), config, vendor_id="G-1")
    assert (document.kind, document.number, document.source_id) == ("order", "000000051", "51")
    assert dict(document.totals) == {
        "products": Decimal("44.99"),
        "shipping": Decimal("5.00"),
        "tax": Decimal("3.71"),
    }
    assert (document.date, document.currency, document.vendor_id) == (
        date(2026, 3, 1),
        "USD",
        "G-1",
    )


def test_order_number_carries_the_configured_bill_prefix() -> None:
    config = make_config(bills={"number_prefix": "CM-"})
    assert from_order(order(), config).number == "CM-000000051"


def test_order_date_is_the_company_date_like_the_bill() -> None:
    config = make_config(company={"timezone": "America/Chicago"})
    assert from_order(order(), config).date == date(2026, 2, 28)


def test_guest_matched_by_email_has_no_expected_vendor_unless_the_store_knows_it(config) -> None:
    assert from_order(order(), config).vendor_id is None
    known = StoreStatus(state="synced", vendor_id="V-GUS")
    assert from_order(order(), config, store=known).vendor_id == "V-GUS"


def test_customer_order_expects_the_customer_vendor(config) -> None:
    document = from_order(
        order("order_b2b_eur.json"), make_config(vendors={"b2b_vendor": "customer"})
    )
    assert document.vendor_id == "C-7"
    assert from_order(order("order_b2b_eur.json"), config).vendor_id == "B-3"


def test_a_bill_read_back_from_intacct_matches_its_order(config) -> None:
    source = order("order_b2b_eur.json")
    bill = order_to_ap_bill(source, config, vendor_id="B-3").bill
    record = from_ap_bill(attrs.evolve(bill, record_no="901"), config)
    assert record.totals == from_order(source, config).totals
    assert classify(from_order(source, config), [record]).status is Status.MATCHED


def test_unmappable_order_keeps_its_raw_totals_and_the_mapping_error() -> None:
    config = MappingConfig.from_dict({"accounts": {"products": "4000"}})
    document = from_order(order(), config)
    assert "accounts.shipping" in str(document.mapping_error)
    assert dict(document.totals) == {
        "products": Decimal("44.99"),
        "shipping": Decimal("5"),
        "tax": Decimal("3.71"),
    }
    assert "mapping refused it" in classify(document, []).note


def test_invoice_document_is_the_invoice_bill(config) -> None:
    invoice = Invoice.from_api(load("invoice_partial.json"))
    source = order("order_b2b_eur.json")
    document = from_invoice(invoice, source, config)
    bill = invoice_to_ap_bill(invoice, source, config, vendor_id="B-3").bill
    assert (document.kind, document.number, document.source_id) == ("invoice", "000000071", "71")
    assert document.totals == from_ap_bill(bill, config).totals
    assert document.stream == "invoices"


def test_credit_memo_with_mixed_signs_expects_two_adjustments(config) -> None:
    memo = CreditMemo.from_api(load("creditmemo_partial_fee.json"))
    source = order("order_b2b_eur.json")
    documents = from_credit_memo(memo, source, config)
    assert [d.number for d in documents] == ["000000081", "000000081-2"]
    assert {d.object for d in documents} == {"APADJUSTMENT"}
    mapped = credit_memo_to_ap_adjustments(memo, source, config, vendor_id="B-3",
                                           bill_number="000000041")  # fmt: skip
    read_back = [from_ap_adjustment(p.adjustment, config) for p in mapped.adjustments]
    assert [d.totals for d in documents] == [d.totals for d in read_back]
    # Refunds carry bills.refund_sign (negative): the memo nets to -grand_total.
    assert sum(d.total for d in documents) == Decimal("-29.70")


def test_account_kinds_follow_the_configured_accounts() -> None:
    config = make_config(accounts={"by_sku": {"MUG": "4010"}, "shipping": "4000"})
    kinds = AccountKinds(config)
    assert kinds.kind("4010") == "products"
    assert kinds.kind("4000") == "shipping"  # shared with products: the specific kind wins
    assert kinds.kind("2200") == "tax"
    assert kinds.kind("4950") == "adjustment"
    assert kinds.kind("9999") == "other"
    assert kinds.kind(None) == "other"


def test_intacct_bill_without_record_id_is_refused_by_record_no(config) -> None:
    bill = order_to_ap_bill(order(), config, vendor_id="G-1").bill
    with pytest.raises(ReconcileError, match="RECORDNO=77: RECORDID is empty"):
        from_ap_bill(attrs.evolve(bill, record_id=None, record_no="77"), config)


def test_unmappable_credit_memo_is_one_document_with_signed_raw_totals() -> None:
    config = MappingConfig.from_dict({"accounts": {"products": "4000"}})
    memo = CreditMemo.from_api(load("creditmemo_partial_fee.json"))
    (document,) = from_credit_memo(memo, order("order_b2b_eur.json"), config)
    assert document.number == "000000081"
    assert "accounts.tax" in str(document.mapping_error)
    assert document.totals["products"] == Decimal("-30")
    assert document.totals["adjustment"] == Decimal("3")  # -(2 - 5): a fee kept back
