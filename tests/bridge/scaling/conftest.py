"""Fixtures for the multi-worker tests: a fresh PostgreSQL schema and the served fakes.

The tests need a PostgreSQL server: without `BRIDGE_TEST_POSTGRES_DSN` they are skipped with a
message that says how to run them.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest

from commerce_sdk.testing import FakeCommerce
from intacct_sdk.testing import FakeIntacct

POSTGRES_HOWTO = (
    "multi-worker tests need PostgreSQL: set BRIDGE_TEST_POSTGRES_DSN, e.g. "
    "BRIDGE_TEST_POSTGRES_DSN=postgresql://postgres@127.0.0.1:5432/test make test"
)
EXAMPLE_CONFIG = Path(__file__).parents[3] / "examples" / "bridge.example.toml"
ACCOUNTS = ("4000", "4100", "2200", "4900", "4950", "4960", "4050", "2400")
WORKER = Path(__file__).parent / "_worker.py"


@pytest.fixture
def pg_schema() -> Iterator[tuple[str, str]]:
    """(dsn, schema): a schema of its own for this test, dropped afterwards."""
    dsn = os.environ.get("BRIDGE_TEST_POSTGRES_DSN")
    if not dsn:
        pytest.skip(POSTGRES_HOWTO)
    import psycopg

    schema = f"bridge_scaling_{uuid.uuid4().hex[:12]}"
    try:
        yield dsn, schema
    finally:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


@attrs.define
class World:
    """Both fakes, seeded; `served()` puts them on loopback and writes a worker spec."""

    commerce: FakeCommerce
    intacct: FakeIntacct
    company_user: dict[str, str]

    def spec(self, path: Path, *, commerce_url: str, intacct_url: str, **extra: Any) -> Path:
        oauth = self.commerce.oauth_credentials
        data = {
            "commerce_url": commerce_url,
            "commerce_oauth": {
                "consumer_key": oauth.consumer_key,
                "consumer_secret": oauth.consumer_secret,
                "access_token": oauth.access_token,
                "access_token_secret": oauth.access_token_secret,
            },
            "company_user": self.company_user,
            "intacct_url": intacct_url,
            "intacct_credentials": dict(self.intacct.credentials()),
            "config_path": str(EXAMPLE_CONFIG),
            **extra,
        }
        path.write_text(json.dumps(data))
        return path


def make_world(*, orders: int, seed: int = 11, latency: float = 0.0) -> World:
    """A seeded distributor in FakeCommerce and an empty FakeIntacct company with its accounts."""
    commerce = FakeCommerce(flavor="paas", latency=latency)
    demo = commerce.seed_demo(seed=seed, orders=orders, companies=3, customers=8)
    intacct = FakeIntacct(latency=latency)
    for account in ACCOUNTS:
        intacct.add_gl_account(account, f"Account {account}")
    email, password = sorted(demo.company_users.items())[0]
    return World(
        commerce=commerce,
        intacct=intacct,
        company_user={"email": email, "password": password},
    )
