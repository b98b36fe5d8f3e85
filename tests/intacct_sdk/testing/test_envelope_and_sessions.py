"""FakeIntacct: the envelope, sender and user authentication, sessions and the endpoint hand-off."""

from __future__ import annotations

import httpx
from lxml import etree

from intacct_sdk.testing import FakeIntacct

from .conftest import URL, Clock, Gateway, envelope, fn, text

GET_SESSION = fn("session", "<getAPISession/>")


def new_session(gw: Gateway, **kwargs) -> tuple[str, str]:
    result = gw.result("<getAPISession/>", **kwargs)
    return text(result, "data/api/sessionid") or "", text(result, "data/api/endpoint") or ""


def test_wrong_sender_password_is_a_control_failure_with_xl03000006(gw):
    root = gw.post(envelope(GET_SESSION, sender=("fake-sender", "nope")))
    assert text(root, "control/status") == "failure"
    assert text(root, "errormessage/error/errorno") == "XL03000006"
    assert text(root, "errormessage/error/description") == (
        "Incorrect Intacct XML Partner ID or password."
    )
    assert root.find("operation") is None


def test_malformed_xml_is_a_control_failure_xl03000003_with_no_sender_echoed(gw):
    root = gw.post(b"<request><control><senderid>x</senderid>")
    assert text(root, "control/status") == "failure"
    assert root.find("control/senderid") is None
    assert text(root, "errormessage/error/errorno") == "XL03000003"


def test_a_doctype_in_the_request_is_refused_as_a_parse_error(gw):
    body = b'<?xml version="1.0"?><!DOCTYPE request [<!ENTITY x "y">]><request/>'
    root = gw.post(body)
    assert text(root, "errormessage/error/errorno") == "XL03000003"


def test_dtdversion_other_than_3_0_is_a_schema_failure(gw):
    root = gw.post(envelope(GET_SESSION, dtdversion="2.1"))
    assert text(root, "control/status") == "failure"
    assert text(root, "errormessage/error/errorno") == "XL03000003"


def test_an_unknown_function_fails_the_whole_request_at_control_level(gw):
    root = gw.call(fn("x", "<launch_rocket/>"))
    assert text(root, "control/status") == "failure"
    assert "launch_rocket" in (text(root, "errormessage/error/description2") or "")


def test_bad_user_password_is_an_authentication_failure_echoing_the_user(gw):
    root = gw.call(GET_SESSION, login=("fake-user", "FAKE-COMPANY", "wrong"))
    assert text(root, "control/status") == "success"
    assert text(root, "operation/authentication/status") == "failure"
    assert text(root, "operation/authentication/userid") == "fake-user"
    assert text(root, "operation/errormessage/error/errorno") == "XL03000006"
    assert root.find("operation/result") is None


def test_get_api_session_returns_session_endpoint_and_location(gw):
    result = gw.result("<getAPISession/>")
    assert text(result, "status") == "success"
    assert text(result, "data/api/sessionid")
    assert text(result, "data/api/endpoint") == "https://api-fake.intacct.com/ia/xml/xmlgw.phtml"
    assert text(result, "data/api/locationid") == ""


def test_endpoint_host_is_configurable():
    fake = FakeIntacct(endpoint_host="na99.intacct.com")
    result = Gateway(fake).result("<getAPISession/>")
    assert text(result, "data/api/endpoint") == "https://na99.intacct.com/ia/xml/xmlgw.phtml"


def test_get_api_session_with_a_location_opens_an_entity_session(gw):
    result = gw.result("<getAPISession><locationid>US-EAST</locationid></getAPISession>")
    assert text(result, "data/api/locationid") == "US-EAST"
    session_id = text(result, "data/api/sessionid")
    root = gw.call(
        fn("r", "<read><object>VENDOR</object><keys>1</keys></read>"), session_id=session_id
    )
    assert text(root, "operation/authentication/locationid") == "US-EAST"


def test_get_api_session_must_be_alone_in_its_request(gw):
    root = gw.call(GET_SESSION, fn("r", "<read><object>VENDOR</object><keys>1</keys></read>"))
    results = root.findall("operation/result")
    assert text(results[0], "status") == "failure"
    assert text(results[1], "status") == "success"
    assert gw.fake.live_sessions == 0


