"""Filters for the 3.0 `query` function (xsd `v3.0/api.xsd`; research/intacct.md section 7).

Build them with the functions below and combine with `&` / `|`::

    equal_to("STATUS", "active") & (greater_than("WHENMODIFIED", "03/01/2026 00:00:00")
                                     | is_null("WHENMODIFIED"))

Values are element text, so they are escaped like any other text; no quoting rules apply.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from intacct_sdk import _xml

__all__ = [
    "Filter",
    "and_",
    "between",
    "equal_to",
    "greater_than",
    "greater_than_or_equal_to",
    "in_",
    "is_not_null",
    "is_null",
    "less_than",
    "less_than_or_equal_to",
    "like",
    "not_equal_to",
    "not_in",
    "not_like",
    "or_",
    "quote",
]


@attrs.frozen
class Filter:
    """One filter element: a comparison (`field`, `values`) or `and`/`or` over `children`."""

    op: str
    field: str | None = None
    values: tuple[str, ...] = ()
    children: tuple[Filter, ...] = ()

    def __and__(self, other: Filter) -> Filter:
        return and_(self, other)

    def __or__(self, other: Filter) -> Filter:
        return or_(self, other)

    def write(self, out: list[str]) -> None:
        """Append this filter's XML to `out`."""
        out.append(f"<{self.op}>")
        if self.field is not None:
            out.append(f"<field>{_xml.text(self.field)}</field>")
        out.extend(f"<value>{_xml.text(v)}</value>" for v in self.values)
        for child in self.children:
            child.write(out)
        out.append(f"</{self.op}>")


def _cmp(op: str, field: str, *values: object) -> Filter:
    return Filter(op=op, field=field, values=tuple(_as_text(v) for v in values))


def _as_text(value: object) -> str:
    # Values are written through value_text's formats (dates mm/dd/yyyy), unescaped here because
    # Filter.write escapes them.
    if isinstance(value, str):
        return value
    return _xml.value_text(value)


def equal_to(field: str, value: object) -> Filter:
    """`field = value`."""
    return _cmp("equalto", field, value)


def not_equal_to(field: str, value: object) -> Filter:
    """`field != value`."""
    return _cmp("notequalto", field, value)


def less_than(field: str, value: object) -> Filter:
    """`field < value`."""
    return _cmp("lessthan", field, value)


def less_than_or_equal_to(field: str, value: object) -> Filter:
    """`field <= value`."""
    return _cmp("lessthanorequalto", field, value)


def greater_than(field: str, value: object) -> Filter:
    """`field > value`."""
    return _cmp("greaterthan", field, value)


def greater_than_or_equal_to(field: str, value: object) -> Filter:
    """`field >= value`."""
    return _cmp("greaterthanorequalto", field, value)


def between(field: str, low: object, high: object) -> Filter:
    """`low <= field <= high`."""
    return _cmp("between", field, low, high)


def in_(field: str, values: Iterable[object]) -> Filter:
    """`field in (values)`.

    Raises:
        ValueError: `values` is empty (the gateway needs at least one).
    """
    items = tuple(values)
    if not items:
        raise ValueError(f"in_({field!r}, ...) needs at least one value")
    return _cmp("in", field, *items)


def not_in(field: str, values: Iterable[object]) -> Filter:
    """`field not in (values)`."""
    items = tuple(values)
    if not items:
        raise ValueError(f"not_in({field!r}, ...) needs at least one value")
    return _cmp("notin", field, *items)


def like(field: str, pattern: str) -> Filter:
    """`field like pattern` (`%` wildcards)."""
    return _cmp("like", field, pattern)


def not_like(field: str, pattern: str) -> Filter:
    """`field not like pattern`."""
    return _cmp("notlike", field, pattern)


def is_null(field: str) -> Filter:
    """`field is null`."""
    return Filter(op="isnull", field=field)


def is_not_null(field: str) -> Filter:
    """`field is not null`."""
    return Filter(op="isnotnull", field=field)


def and_(*filters: Filter) -> Filter:
    """All of `filters` (a single filter is returned as is)."""
    return _group("and", filters)


def or_(*filters: Filter) -> Filter:
    """Any of `filters` (a single filter is returned as is)."""
    return _group("or", filters)


def _group(op: str, filters: tuple[Filter, ...]) -> Filter:
    if not filters:
        raise ValueError(f"{op}_() needs at least one filter")
    if len(filters) == 1:
        return filters[0]
    flat: list[Filter] = []
    for f in filters:
        flat.extend(f.children if f.op == op else (f,))
    return Filter(op=op, children=tuple(flat))


def quote(value: str) -> str:
    """A readByQuery string literal: single quotes, with `\\` and `'` backslash-escaped.

    The readByQuery `<query>` is SQL-like text (research section 7: `'Jane\\'s Deli'`); use this
    for every value you put into one.
    """
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
