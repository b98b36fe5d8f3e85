import httpx

from intacct_sdk import AsyncIntacctClient, IntacctClient
from intacct_sdk.testing import FakeIntacct


def _fake() -> FakeIntacct:
    fake = FakeIntacct()
    for n in range(150):
        fake.add_vendor(f"V-{n}", f"Vendor {n}", email=f"AP{n}@Example.com")
    return fake


def test_find_many_matches_ids_and_emails_ignoring_case_across_chunks() -> None:
    fake = _fake()
    ids = [f"V-{n}" for n in range(120)]  # more than one IN list of 100
    emails = ["ap130@example.com", "  AP140@EXAMPLE.COM "]
    with IntacctClient(**fake.credentials(), http_client=httpx.Client(transport=fake)) as client:
        found = client.vendors.find_many(ids, emails)
    assert {v.vendor_id for v in found} == {*ids, "V-130", "V-140"}


def test_find_many_with_nothing_to_find_sends_no_query() -> None:
    fake = _fake()
    with IntacctClient(**fake.credentials(), http_client=httpx.Client(transport=fake)) as client:
        assert client.vendors.find_many([], []) == []
    assert fake.counters.requests == 0


async def test_async_find_many() -> None:
    fake = _fake()
    async with AsyncIntacctClient(
        **fake.credentials(), http_client=httpx.AsyncClient(transport=fake)
    ) as client:
        found = await client.vendors.find_many(["V-1"], ["ap2@EXAMPLE.com"])
    assert sorted(v.vendor_id or "" for v in found) == ["V-1", "V-2"]
