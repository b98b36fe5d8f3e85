"""FakeIntacct: uniqueid dedup by function controlid, and all-or-nothing transactions."""

from __future__ import annotations

from .conftest import bill_create, envelope, fn, text, vendor_create


def test_uniqueid_resend_of_a_completed_function_is_not_run_again(gw):
    first = gw.result(vendor_create("V-1"), uniqueid=True)
    assert text(first, "status") == "success"
    again = gw.result(vendor_create("V-1"), uniqueid=True)
    # The reported real shape (intacct-sdk-js issue #70): a result with no <status>.
    assert again.find("status") is None
    assert text(again, "function") == "create"
    assert text(again, "controlid") == "f1"
    assert again.find("errormessage") is None
    assert len(gw.fake.records("VENDOR")) == 1
    assert gw.fake.counters.duplicates == 1


def test_without_uniqueid_the_same_controlid_runs_again(gw):
    gw.result(vendor_create("V-1"), uniqueid=True)
    again = gw.result(vendor_create("V-2"))
    assert text(again, "status") == "success"
    assert len(gw.fake.records("VENDOR")) == 2


def test_a_failed_function_is_not_remembered_and_may_be_resent(gw):
    first = gw.result(bill_create("V-1", ("6000", "1")), uniqueid=True)
    assert text(first, "status") == "failure"
    gw.fake.add_vendor("V-1")
    again = gw.result(bill_create("V-1", ("6000", "1")), uniqueid=True)
    assert text(again, "status") == "success"


def test_dedup_is_per_function_controlid_within_one_request(gw):
    gw.call(fn("a", vendor_create("V-1")), uniqueid=True)
    root = gw.call(fn("a", vendor_create("V-1")), fn("b", vendor_create("V-2")), uniqueid=True)
    results = root.findall("operation/result")
    assert results[0].find("status") is None
    assert text(results[1], "status") == "success"
    assert [v["VENDORID"] for v in gw.fake.records("VENDOR")] == ["V-1", "V-2"]


def test_transaction_with_a_failure_rolls_everything_back(gw):
    gw.fake.add_vendor("V-1")
    root = gw.call(
        fn("v", vendor_create("V-2")),
        fn("bad", bill_create("V-1", ("9999", "1"))),
        fn("after", bill_create("V-1", ("6000", "1"))),
        transaction=True,
    )
    results = {text(r, "controlid"): r for r in root.findall("operation/result")}
    assert text(results["bad"], "status") == "failure"
    errors = [text(e, "errorno") for e in results["bad"].findall("errormessage/error")]
    assert errors[-1] == "XL03000009"
    for control_id in ("v", "after"):
        assert text(results[control_id], "status") == "aborted"
        assert text(results[control_id], "errormessage/error/errorno") == "XL03000009"
    assert [v["VENDORID"] for v in gw.fake.records("VENDOR")] == ["V-1"]
    assert gw.fake.records("APBILL") == []
    assert gw.fake.counters.functions_aborted == 2


def test_transaction_rollback_forgets_controlids_so_a_fixed_resend_runs(gw):
    gw.fake.add_vendor("V-1")
    functions = (fn("v", vendor_create("V-2")), fn("b", bill_create("V-1", ("9999", "1"))))
    gw.call(*functions, transaction=True, uniqueid=True)
    root = gw.call(functions[0], transaction=True, uniqueid=True)
    assert text(root, "operation/result/status") == "success"


def test_successful_transaction_commits_all_and_rolled_back_recordnos_are_reused(gw):
    gw.fake.add_vendor("V-1")
    gw.call(fn("a", vendor_create("V-2")), fn("b", vendor_create("V-2")), transaction=True)
    root = gw.call(fn("a", vendor_create("V-2")), fn("b", vendor_create("V-3")), transaction=True)
    assert [text(r, "status") for r in root.findall("operation/result")] == ["success"] * 2
    assert [v["RECORDNO"] for v in gw.fake.records("VENDOR")] == ["1", "2", "3"]


def test_a_controlid_repeated_inside_one_uniqueid_request_runs_once(gw):
    root = gw.call(fn("a", vendor_create("V-1")), fn("a", vendor_create("V-2")), uniqueid=True)
    results = root.findall("operation/result")
    assert text(results[0], "status") == "success"
    assert results[1].find("status") is None
    assert [v["VENDORID"] for v in gw.fake.records("VENDOR")] == ["V-1"]


def test_uniqueid_defaults_to_true_when_the_element_is_absent(gw):
    body = envelope(fn("a", vendor_create("V-1"))).replace(b"<uniqueid>false</uniqueid>", b"")
    gw.post(body)
    again = gw.post(body)
    assert again.find("operation/result/status") is None
    assert text(again, "control/uniqueid") == "true"


def test_a_query_inside_a_rolled_back_transaction_leaves_no_stale_cached_rows(gw):
    gw.fake.add_vendor("V-1")
    select = "<query><select><field>VENDORID</field></select><object>VENDOR</object></query>"
    gw.call(
        fn("v", vendor_create("V-2")),
        fn("q", select),
        fn("bad", bill_create("V-1", ("9999", "1"))),
        transaction=True,
    )
    data = gw.result(select).find("data")
    assert [text(v, "VENDORID") for v in data.findall("VENDOR")] == ["V-1"]
