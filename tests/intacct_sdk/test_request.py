from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from intacct_sdk import _xml
from intacct_sdk._request import Login, SenderCredentials, SessionAuth, build_request
from intacct_sdk.functions import Create, GetAPISession, Read, ReadByQuery

SENDER = SenderCredentials(sender_id="shop", sender_password="sender-secret")
LOGIN = Login(user_id="api", company_id="acme", user_password="user-secret", entity_id="US")


def _tags(elem: Any) -> list[Any]:
    return [child.tag for child in elem]


def test_envelope_follows_the_dtd_order():
    body = build_request(
        [ReadByQuery("VENDOR")], sender=SENDER, auth=LOGIN, control_id="r1", uniqueid=False
    )
    root: Any = etree.fromstring(body)
    assert _tags(root) == ["control", "operation"]
    assert _tags(root.find("control")) == [
        "senderid",
        "password",
        "controlid",
        "uniqueid",
        "dtdversion",
        "includewhitespace",
    ]
    assert root.findtext("control/dtdversion") == "3.0"
    operation = root.find("operation")
    assert operation.get("transaction") == "false"
    assert _tags(operation) == ["authentication", "content"]
    assert _tags(operation.find("authentication/login")) == [
        "userid",
        "companyid",
        "password",
        "locationid",
    ]


def test_session_authentication_and_transaction_flag():
    body = build_request(
        [Create("VENDOR", {"NAME": "x"}, control_id="a"), Create("VENDOR", {}, control_id="b")],
        sender=SENDER,
        auth=SessionAuth(session_id="sess"),
        control_id="r1",
        uniqueid=True,
        transaction=True,
    )
    root: Any = etree.fromstring(body)
    assert root.findtext("operation/authentication/sessionid") == "sess"
    assert root.find("operation").get("transaction") == "true"
    assert root.findtext("control/uniqueid") == "true"
    assert [f.get("controlid") for f in root.iterfind("operation/content/function")] == ["a", "b"]


def test_two_functions_with_one_control_id_are_refused():
    with pytest.raises(ValueError, match="duplicate function control_id 'a'"):
        build_request(
            [Read("VENDOR", [1], control_id="a"), Read("VENDOR", [2], control_id="a")],
            sender=SENDER,
            auth=LOGIN,
            control_id="r",
            uniqueid=False,
        )


def test_get_api_session_must_be_alone():
    with pytest.raises(ValueError, match="alone"):
        build_request(
            [GetAPISession(), Read("VENDOR", [1])],
            sender=SENDER,
            auth=LOGIN,
            control_id="r",
            uniqueid=False,
        )


def test_credentials_never_appear_in_repr():
    assert "sender-secret" not in repr(SENDER)
    assert "user-secret" not in repr(LOGIN)
    assert "sess-secret" not in repr(SessionAuth(session_id="sess-secret"))


def test_secret_text_is_escaped_not_injected():
    sender = SenderCredentials(sender_id="s", sender_password="p</password><x>")
    body = build_request(
        [Read("VENDOR", [1])], sender=sender, auth=LOGIN, control_id="r", uniqueid=False
    )
    assert etree.fromstring(body).findtext("control/password") == "p</password><x>"


def test_build_accepts_dates_and_nested_fields():
    fn = Create(
        "APBILL",
        {"WHENCREATED": date(2026, 1, 2), "APBILLITEMS": {"APBILLITEM": [{"A": 1}, {"A": 2}]}},
    )
    root = etree.fromstring(fn.to_xml())
    assert root.findtext("create/APBILL/WHENCREATED") == "01/02/2026"
    assert [e.text for e in root.iterfind("create/APBILL/APBILLITEMS/APBILLITEM/A")] == ["1", "2"]


@settings(deadline=None)  # timing varies on shared CI; the property is what matters
@given(st.text(), st.text(), st.text())
def test_any_credentials_and_text_give_a_well_formed_request(password, user, name):
    sender = SenderCredentials(sender_id="s", sender_password=password)
    login = Login(user_id=user, company_id="c", user_password="p")
    body = build_request(
        [Create("VENDOR", {"NAME": name}, control_id="c1")],
        sender=sender,
        auth=login,
        control_id="r",
        uniqueid=True,
    )
    root = etree.fromstring(body)
    assert (root.findtext("control/password") or "") == _xml.clean(password)
    assert (root.findtext("operation/authentication/login/userid") or "") == _xml.clean(user)
    assert (root.findtext("operation/content/function/create/VENDOR/NAME") or "") == _xml.clean(
        name
    )
