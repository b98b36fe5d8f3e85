from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from lxml import etree

from intacct_sdk.functions import (
    Create,
    CreateAPAdjustment,
    CreatePOTransaction,
    Delete,
    GetAPISession,
    Query,
    Read,
    ReadByQuery,
    ReadMore,
    Update,
    equal_to,
    greater_than,
    in_,
    is_null,
    quote,
)
from intacct_sdk.models import (
    APAdjustment,
    APAdjustmentLine,
    APBill,
    APBillLine,
    Contact,
    PurchaseOrder,
    PurchaseOrderLine,
    Vendor,
)


def _xml(fn: Any) -> Any:
    return etree.fromstring(fn.to_xml())


def _tags(elem: Any) -> list[Any]:
    return [c.tag for c in elem]


@pytest.mark.parametrize("bad", ["", "x" * 257])
def test_control_id_must_be_1_to_256_characters(bad):
    with pytest.raises(ValueError, match=r"control_id must be 1\.\.256"):
        Read("VENDOR", [1], control_id=bad)


def test_control_id_defaults_to_a_fresh_uuid4():
    first, second = ReadMore("r"), ReadMore("r")
    assert len(first.control_id) == 36
    assert first.control_id != second.control_id


def test_control_id_with_forbidden_characters_is_refused():
    with pytest.raises(ValueError, match="XML cannot carry"):
        Read("VENDOR", [1], control_id="a\x01")


def test_read_splits_more_than_100_keys():
    reads = Read.split("VENDOR", range(250))
    assert [len(r.keys) for r in reads] == [100, 100, 50]
    with pytest.raises(ValueError, match="at most 100"):
        Read("VENDOR", range(101))


def test_page_sizes_are_bounded():
    with pytest.raises(ValueError, match=r"1\.\.1000"):
        ReadByQuery("VENDOR", page_size=1001)
    with pytest.raises(ValueError, match=r"1\.\.2000"):
        Query("VENDOR", ["VENDORID"], page_size=2001)
    assert Query("VENDOR", ["VENDORID"], page_size=2000).page_size == 2000


def test_query_elements_follow_the_xsd_order():
    fn = Query(
        "VENDOR",
        ["VENDORID", "NAME"],
        filter=equal_to("STATUS", "active") & greater_than("WHENMODIFIED", "03/01/2026"),
        order_by=["VENDORID", "-NAME"],
        case_insensitive=True,
        offset=20,
    )
    root = _xml(fn).find("query")
    assert _tags(root) == ["select", "object", "filter", "orderby", "options", "pagesize", "offset"]
    assert _tags(root.find("filter/and")) == ["equalto", "greaterthan"]
    assert root.find("orderby/order[2]/descending") is not None
    assert root.findtext("offset") == "20"


def test_query_refuses_select_star():
    with pytest.raises(ValueError, match="no '\\*'"):
        Query("VENDOR", ["*"])


def test_filter_values_are_escaped_text():
    fn = Query("VENDOR", ["VENDORID"], filter=in_("NAME", ["A&B", "<x>"]) | is_null("EMAIL"))
    root = _xml(fn)
    assert [v.text for v in root.iterfind(".//in/value")] == ["A&B", "<x>"]
    assert root.find(".//or/isnull/field").text == "EMAIL"


def test_read_by_query_quote_escapes_quotes_and_backslashes():
    assert quote("Jane's \\ Deli") == "'Jane\\'s \\\\ Deli'"


def test_read_by_query_and_read_more_shapes():
    root = _xml(ReadByQuery("VENDOR", "STATUS = 'active'", ["VENDORID"], 500))
    assert _tags(root.find("readByQuery")) == [
        "object",
        "fields",
        "query",
        "pagesize",
        "returnFormat",
    ]
    assert _xml(ReadMore("abc")).findtext("readMore/resultId") == "abc"
    assert _xml(Delete("VENDOR", [1, 2])).findtext("delete/keys") == "1,2"


def test_get_api_session_variants():
    assert _xml(GetAPISession()).find("getAPISession") is not None
    assert _xml(GetAPISession(location_id="")).find("getAPISession/locationid").text is None
    assert _xml(GetAPISession(location_id="E1")).findtext("getAPISession/locationid") == "E1"


def _bill(**kw: Any) -> APBill:
    return APBill(
        vendor_id="V1",
        when_created=date(2026, 3, 1),
        record_id="B-1",
        lines=[APBillLine(account_no="4000", trx_amount="10.005", location_id="L1")],
        custom_fields={"ORDER_ID": "1001"},
        **kw,
    )


