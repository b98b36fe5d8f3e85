"""The bridge in a notebook, top to bottom (each `# %%` is a cell; run it as a script too).

A notebook already runs an event loop, so it uses the async twins: `await orch.arun_once()`
in a cell. As a script, `asyncio.run(...)` plays the notebook's part. The systems here are the
in-process fakes; with real ones, build the clients with `AsyncIntacctClient.from_env()` and
`AsyncCommerceClient.from_env()` and keep the rest as is.

    python examples/notebook_walkthrough.py
"""

from __future__ import annotations

# %% Imports and the two systems (fakes, seeded with a small shop and an empty Intacct company)
import asyncio
import tempfile
from pathlib import Path

import httpx

from bridge import MappingConfig, RecordingMetrics, SQLiteStore, SyncOrchestrator, SyncReport
from bridge.stores import RecordState
from commerce_sdk import AsyncCommerceClient, CompanyUser, OAuth1
from commerce_sdk.testing import FakeCommerce
from intacct_sdk import AsyncIntacctClient
from intacct_sdk.testing import FakeIntacct

commerce_fake = FakeCommerce(flavor="paas")
seeded = commerce_fake.seed_demo(seed=11, orders=15, companies=2, customers=4)
intacct_fake = FakeIntacct()
for account in ("4000", "4050", "4100", "2200", "2400", "4900", "4950", "4960"):
    intacct_fake.add_gl_account(account, f"Account {account}")


# %% Async clients, the store, the mapping, and the orchestrator
def make_orchestrator(store: SQLiteStore, metrics: RecordingMetrics) -> SyncOrchestrator:
    """The orchestrator over async clients (what a notebook or an async service uses)."""
    creds = commerce_fake.oauth_credentials
    email, password = sorted(seeded.company_users.items())[0]
    commerce = AsyncCommerceClient(
        commerce_fake.base_url,
        auth=OAuth1(
            creds.consumer_key, creds.consumer_secret, creds.access_token, creds.access_token_secret
        ),
        http_client=httpx.AsyncClient(transport=commerce_fake),
        company_user=CompanyUser(email=email, password=password),
    )
    intacct = AsyncIntacctClient(
        **intacct_fake.credentials(), http_client=httpx.AsyncClient(transport=intacct_fake)
    )
    return SyncOrchestrator(
        intacct=intacct,
        commerce=commerce,
        store=store,
        config=MappingConfig.from_toml(Path(__file__).with_name("bridge.example.toml")),
        metrics=metrics,  # optional: counters and timings for a dashboard
        progress=lambda stream, done, total: None,  # optional: drive a progress widget
    )


# %% The walkthrough: run, look at the audit trail, run again
async def walkthrough(store_path: Path) -> SyncReport:
    """The notebook's cells, in order; returns the real run's report."""
    store = SQLiteStore(store_path)
    metrics = RecordingMetrics()
    orch = make_orchestrator(store, metrics)

    # %% The first run: vendors, bills, adjustments, purchase orders
    report = await orch.arun_once()
    print(report.summary())
    posted = metrics.total("bridge.records", action="posted")
    print(f"metrics: {posted} records posted, {len(metrics.timings)} timings recorded\n")

    # %% The audit trail: a few rows, and one record's whole history
    print("audit (last 5 rows of the orders stream):")
    for entry in store.audit(stream="orders")[-5:]:
        print(
            f"  {entry.action:<10} orders/{entry.source_id:<4} {entry.outcome}  {entry.control_id}"
        )
    synced = store.find(stream="orders", states=[RecordState.SYNCED], limit=1)
    if synced:
        record = synced[0]
        print(f"\nrecord orders/{record.source_id}: {record.state.value}, key {record.target_key}")
        for entry in store.audit(stream="orders", source_id=record.source_id):
            print(f"  {entry.at:%H:%M:%S} {entry.action} {entry.outcome}")

    # %% Counts by state, per stream (what `python -m bridge status` prints)
    print("\nrecords by state:")
    for stream, counts in sorted(store.counts_by_state().items()):
        states = ", ".join(f"{s.value} {n}" for s, n in counts.items() if n)
        print(f"  {stream:<16} {states}")

    # %% Run again: nothing is posted twice
    again = await orch.arun_once()
    print(f"\nsecond run posted {again.total('synced')} document(s)")

    # %% A dry run maps and reports what would be posted, and posts nothing
    bills = len(intacct_fake.records("APBILL"))
    preview = await orch.arun_once(dry_run=True)
    print(f"dry run: {preview.total('would_post')} would be posted; bills before/after: ", end="")
    print(f"{bills}/{len(intacct_fake.records('APBILL'))}")
    store.close()
    return report


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        final = asyncio.run(walkthrough(Path(tmp) / "bridge.sqlite3"))
    raise SystemExit(0 if final.ok else 1)
