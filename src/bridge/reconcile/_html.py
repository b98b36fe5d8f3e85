"""The self-contained HTML report: one file, inline CSS, JS and SVG, no network assets.

Every number a test or a person may check carries a `data-*` attribute with the exact value
(`data-count`, `data-commerce`, `data-intacct`, `data-difference`), the same string the JSON has.
All text from the documents is escaped.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from html import escape
from typing import TYPE_CHECKING

from bridge.reconcile._chart import daily_chart
from bridge.reconcile._html_assets import CSS, JS
from bridge.reconcile._model import LINE_KINDS, Item, Status
from bridge.reconcile._text import LABELS
from bridge.reconcile._totals import Side

if TYPE_CHECKING:
    from bridge.reconcile._report import ReconciliationReport

__all__ = ["MAX_ROWS", "render_html"]

#: Rows per class table; the CSV and JSON always hold every row.
MAX_ROWS = 5000
#: Vendors listed besides those with a difference: the largest by volume.
TOP_VENDORS = 25

_ADVICE = {
    Status.MATCHED: "Nothing to do.",
    Status.AMOUNT_MISMATCH: "Compare the lines in Intacct with the Commerce document; correct "
    "by hand (never changed automatically).",
    Status.VENDOR_MISMATCH: "The record is on another vendor than expected: check the vendor "
    "link; correct by hand.",
    Status.POSTED_TWICE: "Two or more Intacct records carry this number: reverse the extra one.",
    Status.MISSING_IN_INTACCT: "Replay it: python -m bridge replay --stream S --id ID.",
    Status.PENDING_OR_FAILED_IN_STORE: "Read the last error, fix its cause, then replay.",
    Status.UNKNOWN_TO_COMMERCE: "Entered in Intacct by hand or by another tool; check its origin.",
}


def _money(value: Decimal, attr: str = "value") -> str:
    cls = ' class="num neg"' if value < 0 else ' class="num"'
    return f'<td{cls} data-{attr}="{value}">{value:,.2f}</td>'


def _side_cells(side: Side) -> str:
    return (
        _money(side.commerce, "commerce")
        + _money(side.intacct, "intacct")
        + _money(side.difference, "difference")
    )


def _cards(report: ReconciliationReport) -> str:
    counts = report.counts()
    cards = []
    for status, label in LABELS.items():
        tone = "ok" if status is Status.MATCHED else ("bad" if counts[status] else "")
        cards.append(
            f'<div class="card {tone}" data-status="{status.value}">'
            f'<b data-count="{counts[status]}">{counts[status]:,}</b>{escape(label)}</div>'
        )
    return f'<div class="cards">{"".join(cards)}</div>'


def _currency_table(report: ReconciliationReport) -> str:
    rows = "".join(
        f'<tr data-currency="{escape(currency)}"><td>{escape(currency)}</td>'
        f'<td class="num">{side.commerce_count:,}</td><td class="num">{side.intacct_count:,}</td>'
        f"{_side_cells(side)}</tr>"
        for currency, side in sorted(report.totals.by_currency.items())
    )
    return (
        '<table id="by-currency"><thead><tr><th>Currency</th><th class="num">Commerce docs</th>'
        '<th class="num">Intacct records</th><th class="num">Commerce</th>'
        '<th class="num">Intacct</th><th class="num">Difference (Intacct - Commerce)</th>'
        f"</tr></thead><tbody>{rows}</tbody></table>"
    )


def _vendor_table(report: ReconciliationReport) -> str:
    vendors = report.totals.by_vendor
    different = [k for k, s in vendors.items() if s.difference != 0]
    largest = sorted(vendors, key=lambda k: -abs(vendors[k].commerce) - abs(vendors[k].intacct))
    chosen = sorted(set(different) | set(largest[:TOP_VENDORS]))
    rows = "".join(
        f'<tr data-vendor="{escape(vendor)}"><td>{escape(vendor)}</td><td>{escape(currency)}</td>'
        f"{_side_cells(vendors[(vendor, currency)])}</tr>"
        for vendor, currency in chosen
    )
    return (
        f'<p class="muted">{len(chosen)} of {len(vendors)} vendor/currency pairs: every one '
        f"with a difference and the {TOP_VENDORS} largest (all are in the JSON).</p>"
        '<table id="by-vendor"><thead><tr><th>Vendor</th><th>Currency</th>'
        '<th class="num">Commerce</th><th class="num">Intacct</th><th class="num">Difference</th>'
        f"</tr></thead><tbody>{rows}</tbody></table>"
    )


def _charts(report: ReconciliationReport) -> str:
    per_currency: dict[str, dict[date, Side]] = {}
    for (currency, day), side in report.totals.by_day.items():
        per_currency.setdefault(currency, {})[day] = side
    blocks = [
        f"<h3>{escape(currency)}</h3>{daily_chart(currency, report.period, days)}"
        for currency, days in sorted(per_currency.items())
    ]
    legend = (
        '<p class="legend"><span style="background:var(--c)"></span>Commerce'
        '<span style="background:var(--i)"></span>Intacct</p>'
    )
    return legend + "".join(blocks)


def _cell(text: str, cls: str = "") -> str:
    attr = f' class="{cls}"' if cls else ""
    return f"<td{attr}>{escape(text)}</td>"


def _row(item: Item) -> str:
    c = item.commerce
    source = f"{c.kind} {c.source_id}" if c else ""
    vendors = ", ".join(dict.fromkeys(d.vendor_id for d in item.intacct))
    records = ", ".join(str(d.record_no or "") for d in item.intacct)
    day = (c.date if c else item.intacct[0].date).isoformat()
    currency = c.currency if c else item.intacct[0].currency
    diff = ", ".join(f"{k} {v:+,.2f}" for k, v in item.difference.items())
    store = f"{c.store.state}" if c and c.store else ""
    return (
        f'<tr data-status="{item.status.value}" data-number="{escape(item.number)}">'
        + _cell(item.object)
        + _cell(item.number)
        + _cell(source)
        + _cell(day)
        + _cell(currency)
        + _cell((c.vendor_id or "") if c else "")
        + _cell(vendors)
        + _cell(records)
        + _money(item.commerce_total, "commerce")
        + _money(item.intacct_total, "intacct")
        + _cell(diff)
        + _cell(store)
        + _cell(item.note, "note")
        + "</tr>"
    )


def _class_tables(report: ReconciliationReport) -> str:
    sections = []
    for status, label in LABELS.items():
        if status is Status.MATCHED and not report.matched_included:
            continue
        items = list(report.of(status))
        shown = items[:MAX_ROWS]
        more = (
            f'<p class="muted">First {MAX_ROWS:,} of {len(items):,} rows; the CSV has all.</p>'
            if len(items) > MAX_ROWS
            else ""
        )
        rows = "".join(_row(item) for item in shown)
        table = (
            "<table><thead><tr><th>Object</th><th>Number</th><th>Commerce doc</th><th>Date</th>"
            "<th>Currency</th><th>Expected vendor</th><th>Intacct vendor</th><th>RECORDNO</th>"
            '<th class="num">Commerce</th><th class="num">Intacct</th>'
            "<th>Difference by kind</th><th>Store</th><th>Note</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>"
            if items
            else '<p class="muted">None.</p>'
        )
        sections.append(
            f'<section data-class="{status.value}" id="class-{status.value}">'
            f"<h2>{escape(label)} ({len(items):,})</h2>"
            f'<p class="muted">{escape(_ADVICE[status])}</p>{more}{table}</section>'
        )
    return "".join(sections)


def _filters(report: ReconciliationReport) -> str:
    boxes = "".join(
        f'<label><input type="checkbox" checked data-class="{status.value}"> '
        f"{escape(label)}</label>"
        for status, label in LABELS.items()
        if status is not Status.MATCHED or report.matched_included
    )
    return (
        '<div class="filters"><input type="search" id="q" placeholder="Filter: number, vendor, '
        f'error..." aria-label="text filter">{boxes}'
        '<output id="filter-status" data-visible=""></output></div>'
    )


def _kinds_note() -> Iterable[str]:
    yield "Line kinds: " + ", ".join(LINE_KINDS) + "."


def render_html(report: ReconciliationReport) -> str:
    """The whole report as one HTML document."""
    totals = report.totals
    title = f"Reconciliation {report.period}"
    net = ", ".join(f"{c} {v:+,.2f}" for c, v in report.net_difference.items()) or "none"
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body>"
        f"<header><h1>{escape(title)}</h1>"
        f'<div class="muted">Commerce and Intacct side by side. Generated '
        f"{escape(report.generated_at.isoformat(timespec='seconds'))}. "
        f'<span data-commerce-documents="{totals.commerce_documents}">'
        f"{totals.commerce_documents:,} Commerce documents</span>, "
        f'<span data-intacct-documents="{totals.intacct_documents}">'
        f"{totals.intacct_documents:,} Intacct records</span>. Net difference: "
        f"{escape(net)}.</div></header><main>"
        f"{_cards(report)}<h2>Totals per currency</h2>{_currency_table(report)}"
        f"<h2>Daily totals</h2>{_charts(report)}"
        f"<h2>Totals per vendor</h2>{_vendor_table(report)}"
        f"<h2>Documents by class</h2>"
        f'<p class="muted">{escape(" ".join(_kinds_note()))} Differences are Intacct minus '
        "Commerce.</p>"
        f"{_filters(report)}{_class_tables(report)}</main>"
        f"<script>{JS}</script></body></html>\n"
    )
