"""The values reconciliation works on: a period, the two sides' documents, the classes.

Plain frozen attrs values, no I/O. Money is `Decimal` (2 places, as posted: docs/mapping.md,
"Money and the rounding rule"), dates are the Intacct company's calendar dates.
"""

from __future__ import annotations

import calendar
import enum
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from types import MappingProxyType

import attrs

__all__ = [
    "LINE_KINDS",
    "ZERO",
    "CommerceDocument",
    "IntacctDocument",
    "Item",
    "Period",
    "ReconcileError",
    "Status",
    "StoreStatus",
    "UnsortedInputError",
    "doc_object",
    "totals",
]

ZERO = Decimal("0.00")

#: Line kinds, in report order. `adjustment` is a credit memo's extra refund or fee kept back;
#: `other` is a line on an account the configuration does not name (only Intacct has those).
LINE_KINDS = ("products", "shipping", "tax", "discount", "adjustment", "other")

#: The Intacct object a Commerce document kind becomes.
_OBJECT_OF_KIND = {"order": "APBILL", "invoice": "APBILL", "credit_memo": "APADJUSTMENT"}
#: The store stream of a Commerce document kind (bridge.settings.STREAMS).
STREAM_OF_KIND = {"order": "orders", "invoice": "invoices", "credit_memo": "credit_memos"}


class ReconcileError(ValueError):
    """Reconciliation cannot go on: bad input it cannot classify (named in the message)."""


class UnsortedInputError(ReconcileError):
    """A reader yielded documents out of order; the sorted merge would misclassify them.

    Attributes:
        side: `commerce` or `intacct`.
        previous: the key before, `(object, number)`.
        current: the key that went backwards.
    """

    def __init__(self, side: str, previous: tuple[str, str], current: tuple[str, str]) -> None:
        super().__init__(
            f"{side} documents are not sorted by (object, number): {current} came after "
            f"{previous}; readers must yield in plain string order"
        )
        self.side = side
        self.previous = previous
        self.current = current


def doc_object(kind: str) -> str:
    """`APBILL` for an order or invoice, `APADJUSTMENT` for a credit memo.

    Raises:
        ReconcileError: an unknown kind (named).
    """
    try:
        return _OBJECT_OF_KIND[kind]
    except KeyError:
        raise ReconcileError(f"kind={kind!r}: expected one of {sorted(_OBJECT_OF_KIND)}") from None


def totals(values: Mapping[str, Decimal]) -> Mapping[str, Decimal]:
    """Line-kind totals without zero entries, read-only, in `LINE_KINDS` order.

    Raises:
        ReconcileError: not a mapping, an unknown line kind, or an amount that is not a Decimal.
    """
    if not isinstance(values, Mapping):
        raise ReconcileError(f"totals={values!r}: expected a mapping of line kinds to Decimal")
    for key, amount in values.items():
        if key not in LINE_KINDS:
            raise ReconcileError(
                f"totals[{key!r}]: unknown line kind; expected one of {LINE_KINDS}"
            )
        if not isinstance(amount, Decimal):
            raise ReconcileError(f"totals[{key!r}]={amount!r}: expected a Decimal")
    return MappingProxyType({k: values[k] for k in LINE_KINDS if values.get(k, ZERO) != 0})


@attrs.frozen(kw_only=True)
class Period:
    """Calendar dates `start` to `end`, both included, in the Intacct company's timezone."""

    start: date
    end: date

    def __attrs_post_init__(self) -> None:
        if self.end < self.start:
            raise ReconcileError(f"period end={self.end} is before start={self.start}")

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        """The whole calendar month, e.g. `Period.month(2026, 10)`."""
        last = calendar.monthrange(year, month)[1]
        return cls(start=date(year, month, 1), end=date(year, month, last))

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    def __str__(self) -> str:
        return f"{self.start.isoformat()}..{self.end.isoformat()}"


