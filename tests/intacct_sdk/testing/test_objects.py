"""FakeIntacct: the object store behind 3.0 create / update / delete and its business rules."""

from __future__ import annotations

import pytest

from intacct_sdk.testing import FakeIntacct

from .conftest import Clock, bill_create, fn, text, vendor_create


def test_vendor_create_assigns_recordno_and_returns_it_with_the_vendorid(gw):
    result = gw.result(vendor_create("V-1"))
    assert text(result, "status") == "success"
    data = result.find("data")
    assert data.get("listtype") == "objects"
    assert data.get("count") == "1"
    assert text(data, "vendor/RECORDNO") == "1"
    assert text(data, "vendor/VENDORID") == "V-1"
    assert gw.fake.records("VENDOR")[0]["NAME"] == "Widget Co"


def test_whencreated_and_whenmodified_use_intacct_timestamp_format(gw, clock: Clock):
    gw.result(vendor_create("V-1"))
    clock.advance(hours=2, minutes=5, seconds=7)
    gw.result("<update><VENDOR><VENDORID>V-1</VENDORID><NAME>New</NAME></VENDOR></update>")
    vendor = gw.fake.record("VENDOR", "V-1")
    assert vendor["WHENCREATED"] == "03/02/2026 09:30:00"
    assert vendor["WHENMODIFIED"] == "03/02/2026 11:35:07"
    assert vendor["NAME"] == "New"


def test_a_second_vendor_with_the_same_vendorid_fails_with_bl34000061(gw):
    gw.result(vendor_create("V-1"))
    result = gw.result(vendor_create("V-1", name="Other"))
    assert text(result, "status") == "failure"
    assert text(result, "errormessage/error/errorno") == "BL34000061"
    assert "V-1" in text(result, "errormessage/error/description")
    assert len(gw.fake.records("VENDOR")) == 1


def test_create_of_several_objects_is_one_unit(gw):
    result = gw.result(
        "<create><VENDOR><VENDORID>A</VENDORID><NAME>A</NAME></VENDOR>"
        "<VENDOR><VENDORID>A</VENDORID><NAME>A again</NAME></VENDOR></create>"
    )
    assert text(result, "status") == "failure"
    assert gw.fake.records("VENDOR") == []


def test_vendor_without_name_fails_naming_the_field(gw):
    result = gw.result("<create><VENDOR><VENDORID>V-9</VENDORID></VENDOR></create>")
    assert text(result, "status") == "failure"
    assert "NAME" in text(result, "errormessage/error/description2")


def test_vendor_auto_numbering_fills_a_missing_vendorid(clock):
    from .conftest import Gateway

    gw = Gateway(FakeIntacct(clock=clock, vendor_auto_numbering=True))
    result = gw.result("<create><VENDOR><NAME>Auto</NAME></VENDOR></create>")
    assert text(result, "data/vendor/VENDORID") == "VEND-00001"


def test_vendor_update_merges_nested_contact_fields(gw):
    gw.result(vendor_create("V-1", email="a@example.com"))
    gw.result(
        "<update><VENDOR><RECORDNO>1</RECORDNO>"
        "<DISPLAYCONTACT><PHONE1>555</PHONE1></DISPLAYCONTACT></VENDOR></update>"
    )
    contact = gw.fake.record("VENDOR", 1)["DISPLAYCONTACT"]
    assert contact["EMAIL1"] == "a@example.com"
    assert contact["PHONE1"] == "555"


def test_update_of_a_missing_record_fails(gw):
    result = gw.result("<update><VENDOR><RECORDNO>42</RECORDNO><NAME>x</NAME></VENDOR></update>")
    assert text(result, "status") == "failure"


def test_delete_removes_records_by_key_and_fails_on_unknown_keys(gw):
    gw.result(vendor_create("V-1"))
    assert text(gw.result("<delete><object>VENDOR</object><keys>7</keys></delete>"), "status") == (
        "failure"
    )
    assert text(gw.result("<delete><object>VENDOR</object><keys>1</keys></delete>"), "status") == (
        "success"
    )
    assert gw.fake.records("VENDOR") == []


