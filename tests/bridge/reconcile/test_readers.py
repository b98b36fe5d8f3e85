"""The SDK readers against the fakes (`FakeCommerce`, `FakeIntacct`), seeded with each class."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import attrs
import httpx
import pytest

from bridge.mapping import credit_memo_to_ap_adjustments, order_to_ap_bill
from bridge.reconcile import (
    AsyncCommerceClientReader,
    AsyncIntacctClientReader,
    CommerceClientReader,
    IntacctClientReader,
    Period,
    Status,
    areconcile,
    reconcile,
)
from bridge.reconcile._sample import _more_shipping, _order
from bridge.reconcile.testing import sample_config
from commerce_sdk import AsyncCommerceClient, BearerToken, CommerceClient
from commerce_sdk.models import CreditMemo, Order
from commerce_sdk.testing import FakeCommerce
from intacct_sdk import AsyncIntacctClient, IntacctClient
from intacct_sdk.models import APBill, APBillLine
from intacct_sdk.testing import FakeIntacct

MARCH = Period.month(2026, 3)
CONFIG = sample_config()
ACCOUNTS = ("4000", "4100", "2200", "4900", "4950", "4960", "6100")


def memo_payload(order: dict[str, Any]) -> dict[str, Any]:
    item = order["items"][0]
    tax = (Decimal(item["row_total"]) * Decimal("0.08")).quantize(Decimal("0.01"))
    return {
        "entity_id": 903, "increment_id": "000000903", "order_id": order["entity_id"],
        "created_at": order["created_at"], "order_currency_code": order["order_currency_code"],
        "grand_total": str(Decimal(item["row_total"]) + tax), "subtotal": item["row_total"],
        "tax_amount": str(tax), "shipping_amount": "0", "discount_amount": "0",
        "items": [{"entity_id": 9031, "order_item_id": item["item_id"], "sku": item["sku"],
                   "qty": item["qty_ordered"], "price": item["price"],
                   "row_total": item["row_total"]}],
    }  # fmt: skip


@pytest.fixture
def commerce() -> Iterator[tuple[CommerceClient, list[Order], CreditMemo, FakeCommerce]]:
    fake = FakeCommerce(flavor="paas")
    payloads = [_order(n, 2026, 3) for n in range(1, 10)]
    payloads[8]["state"] = "canceled"  # order 9: never posted, not expected
    payloads.append({**_order(10, 2026, 4), "increment_id": "000000010"})  # April: outside
    for payload in payloads:
        fake.add_order(payload)
    memo = memo_payload(payloads[2])
    fake.add_credit_memo(memo)
    with httpx.Client(transport=fake) as http:
        client = CommerceClient(fake.base_url, auth=BearerToken(fake.admin_token()),
                                http_client=http)  # fmt: skip
        yield client, [Order.from_api(p) for p in payloads], CreditMemo.from_api(memo), fake


@pytest.fixture
def intacct(commerce) -> Iterator[tuple[IntacctClient, FakeIntacct]]:
    _, orders, memo, _ = commerce
    fake = FakeIntacct()
    for account in ACCOUNTS:
        fake.add_gl_account(account)
    for vendor in [f"C-{n}" for n in range(1, 9)] + ["C-99"]:
        fake.add_vendor(vendor, vendor)
    with httpx.Client(transport=fake) as http:
        client = IntacctClient(**fake.credentials(), http_client=http)
        for n, order in enumerate(orders[:8], start=1):
            bill = order_to_ap_bill(order, CONFIG, vendor_id=f"C-{order.customer_id}").bill
            if n == 4:
                continue  # missing in Intacct
            if n == 5:
                bill = attrs.evolve(bill, vendor_id="C-99")
            if n == 6:
                bill = _more_shipping(bill, Decimal("2.50"))
            client.ap_bills.create(bill, control_id=f"bill-{n}")
            if n == 7:
                client.ap_bills.create(bill, control_id="bill-7-again")
        for part in credit_memo_to_ap_adjustments(
            memo, orders[2], CONFIG, vendor_id=f"C-{orders[2].customer_id}",
            bill_number="CM-000000003",
        ).adjustments:  # fmt: skip
            client.ap_adjustments.create(part.adjustment, control_id=part.control_id)
        line = APBillLine(account_no="6100", trx_amount=Decimal("410.00"))
        manual = APBill(vendor_id="C-3", when_created=MARCH.start.replace(day=14),
                        when_due=MARCH.end, record_id="CM-MANUAL-0001", lines=[line])  # fmt: skip
        client.ap_bills.create(manual, control_id="manual")
        other = attrs.evolve(manual, record_id="VENDOR-INV-77")  # not the bridge's: no prefix
        client.ap_bills.create(other, control_id="other")
        yield client, fake


EXPECTED = {
    "CM-000000001": Status.MATCHED,
    "CM-000000002": Status.MATCHED,
    "CM-000000003": Status.MATCHED,
    "CM-000000004": Status.MISSING_IN_INTACCT,
    "CM-000000005": Status.VENDOR_MISMATCH,
    "CM-000000006": Status.AMOUNT_MISMATCH,
    "CM-000000007": Status.POSTED_TWICE,
    "CM-000000008": Status.MATCHED,
    "CM-MANUAL-0001": Status.UNKNOWN_TO_COMMERCE,
    "CMR-000000903": Status.MATCHED,
}


async def test_async_readers_find_the_same_classes(commerce, intacct) -> None:
    commerce_fake, intacct_fake = commerce[3], intacct[1]
    async with (
        httpx.AsyncClient(transport=commerce_fake) as c_http,
        httpx.AsyncClient(transport=intacct_fake) as i_http,
    ):
        token = BearerToken(commerce_fake.admin_token())
        c_client = AsyncCommerceClient(commerce_fake.base_url, auth=token, http_client=c_http)
        i_client = AsyncIntacctClient(**intacct_fake.credentials(), http_client=i_http)
        report = await areconcile(
            MARCH,
            commerce=AsyncCommerceClientReader(c_client, CONFIG, page_size=3),
            intacct=AsyncIntacctClientReader(i_client, CONFIG, page_size=3),
            keep_matched=True,
        )
    assert {item.number: item.status for item in report.items} == EXPECTED


def test_readers_over_the_fakes_find_every_class(commerce, intacct) -> None:
    report = reconcile(
        MARCH,
        commerce=CommerceClientReader(commerce[0], CONFIG, page_size=3),
        intacct=IntacctClientReader(intacct[0], CONFIG, page_size=3),
        keep_matched=True,
    )
    by_number = {item.number: item.status for item in report.items}
    assert by_number == EXPECTED
    mismatch = next(i for i in report.items if i.status is Status.AMOUNT_MISMATCH)
    assert dict(mismatch.difference) == {"shipping": Decimal("2.50")}
    assert [(t.stream, t.source_id) for t in report.replay_targets()] == [("orders", "104")]


def test_intacct_reader_reads_a_page_of_records_with_their_lines_in_one_request() -> None:
    fake = FakeIntacct()
    for account in ACCOUNTS:
        fake.add_gl_account(account)
    fake.add_vendor("C-1", "C-1")
    line = APBillLine(account_no="4000", trx_amount=Decimal("10.00"))
    with httpx.Client(transport=fake) as http:
        client = IntacctClient(**fake.credentials(), http_client=http)
        for n in range(1, 8):
            bill = APBill(vendor_id="C-1", when_created=MARCH.start, when_due=MARCH.end,
                          record_id=f"CM-{n:09d}", lines=[line])  # fmt: skip
            client.ap_bills.create(bill, control_id=f"b{n}")
        fake.clear_requests()
        documents = list(IntacctClientReader(client, CONFIG, page_size=5).documents(MARCH))
    assert [d.number for d in documents] == [f"CM-{n:09d}" for n in range(1, 8)]
    assert {d.totals["products"] for d in documents} == {Decimal("10.00")}
    # adjustments: one query page; bills: two query pages and two reads (5 + 2 records).
    assert len(fake.requests) == 5


def test_invoice_source_expects_one_bill_per_invoice(commerce) -> None:
    orders = commerce[1]
    config = attrs.evolve(CONFIG, bills=attrs.evolve(CONFIG.bills, source="invoice"))
    fake = FakeCommerce(flavor="paas")
    for order in orders[:2]:
        fake.add_order(dict(order.raw))
        item = order.raw["items"][0]
        fake.add_invoice({
            "entity_id": 700 + order.entity_id, "order_id": order.entity_id,
            "created_at": order.raw["created_at"], "grand_total": item["row_total"],
            "subtotal": item["row_total"], "tax_amount": "0", "shipping_amount": "0",
            "discount_amount": "0", "order_currency_code": order.order_currency_code,
            "items": [{"entity_id": 1, "order_item_id": item["item_id"], "sku": item["sku"],
                       "qty": item["qty_ordered"], "price": item["price"],
                       "row_total": item["row_total"]}],
        })  # fmt: skip
    with httpx.Client(transport=fake) as http:
        reader = CommerceClientReader(
            CommerceClient(fake.base_url, auth=BearerToken(fake.admin_token()), http_client=http),
            config,
        )
        documents = list(reader.documents(MARCH))
    assert [(d.kind, d.number, d.source_id) for d in documents] == [
        ("invoice", "CM-000000801", "801"),
        ("invoice", "CM-000000802", "802"),
    ]
    assert documents[0].total == Decimal(orders[0].raw["items"][0]["row_total"])
    assert fake.count(path="/V1/orders") == 1  # both invoices' orders in one search
