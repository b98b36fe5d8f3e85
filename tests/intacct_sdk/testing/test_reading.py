"""FakeIntacct: read, readByQuery + readMore paging, and the 3.0 query function."""

from __future__ import annotations

from xml.sax.saxutils import escape

import pytest

from .conftest import fn, text


@pytest.fixture
def vendors(fake):
    for n in range(1, 8):
        fake.add_vendor(
            f"V-{n}",
            f"Vendor {n}",
            email=f"v{n}@Example.com" if n % 2 else None,
            status="active" if n != 7 else "inactive",
        )
    fake.add_vendor("V-Q", "Jane's Deli")
    return fake


def rbq(query: str, fields: str = "*", pagesize: int = 100, obj: str = "VENDOR") -> str:
    return (
        f"<readByQuery><object>{obj}</object><fields>{fields}</fields><query>{escape(query)}</query>"
        f"<pagesize>{pagesize}</pagesize></readByQuery>"
    )


def vendor_ids(data) -> list[str]:
    return [text(v, "VENDORID") for v in data if v.tag.lower() == "vendor"]


def test_read_by_query_pages_with_result_id_until_nothing_remains(gw, vendors):
    first = gw.result(rbq("", "VENDORID", pagesize=3)).find("data")
    assert first.get("listtype") == "vendor"
    assert (first.get("count"), first.get("totalcount"), first.get("numremaining")) == (
        "3",
        "8",
        "5",
    )
    assert vendor_ids(first) == ["V-1", "V-2", "V-3"]
    result_id = first.get("resultId")
    assert result_id
    second = gw.result(f"<readMore><resultId>{result_id}</resultId></readMore>").find("data")
    assert vendor_ids(second) == ["V-4", "V-5", "V-6"]
    assert second.get("numremaining") == "2"
    last = gw.result(f"<readMore><resultId>{result_id}</resultId></readMore>").find("data")
    assert vendor_ids(last) == ["V-7", "V-Q"]
    assert (last.get("numremaining"), last.get("resultId")) == ("0", "")
    again = gw.result(f"<readMore><resultId>{result_id}</resultId></readMore>")
    assert text(again, "status") == "failure"


def test_read_by_query_with_everything_on_one_page_has_an_empty_result_id(gw, vendors):
    data = gw.result(rbq("VENDORID = 'V-1'")).find("data")
    assert data.get("resultId") == ""
    assert text(data, "vendor/DISPLAYCONTACT/EMAIL1") == "v1@Example.com"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("VENDORID = 'V-2'", ["V-2"]),
        ("VENDORID != 'V-2' AND VENDORID < 'V-4'", ["V-1", "V-3"]),
        ("RECORDNO >= 6", ["V-6", "V-7", "V-Q"]),
        ("RECORDNO <= 2 OR RECORDNO > 7", ["V-1", "V-2", "V-Q"]),
        ("NAME like 'Vendor 1%'", ["V-1"]),
        ("NAME not like 'Vendor%'", ["V-Q"]),
        ("VENDORID in ('V-1', 'V-3','V-Z')", ["V-1", "V-3"]),
        ("VENDORID not in ('V-1')", ["V-2", "V-3", "V-4", "V-5", "V-6", "V-7", "V-Q"]),
        ("DISPLAYCONTACT.EMAIL1 IS NULL", ["V-2", "V-4", "V-6", "V-Q"]),
        ("DISPLAYCONTACT.EMAIL1 IS NOT NULL AND STATUS = 'inactive'", ["V-7"]),
        ("(RECORDNO = 1 OR RECORDNO = 2) AND STATUS = 'active'", ["V-1", "V-2"]),
        ("NAME = 'Jane\\'s Deli'", ["V-Q"]),
        ("RECORDNO = 10", []),
    ],
)
def test_read_by_query_language(gw, vendors, query, expected):
    assert vendor_ids(gw.result(rbq(query, "VENDORID")).find("data")) == expected


def test_read_by_query_field_list_returns_dotted_fields_as_flat_elements(gw, vendors):
    data = gw.result(rbq("RECORDNO = 1", "RECORDNO,DISPLAYCONTACT.EMAIL1")).find("data")
    record = data.find("vendor")
    assert [child.tag for child in record] == ["RECORDNO", "DISPLAYCONTACT.EMAIL1"]
    assert text(record, "DISPLAYCONTACT.EMAIL1") == "v1@Example.com"


