"""An inline SVG bar chart of daily totals, Commerce and Intacct side by side (pure text)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal
from html import escape

from bridge.reconcile._model import ZERO, Period
from bridge.reconcile._totals import Side

__all__ = ["daily_chart"]

_W, _H = 960, 240
_LEFT, _RIGHT, _TOP, _BOTTOM = 72, 12, 12, 28


def _days(period: Period) -> list[date]:
    count = (period.end - period.start).days + 1
    return [period.start + timedelta(days=n) for n in range(count)]


def daily_chart(currency: str, period: Period, days: Mapping[date, Side]) -> str:
    """SVG for one currency: per day a Commerce bar and an Intacct bar, zero line, y labels.

    Every bar carries `data-day`, `data-side` and `data-value` (the exact amount) so a browser
    test can read what was drawn.
    """
    dates = _days(period)
    values = [(days[d].commerce, days[d].intacct) if d in days else (ZERO, ZERO) for d in dates]
    high = max([ZERO, *(max(v) for v in values)])
    low = min([ZERO, *(min(v) for v in values)])
    span = (high - low) or Decimal(1)
    plot_w = _W - _LEFT - _RIGHT
    plot_h = _H - _TOP - _BOTTOM
    slot = plot_w / max(len(dates), 1)
    bar = max(slot * 0.38, 1.0)

    def y(value: Decimal) -> float:
        return _TOP + float((high - value) / span) * plot_h

    zero_y = y(ZERO)
    parts = [
        f'<svg viewBox="0 0 {_W} {_H}" width="100%" '
        f'role="img" data-currency="{escape(currency)}" '
        f'aria-label="Daily totals in {escape(currency)}: Commerce and Intacct">',
        f'<line x1="{_LEFT}" x2="{_W - _RIGHT}" y1="{zero_y:.1f}" y2="{zero_y:.1f}" '
        'stroke="#9ca3af"/>',
    ]
    parts.extend(
        f'<text x="{_LEFT - 6}" y="{y(value) + 4:.1f}" text-anchor="end">{value:,.2f}</text>'
        for value in (high, low)
        if value != 0
    )
    parts.append(f'<text x="{_LEFT - 6}" y="{zero_y + 4:.1f}" text-anchor="end">0</text>')
    for index, (day, (commerce, intacct)) in enumerate(zip(dates, values, strict=True)):
        x0 = _LEFT + index * slot + (slot - 2 * bar) / 2
        for offset, side, value in ((0.0, "commerce", commerce), (bar, "intacct", intacct)):
            top, bottom = sorted((y(value), zero_y))
            parts.append(
                f'<rect class="{side[0]}" x="{x0 + offset:.1f}" y="{top:.1f}" '
                f'width="{bar:.1f}" height="{max(bottom - top, 0.0):.1f}" '
                f'data-day="{day.isoformat()}" data-side="{side}" data-value="{value}">'
                f"<title>{day.isoformat()} {side}: {value:,.2f} {escape(currency)}</title></rect>"
            )
        if len(dates) <= 31 or day.day in (1, 10, 20):
            parts.append(
                f'<text x="{x0 + bar:.1f}" y="{_H - 10}" text-anchor="middle">{day.day}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)
