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

from commerce_sdk._exceptions import CommerceError

__all__ = ["Page", "Pager"]


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
