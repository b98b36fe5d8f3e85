"""FakeIntacct: constructor options, concurrency and the served/credential helpers."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta, timezone

import httpx
import pytest

from intacct_sdk.testing import FakeIntacct

from .conftest import URL, Gateway, envelope, fn, text, vendor_create


def test_session_stamps_use_the_company_time_zone_offset(clock):
    fake = FakeIntacct(clock=clock, timezone=timezone(timedelta(hours=-7)))
    root = Gateway(fake).call(fn("s", "<getAPISession/>"))
    assert text(root, "operation/authentication/sessiontimestamp") == "2026-03-02T02:30:00-07:00"


def test_session_lifetime_is_configurable(clock):
    fake = FakeIntacct(clock=clock, session_lifetime=timedelta(minutes=5))
    root = Gateway(fake).call(fn("s", "<getAPISession/>"))
    assert text(root, "operation/authentication/sessiontimeout") == "2026-03-02T09:35:00+00:00"


def test_locations_restrict_entity_logins(clock):
    gw = Gateway(FakeIntacct(clock=clock, locations=["US", "CA"]))
    ok = gw.call(fn("s", "<getAPISession/>"), location="US")
    assert text(ok, "operation/authentication/status") == "success"
    bad = gw.call(fn("s", "<getAPISession/>"), location="MARS")
    assert text(bad, "operation/authentication/status") == "failure"


def test_users_and_company_are_configurable_and_company_id_ignores_case():
    fake = FakeIntacct(company_id="Acme", users={"ann": "pw1", "bob": "pw2"})
    gw = Gateway(fake)
    root = gw.call(fn("s", "<getAPISession/>"), login=("bob", "ACME", "pw2"))
    assert text(root, "operation/authentication/status") == "success"
    assert fake.credentials("bob")["user_password"] == "pw2"
    assert fake.credentials()["user_id"] == "ann"


@pytest.mark.parametrize(
    "kwargs",
    [{"latency": -1}, {"users": {}}, {"session_lifetime": timedelta(0)}],
)
def test_bad_constructor_arguments_raise_value_error(kwargs):
    with pytest.raises(ValueError):
        FakeIntacct(**kwargs)


def test_a_naive_clock_is_refused_with_a_clear_error():
    fake = FakeIntacct(clock=lambda: datetime(2026, 1, 1))  # noqa: DTZ001 - the point of the test
    with pytest.raises(ValueError, match="timezone-aware"):
        fake.create_session()


def test_concurrent_clients_get_distinct_recordnos_and_no_lost_writes():
    fake = FakeIntacct(clock=lambda: datetime(2026, 1, 1, tzinfo=UTC))

    def create(n: int) -> int:
        with httpx.Client(transport=fake) as client:
            body = envelope(fn(f"c{n}", vendor_create(f"V-{n}")), uniqueid=True)
            return client.post(URL, content=body).status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert set(pool.map(create, range(80))) == {200}
    records = fake.records("VENDOR")
    assert len(records) == 80
    assert len({r["RECORDNO"] for r in records}) == 80
    assert fake.counters.requests == 80


def test_seeding_a_bill_for_a_missing_vendor_names_the_vendor(fake):
    line = {"ACCOUNTNO": "6000", "TRX_AMOUNT": "1"}
    bill = {
        "VENDORID": "V-X",
        "WHENCREATED": "01/01/2026",
        "WHENDUE": "01/31/2026",
        "APBILLITEMS": {"APBILLITEM": [line]},
    }
    with pytest.raises(ValueError, match="V-X"):
        fake.seed("APBILL", [bill])


def test_clear_requests_forgets_the_log_but_not_the_counters(gw):
    gw.call(fn("s", "<getAPISession/>"))
    gw.fake.clear_requests()
    assert gw.fake.requests == []
    assert gw.fake.counters.requests == 1


def test_latency_can_be_changed_at_run_time(fake):
    fake.latency = 0.25
    assert fake.latency == 0.25
    with pytest.raises(ValueError, match="latency"):
        fake.latency = -1


def test_reset_returns_to_an_empty_company(gw):
    session_id = gw.fake.create_session()
    gw.result(vendor_create("V-1"), uniqueid=True)
    gw.fake.faults.fail_next(500)
    gw.fake.reset()
    assert gw.fake.records("VENDOR") == []
    assert (gw.fake.requests, gw.fake.counters.requests, gw.fake.faults.pending()) == ([], 0, ())
    again = gw.result(vendor_create("V-1"), uniqueid=True)  # controlid forgotten too
    assert text(again, "status") == "success"
    expired = gw.call(
        fn("r", "<read><object>VENDOR</object><keys>1</keys></read>"), session_id=session_id
    )
    assert text(expired, "operation/authentication/status") == "failure"
