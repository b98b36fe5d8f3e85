"""The HTML report: one self-contained file; in a real headless browser when one is installed.

The browser tests run Debian's `chromium` (`apt-get install chromium`) with networking features
off; they are skipped, saying so, when no browser is installed.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import lxml.html
import pytest

from bridge.reconcile import Status

from .conftest import sample_report

BROWSER = next(
    (p for p in ("/usr/bin/chromium", shutil.which("chromium") or "") if p and Path(p).exists()),
    None,
)
needs_browser = pytest.mark.skipif(
    BROWSER is None, reason="no headless browser: `apt-get install chromium` to run this test"
)


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> tuple[Path, dict[str, Any]]:
    folder = tmp_path_factory.mktemp("report")
    report = sample_report()
    html = report.write_html(folder / "report.html")
    data = json.loads(report.write_json(folder / "report.json").read_text(encoding="utf-8"))
    return html, data


def test_html_has_no_network_assets(written) -> None:
    html, _ = written
    text = html.read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", text, re.I)
    assert not re.search(r"url\(\s*['\"]?\s*(?:https?:)?//", text, re.I)
    assert "<link" not in text
    assert "<script src" not in text
    assert "@import" not in text


def test_html_escapes_document_text(written) -> None:
    html, _ = written
    text = html.read_text(encoding="utf-8")
    assert 'Intacct said "<no>"' not in text
    assert "Intacct said &quot;&lt;no&gt;&quot; &amp; stopped" in text


def test_html_has_a_table_per_class_and_a_chart_per_currency(written) -> None:
    html, _ = written
    page = lxml.html.fromstring(html.read_text(encoding="utf-8"))
    classes = [s.get("data-class") for s in page.xpath("//section[@data-class]")]
    assert sorted(classes) == sorted(s.value for s in Status)
    assert sorted(page.xpath("//svg/@data-currency")) == ["EUR", "USD"]
    bars = page.xpath('//svg[@data-currency="USD"]/rect[@data-day="2026-03-01"]')
    assert {(b.get("data-side"), b.get("data-value")) for b in bars} == {
        ("commerce", "268.50"),
        ("intacct", "269.50"),  # one bill twice (+53.70), one with 1.00 more shipping, one missing
    }


def _browser(url: str, *extra: str, tmp_path: Path) -> str:
    assert BROWSER is not None
    command = [
        BROWSER, "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}", *extra, url,
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def _dom(html: Path, fragment: str, tmp_path: Path) -> Any:
    out = _browser(f"{html.as_uri()}{fragment}", "--dump-dom", tmp_path=tmp_path)
    page = lxml.html.fromstring(out)
    assert page.get("data-ready") == "1", "the page script did not run"
    return page


@needs_browser
def test_browser_renders_the_numbers_of_the_json(written, tmp_path) -> None:
    html, data = written
    page = _dom(html, "", tmp_path)
    counts = {
        card.get("data-status"): int(card.xpath("./b/@data-count")[0])
        for card in page.xpath("//div[@data-status]")
    }
    assert counts == data["counts"]
    for currency, side in data["by_currency"].items():
        (row,) = page.xpath(f'//table[@id="by-currency"]//tr[@data-currency="{currency}"]')
        assert row.xpath("./td/@data-commerce") == [side["commerce"]]
        assert row.xpath("./td/@data-intacct") == [side["intacct"]]
        assert row.xpath("./td/@data-difference") == [side["difference"]]
    assert page.xpath("//@data-commerce-documents") == [str(data["commerce_documents"])]
    for day in data["by_day"]:
        svg = f'//svg[@data-currency="{day["currency"]}"]'
        for side in ("commerce", "intacct"):
            bar = f'{svg}/rect[@data-day="{day["date"]}"][@data-side="{side}"]/@data-value'
            assert page.xpath(bar) == [day[side]]
    rows = page.xpath("//section[@data-class]//tbody/tr")
    assert len(rows) == len(data["items"])
    assert page.xpath('//output[@id="filter-status"]/@data-visible') == [str(len(rows))]


@needs_browser
def test_browser_class_filter_from_the_url_hash_shows_only_that_class(written, tmp_path) -> None:
    html, _ = written
    page = _dom(html, "#class=posted_twice", tmp_path)
    assert page.xpath('//output[@id="filter-status"]/@data-visible') == ["1"]
    visible = page.xpath("//section[@data-class][not(@hidden)]/@data-class")
    assert visible == ["posted_twice"]


@needs_browser
def test_browser_text_filter_hides_rows_that_do_not_contain_it(written, tmp_path) -> None:
    html, _ = written
    page = _dom(html, "#q=c-9", tmp_path)
    shown = page.xpath("//section[@data-class]//tbody/tr[not(@hidden)]")
    assert [row.get("data-number") for row in shown] == ["000000006"]


@needs_browser
def test_browser_takes_a_screenshot_of_the_page(written, tmp_path) -> None:
    html, _ = written
    shot = tmp_path / "shot.png"
    _browser(html.as_uri(), f"--screenshot={shot}", "--window-size=1280,1200", tmp_path=tmp_path)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 10_000
