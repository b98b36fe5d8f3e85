import logging
from datetime import date, timedelta
from typing import Any

import httpx
import pytest

from intacct_sdk import (
    APBill,
    APBillLine,
    AuthenticationError,
    ControlError,
    DuplicateRequestError,
    HttpStatusError,
    IntacctClient,
    RateLimitError,
    ReadByQuery,
    SessionExpiredError,
    TransportError,
)
from intacct_sdk.functions import Create

from ._gateway_script import (
    CREDS,
    ENDPOINT,
    T0,
    Script,
    auth_of,
    expired_answer,
    functions_of,
    html,
    session_answer,
    success_answer,
    xml,
)


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self):
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def sleeps():
    return []


def make(script: Any, clock: Any, sleeps: Any, **kw: Any) -> IntacctClient:
    return IntacctClient(
        **CREDS,
        http_client=script.client(),
        clock=clock,
        sleep=sleeps.append,
        rand=lambda: 1.0,
        **kw,
    )


def test_first_call_gets_a_session_alone_then_uses_its_endpoint(clock, sleeps):
    script = Script(session_answer(), success_answer())
    client = make(script, clock, sleeps)
    response = client.execute([ReadByQuery("VENDOR", control_id="q1")])
    assert response.result("q1").ok
    login, call = script.requests
    assert [n for _, n in functions_of(login)] == ["getAPISession"]
    assert auth_of(login) == "login"
    assert str(login.url) == "https://api.intacct.com/ia/xml/xmlgw.phtml"
    assert str(call.url) == ENDPOINT
    assert auth_of(call) == "sess-1"


def test_an_endpoint_outside_intacct_com_is_refused(clock, sleeps):
    script = Script(session_answer(endpoint="https://attacker.example/gw"))
    with pytest.raises(AuthenticationError, match=r"attacker\.example"):
        make(script, clock, sleeps).execute([ReadByQuery("VENDOR")])
    assert len(script.requests) == 1


def test_writes_carry_uniqueid_and_reads_do_not(clock, sleeps):
    script = Script(session_answer(), success_answer(), success_answer())
    client = make(script, clock, sleeps)
    client.execute([ReadByQuery("VENDOR")])
    client.execute([Create("VENDOR", {"NAME": "x"})])
    assert b"<uniqueid>false</uniqueid>" in script.requests[1].content
    assert b"<uniqueid>true</uniqueid>" in script.requests[2].content


def test_a_503_is_retried_with_backoff_and_the_same_request(clock, sleeps):
    script = Script(session_answer(), html(503), html(502), success_answer())
    client = make(script, clock, sleeps)
    client.execute([Create("VENDOR", {"NAME": "x"}, control_id="c1")])
    assert sleeps == [0.5, 1.0]
    assert script.requests[1].content == script.requests[3].content


def test_retries_give_up_with_the_http_status(clock, sleeps):
    script = Script(session_answer(), html(503), html(503))
    client = make(script, clock, sleeps, max_retries=1)
    with pytest.raises(HttpStatusError) as info:
        client.execute([ReadByQuery("VENDOR")])
    assert info.value.status_code == 503
    assert not info.value.outcome_unknown


def test_a_524_is_never_retried_and_a_write_is_outcome_unknown(clock, sleeps):
    script = Script(session_answer(), html(524))
    with pytest.raises(HttpStatusError) as info:
        make(script, clock, sleeps).execute([Create("VENDOR", {"NAME": "x"})])
    assert info.value.status_code == 524
    assert info.value.outcome_unknown
    assert sleeps == []


def test_read_timeout_on_a_write_without_uniqueid_is_outcome_unknown_and_not_retried(clock, sleeps):
    script = Script(session_answer(), httpx.ReadTimeout("slow"))
    client = make(script, clock, sleeps)
    with pytest.raises(TransportError) as info:
        client.execute([Create("VENDOR", {"NAME": "x"})], uniqueid=False)
    assert info.value.outcome_unknown
    assert len(script.requests) == 2


