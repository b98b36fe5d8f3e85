"""Post a vendor and an AP bill to Sage Intacct, safely, and read them back.

Runs in process against `intacct_sdk.testing.FakeIntacct` (no network, no credentials):

    python examples/intacct_post_bill.py

With real credentials in INTACCT_* variables, `IntacctClient.from_env()` replaces the fake
(see docs/intacct.md); everything below the client construction stays the same.
"""

from __future__ import annotations

import logging
import sys
from datetime import date
from typing import Any

import httpx

from intacct_sdk import (
    APBill,
    APBillLine,
    Contact,
    HttpStatusError,
    IntacctClient,
    Vendor,
)
from intacct_sdk.testing import FakeIntacct


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="   log: %(message)s", stream=sys.stdout)

    fake = FakeIntacct()
    fake.add_gl_account("6000", "Freight")
    fake.add_gl_account("4000", "Merchandise")
    fake.add_gl_account("4999", "Retired", status="inactive")
    fake.add_vendor("V-0999", "Gadget Ltd", email="billing@gadget.example")

    credentials: dict[str, Any] = dict(fake.credentials())  # sender and user of the fake
    with IntacctClient(
        **credentials,
        http_client=httpx.Client(transport=fake),
        sleep=lambda _seconds: None,  # the fake answers at once; skip real backoff waits
    ) as client:
        accounts = client.gl_accounts.exists_active(["4000", "6000", "4999"])
        print(f"1. GL accounts exist and are active: {accounts}")

        vendor = client.vendors.create(
            Vendor(
                vendor_id="V-1001",
                name="Widget Co",
                display_contact=Contact(email1="ap@widget.example"),
            )
        )
        print(f"2. vendor {vendor.vendor_id} created (RECORDNO {vendor.record_no})")
        matches = client.vendors.find_by_email("AP@WIDGET.EXAMPLE")
        print(f"   found by e-mail, any case: {[v.vendor_id for v in matches]}")

        bill = APBill(
            vendor_id="V-1001",
            record_id="ORDER-1001",
            when_created=date(2026, 3, 1),
            when_due=date(2026, 3, 31),
            description="Commerce order 1001",
            lines=[
                APBillLine(account_no="4000", trx_amount="99.995", entry_description="Widgets"),
                APBillLine(account_no="6000", trx_amount="5.00", entry_description="Shipping"),
            ],
        )

        # The gateway commits the bill, then the response is lost on the way back.
        fake.faults.drop_response_after_commit_next()
        created = client.ap_bills.create(bill)
        print(
            f"3. bill {created.record_id} posted through a dropped response: "
            f"{len(fake.records('APBILL'))} record stored, RECORDNO {created.record_no}, "
            f"{fake.counters.duplicates} resend refused by uniqueid"
        )

        # A CDN timeout (524): the outcome is unknown, the SDK does not guess.
        fake.faults.status_524_next()
        try:
            client.ap_bills.create(bill)
        except HttpStatusError as exc:
            print(f"4. HTTP {exc.status_code}: outcome_unknown={exc.outcome_unknown}")
        again = client.ap_bills.create(bill)
        print(
            f"   posting the same bill again reads it back: RECORDNO {again.record_no}, "
            f"still {len(fake.records('APBILL'))} record"
        )

        stored = client.ap_bills.find("ORDER-1001")
        total = stored.total_entered if stored else None
        print(f"5. read back: total {total} (amounts rounded to cents)")

        fake.expire_sessions()
        names = [v.name for v in client.vendors.iter(page_size=1)]
        print(f"6. after the session expired, vendors paged one by one: {names}")
        print(
            f"   {fake.counters.requests} HTTP requests, "
            f"{fake.counters.sessions_created} sessions, "
            f"last endpoint {fake.requests[-1].endpoint}"
        )


if __name__ == "__main__":
    main()
