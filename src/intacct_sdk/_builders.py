"""Functions and pagers behind the clients' convenience methods (pure; shared by both shells)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from intacct_sdk._paging import Pager, QueryPager, ReadByQueryPager
from intacct_sdk._result import Response, Result
from intacct_sdk._serialize import default_control_id
from intacct_sdk.functions import Create, Delete, Filter, Function, Query, ReadByQuery, Update

__all__ = [
    "Pager",
    "create_function",
    "delete_function",
    "page_result",
    "query_pager",
    "read_by_query_pager",
    "update_function",
]


def create_function(obj: str, fields: Mapping[str, Any], control_id: str | None) -> Create:
    """A Create with a deterministic controlid by default (same content, same id)."""
    return Create(obj, fields, control_id=control_id or default_control_id("create", obj, fields))


def update_function(obj: str, fields: Mapping[str, Any], control_id: str | None) -> Update:
    """An Update with a deterministic controlid by default."""
    return Update(obj, fields, control_id=control_id or default_control_id("update", obj, fields))


def delete_function(obj: str, keys: Sequence[str | int], control_id: str | None) -> Delete:
    """A Delete with a deterministic controlid by default."""
    cid = control_id or default_control_id("delete", obj, {"keys": [str(k) for k in keys]})
    return Delete(obj, keys, control_id=cid)


def read_by_query_pager(
    obj: str, query: str, fields: Sequence[str], page_size: int, doc_par_id: str | None
) -> ReadByQueryPager:
    """Pager for `read_by_query` (validates arguments before any request)."""
    return ReadByQueryPager(ReadByQuery(obj, query, fields, page_size, doc_par_id=doc_par_id))


def query_pager(
    obj: str,
    select: Sequence[str],
    filter: Filter | None,
    order_by: Sequence[str],
    page_size: int,
    case_insensitive: bool,
    doc_par_id: str | None,
) -> QueryPager:
    """Pager for `query` (validates arguments before any request)."""
    return QueryPager(
        Query(
            obj,
            select,
            filter,
            order_by,
            page_size,
            case_insensitive=case_insensitive,
            doc_par_id=doc_par_id,
        )
    )


def page_result(response: Response, fn: Function) -> Result:
    """The page's result, raised as a ResultError if the function failed."""
    return response.result(fn.control_id).raise_for_status()