def test_read_timeout_on_a_uniqueid_write_is_resent(clock, sleeps):
    script = Script(session_answer(), httpx.ReadTimeout("slow"), success_answer())
    make(script, clock, sleeps).execute([Create("VENDOR", {"NAME": "x"}, control_id="c1")])
    assert functions_of(script.requests[1]) == functions_of(script.requests[2])


def test_connect_errors_are_retried_even_without_uniqueid(clock, sleeps):
    script = Script(session_answer(), httpx.ConnectError("refused"), success_answer())
    make(script, clock, sleeps).execute([Create("VENDOR", {"NAME": "x"})], uniqueid=False)
    assert len(sleeps) == 1


def test_429_waits_for_retry_after_capped(clock, sleeps):
    limited = xml(
        "<response><control><status>failure</status></control><errormessage><error>"
        "<errorno>GW-0010</errorno></error></errormessage></response>",
        status=429,
        headers={"retry-after": "9999"},
    )
    script = Script(session_answer(), limited, success_answer())
    make(script, clock, sleeps).execute([ReadByQuery("VENDOR")])
    assert sleeps == [60.0]


def test_rate_limit_surfaces_when_retries_run_out(clock, sleeps):
    limited = httpx.Response(429, headers={"retry-after": "2"})
    script = Script(session_answer(), limited)
    with pytest.raises(RateLimitError) as info:
        make(script, clock, sleeps, max_retries=0).execute([ReadByQuery("VENDOR")])
    assert info.value.retry_after == 2.0


def test_control_errors_are_raised_not_retried(clock, sleeps):
    bad = xml(
        "<response><control><status>failure</status></control><errormessage><error>"
        "<errorno>XL03000006</errorno><description2>Incorrect Intacct XML Partner ID or "
        "password.</description2></error></errormessage></response>"
    )
    script = Script(bad)
    with pytest.raises(ControlError, match="Partner ID"):
        make(script, clock, sleeps).execute([ReadByQuery("VENDOR")])
    assert sleeps == []


def test_session_expiry_refreshes_once_and_resends_the_same_functions(clock, sleeps):
    script = Script(
        session_answer("sess-1"), expired_answer, session_answer("sess-2"), success_answer()
    )
    client = make(script, clock, sleeps)
    client.execute([Create("VENDOR", {"NAME": "x"}, control_id="c1")])
    assert [auth_of(r) for r in script.requests] == ["login", "sess-1", "login", "sess-2"]
    assert functions_of(script.requests[1]) == functions_of(script.requests[3])


def test_session_expiry_twice_surfaces(clock, sleeps):
    script = Script(session_answer("s1"), expired_answer, session_answer("s2"), expired_answer)
    with pytest.raises(SessionExpiredError):
        make(script, clock, sleeps).execute([ReadByQuery("VENDOR")])


def test_a_write_without_uniqueid_is_not_resent_after_session_expiry(clock, sleeps):
    script = Script(session_answer("s1"), expired_answer)
    with pytest.raises(SessionExpiredError):
        make(script, clock, sleeps).execute([Create("VENDOR", {"NAME": "x"})], uniqueid=False)


def test_given_session_without_login_cannot_be_refreshed(clock, sleeps):
    script = Script(expired_answer)
    client = IntacctClient(
        sender_id="s", sender_password="p", session_id="given", http_client=script.client()
    )
    with pytest.raises(SessionExpiredError):
        client.execute([ReadByQuery("VENDOR")])
    assert auth_of(script.requests[0]) == "given"


def test_session_is_refreshed_before_its_timeout(clock, sleeps):
    soon = T0 + timedelta(minutes=5)
    script = Script(
        session_answer("s1", timeout=soon),
        success_answer(timeout=soon),
        session_answer("s2"),
        success_answer(),
    )
    client = make(script, clock, sleeps)
    client.execute([ReadByQuery("VENDOR")])
    clock.now = T0 + timedelta(minutes=4, seconds=30)
    client.execute([ReadByQuery("VENDOR")])
    assert [auth_of(r) for r in script.requests] == ["login", "s1", "login", "s2"]


