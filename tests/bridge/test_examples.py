from __future__ import annotations

import runpy
from pathlib import Path

EXAMPLE = Path(__file__).parents[2] / "examples" / "mapping_preview.py"


def test_mapping_preview_prints_the_bill_lines_total_and_control_id(capsys) -> None:
    namespace = runpy.run_path(str(EXAMPLE))
    assert namespace["main"](["mapping_preview.py"]) == 0
    out = capsys.readouterr().out
    assert "cm-order-41-bill" in out
    assert "129.00" in out
    assert "KIT-B Kit part B x 1" in out
