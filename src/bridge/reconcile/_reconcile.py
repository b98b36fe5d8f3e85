"""`reconcile()` and `areconcile()`: stream both readers through the merge into a report.

The two differ only in how they iterate (sync or async readers); classification, the store
lookup, totals, progress and the report are one `_Run` they share.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from decimal import Decimal

import attrs

from bridge._mapping_config import MappingConfig
from bridge.reconcile._merge import amerge, classify, merge
from bridge.reconcile._model import ZERO, Item, Period, ReconcileError, Status
from bridge.reconcile._report import ReconciliationReport
from bridge.reconcile._sources import (
    AsyncCommerceReader,
    AsyncIntacctReader,
    CommerceReader,
    IntacctReader,
    StoreLookup,
)
from bridge.reconcile._totals import Totals

__all__ = ["Progress", "areconcile", "reconcile"]

#: How often (in items) the progress callback hears from a long run.
DEFAULT_PROGRESS_EVERY = 1000


@attrs.frozen(kw_only=True)
class Progress:
    """Where a run is: items classified, documents read on each side, discrepancies so far."""

    items: int
    commerce_documents: int
    intacct_documents: int
    discrepancies: int
    done: bool = False


def _keep_note(before: Item, after: Item) -> str:
    # A numbering-collision note from the merge must survive the reclassification.
    extra = before.note.partition("; number ")[2]
    return f"{after.note}; number {extra}" if extra else after.note


class _Run:
    """One reconciliation in progress: everything but the iteration."""

    def __init__(
        self,
        *,
        store: StoreLookup | None,
        keep_matched: bool,
        on_item: Callable[[Item], None] | None,
        progress: Callable[[Progress], None] | None,
        progress_every: int,
        tolerance: Decimal,
    ) -> None:
        if progress_every < 1:
            raise ReconcileError(f"progress_every={progress_every!r}: expected 1 or more")
        if tolerance < 0:
            raise ReconcileError(f"tolerance={tolerance!r}: expected 0 or more")
        self.totals = Totals()
        self.kept: list[Item] = []
        self.count = self.problems = 0
        self._store = store
        self._keep_matched = keep_matched
        self._on_item = on_item
        self._progress = progress
        self._every = progress_every

    def _explained(self, item: Item) -> Item:
        # Only documents missing in Intacct need the store (why are they missing?): one lookup
        # each, not one per document of the month.
        c = item.commerce
        if self._store is None or c is None or c.store is not None:
            return item
        if item.status is not Status.MISSING_IN_INTACCT:
            return item
        status = self._store.status(c.stream, c.source_id)
        if status is None:
            return item
        after = classify(attrs.evolve(c, store=status), ())
        return attrs.evolve(after, note=_keep_note(item, after))

    def add(self, item: Item) -> None:
        item = self._explained(item)
        self.count += 1
        self.totals.add(item)
        self.problems += item.status is not Status.MATCHED
        if self._keep_matched or item.status is not Status.MATCHED:
            self.kept.append(item)
        if self._on_item is not None:
            self._on_item(item)
        if self.count % self._every == 0:
            self.tell(done=False)

    def tell(self, *, done: bool) -> None:
        if self._progress is not None:
            self._progress(
                Progress(
                    items=self.count,
                    commerce_documents=self.totals.commerce_documents,
                    intacct_documents=self.totals.intacct_documents,
                    discrepancies=self.problems,
                    done=done,
                )
            )

    def report(
        self, period: Period, generated_at: datetime | None, config: MappingConfig | None
    ) -> ReconciliationReport:
        self.tell(done=True)
        return ReconciliationReport(
            period=period,
            generated_at=generated_at or datetime.now(UTC),
            items=tuple(self.kept),
            totals=self.totals,
            matched_included=self._keep_matched,
            base_currency=config.company.base_currency if config else None,
        )


def reconcile(
    period: Period,
    *,
    commerce: CommerceReader,
    intacct: IntacctReader,
    store: StoreLookup | None = None,
    config: MappingConfig | None = None,
    tolerance: Decimal = ZERO,
    keep_matched: bool = False,
    on_item: Callable[[Item], None] | None = None,
    progress: Callable[[Progress], None] | None = None,
    progress_every: int = DEFAULT_PROGRESS_EVERY,
    generated_at: datetime | None = None,
) -> ReconciliationReport:
    """Classify every document of `period` on both sides; see docs/reconciliation.md.

    Args:
        period: the calendar dates (company timezone) to reconcile.
        commerce: yields the Commerce documents, sorted by `(object, number)`.
        intacct: yields the Intacct bills and adjustments, sorted the same way.
        store: explains documents missing in Intacct (pending or failed, with the last error).
        config: the mapping configuration (its base currency goes into the report).
        tolerance: largest absolute difference per line kind still counted as matched.
        keep_matched: keep matched documents in `report.items` (memory grows with them).
        on_item: called with every classified item, matched ones included, as it is made
            (stream rows to a file without keeping them).
        progress: called every `progress_every` items and once at the end.
        progress_every: see `progress`.
        generated_at: the report's timestamp (default: now, UTC).

    Raises:
        UnsortedInputError: a reader broke the sort order.
        ReconcileError: `progress_every` or `tolerance` is out of range.
    """
    run = _Run(store=store, keep_matched=keep_matched, on_item=on_item, progress=progress,
               progress_every=progress_every, tolerance=tolerance)  # fmt: skip
    for item in merge(commerce.documents(period), intacct.documents(period), tolerance=tolerance):
        run.add(item)
    return run.report(period, generated_at, config)


async def areconcile(
    period: Period,
    *,
    commerce: AsyncCommerceReader,
    intacct: AsyncIntacctReader,
    store: StoreLookup | None = None,
    config: MappingConfig | None = None,
    tolerance: Decimal = ZERO,
    keep_matched: bool = False,
    on_item: Callable[[Item], None] | None = None,
    progress: Callable[[Progress], None] | None = None,
    progress_every: int = DEFAULT_PROGRESS_EVERY,
    generated_at: datetime | None = None,
) -> ReconciliationReport:
    """`reconcile` over async readers (same arguments, same report)."""
    run = _Run(store=store, keep_matched=keep_matched, on_item=on_item, progress=progress,
               progress_every=progress_every, tolerance=tolerance)  # fmt: skip
    items: AsyncIterator[Item] = amerge(
        commerce.documents(period), intacct.documents(period), tolerance=tolerance
    )
    async for item in items:
        run.add(item)
    return run.report(period, generated_at, config)