def test_bill_create_rounds_amounts_and_keeps_custom_fields():
    bill = _xml(Create.for_model(_bill())).find("create/APBILL")
    assert bill.findtext("APBILLITEMS/APBILLITEM/TRX_AMOUNT") == "10.01"
    assert bill.findtext("WHENCREATED") == "03/01/2026"
    assert bill.findtext("ORDER_ID") == "1001"
    assert _tags(bill.find("APBILLITEMS/APBILLITEM")) == ["ACCOUNTNO", "TRX_AMOUNT", "LOCATIONID"]


def test_model_control_ids_are_deterministic_and_content_sensitive():
    assert Create.for_model(_bill()).control_id == Create.for_model(_bill()).control_id
    other = Create.for_model(_bill(description="changed")).control_id
    assert other != Create.for_model(_bill()).control_id
    assert Create.for_model(_bill()).control_id.startswith("create-APBILL-V1-B-1-")
    assert len(Create.for_model(_bill()).control_id) <= 256


def test_bill_with_two_exchange_rates_is_refused():
    with pytest.raises(ValueError, match="not both"):
        Create.for_model(_bill(exchange_rate_type_id="Spot", exchange_rate=Decimal("1.1")))


def test_vendor_create_defaults_printas_to_name():
    vendor = Vendor(
        vendor_id="V1",
        name="Widget Co",
        status="active",
        display_contact=Contact(email1="ap@widget.example"),
    )
    root = _xml(Create.for_model(vendor)).find("create/VENDOR")
    assert _tags(root)[:4] == ["VENDORID", "NAME", "DISPLAYCONTACT", "STATUS"]
    assert root.findtext("DISPLAYCONTACT/PRINTAS") == "Widget Co"
    assert root.findtext("DISPLAYCONTACT/EMAIL1") == "ap@widget.example"


def test_vendor_without_status_leaves_status_out_so_an_update_cannot_reactivate():
    vendor = Vendor(vendor_id="V1", name="Widget Co")
    root = _xml(Update.for_model(vendor)).find("update/VENDOR")
    assert "STATUS" not in _tags(root)


def test_vendor_update_needs_a_vendor_id():
    with pytest.raises(ValueError, match="vendor_id"):
        Update.for_model(Vendor(name="x"))
    root = _xml(Update.for_model(Vendor(vendor_id="V1", name="x")))
    assert root.findtext("update/VENDOR/VENDORID") == "V1"


def test_ap_adjustment_lines_must_share_one_sign():
    lines = [
        APAdjustmentLine(gl_account_no="1", amount="-1"),
        APAdjustmentLine(gl_account_no="1", amount="2"),
    ]
    with pytest.raises(ValueError, match="all positive or all negative"):
        CreateAPAdjustment(APAdjustment(vendor_id="V1", date_created=date(2026, 1, 1), lines=lines))


def test_ap_adjustment_is_legacy_lowercase_with_split_dates():
    adj = APAdjustment(
        vendor_id="V1",
        date_created=date(2026, 1, 2),
        adjustment_no="CM-1",
        bill_no="B-1",
        lines=[APAdjustmentLine(gl_account_no="4000", amount="-25", memo="refund")],
        custom_fields={"ORDER": "1"},
    )
    root = _xml(CreateAPAdjustment(adj, control_id="adj-1")).find("create_apadjustment")
    assert _tags(root) == [
        "vendorid",
        "datecreated",
        "adjustmentno",
        "billno",
        "customfields",
        "apadjustmentitems",
    ]
    assert _tags(root.find("datecreated")) == ["year", "month", "day"]
    assert root.findtext("apadjustmentitems/lineitem/amount") == "-25.00"
    assert root.findtext("customfields/customfield/customfieldname") == "ORDER"


def test_purchase_order_follows_the_xsd_order_and_always_has_returnto_payto():
    po = PurchaseOrder(
        transaction_type="Purchase Order",
        date_created=date(2026, 1, 2),
        vendor_id="V1",
        document_no="PO-1",
        date_due=date(2026, 2, 1),
        currency="USD",
        exchange_rate_type="Intacct Daily Rate",
        state="Pending",
        lines=[PurchaseOrderLine(item_id="SKU1", quantity="2", price="3.50")],
    )
    root = _xml(CreatePOTransaction(po)).find("create_potransaction")
    assert _tags(root) == [
        "transactiontype",
        "datecreated",
        "vendorid",
        "documentno",
        "datedue",
        "returnto",
        "payto",
        "currency",
        "exchratetype",
        "state",
        "potransitems",
    ]
    assert _tags(root.find("potransitems/potransitem")) == ["itemid", "quantity", "price"]
    assert root.find("returnto/contactname") is not None
