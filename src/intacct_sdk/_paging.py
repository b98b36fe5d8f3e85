"""Paging decisions (pure): which function fetches the next page (research section 7).

readByQuery pages on with `readMore(resultId)` until `numremaining` is 0 (the last page has an
empty resultId); `query` has no resultId and pages on with `offset += count`.
"""

from __future__ import annotations

import attrs

from intacct_sdk._result import Result
from intacct_sdk.functions import Function, Query, ReadByQuery, ReadMore, new_control_id

__all__ = ["Pager", "QueryPager", "ReadByQueryPager"]


class Pager:
    """First function, then the next one given a page's result (None when done)."""

    def first(self) -> Function:
        """The function that fetches the first page."""
        raise NotImplementedError

    def next(self, result: Result) -> Function | None:
        """The function for the page after `result`, or None when it was the last."""
        raise NotImplementedError


@attrs.define
class ReadByQueryPager(Pager):
    """readByQuery, then readMore while records remain."""

    function: ReadByQuery

    def first(self) -> Function:
        """The readByQuery."""
        return self.function

    def next(self, result: Result) -> Function | None:
        """readMore with the page's resultId while `numremaining` > 0."""
        if not result.num_remaining or not result.result_id or not result.data:
            return None
        return ReadMore(result.result_id)


@attrs.define
class QueryPager(Pager):
    """query with `offset` moved forward by each page's count."""

    function: Query

    def first(self) -> Function:
        """The query at its offset."""
        return self.function

    def next(self, result: Result) -> Function | None:
        """The same query at the next offset while records remain."""
        count = result.count if result.count is not None else len(result.data)
        if count == 0:
            return None
        if result.num_remaining is not None:
            more = result.num_remaining > 0
        elif result.total_count is not None:
            more = (result.offset or self.function.offset) + count < result.total_count
        else:
            more = count >= self.function.page_size
        if not more:
            return None
        base = result.offset if result.offset is not None else self.function.offset
        self.function = attrs.evolve(
            self.function, offset=base + count, control_id=new_control_id()
        )
        return self.function
