"""The SDK against FakeIntacct: the gateway's semantics end to end, in process."""

import threading
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import httpx
import pytest

from intacct_sdk import (
    APAdjustment,
    APAdjustmentLine,
    APBill,
    APBillLine,
    AuthenticationError,
    Contact,
    ControlError,
    Create,
    DuplicateRequestError,
    HttpStatusError,
    IntacctClient,
    PurchaseOrder,
    PurchaseOrderLine,
    ReadByQuery,
    ResponseParseError,
    ResultError,
    SessionExpiredError,
    TransactionAbortedError,
    TransportError,
    Vendor,
)
from intacct_sdk.functions import equal_to
from intacct_sdk.testing import FakeIntacct


def creds(fake: FakeIntacct) -> dict[str, Any]:
    return dict(fake.credentials())


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def fake(clock: Clock) -> FakeIntacct:
    fake = FakeIntacct(clock=clock, sleep=lambda s: None)
    fake.add_gl_account("6000", "Freight")
    fake.add_gl_account("6100", "Old", status="inactive")
    fake.add_vendor("V-1", "Widget Co", email="AP@Widget.example")
    return fake


@pytest.fixture
def client(fake: FakeIntacct, clock: Clock) -> IntacctClient:
    return IntacctClient(
        **creds(fake),
        http_client=httpx.Client(transport=fake),
        clock=clock,
        sleep=lambda s: None,
    )


def bill(record_id: str = "B-1", amount: str = "12.345", **kw: Any) -> APBill:
    kw.setdefault("vendor_id", "V-1")
    return APBill(
        when_created=date(2026, 3, 1),
        when_due=date(2026, 3, 31),
        record_id=record_id,
        lines=[APBillLine(account_no="6000", trx_amount=amount, entry_description="freight")],
        **kw,
    )


def test_session_hand_off_to_the_returned_endpoint(client: IntacctClient, fake: FakeIntacct):
    client.execute([ReadByQuery("VENDOR")])
    login, call = fake.requests
    assert login.function_names == ("getAPISession",)
    assert call.endpoint == fake.endpoint_url
    assert call.auth_kind == "session"


def test_bill_create_rounds_and_reads_back(client: IntacctClient, fake: FakeIntacct):
    created = client.ap_bills.create(bill())
    assert created.record_no is not None
    assert created.lines[0].trx_amount == Decimal("12.35")  # as stored, not as given
    stored = client.ap_bills.find("B-1")
    assert stored is not None
    assert stored.total_entered == Decimal("12.35")
    assert client.ap_bills.get(created.record_no).lines[0].trx_amount == Decimal("12.35")  # type: ignore[union-attr]


def test_a_retried_write_the_fake_already_applied_makes_no_second_record(
    client: IntacctClient, fake: FakeIntacct
):
    client.execute([ReadByQuery("VENDOR")])  # session first: the fault must hit the write
    fake.faults.drop_response_after_commit_next()
    created = client.ap_bills.create(bill())
    assert len(fake.records("APBILL")) == 1
    assert fake.counters.duplicates == 1
    assert created.record_id == "B-1"
    assert created.record_no == fake.records("APBILL")[0]["RECORDNO"]


def test_a_second_create_of_the_same_bill_is_read_back_not_posted(
    client: IntacctClient, fake: FakeIntacct
):
    first = client.ap_bills.create(bill())
    again = client.ap_bills.create(bill())
    assert again.record_no == first.record_no
    assert len(fake.records("APBILL")) == 1


def test_execute_returns_the_duplicate_outcome_for_the_caller(
    client: IntacctClient, fake: FakeIntacct
):
    fn = Create.for_model(bill())
    client.execute([fn])
    result = client.execute([fn]).result(fn.control_id)
    assert isinstance(result.error, DuplicateRequestError)


