"""`areconcile` over async readers gives the same report as `reconcile`."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any, Generic, Protocol, TypeVar

import pytest

from bridge.reconcile import CommerceDocument, Period, UnsortedInputError, areconcile, reconcile
from bridge.reconcile.testing import sample_month

from .conftest import NOW, idoc

T_co = TypeVar("T_co", covariant=True)


class _Reader(Protocol[T_co]):
    def documents(self, period: Period) -> Iterator[T_co]: ...


class Async(Generic[T_co]):
    """An async reader over a sync one, yielding to the loop between documents."""

    def __init__(self, reader: _Reader[T_co]) -> None:
        self._reader = reader

    async def documents(self, period: Period) -> AsyncIterator[T_co]:
        for document in self._reader.documents(period):
            yield document


async def test_async_reconcile_equals_the_sync_one_on_the_sample_month() -> None:
    month = sample_month()
    options: dict[str, Any] = {"store": month.store, "config": month.config,
                               "keep_matched": True, "generated_at": NOW}  # fmt: skip
    sync = reconcile(month.period, commerce=month.commerce, intacct=month.intacct, **options)
    result = await areconcile(
        month.period, commerce=Async(month.commerce), intacct=Async(month.intacct), **options
    )
    assert result.to_json() == sync.to_json()


async def test_async_merge_refuses_unsorted_input() -> None:
    class Unsorted:
        async def documents(self, period: Period) -> AsyncIterator:
            for doc in (idoc("2"), idoc("1")):
                yield doc

    class Empty:
        async def documents(self, period: Period) -> AsyncIterator:
            nothing: list[CommerceDocument] = []
            for doc in nothing:
                yield doc

    with pytest.raises(UnsortedInputError):
        await areconcile(Period.month(2026, 3), commerce=Empty(), intacct=Unsorted())