@pytest.mark.parametrize(
    "body",
    [
        rbq("VENDORID = ", "VENDORID"),
        rbq("", "VENDORID", pagesize=1001),
        rbq("", "VENDORID", pagesize=0),
        rbq("", obj="CUSTOMER"),
    ],
)
def test_read_by_query_refuses_bad_queries_and_page_sizes(gw, vendors, body):
    assert text(gw.result(body), "status") == "failure"


def test_read_returns_records_by_key_csv(gw, vendors):
    data = gw.result("<read><object>VENDOR</object><keys>2,99,1</keys><fields>*</fields></read>")
    data = data.find("data")
    assert data.get("count") == "2"
    assert vendor_ids(data) == ["V-2", "V-1"]


def test_read_refuses_more_than_100_keys(gw):
    keys = ",".join(str(n) for n in range(1, 102))
    result = gw.result(f"<read><object>VENDOR</object><keys>{keys}</keys></read>")
    assert text(result, "status") == "failure"


def query(select: str, filter_xml: str = "", extra: str = "", obj: str = "VENDOR") -> str:
    fields = "".join(f"<field>{f}</field>" for f in select.split(","))
    flt = f"<filter>{filter_xml}</filter>" if filter_xml else ""
    return f"<query><select>{fields}</select><object>{obj}</object>{flt}{extra}</query>"


def test_query_returns_uppercase_records_offset_paging_and_no_result_id(gw, vendors):
    extra = "<pagesize>3</pagesize><offset>3</offset>"
    data = gw.result(query("VENDORID", extra=extra)).find("data")
    assert data.get("listtype") == "VENDOR"
    assert "resultId" not in data.attrib
    attrs = (
        data.get("totalcount"),
        data.get("offset"),
        data.get("count"),
        data.get("numremaining"),
    )
    assert attrs == ("8", "3", "3", "2")
    assert [text(v, "VENDORID") for v in data.findall("VENDOR")] == ["V-4", "V-5", "V-6"]


@pytest.mark.parametrize(
    ("filter_xml", "expected"),
    [
        ("<equalto><field>VENDORID</field><value>V-2</value></equalto>", ["V-2"]),
        ("<notequalto><field>STATUS</field><value>active</value></notequalto>", ["V-7"]),
        ("<lessthan><field>RECORDNO</field><value>3</value></lessthan>", ["V-1", "V-2"]),
        ("<greaterthan><field>RECORDNO</field><value>7</value></greaterthan>", ["V-Q"]),
        ("<lessthanoreqto><field>RECORDNO</field><value>1</value></lessthanoreqto>", ["V-1"]),
        ("<greaterthanoreqto><field>RECORDNO</field><value>8</value></greaterthanoreqto>", ["V-Q"]),
        ("<in><field>VENDORID</field><value>V-3</value><value>V-5</value></in>", ["V-3", "V-5"]),
        ("<like><field>NAME</field><value>Jane%</value></like>", ["V-Q"]),
        ("<isnull><field>DISPLAYCONTACT.EMAIL1</field></isnull>", ["V-2", "V-4", "V-6", "V-Q"]),
        (
            "<between><field>RECORDNO</field><value>2</value><value>4</value></between>",
            ["V-2", "V-3", "V-4"],
        ),
        (
            "<and><equalto><field>STATUS</field><value>active</value></equalto>"
            "<or><equalto><field>RECORDNO</field><value>1</value></equalto>"
            "<equalto><field>RECORDNO</field><value>7</value></equalto></or></and>",
            ["V-1"],
        ),
    ],
)
def test_query_filters(gw, vendors, filter_xml, expected):
    data = gw.result(query("VENDORID", filter_xml)).find("data")
    assert [text(v, "VENDORID") for v in data.findall("VENDOR")] == expected


