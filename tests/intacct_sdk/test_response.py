from datetime import UTC, datetime, timedelta, timezone

import pytest

from intacct_sdk import (
    AuthenticationError,
    ControlError,
    DuplicateRequestError,
    ErrorDetail,
    HttpStatusError,
    RateLimitError,
    ResponseParseError,
    ResultError,
    SessionExpiredError,
    TransactionAbortedError,
)
from intacct_sdk._response import parse_http_response, parse_response, parse_retry_after

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def test_success_result_matched_by_control_id(load):
    response = parse_response(load("success_vendor_create.xml"))
    result = response.result("v-1")
    assert result.ok
    assert response.ok
    assert result.function == "create"
    assert result.data == ({"RECORDNO": "42", "VENDORID": "V-1001"},)
    assert result.error is None
    assert response.auth is not None
    assert response.auth.session_timeout == datetime(
        2026, 3, 1, 11, 0, tzinfo=timezone(timedelta(hours=-7))
    )
    with pytest.raises(KeyError, match="nope"):
        response.result("nope")


def test_bom_is_honoured(load):
    assert parse_response(load("bom_utf8.xml")).result("v-1").ok


def test_declared_iso_8859_1_is_decoded(load):
    result = parse_response(load("iso_8859_1.xml")).result("q-1")
    assert result.data[0]["NAME"] == "Café Müller"
    assert result.num_remaining == 0
    assert result.result_id is None  # the last page has resultId=""


def test_control_failure_keeps_every_error(load):
    with pytest.raises(ControlError) as info:
        parse_response(load("control_failure_bad_sender.xml"))
    assert info.value.errors == (
        ErrorDetail(
            errorno="XL03000006", description2="Incorrect Intacct XML Partner ID or password."
        ),
    )
    assert info.value.request_control_id == "req-1"
    assert not isinstance(info.value, RateLimitError)


def test_control_block_with_only_status_is_tolerated(load):
    with pytest.raises(ControlError) as info:
        parse_response(load("control_failure_status_only.xml"), request_control_id="mine")
    assert info.value.errornos == ("GW-0011",)
    assert info.value.request_control_id == "mine"


def test_gw_0010_in_a_200_is_a_rate_limit(load):
    with pytest.raises(RateLimitError) as info:
        parse_response(load("rate_limit_gw0010.xml"))
    assert info.value.errornos == ("GW-0010",)


def test_auth_failure_with_a_session_is_session_expired(load):
    with pytest.raises(SessionExpiredError) as info:
        parse_response(load("auth_failure_session.xml"), used_session=True)
    assert "Invalid session" in str(info.value)


def test_auth_failure_with_a_login_is_authentication_error(load):
    with pytest.raises(AuthenticationError) as info:
        parse_response(load("auth_failure_session.xml"), used_session=False)
    assert type(info.value) is AuthenticationError


def test_result_failure_is_returned_not_raised_with_errors_in_order(load):
    response = parse_response(load("result_failure_errors.xml"))
    failed, ok = response.result("v-1"), response.result("v-2")
    assert not response.ok
    assert ok.ok
    assert [e.errorno for e in failed.errors] == ["BL34000061", "BL01001973"]
    assert (failed.errors[0].description2 or "").endswith("V-1001 & <Widget> already exists")
    assert failed.errors[0].correction == "Use a unique value."
    error = failed.error
    assert type(error) is ResultError
    assert error.control_id == "v-1"
    assert error.function == "create"
    assert error.request_control_id == "req-1"
    with pytest.raises(ResultError):
        response.raise_for_status()


def test_transaction_rollback_marks_siblings_aborted(load):
    response = parse_response(load("transaction_aborted.xml"))
    aborted = response.result("b-1")
    assert aborted.status == "aborted"
    assert isinstance(aborted.error, TransactionAbortedError)
    assert aborted.error.errornos == ("XL03000009",)
    # raise_for_status reports the real failure, not the rollback notice.
    with pytest.raises(ResultError) as info:
        response.raise_for_status()
    assert info.value.control_id == "b-2"
    assert not isinstance(info.value, TransactionAbortedError)


def test_result_without_status_is_a_duplicate_not_a_crash(load):
    result = parse_response(load("result_without_status.xml")).result("v-1")
    assert result.status is None
    assert result.is_duplicate
    with pytest.raises(DuplicateRequestError) as info:
        result.raise_for_status()
    assert info.value.control_id == "v-1"


def test_failure_naming_a_used_control_id_is_a_duplicate():
    body = (
        b"<response><control><status>success</status></control><operation><authentication>"
        b"<status>success</status></authentication><result><status>failure</status>"
        b"<function>create</function><controlid>c1</controlid><errormessage><error>"
        b"<errorno>XL03000012</errorno><description2>The control id c1 has already been "
        b"used</description2></error></errormessage></result></operation></response>"
    )
    assert isinstance(parse_response(body).result("c1").error, DuplicateRequestError)


