"""Child process of the crash-and-resume test: one sync run against served fakes.

Usage: python _sync_child.py SPEC_JSON. The spec names the loopback URLs of FakeIntacct and
FakeCommerce (both served by the parent test process, so their state survives a SIGKILL of this
process), the credentials, the SQLite store file, and a clock offset: each resumed process runs
"later" than the killed one, so the dead process's leases (and retry back-offs) have run out,
as they would for a worker restarted by a supervisor.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime, timedelta

import httpx

from bridge._demo import demo_config
from bridge.orchestrator import SyncOrchestrator
from bridge.settings import SyncSettings
from bridge.stores import SQLiteStore
from commerce_sdk import CommerceClient, CompanyUser, OAuth1
from intacct_sdk import IntacctClient


def main() -> None:
    spec = json.loads(sys.argv[1])
    offset = timedelta(hours=spec["clock_offset_hours"])

    def clock() -> datetime:
        return datetime.now(UTC) + offset

    oauth = spec["oauth"]
    commerce = CommerceClient(
        spec["commerce_url"],
        auth=OAuth1(
            oauth["consumer_key"],
            oauth["consumer_secret"],
            oauth["access_token"],
            oauth["access_token_secret"],
        ),
        http_client=httpx.Client(timeout=30),
        company_user=CompanyUser(**spec["company_user"]),
        sleep=lambda _s: None,
    )
    intacct = IntacctClient(
        **spec["intacct_credentials"],
        endpoint_url=spec["intacct_url"],
        http_client=httpx.Client(timeout=30),
        sleep=lambda _s: None,
    )
    store = SQLiteStore(spec["store"])
    orchestrator = SyncOrchestrator(
        intacct=intacct,
        commerce=commerce,
        store=store,
        config=demo_config(),
        settings=SyncSettings(
            streams=tuple(spec["streams"]),
            batch_size=spec["batch_size"],
            functions_per_request=spec["functions_per_request"],
            retry_backoff=(timedelta(minutes=1),) * 5,
        ),
        clock=clock,
        company_users={
            int(company_id): CompanyUser(**user)
            for company_id, user in spec.get("company_users", {}).items()
        },
    )
    report = orchestrator.run_once()
    print(json.dumps({"errors": report.errors, "summary": report.summary()}), flush=True)
    store.close()


if __name__ == "__main__":
    main()
