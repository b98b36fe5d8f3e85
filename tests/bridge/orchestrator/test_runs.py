"""Runs of the orchestrator against both fakes: each test names the behaviour it pins."""

from collections import Counter
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import attrs
import httpx
import pytest

from bridge.orchestrator import SyncOrchestrator
from bridge.settings import SyncSettings
from bridge.stores import RecordState
from commerce_sdk import CompanyUser
from intacct_sdk import IntacctClient
from intacct_sdk.models import Address, Contact, Vendor

from .conftest import make_bridge


def bill_numbers(bridge) -> Counter:
    return Counter(r["RECORDID"] for r in bridge.intacct.records("APBILL"))


def states(bridge, stream: str) -> Counter:
    return Counter(r.state for r in bridge.store.find(stream=stream))


def test_second_run_posts_nothing(bridge) -> None:
    first = bridge.orchestrator.run_once()
    before = len(bridge.intacct.records("APBILL"))
    second = bridge.orchestrator.run_once()
    assert second.total("synced") == 0
    assert len(bridge.intacct.records("APBILL")) == before
    assert first.total("synced") > 0


def test_every_bill_sums_to_its_order_grand_total(bridge) -> None:
    bridge.orchestrator.run_once()
    orders = {o["increment_id"]: o for o in bridge.commerce.store.all("order")}
    for bill in bridge.intacct.records("APBILL"):
        order = orders[bill["RECORDID"].removeprefix("WEB-")]
        lines = bill["APBILLITEMS"]["APBILLITEM"]
        lines = lines if isinstance(lines, list) else [lines]
        total = sum(Decimal(str(line["TRX_AMOUNT"])) for line in lines)
        assert total == Decimal(str(order["grand_total"])).quantize(Decimal("0.01"))


def test_dry_run_posts_nothing_and_reports_what_it_would(bridge) -> None:
    report = bridge.orchestrator.run_once(dry_run=True)
    assert report.total("would_post") > 0
    assert bridge.intacct.records("APBILL") == []
    assert bridge.intacct.records("VENDOR") == []
    assert states(bridge, "orders")[RecordState.SYNCED] == 0


def test_lost_response_after_commit_is_resolved_without_a_second_bill(bridge) -> None:
    bridge.intacct.faults.drop_response_after_commit_next(
        match=lambda request: "APBILL" in str(request.functions)
    )
    bridge.orchestrator.run_once()
    assert all(count == 1 for count in bill_numbers(bridge).values())
    assert states(bridge, "orders")[RecordState.FAILED] == 0


def test_a_524_on_the_bill_batch_is_read_back_next_run_never_reposted(tmp_path) -> None:
    bridge = make_bridge(tmp_path, settings=SyncSettings(retry_backoff=(timedelta(0),) * 3))
    bridge.intacct.faults.status_524_next(match=lambda request: "APBILL" in str(request.functions))
    bridge.orchestrator.run_once()
    bridge.orchestrator.run_once()
    assert all(count == 1 for count in bill_numbers(bridge).values())
    synced = states(bridge, "orders")[RecordState.SYNCED]
    assert synced == len(bill_numbers(bridge))
    assert states(bridge, "orders")[RecordState.FAILED] == 0


def test_bad_gl_account_fails_that_record_only_with_its_errorno_then_replays(tmp_path) -> None:
    bridge = make_bridge(tmp_path)
    good = bridge.orchestrator.config
    bridge.orchestrator.config = attrs.evolve(
        good,
        accounts=attrs.evolve(good.accounts, discount="4199"),  # no such account
    )
    report = bridge.orchestrator.run_once()
    failed = bridge.store.find(stream="orders", states=[RecordState.FAILED])
    synced = bridge.store.find(stream="orders", states=[RecordState.SYNCED])
    assert failed  # orders with a discount fail...
    assert synced  # ...the others post
    assert report.total("failed") == len(failed)
    audit = bridge.store.audit(stream="orders", source_id=failed[0].source_id, actions=["failed"])
    assert audit
    assert audit[-1].errornos
    assert "4199" in (audit[-1].message or "")
    bridge.orchestrator.config = good  # the fix
    bridge.orchestrator.replay(stream="orders")
    assert not bridge.store.find(stream="orders", states=[RecordState.FAILED])
    assert all(count == 1 for count in bill_numbers(bridge).values())


class Crash(BaseException):
    """Stands for the process being killed: nothing catches it."""