def test_session_requests_work_and_each_request_url_is_logged(gw):
    session_id, endpoint = new_session(gw)
    root = gw.post(
        envelope(
            fn("r", "<read><object>VENDOR</object><keys>1</keys></read>"), session_id=session_id
        ),
        url=endpoint,
    )
    assert text(root, "operation/authentication/status") == "success"
    assert [r.endpoint for r in gw.fake.requests] == [URL, endpoint]
    assert [r.auth_kind for r in gw.fake.requests] == ["login", "session"]


def test_responses_carry_session_timestamp_and_sliding_timeout(gw, clock: Clock):
    session_id, _ = new_session(gw)
    clock.advance(minutes=50)
    root = gw.call(
        fn("r", "<read><object>VENDOR</object><keys>1</keys></read>"), session_id=session_id
    )
    assert text(root, "operation/authentication/sessiontimestamp") == "2026-03-02T10:20:00+00:00"
    assert text(root, "operation/authentication/sessiontimeout") == "2026-03-02T11:20:00+00:00"
    clock.advance(minutes=50)  # 100 minutes after login: alive only because the timeout slid
    root = gw.call(
        fn("r", "<read><object>VENDOR</object><keys>1</keys></read>"), session_id=session_id
    )
    assert text(root, "operation/authentication/status") == "success"


def test_an_expired_session_is_control_success_and_invalid_session_with_empty_ids(gw, clock):
    session_id, _ = new_session(gw)
    clock.advance(hours=1, seconds=1)
    root = gw.call(
        fn("r", "<read><object>VENDOR</object><keys>1</keys></read>"), session_id=session_id
    )
    assert text(root, "control/status") == "success"
    assert text(root, "operation/authentication/status") == "failure"
    assert text(root, "operation/authentication/userid") == ""
    assert text(root, "operation/authentication/companyid") == ""
    assert text(root, "operation/errormessage/error/errorno") == "XL03000006"
    assert text(root, "operation/errormessage/error/description2") == "Invalid session"


def test_an_unknown_session_id_is_an_invalid_session(gw):
    root = gw.call(GET_SESSION, session_id="not-a-session")
    assert text(root, "operation/errormessage/error/description2") == "Invalid session"


def test_expire_sessions_kills_every_live_session(gw):
    session_id, _ = new_session(gw)
    assert gw.fake.expire_sessions() == 1
    root = gw.call(
        fn("r", "<read><object>VENDOR</object><keys>1</keys></read>"), session_id=session_id
    )
    assert text(root, "operation/authentication/status") == "failure"


def test_enforce_endpoint_rejects_a_session_used_on_another_host(clock):
    fake = FakeIntacct(clock=clock, enforce_endpoint=True)
    gw = Gateway(fake)
    session_id, endpoint = new_session(gw)
    read = envelope(
        fn("r", "<read><object>VENDOR</object><keys>1</keys></read>"), session_id=session_id
    )
    assert text(gw.post(read, url=URL), "operation/authentication/status") == "failure"
    session_id, endpoint = new_session(gw)
    read = envelope(
        fn("r", "<read><object>VENDOR</object><keys>1</keys></read>"), session_id=session_id
    )
    assert text(gw.post(read, url=endpoint), "operation/authentication/status") == "success"


def test_create_session_mints_a_usable_session_without_a_request(gw):
    session_id = gw.fake.create_session()
    root = gw.call(
        fn("r", "<read><object>VENDOR</object><keys>1</keys></read>"), session_id=session_id
    )
    assert text(root, "operation/authentication/userid") == "fake-user"


def test_repr_and_request_log_never_show_passwords_or_session_ids(gw):
    session_id, _ = new_session(gw)
    gw.call(GET_SESSION, session_id=session_id)
    shown = repr(gw.fake) + repr(gw.fake.requests)
    assert "fake-sender-password" not in shown
    assert "fake-user-password" not in shown
    assert session_id not in shown


async def test_async_client_works_against_the_same_fake(fake):
    async with httpx.AsyncClient(transport=fake) as client:
        response = await client.post(URL, content=envelope(GET_SESSION))
    root = etree.fromstring(response.content)
    assert text(root, "operation/result/status") == "success"


def test_a_transport_policy_id_is_refused_but_an_empty_one_is_ignored(gw):
    body = envelope(GET_SESSION)
    with_policy = body.replace(b"</dtdversion>", b"</dtdversion><policyid>P1</policyid>")
    root = gw.post(with_policy)
    assert text(root, "control/status") == "failure"
    assert "transport policy" in text(root, "errormessage/error/description")
    empty = body.replace(b"</dtdversion>", b"</dtdversion><policyid/>")
    assert text(gw.post(empty), "control/status") == "success"