def test_524_after_commit_is_outcome_unknown_and_a_resend_is_deduplicated(
    client: IntacctClient, fake: FakeIntacct
):
    client.execute([ReadByQuery("VENDOR")])
    fake.faults.status_524_next()
    with pytest.raises(HttpStatusError) as info:
        client.ap_bills.create(bill())
    assert info.value.outcome_unknown
    assert client.ap_bills.create(bill()).record_id == "B-1"
    assert len(fake.records("APBILL")) == 1


def test_timeout_on_a_write_without_uniqueid_is_not_resent(
    client: IntacctClient, fake: FakeIntacct
):
    client.execute([ReadByQuery("VENDOR")])
    fake.faults.timeout_next(after_commit=True)
    with pytest.raises(TransportError) as info:
        client.execute([Create.for_model(bill())], uniqueid=False)
    assert info.value.outcome_unknown
    assert len(fake.records("APBILL")) == 1


def test_session_expiry_mid_run_is_recovered_once(client: IntacctClient, fake: FakeIntacct):
    client.vendors.get("V-1")
    fake.expire_sessions()
    assert client.ap_bills.create(bill()).record_no is not None
    assert fake.counters.sessions_created == 2
    assert len(fake.records("APBILL")) == 1


def test_session_lifetime_is_tracked_from_responses(fake: FakeIntacct, clock: Clock):
    short = FakeIntacct(clock=clock, session_lifetime=timedelta(minutes=10))
    client = IntacctClient(**creds(short), http_client=httpx.Client(transport=short), clock=clock)
    client.execute([ReadByQuery("VENDOR")])
    clock.now += timedelta(minutes=9, seconds=30)  # within the refresh margin
    client.execute([ReadByQuery("VENDOR")])
    assert short.counters.sessions_created == 2
    assert all(r.status_code == 200 for r in short.requests)


def test_concurrent_threads_share_one_session_refresh(client: IntacctClient, fake: FakeIntacct):
    client.execute([ReadByQuery("VENDOR")])
    fake.expire_sessions()
    errors: list[BaseException] = []

    def work() -> None:
        try:
            client.vendors.get("V-1")
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert fake.counters.sessions_created == 2


def test_paging_is_lazy_and_complete(client: IntacctClient, fake: FakeIntacct):
    for n in range(2, 8):
        fake.add_vendor(f"V-{n}", f"Vendor {n}")
    iterator = client.read_by_query("VENDOR", page_size=3)
    assert fake.requests == []  # nothing sent until iteration
    first = next(iterator)
    assert first["VENDORID"] == "V-1"
    sent = len(fake.requests)
    rest = list(iterator)
    assert len(rest) == 6
    assert [r.function_names for r in fake.requests[sent:]] == [("readMore",), ("readMore",)]
    ids = [
        r["VENDORID"]
        for r in client.query("VENDOR", ["VENDORID"], page_size=2, order_by=["VENDORID"])
    ]
    assert ids == [f"V-{n}" for n in range(1, 8)]


def test_read_splits_more_than_100_keys_into_one_request(client: IntacctClient, fake: FakeIntacct):
    client.execute([ReadByQuery("VENDOR")])
    fake.clear_requests()
    records = client.read("VENDOR", [str(n) for n in range(1, 151)])
    assert [r["VENDORID"] for r in records] == ["V-1"]
    assert fake.requests[0].function_names == ("read", "read")


def test_transaction_failure_aborts_siblings(client: IntacctClient, fake: FakeIntacct):
    good, bad = Create.for_model(bill("B-1")), Create.for_model(bill("B-2", vendor_id="NOPE"))
    response = client.execute([good, bad], transaction=True)
    assert isinstance(response.result(good.control_id).error, TransactionAbortedError)
    assert response.result(bad.control_id).status == "failure"
    assert fake.records("APBILL") == []


def test_partial_failure_without_transaction_is_reported_per_function(
    client: IntacctClient, fake: FakeIntacct
):
    good, bad = Create.for_model(bill("B-1")), Create.for_model(bill("B-2", vendor_id="NOPE"))
    response = client.execute([bad, good])
    assert response.result(good.control_id).ok
    failed = response.result(bad.control_id)
    assert failed.errors
    with pytest.raises(ResultError):
        failed.raise_for_status()


