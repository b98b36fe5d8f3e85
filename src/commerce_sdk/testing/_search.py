"""`searchCriteria` query parameters: parse, filter, sort, page, echo (research section 5).

`searchCriteria[filter_groups][g][filters][f][field|value|condition_type]`: filters inside a group
are OR-ed, groups AND-ed. `sortOrders`, `pageSize`, `currentPage` (snake_case spellings also
accepted, as Magento's input processor camel-cases keys). No `pageSize` means everything. A
`currentPage` past the end returns the LAST page again: Magento's collection clamps the page
(`Framework/Data/Collection.php::getCurPage`, magento/magento2#3787) and this fake does too.

Comparisons follow SQL: a NULL field matches nothing but `null`; numbers compare as numbers,
text case-insensitively (MySQL's default collation); `like` takes `%` and `_` wildcards.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

import attrs

from commerce_sdk.testing._responses import MSG_BAD_TYPE, fail

__all__ = ["Filter", "SearchCriteria", "parse_search_criteria", "run_search"]

_ALIASES = {
    "filterGroups": "filter_groups",
    "sortOrders": "sort_orders",
    "pageSize": "page_size",
    "currentPage": "current_page",
    "conditionType": "condition_type",
}
_BAD_VALUE = 'Invalid value of "%value" provided for the %fieldName field.'
_KEY = re.compile(r"\[([^\]]*)\]")


@attrs.frozen(kw_only=True)
class Filter:
    """One filter: `field condition_type value`."""

    field: str
    value: str | None
    condition_type: str = "eq"


@attrs.frozen(kw_only=True)
class SearchCriteria:
    """A parsed searchCriteria (empty when the request carried only `searchCriteria=`)."""

    filter_groups: tuple[tuple[Filter, ...], ...] = ()
    sort_orders: tuple[tuple[str, str], ...] = ()
    page_size: int | None = None
    current_page: int | None = None

    def echo(self) -> dict[str, Any]:
        """The `search_criteria` object of the response (snake_case, as Magento echoes it)."""
        out: dict[str, Any] = {
            "filter_groups": [
                {
                    "filters": [
                        {"field": f.field, "value": f.value, "condition_type": f.condition_type}
                        for f in group
                    ]
                }
                for group in self.filter_groups
            ]
        }
        if self.sort_orders:
            out["sort_orders"] = [{"field": f, "direction": d} for f, d in self.sort_orders]
        if self.page_size is not None:
            out["page_size"] = self.page_size
        if self.current_page is not None:
            out["current_page"] = self.current_page
        return out


def _tree(pairs: Iterable[tuple[str, str]]) -> dict[str, Any] | None:
    root: dict[str, Any] = {}
    seen = False
    for key, value in pairs:
        head, _, rest = key.partition("[")
        if head != "searchCriteria":
            continue
        seen = True
        path = [_ALIASES.get(p, p) for p in _KEY.findall("[" + rest)] if rest else []
        if not path:
            continue
        node = root
        for part in path[:-1]:
            child = node.setdefault(part, {})
            if not isinstance(child, dict):
                child = node[part] = {}
            node = child
        node[path[-1]] = value
    return root if seen else None


def _int(value: Any, name: str) -> int:
    try:
        return int(str(value).strip())
    except ValueError:
        raise fail(400, MSG_BAD_TYPE, {"value": str(value), "type": "int"}) from None


def _ordered(node: Any) -> list[Any]:
    if not isinstance(node, dict):
        return []
    return [
        node[k]
        for k in sorted(node, key=lambda k: (not k.isdigit(), int(k) if k.isdigit() else 0, k))
    ]


def parse_search_criteria(pairs: Iterable[tuple[str, str]]) -> SearchCriteria | None:
    """The criteria in decoded query pairs; None when no `searchCriteria` parameter was sent."""
    tree = _tree(pairs)
    if tree is None:
        return None
    groups: list[tuple[Filter, ...]] = []
    for group in _ordered(tree.get("filter_groups")):
        filters = []
        for raw in _ordered(group.get("filters") if isinstance(group, dict) else None):
            if not isinstance(raw, dict) or not raw.get("field"):
                raise fail(
                    400, '"%fieldName" is required. Enter and try again.', {"fieldName": "field"}
                )
            ctype = str(raw.get("condition_type") or "eq").lower()
            if ctype not in _CONDITIONS:
                raise fail(400, _BAD_VALUE, {"value": ctype, "fieldName": "condition_type"})
            filters.append(Filter(field=raw["field"], value=raw.get("value"), condition_type=ctype))
        if filters:
            groups.append(tuple(filters))
    sorts = []
    for raw in _ordered(tree.get("sort_orders")):
        if isinstance(raw, dict) and raw.get("field"):
            direction = str(raw.get("direction") or "ASC").upper()
            if direction not in {"ASC", "DESC"}:
                raise fail(400, _BAD_VALUE, {"value": direction, "fieldName": "direction"})
            sorts.append((str(raw["field"]), direction))
    size = tree.get("page_size")
    page = tree.get("current_page")
    return SearchCriteria(
        filter_groups=tuple(groups),
        sort_orders=tuple(sorts),
        page_size=None if size in (None, "") else _int(size, "page_size"),
        current_page=None if page in (None, "") else _int(page, "current_page"),
    )


def field_value(item: Mapping[str, Any], field: str) -> Any:
    """A field of a stored item; `a.b.c` reaches into nested objects."""
    value: Any = item
    for part in field.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    if isinstance(value, bool):
        return int(value)
    return value


def _num(value: Any) -> Decimal | None:
    if isinstance(value, (dict, list)):
        return None
    try:
        return Decimal(str(value).strip())
    except InvalidOperation:
        return None


def _cmp(left: Any, right: str) -> int | None:
    """-1 / 0 / 1 like SQL would compare; None when incomparable (NULL)."""
    if left is None or isinstance(left, (dict, list)):
        return None
    a, b = _num(left), _num(right)
    if a is not None and b is not None:
        return (a > b) - (a < b)
    x, y = str(left).lower(), right.lower()
    return (x > y) - (x < y)


def _like(value: Any, pattern: str) -> bool:
    regex = "".join(".*" if ch == "%" else "." if ch == "_" else re.escape(ch) for ch in pattern)
    return re.fullmatch(regex, str(value), flags=re.IGNORECASE | re.DOTALL) is not None


def _in_set(value: Any, wanted: str) -> bool:
    return wanted in [part.strip() for part in str(value).split(",")]


def _values(raw: str | None) -> list[str]:
    return [v.strip() for v in (raw or "").split(",")]


_CONDITIONS: dict[str, Callable[[Any, str], bool]] = {
    "eq": lambda v, w: _cmp(v, w) == 0,
    "neq": lambda v, w: _cmp(v, w) not in (0, None),
    "gt": lambda v, w: _cmp(v, w) == 1,
    "gteq": lambda v, w: _cmp(v, w) in (0, 1),
    "moreq": lambda v, w: _cmp(v, w) in (0, 1),
    "from": lambda v, w: _cmp(v, w) in (0, 1),
    "lt": lambda v, w: _cmp(v, w) == -1,
    "lteq": lambda v, w: _cmp(v, w) in (0, -1),
    "to": lambda v, w: _cmp(v, w) in (0, -1),
    "like": lambda v, w: v is not None and _like(v, w),
    "nlike": lambda v, w: v is not None and not _like(v, w),
    "in": lambda v, w: any(_cmp(v, x) == 0 for x in _values(w)),
    "nin": lambda v, w: v is not None and all(_cmp(v, x) not in (0, None) for x in _values(w)),
    "finset": lambda v, w: v is not None and _in_set(v, w),
    "nfinset": lambda v, w: v is not None and not _in_set(v, w),
    "null": lambda v, w: v is None,
    "notnull": lambda v, w: v is not None,
}


def _matches(item: Mapping[str, Any], f: Filter) -> bool:
    value = field_value(item, f.field)
    return _CONDITIONS[f.condition_type](value, "" if f.value is None else str(f.value))


def _sort(items: list[Mapping[str, Any]], sorts: Sequence[tuple[str, str]]) -> None:
    # Stable sorts applied from the last key to the first; NULLs first on ASC as MySQL does.
    for field, direction in reversed(sorts):
        values = [field_value(i, field) for i in items]
        numeric = all(_num(v) is not None for v in values if v is not None)

        def key(item: Mapping[str, Any], field: str = field, numeric: bool = numeric) -> Any:
            value = field_value(item, field)
            if value is None:
                return (0, Decimal(0) if numeric else "")
            return (1, _num(value) if numeric else str(value).lower())

        items.sort(key=key, reverse=direction == "DESC")


def run_search(
    items: Sequence[Mapping[str, Any]], criteria: SearchCriteria
) -> tuple[list[Mapping[str, Any]], int]:
    """The page of matching items and the total match count."""
    found = [
        item
        for item in items
        if all(any(_matches(item, f) for f in group) for group in criteria.filter_groups)
    ]
    _sort(found, criteria.sort_orders)
    total = len(found)
    size = criteria.page_size
    if not size or size <= 0:
        return found, total
    last_page = max(1, math.ceil(total / size))
    page = min(max(criteria.current_page or 1, 1), last_page)  # the last-page clamp
    start = (page - 1) * size
    return found[start : start + size], total
