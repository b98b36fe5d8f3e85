"""A whole bridge against both fakes: FakeCommerce (PaaS, OAuth 1.0a) and FakeIntacct."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import attrs
import httpx
import pytest

from bridge import MappingConfig
from bridge.orchestrator import SyncOrchestrator
from bridge.settings import SyncSettings
from bridge.stores import SQLiteStore
from commerce_sdk import CommerceClient, CompanyUser, OAuth1
from commerce_sdk.testing import FakeCommerce
from intacct_sdk import IntacctClient
from intacct_sdk.testing import FakeIntacct

EXAMPLE_CONFIG = Path(__file__).parents[3] / "examples" / "bridge.example.toml"
ACCOUNTS = ("4000", "4100", "2200", "4900", "4950", "4960", "4050", "2400")


@attrs.define
class Bridge:
    intacct: FakeIntacct
    commerce: FakeCommerce
    store: SQLiteStore
    orchestrator: SyncOrchestrator
    company_users: dict[str, str]
    commerce_client: CommerceClient


def make_bridge(
    tmp_path: Path, *, orders: int = 30, settings: SyncSettings | None = None, seed: int = 3
) -> Bridge:
    commerce = FakeCommerce(flavor="paas")
    demo = commerce.seed_demo(seed=seed, orders=orders, companies=3, customers=6)
    intacct = FakeIntacct()
    for account in ACCOUNTS:
        intacct.add_gl_account(account, f"Account {account}")
    email, password = sorted(demo.company_users.items())[0]
    creds = commerce.oauth_credentials
    commerce_client = CommerceClient(
        commerce.base_url,
        auth=OAuth1(
            creds.consumer_key, creds.consumer_secret, creds.access_token, creds.access_token_secret
        ),
        http_client=httpx.Client(transport=commerce),
        company_user=CompanyUser(email=email, password=password),
        sleep=lambda _s: None,
    )
    intacct_client = IntacctClient(
        **intacct.credentials(),
        http_client=httpx.Client(transport=intacct),
        sleep=lambda _s: None,
    )
    store = SQLiteStore(tmp_path / "bridge.sqlite3")
    orchestrator = SyncOrchestrator(
        intacct=intacct_client,
        commerce=commerce_client,
        store=store,
        config=MappingConfig.from_toml(EXAMPLE_CONFIG),
        settings=settings or SyncSettings(),
    )
    return Bridge(
        intacct=intacct,
        commerce=commerce,
        store=store,
        orchestrator=orchestrator,
        company_users=dict(demo.company_users),
        commerce_client=commerce_client,
    )


@pytest.fixture
def bridge(tmp_path: Path) -> Iterator[Bridge]:
    built = make_bridge(tmp_path)
    yield built
    built.store.close()