def test_vendor_helpers(client: IntacctClient, fake: FakeIntacct, clock: Clock):
    vendor = Vendor(vendor_id="V-9", name="Nine", display_contact=Contact(email1="nine@x.example"))
    created = client.vendors.create(vendor)
    assert created.record_no is not None
    assert client.vendors.create(vendor).record_no == created.record_no  # duplicate -> read back
    assert [v.vendor_id for v in client.vendors.find_by_email("ap@widget.EXAMPLE")] == ["V-1"]
    updated = client.vendors.update(Vendor(vendor_id="V-9", name="Nine Ltd"))
    assert updated.name == "Nine Ltd"
    assert client.vendors.get("missing") is None
    ids = {v.vendor_id for v in client.vendors.changed_since(clock.now - timedelta(minutes=1))}
    assert "V-9" in ids


def test_adjustment_and_purchase_order_helpers(client: IntacctClient, fake: FakeIntacct):
    adj = APAdjustment(
        vendor_id="V-1",
        date_created=date(2026, 3, 3),
        adjustment_no="CM-1",
        lines=[APAdjustmentLine(gl_account_no="6000", amount="-5.00")],
    )
    created = client.ap_adjustments.create(adj)
    assert created.record_no
    assert client.ap_adjustments.create(adj).adjustment_no == "CM-1"
    assert len(fake.records("APADJUSTMENT")) == 1
    po = PurchaseOrder(
        transaction_type="Purchase Order",
        date_created=date(2026, 3, 3),
        date_due=date(2026, 4, 3),
        vendor_id="V-1",
        document_no="PO-1",
        lines=[PurchaseOrderLine(item_id="SKU", quantity="2", price="3.50")],
    )
    made = client.purchase_orders.create(po)
    assert made.key
    again = client.purchase_orders.create(po)
    assert again.document_no == "PO-1"
    assert len(fake.records("PODOCUMENT")) == 1
    found = client.purchase_orders.find("PO-1")
    assert found is not None
    assert found.vendor_id == "V-1"


def test_gl_account_helpers(client: IntacctClient):
    assert client.gl_accounts.exists_active(["6000", "6100", "9999"]) == {
        "6000": True,
        "6100": False,
        "9999": False,
    }
    assert {a.account_no for a in client.gl_accounts.list()} == {"6000", "6100"}
    account = client.gl_accounts.get("6000")
    assert account is not None
    assert account.title == "Freight"


def test_query_filter_against_the_fake(client: IntacctClient, fake: FakeIntacct):
    fake.add_vendor("V-2", "Two", status="inactive")
    rows = list(client.query("VENDOR", ["VENDORID"], equal_to("STATUS", "inactive")))
    assert rows == [{"VENDORID": "V-2"}]


def test_wrong_user_password_is_an_authentication_error(fake: FakeIntacct, clock: Clock):
    bad = creds(fake) | {"user_password": "wrong"}
    client = IntacctClient(**bad, http_client=httpx.Client(transport=fake), clock=clock)
    with pytest.raises(AuthenticationError) as info:
        client.execute([ReadByQuery("VENDOR")])
    assert not isinstance(info.value, SessionExpiredError)
    assert info.value.errornos == ("XL03000006",)
    assert "wrong" not in str(info.value)


def test_wrong_sender_is_a_control_error(fake: FakeIntacct, clock: Clock):
    bad = creds(fake) | {"sender_password": "nope"}
    client = IntacctClient(**bad, http_client=httpx.Client(transport=fake), clock=clock)
    with pytest.raises(ControlError):
        client.execute([ReadByQuery("VENDOR")])


def test_a_non_xml_200_is_a_parse_error(clock: Clock):
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=b"Service temporarily off-line")

    client = IntacctClient(
        sender_id="s",
        sender_password="p",
        session_id="given",
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
    )
    with pytest.raises(ResponseParseError):
        client.execute([ReadByQuery("VENDOR")])


