"""What a function handler may touch while it runs (one request, under the gateway's lock)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import attrs

from intacct_sdk.testing._objects import ObjectStore

__all__ = ["Context", "Cursor"]


@attrs.define(kw_only=True)
class Cursor:
    """A readByQuery result set still being paged through with readMore."""

    obj: str
    rows: list[dict[str, Any]] = attrs.field(repr=False)
    fields: list[str] | None
    page_size: int
    position: int
    total: int


@attrs.define(kw_only=True)
class Context:
    """Store, cursors and the request's clock reading, shared by every handler."""

    store: ObjectStore
    cursors: dict[str, Cursor]
    now: datetime
    timestamp: str  # `now` in Intacct's mm/dd/yyyy hh:mm:ss, for WHENCREATED / WHENMODIFIED
    auto_vendor_id: bool
    new_result_id: Callable[[], str]
    # query results by (object, filter, order, options, store version): offset paging re-runs
    # the same query once per page, and benchmarks page through 100k-record tables.
    query_cache: dict[tuple[Any, ...], list[dict[str, Any]]] = attrs.field(factory=dict)
