"""The CLI against both fakes: real credential resolution (env, vault, file), fake transports.

Only the SDK client classes `_commands` instantiates are swapped for subclasses that send over
the fakes' in-process transports; the environment variables, the vault and the TOML file are
read exactly as in production.
"""

from __future__ import annotations

import os
from io import StringIO
from pathlib import Path
from typing import Any

import attrs
import httpx
import pytest

from bridge import _commands, cli
from commerce_sdk import CommerceClient
from commerce_sdk.testing import FakeCommerce
from intacct_sdk import IntacctClient
from intacct_sdk.testing import FakeIntacct

EXAMPLE_MAPPING = Path(__file__).parents[3] / "examples" / "bridge.example.toml"
ACCOUNTS = ("4000", "4100", "2200", "4900", "4950", "4960", "4050", "2400")


@attrs.define
class Sandbox:
    intacct: FakeIntacct
    commerce: FakeCommerce
    dir: Path
    env: dict[str, str]

    @property
    def config(self) -> Path:
        return self.dir / "bridge.toml"

    @property
    def store(self) -> Path:
        return self.dir / "data" / "bridge.sqlite3"

    def write_config(self, extra: str = "", *, mapping: Path = EXAMPLE_MAPPING) -> Path:
        self.config.write_text(
            f'mapping_file = "{mapping}"\n\n[store]\npath = "data/bridge.sqlite3"\n\n{extra}',
            encoding="utf-8",
        )
        return self.config

    def run(self, *argv: str) -> tuple[int, str]:
        out = StringIO()
        code = cli.main([*argv[:1], "--config", str(self.config), *argv[1:]], out=out)
        return code, out.getvalue()


@pytest.fixture
def sandbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Sandbox:
    for name in list(os.environ):
        if name.startswith(("INTACCT_", "COMMERCE_", "BRIDGE_")):
            monkeypatch.delenv(name)
    commerce = FakeCommerce(flavor="paas")
    seeded = commerce.seed_demo(seed=3, orders=12, companies=2, customers=4)
    intacct = FakeIntacct()
    for account in ACCOUNTS:
        intacct.add_gl_account(account, f"Account {account}")
    creds = commerce.oauth_credentials
    email, password = sorted(seeded.company_users.items())[0]
    env = {
        **{f"INTACCT_{k.upper()}": str(v) for k, v in intacct.credentials().items()},
        "COMMERCE_BASE_URL": commerce.base_url,
        "COMMERCE_CONSUMER_KEY": creds.consumer_key,
        "COMMERCE_CONSUMER_SECRET": creds.consumer_secret,
        "COMMERCE_ACCESS_TOKEN": creds.access_token,
        "COMMERCE_ACCESS_TOKEN_SECRET": creds.access_token_secret,
        "COMMERCE_COMPANY_USER_EMAIL": email,
        "COMMERCE_COMPANY_USER_PASSWORD": password,
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)

    class WiredIntacct(IntacctClient):
        def __init__(self, **kwargs: Any) -> None:
            super().__init__(
                **kwargs, http_client=httpx.Client(transport=intacct), sleep=lambda _s: None
            )

    class WiredCommerce(CommerceClient):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(
                *args, **kwargs, http_client=httpx.Client(transport=commerce), sleep=lambda _s: None
            )

    monkeypatch.setattr(_commands, "IntacctClient", WiredIntacct)
    monkeypatch.setattr(_commands, "CommerceClient", WiredCommerce)
    box = Sandbox(intacct=intacct, commerce=commerce, dir=tmp_path, env=env)
    box.write_config()
    return box