@attrs.frozen(kw_only=True)
class StoreStatus:
    """What the bridge's store knows about a Commerce document.

    `state` is the store's record state (`pending`, `in_flight`, `synced`, `failed`, `skipped`,
    `waiting`); `last_error` the message of the last failed attempt.
    """

    state: str
    last_error: str | None = None
    vendor_id: str | None = None


@attrs.frozen(kw_only=True)
class CommerceDocument:
    """A Commerce document as Intacct should hold it.

    `number` is the Intacct number it gets (bill RECORDID or adjustment number, with the
    configured prefixes); `totals` the amounts per line kind of the mapped record; `vendor_id`
    the expected VENDORID (None: not known in advance, e.g. a guest matched by e-mail: not
    checked). `mapping_error` is set when the mapping refused it; `totals` then come from the
    document's own fields.
    """

    kind: str
    number: str
    source_id: str
    date: date
    currency: str
    totals: Mapping[str, Decimal] = attrs.field(converter=totals)
    vendor_id: str | None = None
    store: StoreStatus | None = None
    mapping_error: str | None = None

    @property
    def object(self) -> str:
        """`APBILL` or `APADJUSTMENT`."""
        return doc_object(self.kind)

    @property
    def key(self) -> tuple[str, str]:
        """The merge key `(object, number)`."""
        return (self.object, self.number)

    @property
    def stream(self) -> str:
        """The store stream (`orders`, `invoices`, `credit_memos`)."""
        return STREAM_OF_KIND[self.kind]

    @property
    def total(self) -> Decimal:
        """The sum over line kinds."""
        return sum(self.totals.values(), ZERO)


@attrs.frozen(kw_only=True)
class IntacctDocument:
    """An AP bill or adjustment as read from Intacct, amounts per line kind (by ACCOUNTNO)."""

    object: str = attrs.field(validator=attrs.validators.in_(("APBILL", "APADJUSTMENT")))
    number: str
    record_no: str | None
    vendor_id: str
    date: date
    currency: str
    totals: Mapping[str, Decimal] = attrs.field(converter=totals)
    state: str | None = None

    @property
    def key(self) -> tuple[str, str]:
        """The merge key `(object, number)`."""
        return (self.object, self.number)

    @property
    def total(self) -> Decimal:
        """The sum over line kinds."""
        return sum(self.totals.values(), ZERO)


class Status(enum.StrEnum):
    """The class of a reconciled document (docs/reconciliation.md says what to do about each)."""

    MATCHED = "matched"
    AMOUNT_MISMATCH = "amount_mismatch"
    MISSING_IN_INTACCT = "missing_in_intacct"
    UNKNOWN_TO_COMMERCE = "unknown_to_commerce"
    VENDOR_MISMATCH = "vendor_mismatch"
    POSTED_TWICE = "posted_twice"
    PENDING_OR_FAILED_IN_STORE = "pending_or_failed_in_store"


@attrs.frozen(kw_only=True)
class Item:
    """One classified document: the Commerce side (if any), the Intacct records (0, 1 or more).

    `difference` is Intacct minus Commerce per line kind (non-zero kinds only; for posted twice,
    the sum of the Intacct records); `note` says why in words.
    """

    status: Status
    commerce: CommerceDocument | None
    intacct: tuple[IntacctDocument, ...] = ()
    difference: Mapping[str, Decimal] = attrs.field(factory=dict, converter=totals)
    note: str = ""

    @property
    def object(self) -> str:
        """The Intacct object of either side."""
        return self.commerce.object if self.commerce else self.intacct[0].object

    @property
    def number(self) -> str:
        """The document number of either side."""
        return self.commerce.number if self.commerce else self.intacct[0].number

    @property
    def commerce_total(self) -> Decimal:
        """The Commerce side's total (0 when unknown to Commerce)."""
        return self.commerce.total if self.commerce else ZERO

    @property
    def intacct_total(self) -> Decimal:
        """The sum of the Intacct records' totals (0 when missing)."""
        return sum((d.total for d in self.intacct), ZERO)