def test_legacy_key_and_listtype_results(load):
    response = parse_response(load("legacy_key.xml"))
    assert response.result("po-1").key == "Purchase Order-PO0213"
    listing = response.result("l-1")
    assert listing.list_type == "vendor"
    assert listing.total_count == 1


def test_read_by_query_page_attributes_and_nested_records(load):
    result = parse_response(load("read_by_query_page.xml")).result("q-1")
    assert (result.count, result.total_count, result.num_remaining) == (2, 3, 1)
    assert result.result_id == "7765623331Z4wnVzLDrMbWJOYO4JE6p0AAAAAQ6"
    assert result.data[0]["DISPLAYCONTACT"]["EMAIL1"] == "AP@Widget.example"
    assert result.data[1]["NAME"] == "Gadget & Sons"


def test_query_page_with_uppercase_records_and_dotted_names(load):
    result = parse_response(load("query_page.xml")).result("q-2")
    assert result.offset == 2
    assert result.list_type == "VENDOR"
    assert result.data[0]["DISPLAYCONTACT.EMAIL1"] == "third@example.com"
    assert result.data[1]["DISPLAYCONTACT.EMAIL1"] == ""


def test_api_session_data(load):
    session = parse_response(load("api_session.xml")).result("s-1").session
    assert session is not None
    assert session.endpoint == "https://na62.intacct.com/ia/xml/xmlgw.phtml"
    assert session.location_id is None
    assert "SESSION-SECRET-123" not in repr(session)


@pytest.mark.parametrize(
    "name",
    ["billion_laughs.xml", "external_entity.xml", "external_dtd.xml", "doctype_utf16.xml"],
)
def test_doctype_and_entities_are_refused(load, name):
    with pytest.raises(ResponseParseError, match="DOCTYPE or ENTITY"):
        parse_response(load(name))


@pytest.mark.parametrize("name", ["truncated.xml", "no_control.xml", "html_502.html"])
def test_not_a_gateway_response_is_a_parse_error(load, name):
    with pytest.raises(ResponseParseError):
        parse_response(load(name))


def test_deep_nesting_is_refused():
    body = b"<response>" + b"<a>" * 5000 + b"</a>" * 5000 + b"</response>"
    with pytest.raises(ResponseParseError, match="malformed"):
        parse_response(body)


def test_empty_body_is_a_parse_error():
    with pytest.raises(ResponseParseError, match="empty"):
        parse_response(b"  ")


def test_html_5xx_page_is_an_http_status_error_never_parsed(load):
    with pytest.raises(HttpStatusError) as info:
        parse_http_response(
            502,
            "text/html",
            load("html_502.html"),
            used_session=True,
            request_control_id="r",
            now=NOW,
            writes=True,
        )
    assert info.value.status_code == 502
    assert info.value.retryable
    assert info.value.outcome_unknown


def test_524_is_not_retryable_and_leaves_a_write_unknown():
    with pytest.raises(HttpStatusError) as info:
        parse_http_response(
            524,
            "text/html",
            b"<html/>",
            used_session=True,
            request_control_id="r",
            now=NOW,
            writes=True,
        )
    assert not info.value.retryable
    assert info.value.outcome_unknown


def test_429_is_a_rate_limit_with_retry_after(load):
    with pytest.raises(RateLimitError) as info:
        parse_http_response(
            429,
            "application/xml",
            load("rate_limit_gw0010.xml"),
            used_session=True,
            request_control_id="r",
            retry_after="7",
            now=NOW,
        )
    assert info.value.retry_after == 7.0
    assert info.value.errornos == ("GW-0010",)


def test_4xx_with_a_gateway_document_is_parsed(load):
    with pytest.raises(ControlError):
        parse_http_response(
            401,
            "text/xml; charset=utf-8",
            load("control_failure_bad_sender.xml"),
            used_session=False,
            request_control_id="r",
            now=NOW,
        )


def test_retry_after_accepts_seconds_and_http_dates():
    assert parse_retry_after("2.5", NOW) == 2.5
    assert parse_retry_after("Sun, 01 Mar 2026 12:00:30 GMT", NOW) == 30.0
    assert parse_retry_after("soon", NOW) is None
    assert parse_retry_after(None, NOW) is None


def test_result_repr_hides_the_session_id_and_secret_fields(load):
    response = parse_response(load("api_session.xml"))
    assert "SESSION-SECRET-123" not in repr(response)
    assert "SESSION-SECRET-123" not in repr(response.result("s-1"))
    body = (
        b"<response><control><status>success</status></control><operation><authentication>"
        b"<status>success</status></authentication><result><status>success</status>"
        b"<function>read</function><controlid>r</controlid><data><vendor><TAXID>12-345</TAXID>"
        b"<NAME>Widget</NAME></vendor></data></result></operation></response>"
    )
    result = parse_response(body).result("r")
    assert "12-345" not in repr(result)
    assert "Widget" in repr(result)
    assert result.data[0]["TAXID"] == "12-345"  # the data itself is intact
