"""Sample and synthetic months for tests, examples, the demo and benchmarks.

`sample_month()` is a small realistic month built from Commerce models through the mapping, with
every discrepancy class planted (the example and the docs screenshot use it).

`synthetic_month(period, orders=100_000)` gives two readers that generate matching document
pairs on demand (nothing is held in memory), with a few of every discrepancy class sprinkled in
at known positions, and a store lookup that explains the missing ones.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal

import attrs

from bridge.reconcile._model import (
    CommerceDocument,
    IntacctDocument,
    Period,
    Status,
    StoreStatus,
)
from bridge.reconcile._sample import SampleMonth, sample_config, sample_month

__all__ = ["SampleMonth", "SyntheticMonth", "sample_config", "sample_month", "synthetic_month"]

_CENT = Decimal("0.01")
_TAX = Decimal("0.08")
_SHIPPING = (Decimal("0.00"), Decimal("5.00"), Decimal("9.95"))
#: Every `_EVERY`-th document carries a discrepancy, cycling through `_PLANTED`.
_EVERY = 97
_PLANTED = (
    Status.AMOUNT_MISMATCH,
    Status.MISSING_IN_INTACCT,
    Status.UNKNOWN_TO_COMMERCE,
    Status.VENDOR_MISMATCH,
    Status.POSTED_TWICE,
    Status.PENDING_OR_FAILED_IN_STORE,
)


@attrs.frozen(kw_only=True)
class _Pair:
    commerce: CommerceDocument | None
    intacct: tuple[IntacctDocument, ...]


@attrs.frozen(kw_only=True)
class SyntheticMonth:
    """A seeded month: `commerce`, `intacct` readers and a `store` lookup over the same data."""

    period: Period
    orders: int
    vendors: int = 500
    seed: int = 7
    currencies: tuple[str, ...] = ("USD", "EUR")

    def planted(self, index: int) -> Status:
        """The class document `index` was generated to be."""
        if index % _EVERY != _EVERY - 1:
            return Status.MATCHED
        return _PLANTED[(index // _EVERY) % len(_PLANTED)]

    def expected_counts(self) -> dict[Status, int]:
        """How many documents of each class the month holds."""
        counts = dict.fromkeys(Status, 0)
        for index in range(self.orders):
            counts[self.planted(index)] += 1
        return counts

    def _pair(self, index: int) -> _Pair:
        # Cheap deterministic arithmetic, not `random`: each side regenerates the pair on demand.
        mix = (index * 2_654_435_761 + self.seed * 40_503) % 4_294_967_296
        days = (self.period.end - self.period.start).days + 1
        day = self.period.start + timedelta(days=mix % days)
        currency = self.currencies[(mix >> 5) % len(self.currencies)]
        vendor = f"C-{(mix >> 7) % self.vendors:05d}"
        products = Decimal(500 + (mix >> 11) % 49_500) * _CENT
        shipping = _SHIPPING[(mix >> 3) % len(_SHIPPING)]
        tax = (products * _TAX).quantize(_CENT)
        amounts = {"products": products, "shipping": shipping, "tax": tax}
        number = f"{index:09d}"
        status = self.planted(index)
        store = StoreStatus(state="synced")
        if status is Status.PENDING_OR_FAILED_IN_STORE:
            store = StoreStatus(state="failed", last_error="vendor: BL03000018 vendor on hold")
        commerce = CommerceDocument(
            kind="order", number=number, source_id=str(index + 1), date=day,
            currency=currency, totals=amounts, vendor_id=vendor, store=store,
        )  # fmt: skip
        booked = dict(amounts)
        if status is Status.AMOUNT_MISMATCH:
            booked["shipping"] = shipping + Decimal("1.00")
        record = IntacctDocument(
            object="APBILL", number=number, record_no=str(10_000 + index),
            vendor_id="V-OTHER" if status is Status.VENDOR_MISMATCH else vendor,
            date=day, currency=currency, totals=booked, state="Posted",
        )  # fmt: skip
        if status in (Status.MISSING_IN_INTACCT, Status.PENDING_OR_FAILED_IN_STORE):
            return _Pair(commerce=commerce, intacct=())
        if status is Status.UNKNOWN_TO_COMMERCE:
            return _Pair(commerce=None, intacct=(record,))
        if status is Status.POSTED_TWICE:
            twin = attrs.evolve(record, record_no=str(90_000_000 + index))
            return _Pair(commerce=commerce, intacct=(record, twin))
        return _Pair(commerce=commerce, intacct=(record,))

    def commerce(self) -> _CommerceSide:
        """A `CommerceReader` generating the Commerce side lazily."""
        return _CommerceSide(self)

    def intacct(self) -> _IntacctSide:
        """An `IntacctReader` generating the Intacct side lazily."""
        return _IntacctSide(self)


class _CommerceSide:
    def __init__(self, month: SyntheticMonth) -> None:
        self._month = month

    def documents(self, period: Period) -> Iterator[CommerceDocument]:
        for index in range(self._month.orders):
            document = self._month._pair(index).commerce
            if document is not None and document.date in period:
                yield document


class _IntacctSide:
    def __init__(self, month: SyntheticMonth) -> None:
        self._month = month

    def documents(self, period: Period) -> Iterator[IntacctDocument]:
        for index in range(self._month.orders):
            for document in self._month._pair(index).intacct:
                if document.date in period:
                    yield document


def synthetic_month(
    period: Period, *, orders: int, vendors: int = 500, seed: int = 7
) -> SyntheticMonth:
    """A seeded synthetic month of `orders` documents (see the module docstring)."""
    return SyntheticMonth(period=period, orders=orders, vendors=vendors, seed=seed)
