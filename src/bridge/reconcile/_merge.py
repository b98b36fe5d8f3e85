"""The sorted merge: two streams ordered by `(object, number)` into classified items (pure).

Memory is one group of equal keys per side at a time, whatever the length of the streams: the
only way to compare 100,000 orders a month with what Intacct holds without loading either
(issue 10 point 5). Both readers must yield in plain string order of `(object, number)`;
anything else raises `UnsortedInputError` instead of misclassifying silently.
"""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator, Iterable, Iterator, Sequence
from decimal import Decimal
from typing import TypeVar

from bridge.reconcile._model import (
    LINE_KINDS,
    ZERO,
    CommerceDocument,
    IntacctDocument,
    Item,
    Status,
    UnsortedInputError,
)

__all__ = ["amerge", "classify", "difference", "merge"]

_D = TypeVar("_D", CommerceDocument, IntacctDocument)

#: Store states that explain why a document is not in Intacct yet (or never got there).
_UNFINISHED = frozenset({"pending", "in_flight", "failed", "waiting", "skipped"})


def _groups(side: str, documents: Iterable[_D]) -> Iterator[list[_D]]:
    group: list[_D] = []
    for document in documents:
        if group and document.key != group[0].key:
            if document.key < group[0].key:
                raise UnsortedInputError(side, group[0].key, document.key)
            yield group
            group = []
        group.append(document)
    if group:
        yield group


def difference(
    commerce: CommerceDocument | None, intacct: Sequence[IntacctDocument]
) -> dict[str, Decimal]:
    """Intacct minus Commerce per line kind (zero kinds left out)."""
    result: dict[str, Decimal] = {}
    for kind in LINE_KINDS:
        expected = commerce.totals.get(kind, ZERO) if commerce else ZERO
        actual = sum((d.totals.get(kind, ZERO) for d in intacct), ZERO)
        if actual != expected:
            result[kind] = actual - expected
    return result


def _missing(document: CommerceDocument) -> Item:
    store = document.store
    if store is not None and store.state in _UNFINISHED:
        error = f": {store.last_error}" if store.last_error else ""
        return Item(
            status=Status.PENDING_OR_FAILED_IN_STORE,
            commerce=document,
            difference=difference(document, ()),
            note=f"store state {store.state}{error}",
        )
    why = "not in Intacct"
    if store is not None:
        why += f" although the store says {store.state}"
    if document.mapping_error:
        why += f"; mapping refused it: {document.mapping_error}"
    return Item(
        status=Status.MISSING_IN_INTACCT,
        commerce=document,
        difference=difference(document, ()),
        note=why,
    )


def classify(
    commerce: CommerceDocument | None,
    intacct: Sequence[IntacctDocument],
    *,
    tolerance: Decimal = ZERO,
) -> Item:
    """The class of one document number, given its Commerce side and its Intacct records.

    Precedence: posted twice, then vendor mismatch, then amount mismatch (currency included),
    then matched. `tolerance` is the largest absolute difference per line kind still matched.
    """
    if commerce is None:
        return Item(
            status=Status.UNKNOWN_TO_COMMERCE,
            commerce=None,
            intacct=tuple(intacct),
            difference=difference(None, intacct),
            note="no Commerce document has this number in the period",
        )
    if not intacct:
        return _missing(commerce)
    diff = difference(commerce, intacct)
    found = tuple(intacct)
    if len(found) > 1:
        records = ", ".join(str(d.record_no) for d in found)
        return Item(
            status=Status.POSTED_TWICE,
            commerce=commerce,
            intacct=found,
            difference=diff,
            note=f"{len(found)} Intacct records: RECORDNO {records}",
        )
    record = found[0]
    if commerce.vendor_id is not None and record.vendor_id != commerce.vendor_id:
        return Item(
            status=Status.VENDOR_MISMATCH,
            commerce=commerce,
            intacct=found,
            difference=diff,
            note=f"Intacct vendor {record.vendor_id}, expected {commerce.vendor_id}",
        )
    notes = []
    if record.currency != commerce.currency:
        notes.append(f"currency {record.currency} in Intacct, {commerce.currency} expected")
    big = {k: v for k, v in diff.items() if abs(v) > tolerance}
    if big:
        notes.append(", ".join(f"{k} {v:+}" for k, v in big.items()))
    if notes:
        return Item(
            status=Status.AMOUNT_MISMATCH,
            commerce=commerce,
            intacct=found,
            difference=diff,
            note="; ".join(notes),
        )
    return Item(status=Status.MATCHED, commerce=commerce, intacct=found, difference=diff)


def _step(
    a: list[CommerceDocument] | None,
    b: list[IntacctDocument] | None,
    tolerance: Decimal,
) -> tuple[list[Item], bool, bool]:
    """The items for the smaller key of the two heads, and which side(s) to advance."""
    if b is None or (a is not None and a[0].key < b[0].key):
        assert a is not None  # noqa: S101 - narrowed by the condition above
        return list(_commerce_group(a, ())), True, False
    if a is None or b[0].key < a[0].key:
        return [classify(None, b, tolerance=tolerance)], False, True
    return list(_commerce_group(a, b, tolerance=tolerance)), True, True


def merge(
    commerce: Iterable[CommerceDocument],
    intacct: Iterable[IntacctDocument],
    *,
    tolerance: Decimal = ZERO,
) -> Iterator[Item]:
    """Classify both sorted streams in one pass, in key order.

    Two Commerce documents with one number (a numbering collision) cannot both be in Intacct
    under it: the first is compared, the others are missing in Intacct with a note.

    Raises:
        UnsortedInputError: a stream is not sorted by `(object, number)`.
    """
    left = _groups("commerce", commerce)
    right = _groups("intacct", intacct)
    a = next(left, None)
    b = next(right, None)
    while a is not None or b is not None:
        items, advance_left, advance_right = _step(a, b, tolerance)
        yield from items
        if advance_left:
            a = next(left, None)
        if advance_right:
            b = next(right, None)


async def _agroups(side: str, documents: AsyncIterable[_D]) -> AsyncIterator[list[_D]]:
    group: list[_D] = []
    async for document in documents:
        if group and document.key != group[0].key:
            if document.key < group[0].key:
                raise UnsortedInputError(side, group[0].key, document.key)
            yield group
            group = []
        group.append(document)
    if group:
        yield group


async def amerge(
    commerce: AsyncIterable[CommerceDocument],
    intacct: AsyncIterable[IntacctDocument],
    *,
    tolerance: Decimal = ZERO,
) -> AsyncIterator[Item]:
    """`merge` over async streams (same order, same classes)."""
    left = _agroups("commerce", commerce)
    right = _agroups("intacct", intacct)
    a = await anext(left, None)
    b = await anext(right, None)
    while a is not None or b is not None:
        items, advance_left, advance_right = _step(a, b, tolerance)
        for item in items:
            yield item
        if advance_left:
            a = await anext(left, None)
        if advance_right:
            b = await anext(right, None)


def _commerce_group(
    group: list[CommerceDocument],
    intacct: Sequence[IntacctDocument],
    *,
    tolerance: Decimal = ZERO,
) -> Iterator[Item]:
    first, *others = group
    yield classify(first, intacct, tolerance=tolerance)
    for other in others:
        item = _missing(other)
        yield Item(
            status=item.status,
            commerce=other,
            difference=item.difference,
            note=f"{item.note}; number {other.number} is also Commerce {first.kind} "
            f"{first.source_id}",
        )
