from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from intacct_sdk import AuthenticationError, HttpStatusError, RateLimitError, ResultError
from intacct_sdk._logging import redact
from intacct_sdk._retry import RetryPolicy, TransportFailure
from intacct_sdk._session import Session, check_endpoint, local_expiry, needs_refresh, slide

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
POLICY = RetryPolicy(max_retries=3, backoff_base=1.0, backoff_max=8.0, retry_after_max=30.0)


def half() -> float:
    return 0.5


def _delay(error: Any, *, idempotent: bool = True, attempt: int = 0) -> float | None:
    return POLICY.delay(attempt, error, idempotent=idempotent, rand=half)


def test_backoff_is_jittered_exponential_and_capped():
    assert [POLICY.backoff(n, lambda: 1.0) for n in range(5)] == [1.0, 2.0, 4.0, 8.0, 8.0]
    assert POLICY.backoff(2, half) == 2.0


def test_gives_up_after_max_retries():
    assert _delay(TransportFailure(message="x", sent=False), attempt=3) is None


def test_connect_failures_are_retried_even_for_writes_without_uniqueid():
    assert _delay(TransportFailure(message="x", sent=False), idempotent=False) == 0.5


def test_read_timeouts_are_retried_only_when_idempotent():
    failure = TransportFailure(message="x", sent=True, timeout=True)
    assert _delay(failure, idempotent=True) == 0.5
    assert _delay(failure, idempotent=False) is None
    error = failure.to_error(writes=True, request_control_id="r")
    assert error.outcome_unknown


def test_5xx_retried_when_idempotent_but_524_never():
    assert _delay(HttpStatusError("x", status_code=503)) == 0.5
    assert _delay(HttpStatusError("x", status_code=503), idempotent=False) is None
    assert _delay(HttpStatusError("x", status_code=524)) is None
    assert _delay(HttpStatusError("x", status_code=404)) is None


def test_rate_limit_honours_retry_after_with_a_cap():
    assert _delay(RateLimitError("x", retry_after=7)) == 7
    assert _delay(RateLimitError("x", retry_after=3600)) == 30.0
    assert _delay(RateLimitError("x"), idempotent=False) == 0.5


def test_function_failures_are_never_retried():
    assert _delay(ResultError("x", control_id="c", function="create", status="failure")) is None


def _session(**kw: Any) -> Session:
    return Session(session_id="s", endpoint="https://x.intacct.com/", obtained_at=T0, **kw)


def test_session_refreshes_before_timeout_and_after_max_age():
    session = _session(expires_at=T0 + timedelta(minutes=10))
    age = timedelta(minutes=50)
    assert not needs_refresh(session, T0 + timedelta(minutes=8), max_age=age)
    assert needs_refresh(session, T0 + timedelta(minutes=9, seconds=30), max_age=age)
    long_lived = _session(expires_at=T0 + timedelta(hours=24))
    assert needs_refresh(long_lived, T0 + timedelta(minutes=50), max_age=age)


def test_timeout_slides_with_every_response_in_any_offset():
    session = _session(expires_at=T0)
    later = datetime(2026, 3, 1, 6, 0, tzinfo=UTC).astimezone(tz=None)
    assert slide(session, later).expires_at == later
    assert slide(session, None) is session


def test_session_id_never_in_repr():
    assert "secret-sess" not in repr(
        Session(session_id="secret-sess", endpoint="e", obtained_at=T0)
    )


@pytest.mark.parametrize(
    "url",
    ["https://na62.intacct.com/ia/xml/xmlgw.phtml", "https://intacct.com/x"],
)
def test_endpoints_under_intacct_com_are_accepted(url):
    assert check_endpoint(url, configured="https://api.intacct.com/") == url


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example/ia/xml/xmlgw.phtml",
        "https://intacct.com.evil.example/",
        "http://na62.intacct.com/ia/xml/xmlgw.phtml",
        "https://evilintacct.com/",
    ],
)
def test_other_endpoints_are_refused(url):
    with pytest.raises(AuthenticationError, match=r"not under intacct\.com"):
        check_endpoint(url, configured="https://api.intacct.com/")


def test_sandbox_hosts_are_allowed_explicitly_or_by_the_configured_endpoint():
    url = "http://127.0.0.1:8080/ia/xml/xmlgw.phtml"
    assert check_endpoint(url, configured="http://127.0.0.1:8080/ia/xml/xmlgw.phtml") == url
    fake = "https://gw.fake.intacct.test/x"
    assert check_endpoint(
        fake, configured="https://api.intacct.com/", allowed_hosts=[".fake.intacct.test"]
    )


def test_redaction_covers_every_secret_element():
    body = (
        "<request><password>p1</password><sessionid>s1</sessionid>"
        "<ACCOUNTNUMBER>a1</ACCOUNTNUMBER><cardnum>c1</cardnum><ssn>x1</ssn>"
        "<achaccountnumber>h1</achaccountnumber><wireaccountnumber>w1</wireaccountnumber>"
        "<TAXID>t1</TAXID><NAME>kept</NAME></request>"
    )
    out = redact(body.encode())
    for secret in ("p1", "s1", "a1", "c1", "x1", "h1", "w1", "t1"):
        assert f">{secret}<" not in out
    assert "<NAME>kept</NAME>" in out
    assert out.count("***") == 8


def test_expiry_uses_the_gateway_lifetime_on_our_clock():
    stamp = datetime(2026, 3, 1, 5, 0, tzinfo=UTC)  # gateway clock an hour off ours
    timeout = stamp + timedelta(minutes=30)
    assert local_expiry(timeout, stamp, T0) == T0 + timedelta(minutes=30)
    assert local_expiry(timeout, None, T0) == timeout
    assert local_expiry(None, stamp, T0) is None