def test_sliding_timeout_from_responses_keeps_the_session(clock, sleeps):
    script = Script(
        session_answer("s1", timeout=T0 + timedelta(minutes=5)),
        success_answer(timeout=T0 + timedelta(minutes=20)),
        success_answer(),
    )
    client = make(script, clock, sleeps)
    client.execute([ReadByQuery("VENDOR")])
    clock.now = T0 + timedelta(minutes=10)
    client.execute([ReadByQuery("VENDOR")])
    assert [auth_of(r) for r in script.requests] == ["login", "s1", "s1"]


def test_session_max_age_forces_a_refresh(clock, sleeps):
    far = T0 + timedelta(days=1)
    script = Script(
        session_answer("s1", timeout=far), success_answer(), session_answer("s2"), success_answer()
    )
    client = make(script, clock, sleeps, session_max_age=timedelta(minutes=50))
    client.execute([ReadByQuery("VENDOR")])
    clock.now = T0 + timedelta(minutes=51)
    client.execute([ReadByQuery("VENDOR")])
    assert auth_of(script.requests[-1]) == "s2"


def test_secrets_never_reach_logs_reprs_or_errors(clock, sleeps, caplog):
    caplog.set_level(logging.DEBUG, logger="intacct_sdk")
    script = Script(
        session_answer("SESSION-XYZ"),
        html(503),
        expired_answer,
        session_answer("S2"),
        expired_answer,
    )
    client = make(script, clock, sleeps, max_retries=1)
    with pytest.raises(SessionExpiredError) as info:
        client.execute([ReadByQuery("VENDOR")])
    texts = [caplog.text, repr(client), str(client), str(info.value), repr(info.value)]
    for secret in ("sender-secret", "user-secret", "SESSION-XYZ"):
        assert all(secret not in t for t in texts), secret
    assert "<password>***</password>" in caplog.text


def test_from_env_names_the_missing_variable():
    env = {
        "INTACCT_SENDER_ID": "s",
        "INTACCT_SENDER_PASSWORD": "p",
        "INTACCT_COMPANY_ID": "c",
        "INTACCT_USER_ID": "u",
    }
    with pytest.raises(ValueError, match="INTACCT_USER_PASSWORD"):
        IntacctClient.from_env(env)
    env["INTACCT_USER_PASSWORD"] = "up"
    env["INTACCT_ENDPOINT_URL"] = "https://x.intacct.com/ia/xml/xmlgw.phtml"
    with IntacctClient.from_env(env) as client:
        assert client.endpoint_url == "https://x.intacct.com/ia/xml/xmlgw.phtml"


def test_constructor_refuses_missing_credentials():
    with pytest.raises(ValueError, match="session_id"):
        IntacctClient(sender_id="s", sender_password="p")


def test_duplicate_that_cannot_be_read_back_is_raised(clock, sleeps):
    no_status = success_answer(status="")  # a <result> whose status is empty: indeterminate
    empty_page = success_answer(
        data='<data listtype="apbill" count="0" totalcount="0" numremaining="0" resultId=""/>'
    )
    script = Script(session_answer(), no_status, empty_page)
    client = make(script, clock, sleeps)
    bill = APBill(
        vendor_id="V-1",
        record_id="B-1",
        when_created=date(2026, 3, 1),
        lines=[APBillLine(account_no="4000", trx_amount="1")],
    )
    with pytest.raises(DuplicateRequestError) as info:
        client.ap_bills.create(bill, control_id="bill-B-1")
    assert info.value.control_id == "bill-B-1"
    assert [n for _, n in functions_of(script.requests[2])] == ["readByQuery"]


def test_connect_failures_that_persist_are_not_outcome_unknown(clock, sleeps):
    script = Script(session_answer(), *[httpx.ConnectError("refused")] * 4)
    with pytest.raises(TransportError) as info:
        make(script, clock, sleeps).execute([Create("VENDOR", {"NAME": "x"})])
    assert not info.value.outcome_unknown
    assert len(sleeps) == 3


def test_each_execute_call_gets_its_own_request_control_id(clock, sleeps):
    script = Script(session_answer(), success_answer(), success_answer())
    client = make(script, clock, sleeps)
    first = client.execute([ReadByQuery("VENDOR")])
    second = client.execute([ReadByQuery("VENDOR")])
    assert first.control_id != second.control_id
