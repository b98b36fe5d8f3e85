"""The example script runs end to end on the sample month."""

from __future__ import annotations

import json
import runpy
from pathlib import Path

EXAMPLE = Path(__file__).parents[3] / "examples" / "reconcile_month.py"


def test_example_writes_the_three_files_and_prints_the_summary_and_path(tmp_path, capsys) -> None:
    namespace = runpy.run_path(str(EXAMPLE))
    assert namespace["main"](["reconcile_month.py", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    html = tmp_path / "reconciliation-2026-03.html"
    assert f"report: {html.resolve()}" in out
    assert "posted twice" in out
    assert "python -m bridge replay --stream orders --state failed --id 115 --id 133" in out
    assert "# the store says synced but Intacct lacks them; check, then: " in out
    data = json.loads((tmp_path / "reconciliation-2026-03.json").read_text(encoding="utf-8"))
    assert data["counts"] == {
        "matched": 58,
        "amount_mismatch": 1,
        "missing_in_intacct": 1,
        "unknown_to_commerce": 1,
        "vendor_mismatch": 1,
        "posted_twice": 1,
        "pending_or_failed_in_store": 2,
    }
    assert (tmp_path / "reconciliation-2026-03.csv").stat().st_size > 0