def test_rate_limited_requests_wait_and_succeed(client: IntacctClient, fake: FakeIntacct):
    waits: list[float] = []
    client._sleep = waits.append
    client.execute([ReadByQuery("VENDOR")])
    fake.faults.rate_limit_next(retry_after=3)
    client.ap_bills.create(bill())
    assert waits == [3.0]
    assert len(fake.records("APBILL")) == 1


def test_a_session_only_works_on_its_endpoint_and_the_client_follows_it(clock: Clock):
    strict = FakeIntacct(clock=clock, enforce_endpoint=True, endpoint_host="na9.intacct.com")
    client = IntacctClient(**creds(strict), http_client=httpx.Client(transport=strict), clock=clock)
    client.execute([ReadByQuery("VENDOR")])
    assert strict.requests[-1].endpoint == "https://na9.intacct.com/ia/xml/xmlgw.phtml"
    assert strict.requests[-1].status_code == 200


def test_entity_login_sends_the_location(clock: Clock):
    fake = FakeIntacct(clock=clock, locations=["US"])
    client = IntacctClient(
        **creds(fake), entity_id="US", http_client=httpx.Client(transport=fake), clock=clock
    )
    client.execute([ReadByQuery("VENDOR")])
    bad = IntacctClient(
        **creds(fake), entity_id="NOWHERE", http_client=httpx.Client(transport=fake), clock=clock
    )
    with pytest.raises(AuthenticationError):
        bad.execute([ReadByQuery("VENDOR")])


def test_over_real_loopback_http_the_sandbox_endpoint_is_trusted(fake: FakeIntacct):
    with fake.serve() as url:
        with IntacctClient(**creds(fake), endpoint_url=url, timeout=10) as client:
            vendor = client.vendors.get("V-1")
        assert vendor is not None
        assert fake.requests[-1].endpoint.startswith("http://127.0.0.1:")


def test_a_given_session_id_is_used_without_logging_in(fake: FakeIntacct, clock: Clock):
    session_id = fake.create_session()
    client = IntacctClient(
        sender_id=fake.sender_id,
        sender_password="fake-sender-password",
        session_id=session_id,
        endpoint_url=fake.endpoint_url,
        http_client=httpx.Client(transport=fake),
        clock=clock,
    )
    assert client.vendors.get("V-1") is not None
    assert all(r.auth_kind == "session" for r in fake.requests)


def test_find_many_bills_in_one_request(client: IntacctClient, fake: FakeIntacct):
    for n in range(1, 4):
        client.ap_bills.create(bill(f"B-{n}"))
    fake.clear_requests()
    found = client.ap_bills.find_many(["B-1", "B-3", "B-9"])
    assert sorted(found) == ["B-1", "B-3"]
    assert len(fake.requests) == 1
    assert [b.record_id for b in client.ap_bills.iter()] == ["B-1", "B-2", "B-3"]


def test_changed_since_needs_an_aware_datetime(client: IntacctClient):
    with pytest.raises(ValueError, match="timezone-aware"):
        list(client.vendors.changed_since(datetime(2026, 1, 1)))  # noqa: DTZ001 - the point


def test_a_failed_create_raises_the_result_error(client: IntacctClient):
    with pytest.raises(ResultError) as info:
        client.ap_bills.create(bill(vendor_id="NOPE"))
    assert info.value.errors
    assert info.value.control_id is not None
    with pytest.raises(ResultError):
        client.create("VENDOR", {"NAME": "no id"}, control_id="v-no-id")


def test_convenience_create_update_delete_round_trip(client: IntacctClient, fake: FakeIntacct):
    created = client.create("VENDOR", {"VENDORID": "V-50", "NAME": "Fifty"})
    record_no = created.data[0]["RECORDNO"]
    client.update("VENDOR", {"VENDORID": "V-50", "NAME": "Fifty Ltd"})
    assert client.read("VENDOR", [record_no])[0]["NAME"] == "Fifty Ltd"
    client.delete("VENDOR", [record_no])
    assert fake.record("VENDOR", "V-50") is None