def test_ap_bill_create_stores_lines_totals_and_state(gw):
    gw.fake.add_vendor("V-1")
    result = gw.result(bill_create("V-1", ("6000", "100.00"), ("6100", "5.50")))
    assert text(result, "status") == "success"
    assert text(result, "data/apbill/RECORDNO") == "1"
    bill = gw.fake.records("APBILL")[0]
    assert bill["TOTALENTERED"] == "105.50"
    assert bill["STATE"] == "Posted"
    assert bill["WHENCREATED"] == "03/01/2026"  # the document date, not a timestamp
    assert [line["ACCOUNTNO"] for line in bill["APBILLITEMS"]["APBILLITEM"]] == ["6000", "6100"]


def test_ap_bill_amounts_with_more_than_two_decimals_are_rounded_half_up(gw):
    gw.fake.add_vendor("V-1")
    gw.result(bill_create("V-1", ("6000", "10.005"), ("6000", "0.333")))
    lines = gw.fake.records("APBILL")[0]["APBILLITEMS"]["APBILLITEM"]
    assert [line["TRX_AMOUNT"] for line in lines] == ["10.01", "0.33"]


def test_ap_bill_for_an_unknown_vendor_fails_and_names_it(gw):
    result = gw.result(bill_create("NOPE", ("6000", "1")))
    assert text(result, "status") == "failure"
    assert text(result, "errormessage/error/errorno") == "BL01001973"
    assert "NOPE" in text(result, "errormessage/error/description2")
    assert gw.fake.records("APBILL") == []


@pytest.mark.parametrize(("account", "words"), [("9999", "Invalid"), ("6999", "inactive")])
def test_ap_bill_line_on_a_missing_or_inactive_account_fails_naming_it(gw, account, words):
    gw.fake.add_vendor("V-1")
    result = gw.result(bill_create("V-1", ("6000", "1"), (account, "2")))
    detail = text(result, "errormessage/error/description2")
    assert text(result, "status") == "failure"
    assert account in detail
    assert words in detail
    assert "line 2" in detail


def test_ap_bill_needs_dates_unless_draft(gw):
    gw.fake.add_vendor("V-1")
    body = (
        "<create><APBILL><VENDORID>V-1</VENDORID>{extra}<APBILLITEMS><APBILLITEM>"
        "<ACCOUNTNO>6000</ACCOUNTNO><TRX_AMOUNT>1</TRX_AMOUNT></APBILLITEM></APBILLITEMS>"
        "</APBILL></create>"
    )
    assert text(gw.result(body.format(extra="")), "status") == "failure"
    assert text(gw.result(body.format(extra="<ACTION>Draft</ACTION>")), "status") == "success"


def test_a_bad_bill_in_a_batch_fails_alone_without_a_transaction(gw):
    gw.fake.add_vendor("V-1")
    root = gw.call(
        fn("b1", bill_create("V-1", ("6000", "1"), number="B1")),
        fn("b2", bill_create("V-1", ("9999", "1"), number="B2")),
        fn("b3", bill_create("V-1", ("6100", "1"), number="B3")),
    )
    statuses = [text(r, "status") for r in root.findall("operation/result")]
    assert statuses == ["success", "failure", "success"]
    assert [b["RECORDID"] for b in gw.fake.records("APBILL")] == ["B1", "B3"]


def test_three_o_create_of_ap_adjustment_is_not_supported(gw):
    result = gw.result("<create><APADJUSTMENT><VENDORID>V</VENDORID></APADJUSTMENT></create>")
    assert text(result, "status") == "failure"


def test_seed_applies_the_same_rules_and_rejects_duplicates_with_a_clear_error(fake):
    fake.add_vendor("V-1", email="ap@example.com")
    assert fake.record("VENDOR", "V-1")["DISPLAYCONTACT"]["EMAIL1"] == "ap@example.com"
    with pytest.raises(ValueError, match="V-1"):
        fake.add_vendor("V-1")
    with pytest.raises(ValueError, match="unknown object"):
        fake.records("CUSTOMER")


def test_records_returns_copies_that_do_not_change_the_store(fake):
    fake.add_vendor("V-1")
    fake.records("VENDOR")[0]["NAME"] = "changed"
    assert fake.record("VENDOR", "V-1")["NAME"] == "V-1"
