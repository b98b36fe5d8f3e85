from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from intacct_sdk._response import parse_response
from intacct_sdk._serialize import (
    ap_bill_from_record,
    gl_account_from_record,
    purchase_order_from_record,
    vendor_from_record,
)
from intacct_sdk._serialize._values import parse_date, parse_datetime


def test_vendor_from_nested_read_by_query_record(load):
    record = parse_response(load("read_by_query_page.xml")).result("q-1").data[0]
    vendor = vendor_from_record(record)
    assert vendor.vendor_id == "V1"
    assert vendor.record_no == "1"
    assert vendor.email == "AP@Widget.example"
    assert vendor.display_contact
    assert vendor.display_contact.mail_address
    assert vendor.display_contact.mail_address.city == "Lyon"
    assert vendor.when_modified == datetime(2026, 3, 1, 9, 15, tzinfo=UTC)
    assert vendor.extra == {"CUSTOM_RANK": "7"}


def test_vendor_from_dotted_query_record(load):
    records = parse_response(load("query_page.xml")).result("q-2").data
    assert vendor_from_record(records[0]).email == "third@example.com"
    assert vendor_from_record(records[1]).display_contact is None


def test_bill_from_record_reads_money_as_decimal_and_both_date_formats():
    bill = ap_bill_from_record(
        {
            "RECORDNO": "9",
            "VENDORID": "V1",
            "WHENCREATED": "03/01/2026",
            "WHENDUE": "2026-03-31",
            "TOTALENTERED": "1,234.50",
            "APBILLITEMS": {"APBILLITEM": {"ACCOUNTNO": "4000", "TRX_AMOUNT": "1234.50"}},
            "MEGAENTITYID": "",
        }
    )
    assert bill.when_created == date(2026, 3, 1)
    assert bill.when_due == date(2026, 3, 31)
    assert bill.total_entered == Decimal("1234.50")
    assert bill.lines[0].trx_amount == Decimal("1234.50")
    assert bill.extra == {"MEGAENTITYID": ""}


def test_po_and_gl_records():
    po = purchase_order_from_record(
        {
            "DOCID": "Purchase Order-PO1",
            "DOCNO": "PO1",
            "DOCPARID": "Purchase Order",
            "CUSTVENDID": "V1",
            "WHENCREATED": "01/02/2026",
        }
    )
    assert po.key == "Purchase Order-PO1"
    assert po.document_no == "PO1"
    assert po.vendor_id == "V1"
    gl = gl_account_from_record({"ACCOUNTNO": "4000", "STATUS": "active", "X": "1"})
    assert gl.is_active
    assert gl.extra == {"X": "1"}


def test_bad_dates_name_the_value():
    with pytest.raises(ValueError, match="13/45/2026"):
        parse_date("13/45/2026")
    parsed = parse_datetime("2026-03-01T10:00:00-07:00")
    assert parsed is not None
    assert parsed.utcoffset() == timedelta(hours=-7)