@pytest.mark.parametrize(
    "boundary",
    ["find_vendors", "create_vendors", "existing_bills", "post_bills", "post_adjustments"],
)
def test_killed_at_a_step_boundary_then_resumed_loses_and_duplicates_nothing(
    tmp_path, monkeypatch, boundary
) -> None:
    bridge = make_bridge(tmp_path, settings=SyncSettings(lease=timedelta(minutes=10)))
    port = bridge.orchestrator.intacct
    real = getattr(port, boundary)

    async def crash_after(*args, **kwargs):
        await real(*args, **kwargs)  # the call went through: Intacct has applied it
        raise Crash(boundary)

    monkeypatch.setattr(port, boundary, crash_after)
    # A killed process runs no cleanup: claimed records stay in flight.
    monkeypatch.setattr("bridge.orchestrator._release_unfinished", lambda ctx, records: None)
    with pytest.raises(Crash):
        bridge.orchestrator.run_once()
    monkeypatch.setattr(port, boundary, real)
    # The restarted process runs after the dead one's leases ran out.
    later = datetime.now(UTC) + timedelta(hours=1)
    bridge.orchestrator.clock = lambda: later
    bridge.orchestrator.run_once()
    bridge.orchestrator.run_once()
    numbers = bill_numbers(bridge)
    assert all(count == 1 for count in numbers.values())
    ready = states(bridge, "orders")
    assert ready[RecordState.IN_FLIGHT] == 0
    assert ready[RecordState.SYNCED] == len(numbers)
    vendor_ids = Counter(v["VENDORID"] for v in bridge.intacct.records("VENDOR"))
    assert all(count == 1 for count in vendor_ids.values())


def test_credit_memo_waits_for_its_bill_then_posts(tmp_path) -> None:
    bridge = make_bridge(tmp_path, settings=SyncSettings(waiting_recheck=timedelta(0)))
    report = bridge.orchestrator.run_once(streams=("credit_memos",))
    assert report.stream("credit_memos").outcomes["waiting"] >= 1
    assert bridge.intacct.records("APADJUSTMENT") == []
    bridge.orchestrator.run_once()
    assert bridge.intacct.records("APADJUSTMENT")
    assert not bridge.store.find(stream="credit_memos", states=[RecordState.WAITING])


def test_vendor_reference_is_written_back_to_commerce(bridge) -> None:
    bridge.orchestrator.run_once()
    links = [
        c
        for c in bridge.commerce.store.all("customer")
        if any(
            a.get("attribute_code") == "erp_vendor_number" for a in c.get("custom_attributes") or []
        )
    ]
    assert links


def test_intacct_owned_change_reaches_commerce_once_and_is_not_echoed(bridge) -> None:
    bridge.orchestrator.run_once()
    link = next(x for x in _links(bridge) if x.commerce_kind == "customer")
    with IntacctClient(
        **bridge.intacct.credentials(),
        http_client=httpx.Client(transport=bridge.intacct),
        sleep=lambda _s: None,
    ) as client:
        current = client.vendors.get(link.vendor_id)
        assert current is not None
        client.vendors.update(
            Vendor(
                vendor_id=link.vendor_id,
                name=current.name,
                display_contact=Contact(
                    mail_address=Address(address1="77 New Road", city="Dallas", country_code="US")
                ),
            )
        )
    report = bridge.orchestrator.run_once()
    assert report.stream("vendors_to_commerce").outcomes["synced"] == 1
    customer = bridge.commerce.store.get("customer", int(link.commerce_id))
    assert any(
        "77 New Road" in " ".join(a.get("street") or []) for a in customer.get("addresses") or []
    )
    again = bridge.orchestrator.run_once()
    assert again.stream("vendors_to_commerce").outcomes["synced"] == 0
    assert again.stream("customers").outcomes["synced"] == 0


def _links(bridge) -> list:
    records = bridge.store.find(stream="customers", states=[RecordState.SYNCED])
    links = [
        bridge.store.vendor_link_by_commerce("customer", r.source_id.split("@")[0]) for r in records
    ]
    return [x for x in links if x is not None]


def test_invoice_source_posts_one_bill_per_invoice(tmp_path) -> None:
    bridge = make_bridge(tmp_path)
    config = bridge.orchestrator.config
    bridge.orchestrator.config = attrs.evolve(
        config, bills=attrs.evolve(config.bills, source="invoice")
    )
    report = bridge.orchestrator.run_once()
    invoices = bridge.commerce.store.all("invoice")
    assert invoices
    assert report.stream("invoices").outcomes["synced"] == len(bill_numbers(bridge))
    assert report.stream("orders").fetched == 0  # bills come from invoices only
    assert all(count == 1 for count in bill_numbers(bridge).values())


def test_b2b_purchase_orders_become_intacct_purchase_orders_under_the_company_vendor(
    bridge,
) -> None:
    bridge.orchestrator.run_once()
    documents = bridge.intacct.records("PODOCUMENT")
    assert documents
    company_vendors = {f"B-{c['id']}" for c in bridge.commerce.store.all("company")}
    assert {d["CUSTVENDID"] for d in documents} <= company_vendors
    assert not bridge.store.find(stream="purchase_orders", states=[RecordState.FAILED])


