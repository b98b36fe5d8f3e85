from __future__ import annotations

import runpy
from decimal import Decimal
from pathlib import Path

from lxml import etree

EXAMPLE = Path(__file__).parents[2] / "examples" / "mapping_preview.py"


def test_mapping_preview_prints_the_bill_lines_total_and_control_id(capsys) -> None:
    namespace = runpy.run_path(str(EXAMPLE))
    assert namespace["main"](["mapping_preview.py"]) == 0
    out = capsys.readouterr().out
    assert "cm-order-41-bill" in out
    assert "129.00" in out
    assert "KIT-B Kit part B x 1" in out


def test_mapping_preview_prints_the_intacct_xml_of_the_bill(capsys) -> None:
    namespace = runpy.run_path(str(EXAMPLE))
    assert namespace["main"](["mapping_preview.py"]) == 0
    out = capsys.readouterr().out
    xml = out[out.index('<function controlid="cm-order-41-bill">') :]
    root = etree.fromstring(xml)
    assert root.findtext("create/APBILL/RECORDID") == "WEB-000000041"
    lines = root.iterfind("create/APBILL/APBILLITEMS/APBILLITEM/TRX_AMOUNT")
    amounts = [Decimal(e.text or "") for e in lines]
    assert sum(amounts) == Decimal("129.00")
