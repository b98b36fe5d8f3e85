"""Where documents come from: two reader protocols, a store lookup, in-memory versions.

Readers own I/O (and the period selection on their side); reconciliation only iterates. The
in-memory ones serve tests, examples and callers that already hold the documents.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator, Mapping
from typing import Any, Protocol

import attrs

from bridge.reconcile._model import (
    CommerceDocument,
    IntacctDocument,
    Period,
    StoreStatus,
)

__all__ = [
    "AsyncCommerceReader",
    "AsyncIntacctReader",
    "CommerceReader",
    "InMemoryCommerceReader",
    "InMemoryIntacctReader",
    "InMemoryStoreLookup",
    "IntacctReader",
    "RecordStoreLookup",
    "StoreLookup",
]


class CommerceReader(Protocol):
    """The Commerce documents of a period, as Intacct should hold them."""

    def documents(self, period: Period) -> Iterator[CommerceDocument]:
        """Documents dated in `period`, sorted by `(object, number)` in plain string order."""
        ...


class IntacctReader(Protocol):
    """The AP bills and adjustments Intacct holds for a period."""

    def documents(self, period: Period) -> Iterator[IntacctDocument]:
        """Records dated in `period`, sorted by `(object, number)` in plain string order."""
        ...


class AsyncCommerceReader(Protocol):
    """`CommerceReader` for async clients."""

    def documents(self, period: Period) -> AsyncIterator[CommerceDocument]:
        """Documents dated in `period`, sorted by `(object, number)` in plain string order."""
        ...


class AsyncIntacctReader(Protocol):
    """`IntacctReader` for async clients."""

    def documents(self, period: Period) -> AsyncIterator[IntacctDocument]:
        """Records dated in `period`, sorted by `(object, number)` in plain string order."""
        ...


class StoreLookup(Protocol):
    """What the bridge's store knows about one Commerce document."""

    def status(self, stream: str, source_id: str) -> StoreStatus | None:
        """The record's state and last error, or None when the store never saw it."""
        ...


class InMemoryCommerceReader:
    """Commerce documents from memory; sorted and filtered to the period on each call."""

    def __init__(self, documents: Iterable[CommerceDocument]) -> None:
        self._documents = list(documents)

    def documents(self, period: Period) -> Iterator[CommerceDocument]:
        """Documents dated in `period`, sorted by key."""
        chosen = [d for d in self._documents if d.date in period]
        return iter(sorted(chosen, key=lambda d: d.key))


class InMemoryIntacctReader:
    """Intacct documents from memory; sorted and filtered to the period on each call."""

    def __init__(self, documents: Iterable[IntacctDocument]) -> None:
        self._documents = list(documents)

    def documents(self, period: Period) -> Iterator[IntacctDocument]:
        """Records dated in `period`, sorted by key."""
        chosen = [d for d in self._documents if d.date in period]
        return iter(sorted(chosen, key=lambda d: d.key))


@attrs.frozen
class InMemoryStoreLookup:
    """`(stream, source_id) -> StoreStatus` from a mapping."""

    statuses: Mapping[tuple[str, str], StoreStatus] = attrs.field(factory=dict)

    def status(self, stream: str, source_id: str) -> StoreStatus | None:
        """The status recorded for the document, if any."""
        return self.statuses.get((stream, source_id))


class _RecordStore(Protocol):
    def get(self, stream: str, source_id: str) -> Any: ...


class RecordStoreLookup:
    """A `StoreLookup` over a `bridge.stores` store (anything with `get(stream, source_id)`).

    Reads the record's `state` and `last_error` (`kind: message`); one `get` per document that
    is missing in Intacct, never one per document of the month.
    """

    def __init__(self, store: _RecordStore) -> None:
        self._store = store

    def status(self, stream: str, source_id: str) -> StoreStatus | None:
        """The stored record's state and last error, or None."""
        record = self._store.get(stream, source_id)
        if record is None:
            return None
        error = getattr(record, "last_error", None)
        message = None
        if error is not None:
            kind = getattr(error, "kind", "")
            text = getattr(error, "message", str(error))
            message = f"{kind}: {text}" if kind else str(text)
        state = getattr(record, "state", "unknown")
        return StoreStatus(state=str(getattr(state, "value", state)), last_error=message)
