"""Paging decisions for Magento list endpoints (research/commerce.md section 5).

A `currentPage` past the last page returns the last page again (the collection clamps,
magento/magento2#3787), so paging stops when `current_page * page_size >= total_count` or a page
comes back short, never on an empty page. Items are deduped on their id because offset paging can
repeat rows when sort keys tie or rows move (magento/magento2#25001).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import attrs

from commerce_sdk._exceptions import CommerceError
from commerce_sdk._search import Condition, Filter, FilterGroup, SearchCriteria

__all__ = ["KeysetPager", "Page", "Pager"]


class Page:
    """One decoded page: its items (deduped), `total_count`, and the next page number or None."""

    __slots__ = ("items", "next_page", "total_count")

    def __init__(
        self, items: list[Mapping[str, Any]], total_count: int, next_page: int | None
    ) -> None:
        self.items = items
        self.total_count = total_count
        self.next_page = next_page


class Pager:
    """Tracks one `iter()`: which page to ask for next, and which ids were already yielded."""

    def __init__(self, *, page_size: int, first_page: int = 1, id_field: str = "entity_id") -> None:
        if not isinstance(page_size, int) or page_size < 1:
            raise ValueError(f"page_size: expected an int >= 1, got {page_size!r}")
        self.page_size = page_size
        self.first_page = first_page
        self.id_field = id_field
        self._seen: set[Any] = set()

    def last_page(self, total_count: int) -> int:
        """The number of the last page holding items, given `total_count`."""
        return max(self.first_page, math.ceil(total_count / self.page_size))

    def accept(self, page_number: int, payload: Any) -> Page:
        """Decode a list response for `page_number` and decide whether to continue.

        Raises:
            CommerceError: the payload is not a `{items, total_count}` object.
        """
        if not isinstance(payload, Mapping):
            raise CommerceError(f"list response: expected an object, got {type(payload).__name__}")
        raw_items = payload.get("items") or []
        if not isinstance(raw_items, list):
            raise CommerceError("list response: 'items' is not a list")
        try:
            total = int(payload.get("total_count") or 0)
        except (TypeError, ValueError):
            raise CommerceError(
                f"list response: bad total_count {payload.get('total_count')!r}"
            ) from None
        items: list[Mapping[str, Any]] = []
        for item in raw_items:
            key = item.get(self.id_field) if isinstance(item, Mapping) else None
            if key is not None:
                if key in self._seen:
                    continue
                self._seen.add(key)
            items.append(item)
        done = page_number * self.page_size >= total or len(raw_items) < self.page_size
        return Page(items, total, None if done else page_number + 1)


class KeysetPager:
    """Keyset paging: always page 1, filtered past the last `(updated_at, id)` read.

    Offset paging skips a row whenever a row on an earlier page moves behind the cursor while
    the sync runs (an order updated mid-sync jumps to the end of an `updated_at` sort); a keyset
    cannot (research section 5: "prefer keyset paging"). The condition
    `updated_at > t OR (updated_at = t AND id > last)` is sent in the AND-of-ORs form filter
    groups allow: `(updated_at >= t) AND (updated_at > t OR id > last)`.
    """

    def __init__(
        self, *, page_size: int, id_field: str, sort_id_field: str, by_updated_at: bool
    ) -> None:
        self._pager = Pager(page_size=page_size, id_field=id_field)
        self.page_size = page_size
        self.id_field = id_field
        self.sort_id_field = sort_id_field
        self.by_updated_at = by_updated_at
        self._last: tuple[str, Any] | None = None

    def criteria(self, base: SearchCriteria) -> SearchCriteria:
        """The search for the next page."""
        extra: tuple[FilterGroup, ...] = ()
        if self._last is not None:
            stamp, ident = self._last
            after_id = Filter(field=self.sort_id_field, value=ident, condition=Condition.GT)
            if self.by_updated_at:
                extra = (
                    FilterGroup(
                        filters=(Filter(field="updated_at", value=stamp, condition=Condition.GTEQ),)
                    ),
                    FilterGroup(
                        filters=(
                            Filter(field="updated_at", value=stamp, condition=Condition.GT),
                            after_id,
                        )
                    ),
                )
            else:
                extra = (FilterGroup(filters=(after_id,)),)
        return attrs.evolve(
            base,
            filter_groups=(*base.filter_groups, *extra),
            current_page=1,
            page_size=self.page_size,
        )

    def accept(self, payload: Any) -> Page:
        """Decode one page; `next_page` is 1 while more may follow, None when done.

        Raises:
            CommerceError: a full page brought nothing new (the server ignored the filter).
        """
        page = self._pager.accept(1, payload)
        raw_items = payload.get("items") or []
        if raw_items:
            tail = raw_items[-1]
            stamp = tail.get("updated_at") if isinstance(tail, Mapping) else None
            ident = tail.get(self.id_field) if isinstance(tail, Mapping) else None
            if ident is None or (self.by_updated_at and not stamp):
                raise CommerceError(
                    f"keyset paging: the last item has no {self.id_field!r}/'updated_at'"
                )
            if self._last == (str(stamp), ident) or (not page.items and page.next_page):
                raise CommerceError(
                    "keyset paging made no progress: the server ignored the keyset filter"
                )
            self._last = (str(stamp), ident)
        return page
