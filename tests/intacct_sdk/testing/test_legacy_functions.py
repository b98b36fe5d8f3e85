"""FakeIntacct: legacy create_apadjustment and create_potransaction (XSD order, <key> results)."""

from __future__ import annotations

import pytest

from .conftest import fn, text

DATE = "<datecreated><year>2026</year><month>03</month><day>01</day></datecreated>"


def adjustment(*amounts: str, account: str = "6000") -> str:
    lines = "".join(
        f"<lineitem><glaccountno>{account}</glaccountno><amount>{a}</amount><memo>m</memo></lineitem>"
        for a in amounts
    )
    return (
        f"<create_apadjustment><vendorid>V-1</vendorid>{DATE}<adjustmentno>CM-1</adjustmentno>"
        f"<billno>B-1</billno><currency>USD</currency>"
        f"<apadjustmentitems>{lines}</apadjustmentitems></create_apadjustment>"
    )


def purchase_order(documentno: str = "PO0213", lines: str | None = None, head: str = "") -> str:
    lines = lines or (
        "<potransitem><itemid>SKU-1</itemid><quantity>2</quantity><price>9.995</price></potransitem>"
    )
    return (
        "<create_potransaction><transactiontype>Purchase Order</transactiontype>"
        f"{DATE}{head}<vendorid>V-1</vendorid><documentno>{documentno}</documentno>"
        "<referenceno>ORDER-1</referenceno>"
        "<returnto><contactname/></returnto><payto><contactname/></payto>"
        f"<potransitems>{lines}</potransitems></create_potransaction>"
    )


@pytest.fixture(autouse=True)
def vendor(fake):
    fake.add_vendor("V-1")


def test_create_apadjustment_returns_a_key_and_stores_the_adjustment(gw):
    result = gw.result(adjustment("-25.00", "-4.999"))
    assert text(result, "status") == "success"
    key = text(result, "key")
    assert key == "1"
    stored = gw.fake.record("APADJUSTMENT", key)
    assert stored["RECORDID"] == "CM-1"
    assert stored["DOCNUMBER"] == "B-1"
    assert stored["WHENCREATED"] == "03/01/2026"
    assert stored["TOTALENTERED"] == "-30.00"


def test_create_apadjustment_refuses_mixed_signs(gw):
    result = gw.result(adjustment("10", "-1"))
    assert text(result, "status") == "failure"
    assert "all positive or all negative" in text(result, "errormessage/error/description2")


def test_create_apadjustment_checks_the_gl_account(gw):
    result = gw.result(adjustment("-1", account="9999"))
    assert "9999" in text(result, "errormessage/error/description2")


def test_create_apadjustment_in_the_wrong_element_order_fails_the_request(gw):
    body = adjustment("-1").replace(
        f"<vendorid>V-1</vendorid>{DATE}", f"{DATE}<vendorid>V-1</vendorid>"
    )
    root = gw.call(fn("a", body))
    assert text(root, "control/status") == "failure"
    assert text(root, "errormessage/error/errorno") == "XL03000003"
    assert gw.fake.records("APADJUSTMENT") == []


def test_create_potransaction_returns_type_dash_number_key(gw):
    result = gw.result(purchase_order())
    assert text(result, "key") == "Purchase Order-PO0213"
    stored = gw.fake.record("PODOCUMENT", "Purchase Order-PO0213")
    assert (stored["DOCNO"], stored["DOCPARID"], stored["CUSTVENDID"]) == (
        "PO0213",
        "Purchase Order",
        "V-1",
    )
    assert stored["PONUMBER"] == "ORDER-1"
    assert stored["TOTAL"] == "20.00"  # 2 x 9.995 rounded to 10.00 each


def test_create_potransaction_same_document_number_twice_fails(gw):
    gw.result(purchase_order())
    result = gw.result(purchase_order())
    assert text(result, "status") == "failure"
    assert text(result, "errormessage/error/errorno") == "BL34000061"


@pytest.mark.parametrize(
    "body",
    [
        # vendorid before datecreated: out of XSD order
        purchase_order()
        .replace(DATE, "")
        .replace("<vendorid>V-1</vendorid>", f"<vendorid>V-1</vendorid>{DATE}"),
        # payto is required
        purchase_order().replace("<payto><contactname/></payto>", ""),
        # quantity before itemid in a line
        purchase_order(lines="<potransitem><quantity>1</quantity><itemid>X</itemid></potransitem>"),
        # a line needs a quantity
        purchase_order(lines="<potransitem><itemid>X</itemid></potransitem>"),
        # an element the schema does not know, early in the header
        purchase_order(head="<colour>red</colour>"),
    ],
)
def test_create_potransaction_schema_mistakes_fail_the_whole_request(gw, body):
    root = gw.call(fn("po", body))
    assert text(root, "control/status") == "failure"
    assert text(root, "errormessage/error/errorno") == "XL03000003"
    assert gw.fake.records("PODOCUMENT") == []


def test_create_potransaction_for_an_unknown_vendor_fails(gw):
    result = gw.result(purchase_order().replace("V-1", "V-404"))
    assert text(result, "status") == "failure"
    assert "V-404" in text(result, "errormessage/error/description2")


def test_purchase_orders_read_back_through_query(gw):
    gw.result(purchase_order())
    body = (
        "<query><select><field>DOCID</field><field>STATE</field></select><object>PODOCUMENT</object>"
        "<docparid>Purchase Order</docparid><filter><equalto><field>DOCNO</field>"
        "<value>PO0213</value></equalto></filter></query>"
    )
    data = gw.result(body).find("data")
    assert text(data, "PODOCUMENT/DOCID") == "Purchase Order-PO0213"
    assert text(data, "PODOCUMENT/STATE") == "Pending"


def test_purchase_order_quantities_keep_their_precision(gw):
    line = (
        "<potransitem><itemid>X</itemid><quantity>0.125</quantity><price>10</price></potransitem>"
    )
    gw.result(purchase_order(lines=line))
    stored = gw.fake.records("PODOCUMENT")[0]
    assert stored["TOTAL"] == "1.25"
    assert stored["PODOCUMENTENTRIES"]["PODOCUMENTENTRY"][0]["QUANTITY"] == "0.125"


def test_purchase_order_with_a_non_numeric_quantity_fails_naming_it(gw):
    line = "<potransitem><itemid>X</itemid><quantity>lots</quantity></potransitem>"
    result = gw.result(purchase_order(lines=line))
    assert text(result, "status") == "failure"
    assert "lots" in text(result, "errormessage/error/description2")
