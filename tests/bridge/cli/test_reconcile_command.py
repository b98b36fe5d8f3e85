from __future__ import annotations

import json
from datetime import date

from bridge.cli import EXIT_OK, EXIT_USAGE

from .conftest import Sandbox


def _period(sandbox: Sandbox) -> tuple[str, str]:
    days = [
        date.fromisoformat(str(o["created_at"])[:10]) for o in sandbox.commerce.store.all("order")
    ]
    return min(days).isoformat(), max(days).isoformat()


def test_reconcile_after_a_sync_matches_everything_and_writes_the_three_reports(
    sandbox: Sandbox,
) -> None:
    assert sandbox.run("sync")[0] == EXIT_OK
    start, end = _period(sandbox)
    folder = sandbox.dir / "reports"
    code, out = sandbox.run("reconcile", "--from", start, "--to", end, "--out", str(folder))
    assert code == EXIT_OK, out
    data = json.loads(next(folder.glob("*.json")).read_text())
    assert data["counts"]["matched"] >= len(sandbox.intacct.records("APBILL"))
    assert {k: v for k, v in data["counts"].items() if k != "matched" and v} == {}
    assert sorted(p.suffix for p in folder.iterdir()) == [".csv", ".html", ".json"]
    assert "html:" in out


def test_reconcile_before_any_sync_reports_documents_missing_in_intacct(sandbox: Sandbox) -> None:
    start, end = _period(sandbox)
    code, _ = sandbox.run(
        "reconcile",
        "--from",
        start,
        "--to",
        end,
        "--out",
        str(sandbox.dir / "r"),
        "--format",
        "json",
    )
    assert code == 1
    data = json.loads(next((sandbox.dir / "r").glob("*.json")).read_text())
    assert data["counts"]["missing_in_intacct"] > 0


def test_reconcile_without_a_period_is_a_usage_error(sandbox: Sandbox) -> None:
    code, _ = sandbox.run("reconcile")
    assert code == EXIT_USAGE
