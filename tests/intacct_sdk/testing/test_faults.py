"""FakeIntacct: deterministic fault injection (queued, composable, matched per request)."""

from __future__ import annotations

import httpx
import pytest
from lxml import etree

from intacct_sdk.testing import FakeIntacct

from .conftest import URL, envelope, fn, text, vendor_create

READ = fn("r", "<read><object>VENDOR</object><keys>1</keys></read>")


@pytest.fixture
def slept() -> list[float]:
    return []


@pytest.fixture
def fake_sleepy(clock, slept) -> FakeIntacct:
    async def async_sleep(seconds: float) -> None:
        slept.append(-seconds)  # negative marks the async path

    return FakeIntacct(clock=clock, latency=0.1, sleep=slept.append, async_sleep=async_sleep)


def post(fake: FakeIntacct, body: bytes) -> httpx.Response:
    with httpx.Client(transport=fake) as client:
        return client.post(URL, content=body)


def test_fail_next_answers_an_html_error_without_running_anything(fake):
    fake.faults.fail_next(503)
    response = post(fake, envelope(fn("v", vendor_create("V-1"))))
    assert response.status_code == 503
    assert response.headers["content-type"].startswith("text/html")
    assert fake.records("VENDOR") == []
    assert fake.requests[-1].fault == "http_status"
    assert post(fake, envelope(READ)).status_code == 200  # only the next request


def test_fail_next_times_and_custom_body(fake):
    fake.faults.fail_next(502, "bad gateway", times=2)
    assert [post(fake, envelope(READ)).text for _ in range(3)][:2] == ["bad gateway"] * 2
    assert fake.faults.pending() == ()


def test_fail_next_after_commit_applies_the_functions_then_fails(fake):
    fake.faults.fail_next(500, after_commit=True)
    assert post(fake, envelope(fn("v", vendor_create("V-1")))).status_code == 500
    assert len(fake.records("VENDOR")) == 1


def test_rate_limit_next_is_429_with_retry_after_and_a_gw_0010_body(fake):
    fake.faults.rate_limit_next(retry_after=7)
    response = post(fake, envelope(READ))
    assert response.status_code == 429
    assert response.headers["retry-after"] == "7"
    root = etree.fromstring(response.content)
    assert text(root, "control/status") == "failure"
    assert text(root, "errormessage/error/errorno") == "GW-0010"


def test_gateway_error_next_is_a_bare_control_failure_gw_0011(fake):
    fake.faults.gateway_error_next()
    root = etree.fromstring(post(fake, envelope(READ)).content)
    control = root.find("control")
    assert control is not None
    assert [child.tag for child in control] == ["status"]
    assert text(root, "errormessage/error/errorno") == "GW-0011"
    assert text(root, "errormessage/error/description").startswith("Invalid Request [Request ID:")


def test_status_524_by_default_commits_and_loses_the_answer(fake):
    fake.faults.status_524_next()
    assert post(fake, envelope(fn("v", vendor_create("V-1")))).status_code == 524
    assert len(fake.records("VENDOR")) == 1


def test_status_524_before_commit_runs_nothing(fake):
    fake.faults.status_524_next(after_commit=False)
    post(fake, envelope(fn("v", vendor_create("V-1"))))
    assert fake.records("VENDOR") == []


def test_timeout_next_raises_read_timeout(fake):
    fake.faults.timeout_next()
    with pytest.raises(httpx.ReadTimeout):
        post(fake, envelope(fn("v", vendor_create("V-1"))))
    assert fake.records("VENDOR") == []
    assert fake.requests[-1].status_code == 0


def test_connect_error_next_raises_connect_error_and_runs_nothing(fake):
    fake.faults.connect_error_next()
    with pytest.raises(httpx.ConnectError):
        post(fake, envelope(fn("v", vendor_create("V-1"))))
    assert fake.records("VENDOR") == []


def test_drop_response_after_commit_applies_then_raises_a_network_error(fake):
    fake.faults.drop_response_after_commit_next()
    with pytest.raises(httpx.ReadError):
        post(fake, envelope(fn("v", vendor_create("V-1")), uniqueid=True))
    assert len(fake.records("VENDOR")) == 1
    # The retry with the same controlid is recognised as already done.
    again = etree.fromstring(
        post(fake, envelope(fn("v", vendor_create("V-1")), uniqueid=True)).content
    )
    assert again.find("operation/result/status") is None
    assert len(fake.records("VENDOR")) == 1


def test_expire_session_next_hits_only_session_requests_and_the_session_stays_dead(fake):
    session_id = fake.create_session()
    fake.faults.expire_session_next()
    login = etree.fromstring(post(fake, envelope(READ)).content)
    assert text(login, "operation/authentication/status") == "success"  # login: untouched
    for _ in range(2):
        root = etree.fromstring(post(fake, envelope(READ, session_id=session_id)).content)
        assert text(root, "operation/errormessage/error/description2") == "Invalid session"
    fresh = fake.create_session()
    root = etree.fromstring(post(fake, envelope(READ, session_id=fresh)).content)
    assert text(root, "operation/authentication/status") == "success"


def test_match_restricts_a_fault_to_the_requests_it_accepts(fake):
    fake.faults.fail_next(503, match=lambda r: "create" in r.function_names)
    assert post(fake, envelope(READ)).status_code == 200
    assert post(fake, envelope(fn("v", vendor_create("V-1")))).status_code == 503


def test_faults_of_different_families_compose_on_one_request(fake_sleepy, slept):
    fake_sleepy.faults.latency_next(2.0)
    fake_sleepy.faults.fail_next(503)
    assert post(fake_sleepy, envelope(READ)).status_code == 503
    assert slept == [pytest.approx(2.1)]
    assert fake_sleepy.requests[-1].fault == "http_status+latency"


def test_constant_latency_goes_through_the_injected_sleep(fake_sleepy, slept):
    post(fake_sleepy, envelope(READ))
    post(fake_sleepy, envelope(READ))
    assert slept == [0.1, 0.1]


async def test_async_latency_uses_the_async_sleep(fake_sleepy, slept):
    async with httpx.AsyncClient(transport=fake_sleepy) as client:
        await client.post(URL, content=envelope(READ))
    assert slept == [-0.1]


async def test_async_transport_raises_injected_network_errors(fake):
    fake.faults.connect_error_next()
    async with httpx.AsyncClient(transport=fake) as client:
        with pytest.raises(httpx.ConnectError):
            await client.post(URL, content=envelope(READ))


def test_reset_faults_drops_everything_queued(fake):
    fake.faults.fail_next(500)
    fake.faults.latency_next(1)
    fake.faults.expire_session_next()
    fake.reset_faults()
    assert fake.faults.pending() == ()
    assert post(fake, envelope(READ)).status_code == 200


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda f: f.fail_next(42), "status"),
        (lambda f: f.latency_next(-1), "seconds"),
        (lambda f: f.fail_next(500, times=0), "times"),
    ],
)
def test_bad_fault_arguments_raise_a_clear_error(fake, call, message):
    with pytest.raises(ValueError, match=message):
        call(fake.faults)


def test_counters_count_requests_functions_and_faults(fake):
    fake.faults.fail_next(500)
    post(fake, envelope(READ))
    post(fake, envelope(fn("a", vendor_create("V-1")) + fn("b", vendor_create("V-1"))))
    counters = fake.counters
    assert (counters.requests, counters.functions_executed, counters.functions_failed) == (2, 1, 1)
    assert counters.faults_injected == 1