def test_matched_existing_vendor_is_linked_not_duplicated_and_written_back(tmp_path) -> None:
    bridge = make_bridge(tmp_path)
    customer = bridge.commerce.store.all("customer")[0]
    bridge.intacct.add_vendor("LEGACY-1", "Existing vendor", email=customer["email"].upper())
    bridge.orchestrator.run_once(streams=("customers",))
    link = bridge.store.vendor_link_by_commerce("customer", str(customer["id"]))
    assert link is not None
    assert link.vendor_id == "LEGACY-1"
    stored = bridge.commerce.store.get("customer", customer["id"])
    assert stored is not None
    codes = {a["attribute_code"]: a["value"] for a in stored.get("custom_attributes") or []}
    assert codes.get("erp_vendor_number") == "LEGACY-1"
    assert [v["VENDORID"] for v in bridge.intacct.records("VENDOR")].count("LEGACY-1") == 1


def test_a_memo_of_two_adjustments_is_synced_only_when_both_are_in_intacct(tmp_path) -> None:
    bridge = make_bridge(tmp_path, orders=60)
    # More 503s than the client retries: those memos fail this run and must not be synced.
    bridge.intacct.faults.fail_next(
        status=503,
        times=8,
        match=lambda request: "create_apadjustment" in str(request.function_names),
    )
    bridge.orchestrator.run_once()
    memos = bridge.store.find(stream="credit_memos")
    assert any(r.state is RecordState.FAILED for r in memos)
    synced_keys = [r.target_key for r in memos if r.state is RecordState.SYNCED]
    stored = {str(a["RECORDNO"]) for a in bridge.intacct.records("APADJUSTMENT")}
    for keys in synced_keys:
        assert set((keys or "").split(",")) <= stored
    bridge.intacct.reset_faults()  # the outage is over
    later = datetime.now(UTC) + timedelta(days=1)
    bridge.orchestrator.clock = lambda: later
    bridge.orchestrator.run_once()
    memos = bridge.store.find(stream="credit_memos")
    assert all(r.state is RecordState.SYNCED for r in memos)
    numbers = Counter(a["RECORDID"] for a in bridge.intacct.records("APADJUSTMENT"))
    assert all(count == 1 for count in numbers.values())
    split = [r for r in memos if "," in (r.target_key or "")]
    assert split  # the seed has memos that become a credit and a debit adjustment
    claim_lost = bridge.store.audit(stream="credit_memos", actions=["claim_lost"])
    assert claim_lost == []


def test_dry_run_leaves_credit_memos_ready_for_the_real_run(tmp_path) -> None:
    bridge = make_bridge(tmp_path)
    report = bridge.orchestrator.run_once(dry_run=True)
    assert report.stream("credit_memos").outcomes["waiting"] == 0
    bridge.orchestrator.run_once()
    assert bridge.intacct.records("APADJUSTMENT")


def test_purchase_orders_of_every_company_sync_with_one_company_user_each(tmp_path) -> None:
    bridge = make_bridge(tmp_path)
    users: dict[int, CompanyUser] = {}
    for customer in bridge.commerce.store.all("customer"):
        company = (customer.get("extension_attributes") or {}).get("company_attributes") or {}
        password = bridge.company_users.get(customer["email"])
        if company.get("company_id") and password:
            users.setdefault(
                int(company["company_id"]), CompanyUser(email=customer["email"], password=password)
            )
    orchestrator = SyncOrchestrator(
        intacct=bridge.orchestrator.intacct,
        commerce=bridge.commerce_client,
        store=bridge.store,
        config=bridge.orchestrator.config,
        company_users=users,
    )
    orchestrator.run_once()
    every_po = bridge.commerce.store.all("purchase_order")
    assert len({po["company_id"] for po in every_po}) > 1
    documents = bridge.intacct.records("PODOCUMENT")
    assert len(documents) == len(every_po)
    assert {d["CUSTVENDID"] for d in documents} == {f"B-{po['company_id']}" for po in every_po}


def test_with_the_client_company_user_only_that_company_purchase_orders_sync(bridge) -> None:
    bridge.orchestrator.run_once()
    companies = {d["CUSTVENDID"] for d in bridge.intacct.records("PODOCUMENT")}
    assert len(companies) == 1  # the limit the company_users argument lifts


def test_an_unreadable_answer_to_a_committed_batch_is_read_back_not_reposted(tmp_path) -> None:
    bridge = make_bridge(tmp_path, settings=SyncSettings(retry_backoff=(timedelta(0),) * 3))
    bridge.intacct.faults.fail_next(
        status=200,
        body="<response><control><status>succ",  # truncated after the gateway committed
        after_commit=True,
        match=lambda request: (
            "create" in request.function_names and "APBILL" in str(request.functions)
        ),
    )
    report = bridge.orchestrator.run_once()
    assert not report.errors  # the stream went on
    bridge.orchestrator.run_once()
    assert all(count == 1 for count in bill_numbers(bridge).values())
    assert states(bridge, "orders")[RecordState.SYNCED] == len(bill_numbers(bridge))
