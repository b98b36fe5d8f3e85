"""A whole bridge against both fakes, with recorded sleeps, for the reliability suite.

Unlike `bridge._demo.build_world` (whose clients really sleep a little), every wait here goes
to a recorder, so a test can assert the run slowed down as much as it had to and no more,
without sleeping.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import httpx
import pytest

from bridge._demo import DEMO_ACCOUNTS, demo_config
from bridge.orchestrator import SyncOrchestrator
from bridge.settings import SyncSettings
from bridge.stores import SQLiteStore
from commerce_sdk import AsyncCommerceClient, CommerceClient, CompanyUser, OAuth1
from commerce_sdk.testing import FakeCommerce, WebhookSender
from commerce_sdk.webhooks import CommerceWebhookVerifier
from intacct_sdk import AsyncIntacctClient, IntacctClient
from intacct_sdk.testing import FakeIntacct


@attrs.define
class Sleeps:
    """Every wait a client asked for, per side, in order."""

    intacct: list[float] = attrs.field(factory=list)
    commerce: list[float] = attrs.field(factory=list)

    async def intacct_async(self, seconds: float) -> None:
        self.intacct.append(seconds)


@attrs.define
class World:
    intacct: FakeIntacct
    commerce: FakeCommerce
    intacct_client: Any
    commerce_client: Any
    store: SQLiteStore
    orchestrator: SyncOrchestrator
    sender: WebhookSender
    sleeps: Sleeps
    company_users: dict[str, str]

    def close(self) -> None:
        self.store.close()


def make_world(
    tmp_path: Path,
    *,
    orders: int = 30,
    seed: int = 3,
    settings: SyncSettings | None = None,
    async_intacct: bool = False,
    async_commerce: bool = False,
    intacct_kwargs: dict[str, Any] | None = None,
    commerce_kwargs: dict[str, Any] | None = None,
    fake_intacct: FakeIntacct | None = None,
    fake_commerce: FakeCommerce | None = None,
    intacct_transport: httpx.BaseTransport | None = None,
) -> World:
    """Seed both fakes (unless given) and wire an orchestrator with recorded sleeps."""
    commerce = fake_commerce or FakeCommerce(flavor="paas")
    demo = commerce.seed_demo(seed=seed, orders=orders, companies=3, customers=6)
    intacct = fake_intacct or FakeIntacct()
    for number, title in DEMO_ACCOUNTS.items():
        intacct.add_gl_account(number, title)
    sleeps = Sleeps()
    email, password = sorted(demo.company_users.items())[0]
    creds = commerce.oauth_credentials
    auth = OAuth1(
        creds.consumer_key, creds.consumer_secret, creds.access_token, creds.access_token_secret
    )
    commerce_client: Any
    more = dict(commerce_kwargs or {})
    if async_commerce:
        commerce_client = AsyncCommerceClient(
            commerce.base_url,
            auth=auth,
            http_client=httpx.AsyncClient(transport=commerce),
            company_user=CompanyUser(email=email, password=password),
            sleep=_async_recorder(sleeps.commerce),
            **more,
        )
    else:
        commerce_client = CommerceClient(
            commerce.base_url,
            auth=auth,
            http_client=httpx.Client(transport=commerce),
            company_user=CompanyUser(email=email, password=password),
            sleep=sleeps.commerce.append,
            **more,
        )
    intacct_client: Any
    extra = dict(intacct_kwargs or {})
    if async_intacct:
        intacct_client = AsyncIntacctClient(
            **intacct.credentials(),
            http_client=httpx.AsyncClient(transport=intacct),
            sleep=sleeps.intacct_async,
            **extra,
        )
    else:
        intacct_client = IntacctClient(
            **intacct.credentials(),
            http_client=httpx.Client(transport=intacct_transport or intacct),
            sleep=sleeps.intacct.append,
            **extra,
        )
    store = SQLiteStore(tmp_path / "bridge.sqlite3")
    sender = WebhookSender()
    orchestrator = SyncOrchestrator(
        intacct=intacct_client,
        commerce=commerce_client,
        store=store,
        config=demo_config(),
        settings=settings or SyncSettings(),
        webhooks=CommerceWebhookVerifier(sender.commerce_public_key_pem),
    )
    return World(
        intacct=intacct,
        commerce=commerce,
        intacct_client=intacct_client,
        commerce_client=commerce_client,
        store=store,
        orchestrator=orchestrator,
        sender=sender,
        sleeps=sleeps,
        company_users=dict(demo.company_users),
    )


class RecordingTransport(httpx.BaseTransport):
    """Keeps every request body sent to the wrapped transport (the fake)."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner = inner
        self.bodies: list[bytes] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.bodies.append(request.read())
        return self.inner.handle_request(request)


def _async_recorder(into: list[float]) -> Any:
    async def sleep(seconds: float) -> None:
        into.append(seconds)

    return sleep


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    built = make_world(tmp_path)
    yield built
    built.close()