def test_query_case_insensitive_option_matches_email_in_any_case(gw, vendors):
    flt = "<equalto><field>DISPLAYCONTACT.EMAIL1</field><value>V3@EXAMPLE.COM</value></equalto>"
    plain = gw.result(query("VENDORID,DISPLAYCONTACT.EMAIL1", flt)).find("data")
    assert plain.get("count") == "0"
    options = "<options><caseinsensitive>true</caseinsensitive></options>"
    folded = gw.result(query("VENDORID,DISPLAYCONTACT.EMAIL1", flt, options)).find("data")
    assert text(folded, "VENDOR/VENDORID") == "V-3"
    assert text(folded, "VENDOR/DISPLAYCONTACT.EMAIL1") == "v3@Example.com"


def test_query_orderby_sorts_descending_and_numbers_as_numbers(gw, vendors):
    order = "<orderby><order><field>RECORDNO</field><descending/></order></orderby>"
    data = gw.result(query("VENDORID", extra=order + "<pagesize>3</pagesize>")).find("data")
    assert [text(v, "VENDORID") for v in data.findall("VENDOR")] == ["V-Q", "V-7", "V-6"]


@pytest.mark.parametrize(
    "body",
    [
        query("*"),
        query("VENDORID", extra="<pagesize>2001</pagesize>"),
        query("VENDORID", "<equalto><field>X</field></equalto>"),
        query("VENDORID", obj="APADJUSTMENTX"),
    ],
)
def test_query_refuses_select_star_bad_page_sizes_and_bad_filters(gw, vendors, body):
    assert text(gw.result(body), "status") == "failure"


def test_query_docparid_narrows_purchasing_documents(gw, fake):
    fake.add_vendor("V-1")
    fake.seed(
        "PODOCUMENT",
        [
            {"DOCID": "Purchase Order-PO1", "DOCNO": "PO1", "DOCPARID": "Purchase Order"},
            {"DOCID": "Vendor Invoice-VI1", "DOCNO": "VI1", "DOCPARID": "Vendor Invoice"},
        ],
    )
    body = query("DOCID", extra="<docparid>Purchase Order</docparid>", obj="PODOCUMENT")
    assert [text(d, "DOCID") for d in gw.result(body).find("data")] == ["Purchase Order-PO1"]


def test_several_reads_in_one_request_each_get_their_own_result(gw, vendors):
    root = gw.call(fn("a", rbq("RECORDNO = 1")), fn("b", query("VENDORID")))
    assert [text(r, "controlid") for r in root.findall("operation/result")] == ["a", "b"]


def test_only_the_newest_100_open_result_sets_are_kept(gw, vendors):
    first = gw.result(rbq("", "VENDORID", pagesize=1)).find("data").get("resultId")
    for _ in range(100):
        gw.result(rbq("", "VENDORID", pagesize=1))
    result = gw.result(f"<readMore><resultId>{first}</resultId></readMore>")
    assert text(result, "status") == "failure"


def test_gl_accounts_read_back_with_status(gw):
    body = query(
        "ACCOUNTNO,TITLE,STATUS",
        "<equalto><field>STATUS</field><value>active</value></equalto>",
        obj="GLACCOUNT",
    )
    data = gw.result(body).find("data")
    assert [text(a, "ACCOUNTNO") for a in data.findall("GLACCOUNT")] == ["6000", "6100"]
    assert text(data, "GLACCOUNT/TITLE") == "Cost of goods"


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ("<delete><object>APADJUSTMENT</object><keys>1</keys></delete>", "failure"),  # no key 1
        ("<delete><object>PODOCUMENT</object><keys>1</keys></delete>", "failure"),  # unsupported
        ("<readByQuery><object>APADJUSTMENT</object><query/></readByQuery>", "success"),
        ("<read><object>PODOCUMENT</object><keys>1</keys></read>", "success"),
    ],
)
def test_what_each_object_supports(gw, body, status):
    assert text(gw.result(body), "status") == status


def test_read_by_name_reads_by_business_id(gw, vendors):
    body = "<readByName><object>VENDOR</object><keys>V-2,V-404,V-1</keys></readByName>"
    data = gw.result(body).find("data")
    assert vendor_ids(data) == ["V-2", "V-1"]
    bill = "<readByName><object>APBILL</object><keys>B-1</keys></readByName>"
    assert text(gw.result(bill), "status") == "failure"
