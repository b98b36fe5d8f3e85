from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bridge.cli import EXIT_OK

from .conftest import EXAMPLE_MAPPING, Sandbox

EXAMPLES = Path(__file__).parents[3] / "examples"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("INTACCT_", "COMMERCE_"))}
    return subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=env,
    )


def test_embed_in_service_self_test_serves_webhooks_and_a_scheduled_run() -> None:
    done = _run(str(EXAMPLES / "embed_in_service.py"), "--self-test")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "signed webhook  -> HTTP 200" in done.stdout
    assert "forged webhook  -> HTTP 401 (stored as rejected: 1)" in done.stdout
    assert "self-test passed" in done.stdout


def test_notebook_walkthrough_runs_top_to_bottom_and_prints_report_and_audit_rows() -> None:
    done = _run(str(EXAMPLES / "notebook_walkthrough.py"))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "synced" in done.stdout
    assert "audit (last 5 rows of the orders stream):" in done.stdout
    assert " posted " in done.stdout
    assert "second run posted 0 document(s)" in done.stdout
    assert "dry run: 0 would be posted" in done.stdout


def test_the_sample_cli_config_works_with_credentials_from_the_environment(
    sandbox: Sandbox,
) -> None:
    text = (EXAMPLES / "bridge.toml").read_text(encoding="utf-8")
    text = text.replace('"bridge.example.toml"', f'"{EXAMPLE_MAPPING}"')
    text = text.replace('"../bridge-data/bridge.sqlite3"', '"data/bridge.sqlite3"')
    sandbox.config.write_text(text, encoding="utf-8")
    code, out = sandbox.run("sync")
    assert code == EXIT_OK, out
    assert sandbox.intacct.records("APBILL")
    code, out = sandbox.run("status")
    assert code == EXIT_OK
    assert "orders" in out
