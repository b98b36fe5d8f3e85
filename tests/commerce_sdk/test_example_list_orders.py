"""The example script runs against the in-process fake, both flavors."""

import runpy
import sys
from pathlib import Path

EXAMPLE = Path(__file__).parents[2] / "examples" / "commerce_list_orders.py"


def test_example_lists_orders_for_paas_and_saas(monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", [str(EXAMPLE)])
    runpy.run_path(str(EXAMPLE), run_name="__main__")
    out = capsys.readouterr().out
    assert "== PAAS" in out
    assert "== SAAS" in out
    assert out.count("#100000007") == 2
    assert "processing orders: 8" in out
