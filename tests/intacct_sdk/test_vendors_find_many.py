"""`vendors.find_many`: a whole batch of ids and e-mails is looked up in one request."""

from __future__ import annotations

import httpx

from intacct_sdk import AsyncIntacctClient, IntacctClient
from intacct_sdk.testing import FakeIntacct


def _fake() -> FakeIntacct:
    fake = FakeIntacct(sleep=lambda s: None)
    fake.seed(
        "VENDOR",
        [
            {
                "VENDORID": f"V-{n}",
                "NAME": f"Vendor {n}",
                "DISPLAYCONTACT": {"EMAIL1": f"v{n}@x.test"},
            }
            for n in range(250)
        ],
    )
    return fake


def test_ids_and_emails_past_one_in_clause_cost_one_request() -> None:
    fake = _fake()
    client = IntacctClient(**fake.credentials(), http_client=httpx.Client(transport=fake))
    ids = [f"V-{n}" for n in range(0, 250, 2)] + ["V-missing"]
    emails = ["v1@x.test", "v3@x.test", "v0@x.test"]
    client.vendors.find_many(["V-0"])  # logs in first: the session request is not the point
    fake.clear_requests()
    found = client.vendors.find_many(ids, emails)
    assert len(fake.requests) == 1
    # 126 ids need two IN clauses; every match comes back once, e-mail matches included.
    assert len(fake.requests[0].functions) == 3
    assert sorted(str(v.vendor_id) for v in found) == sorted(
        {f"V-{n}" for n in range(0, 250, 2)} | {"V-1", "V-3"}
    )


def test_nothing_to_find_sends_nothing() -> None:
    fake = _fake()
    client = IntacctClient(**fake.credentials(), http_client=httpx.Client(transport=fake))
    fake.clear_requests()
    assert client.vendors.find_many([], []) == []
    assert fake.requests == []


async def test_the_async_client_finds_the_same_vendors() -> None:
    fake = _fake()
    async with AsyncIntacctClient(
        **fake.credentials(), http_client=httpx.AsyncClient(transport=fake)
    ) as client:
        found = await client.vendors.find_many(["V-7"], ["v8@x.test"])
    assert sorted(str(v.vendor_id) for v in found) == ["V-7", "V-8"]


def test_emails_match_ignoring_case_and_spaces() -> None:
    fake = _fake()
    client = IntacctClient(**fake.credentials(), http_client=httpx.Client(transport=fake))
    found = client.vendors.find_many([], ["V7@X.TEST", "  v9@x.test "])
    assert sorted(str(v.vendor_id) for v in found) == ["V-7", "V-9"]


def test_nothing_to_find_sends_no_request() -> None:
    fake = _fake()
    client = IntacctClient(**fake.credentials(), http_client=httpx.Client(transport=fake))
    assert client.vendors.find_many([], []) == []
    assert fake.counters.requests == 0
