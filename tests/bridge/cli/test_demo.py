from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

from bridge.cli import EXIT_OK, main


def test_demo_tells_the_retries_as_story_lines_and_shows_an_audit_history(
    tmp_path: Path, capsys
) -> None:
    out = StringIO()
    data = tmp_path / "demo"
    code = main(["demo", "--orders", "40", "--data-dir", str(data)], out=out)
    text = out.getvalue()
    assert code == EXIT_OK
    assert "  retry: Intacct" in text
    assert "transient failures retried by the SDK" in text
    assert "WARNING" not in text + capsys.readouterr().err
    assert "Documents posted by the second run: 0" in text
    assert f"Audit trail and state: {(data / 'bridge.sqlite3').resolve()}" in text
    assert "One record's history: python -m bridge audit --store" in text
    history = text.split("One record's history:")[1].splitlines()
    assert " posted ok control=" in "\n".join(history[1:4])


def test_demo_ends_with_a_reconciliation_report_where_everything_matches(tmp_path: Path) -> None:
    out = StringIO()
    data = tmp_path / "demo"
    assert main(["demo", "--orders", "40", "--data-dir", str(data)], out=out) == EXIT_OK
    text = out.getvalue()
    report = data / "reconciliation.html"
    assert f"Reconciliation report (open in a browser): {report.resolve()}" in text
    assert report.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html>")
    summary = json.loads((data / "reconciliation.json").read_text(encoding="utf-8"))
    assert summary["counts"]["matched"] > 0
    assert {k: v for k, v in summary["counts"].items() if k != "matched" and v} == {}
