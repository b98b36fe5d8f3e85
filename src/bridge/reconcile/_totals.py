"""Running totals over classified items: per class, currency, vendor and day, both sides.

Memory grows with the number of vendors, currencies and days, never with documents.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal

import attrs

from bridge.reconcile._model import ZERO, Item, Status

__all__ = ["UNKNOWN_VENDOR", "Side", "Totals"]

#: The vendor of a Commerce document whose VENDORID is not known and not found in Intacct.
UNKNOWN_VENDOR = "(unknown)"


@attrs.define(kw_only=True)
class Side:
    """Document count and amount on each side, and Intacct minus Commerce."""

    commerce_count: int = 0
    commerce: Decimal = ZERO
    intacct_count: int = 0
    intacct: Decimal = ZERO

    @property
    def difference(self) -> Decimal:
        """Intacct minus Commerce."""
        return self.intacct - self.commerce

    def to_json(self) -> dict[str, object]:
        """The JSON form (amounts as strings, exact)."""
        return {
            "commerce_count": self.commerce_count,
            "commerce": str(self.commerce),
            "intacct_count": self.intacct_count,
            "intacct": str(self.intacct),
            "difference": str(self.difference),
        }


@attrs.define(kw_only=True)
class Totals:
    """Accumulates items as the merge yields them."""

    by_status: dict[Status, Side] = attrs.field(factory=lambda: {s: Side() for s in Status})
    by_currency: dict[str, Side] = attrs.field(factory=dict)
    by_vendor: dict[tuple[str, str], Side] = attrs.field(factory=dict)
    by_day: dict[tuple[str, date], Side] = attrs.field(factory=dict)
    commerce_documents: int = 0
    intacct_documents: int = 0

    def add(self, item: Item) -> None:
        """Count one item on both sides."""
        self._add_status(item)
        commerce = item.commerce
        if commerce is not None:
            self.commerce_documents += 1
            vendor = commerce.vendor_id or (
                item.intacct[0].vendor_id if len(item.intacct) == 1 else UNKNOWN_VENDOR
            )
            for side in (
                self.by_currency.setdefault(commerce.currency, Side()),
                self.by_vendor.setdefault((vendor, commerce.currency), Side()),
                self.by_day.setdefault((commerce.currency, commerce.date), Side()),
            ):
                side.commerce_count += 1
                side.commerce += commerce.total
        for record in item.intacct:
            self.intacct_documents += 1
            for side in (
                self.by_currency.setdefault(record.currency, Side()),
                self.by_vendor.setdefault((record.vendor_id, record.currency), Side()),
                self.by_day.setdefault((record.currency, record.date), Side()),
            ):
                side.intacct_count += 1
                side.intacct += record.total

    def _add_status(self, item: Item) -> None:
        side = self.by_status[item.status]
        if item.commerce is not None:
            side.commerce_count += 1
            side.commerce += item.commerce.total
        side.intacct_count += len(item.intacct)
        side.intacct += item.intacct_total

    def net_difference(self) -> Mapping[str, Decimal]:
        """Intacct minus Commerce per currency (amounts in different currencies never add)."""
        return {c: s.difference for c, s in sorted(self.by_currency.items())}
