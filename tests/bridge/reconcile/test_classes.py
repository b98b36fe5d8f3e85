"""Each discrepancy class from small in-memory inputs (issue 10 point 1)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import TypeVar

import pytest

from bridge.reconcile import (
    CommerceDocument,
    InMemoryStoreLookup,
    IntacctDocument,
    ReconcileError,
    Status,
    StoreStatus,
    UnsortedInputError,
    classify,
    merge,
)

from .conftest import AMOUNTS, cdoc, failed, idoc, run

T = TypeVar("T", CommerceDocument, IntacctDocument)


def statuses(report) -> list[tuple[str, Status]]:
    return [(item.number, item.status) for item in report.items]


def test_same_number_vendor_and_amounts_is_matched() -> None:
    report = run([cdoc()], [idoc()], keep_matched=True)
    assert statuses(report) == [("000000051", Status.MATCHED)]
    assert report.items[0].difference == {}
    assert report.discrepancies == 0


def test_matched_documents_are_counted_but_not_kept_by_default() -> None:
    report = run([cdoc()], [idoc()])
    assert report.items == ()
    assert report.counts()[Status.MATCHED] == 1


def test_amount_mismatch_gives_the_difference_per_line_kind_intacct_minus_commerce() -> None:
    booked = {**AMOUNTS, "shipping": Decimal("6.50"), "discount": Decimal("-2.00")}
    report = run([cdoc()], [idoc(totals=booked)])
    (item,) = report.items
    assert item.status is Status.AMOUNT_MISMATCH
    assert dict(item.difference) == {"shipping": Decimal("1.50"), "discount": Decimal("-2.00")}
    assert "shipping +1.50" in item.note


def test_a_difference_within_the_tolerance_is_matched() -> None:
    booked = {**AMOUNTS, "tax": Decimal("3.72")}
    report = run([cdoc()], [idoc(totals=booked)], tolerance=Decimal("0.01"))
    assert report.counts()[Status.MATCHED] == 1


def test_another_currency_is_an_amount_mismatch_even_with_equal_amounts() -> None:
    report = run([cdoc()], [idoc(currency="EUR")])
    assert report.items[0].status is Status.AMOUNT_MISMATCH
    assert "currency EUR in Intacct, USD expected" in report.items[0].note


def test_commerce_document_absent_from_intacct_is_missing() -> None:
    report = run([cdoc()], [])
    (item,) = report.items
    assert item.status is Status.MISSING_IN_INTACCT
    assert item.intacct == ()
    assert dict(item.difference) == {k: -v for k, v in AMOUNTS.items()}


def test_missing_document_the_store_failed_is_pending_or_failed_with_the_last_error() -> None:
    report = run([cdoc(store=failed())], [])
    (item,) = report.items
    assert item.status is Status.PENDING_OR_FAILED_IN_STORE
    assert item.note == "store state failed: vendor: BL03000018 vendor on hold"


@pytest.mark.parametrize("state", ["pending", "in_flight", "waiting", "skipped"])
def test_every_unfinished_store_state_explains_a_missing_document(state: str) -> None:
    report = run([cdoc(store=StoreStatus(state=state))], [])
    assert report.items[0].status is Status.PENDING_OR_FAILED_IN_STORE


def test_missing_document_the_store_calls_synced_stays_missing_and_says_so() -> None:
    report = run([cdoc(store=StoreStatus(state="synced"))], [])
    assert report.items[0].status is Status.MISSING_IN_INTACCT
    assert "store says synced" in report.items[0].note


def test_store_lookup_is_asked_only_about_missing_documents() -> None:
    asked: list[tuple[str, str]] = []

    class Lookup(InMemoryStoreLookup):
        def status(self, stream: str, source_id: str) -> StoreStatus | None:
            asked.append((stream, source_id))
            return super().status(stream, source_id)

    store = Lookup({("orders", "52"): failed()})
    report = run([cdoc("000000051"), cdoc("000000052")], [idoc("000000051")], store=store)
    assert asked == [("orders", "52")]
    assert statuses(report) == [("000000052", Status.PENDING_OR_FAILED_IN_STORE)]


def test_intacct_record_without_commerce_document_is_unknown_to_commerce() -> None:
    report = run([], [idoc(vendor_id="C-9")])
    (item,) = report.items
    assert item.status is Status.UNKNOWN_TO_COMMERCE
    assert item.commerce is None
    assert report.counts()[Status.UNKNOWN_TO_COMMERCE] == 1


def test_other_vendor_in_intacct_is_a_vendor_mismatch() -> None:
    report = run([cdoc(vendor_id="C-7")], [idoc(vendor_id="C-8")])
    assert report.items[0].status is Status.VENDOR_MISMATCH
    assert report.items[0].note == "Intacct vendor C-8, expected C-7"


def test_unknown_expected_vendor_is_not_checked() -> None:
    report = run([cdoc(vendor_id=None)], [idoc(vendor_id="G-ABC")], keep_matched=True)
    assert report.items[0].status is Status.MATCHED


def test_two_intacct_records_with_one_number_are_posted_twice() -> None:
    report = run([cdoc()], [idoc(record_no="11"), idoc(record_no="12")])
    (item,) = report.items
    assert item.status is Status.POSTED_TWICE
    assert [d.record_no for d in item.intacct] == ["11", "12"]
    assert dict(item.difference) == AMOUNTS
    assert report.counts()[Status.POSTED_TWICE] == 1


def test_posted_twice_wins_over_vendor_and_amount_differences() -> None:
    item = classify(cdoc(), [idoc(vendor_id="X"), idoc(totals={"products": Decimal(1)})])
    assert item.status is Status.POSTED_TWICE


def test_bill_and_adjustment_with_the_same_number_are_different_documents() -> None:
    memo = cdoc("000000051", kind="credit_memo", totals={"products": Decimal("-5.00")})
    adjustment = idoc("000000051", object="APADJUSTMENT", totals={"products": Decimal("-5.00")})
    report = run([cdoc(), memo], [idoc(), adjustment], keep_matched=True)
    assert [(i.object, i.status) for i in report.items] == [
        ("APADJUSTMENT", Status.MATCHED),
        ("APBILL", Status.MATCHED),
    ]


def test_two_commerce_documents_with_one_number_compare_the_first_only() -> None:
    first, second = cdoc(source_id="51"), cdoc(source_id="99")
    items = list(merge([first, second], [idoc()]))
    assert [(i.commerce.source_id, i.status) for i in items if i.commerce] == [
        ("51", Status.MATCHED),
        ("99", Status.MISSING_IN_INTACCT),
    ]
    assert "also Commerce order 51" in items[1].note


def test_out_of_order_input_raises_naming_the_side_and_keys() -> None:
    with pytest.raises(UnsortedInputError, match="intacct documents are not sorted") as info:
        list(merge([], [idoc("000000002"), idoc("000000001")]))
    assert info.value.current == ("APBILL", "000000001")


def test_merge_reads_both_sides_lazily() -> None:
    read: list[str] = []

    def side(docs: list[T]) -> Iterator[T]:
        for doc in docs:
            read.append(doc.number)
            yield doc

    items = merge(side([cdoc("1"), cdoc("3")]), side([idoc("1"), idoc("2"), idoc("3")]))
    first = next(items)
    assert first.number == "1"
    assert len(read) <= 4  # one group ahead per side, never the whole stream


def test_a_bad_line_kind_is_refused_by_name() -> None:
    with pytest.raises(ReconcileError, match=r"totals\['freight'\]"):
        cdoc(totals={"freight": Decimal(1)})


def test_a_float_amount_is_refused() -> None:
    with pytest.raises(ReconcileError, match="expected a Decimal"):
        cdoc(totals={"products": 1.5})


def test_period_end_before_start_is_refused() -> None:
    from bridge.reconcile import Period

    with pytest.raises(ReconcileError, match="before start"):
        Period(start=date(2026, 3, 2), end=date(2026, 3, 1))


def test_period_month_covers_every_day_of_the_month() -> None:
    from bridge.reconcile import Period

    period = Period.month(2028, 2)
    assert (period.start, period.end) == (date(2028, 2, 1), date(2028, 2, 29))
    assert str(period) == "2028-02-01..2028-02-29"
