"""Full-replace updates that keep every field the caller did not mean to change.

`PUT /V1/customers/{id}` and `PUT /V1/company/{id}` replace the whole object: a field left out is
cleared (research/commerce.md section 4). So an update starts from the current raw record, merges
the changes in (nested objects merged key by key, `custom_attributes` merged by
`attribute_code`), and sends everything back.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["Changes", "apply_changes", "merge_custom_attributes"]

#: A mapping of changes, or a function from the current record (a deep copy) to the new one.
Changes = Mapping[str, Any] | Callable[[dict[str, Any]], Mapping[str, Any] | None]


def merge_custom_attributes(current: Any, changes: Any) -> list[Any]:
    """`[{attribute_code, value}]` lists merged by code: changed codes replaced, others kept."""
    merged: dict[str, Any] = {}
    order: list[Any] = []
    for item in list(current or []) + list(changes or []):
        code = item.get("attribute_code") if isinstance(item, Mapping) else None
        if code is None:
            order.append(item)
            continue
        if code not in merged:
            order.append(code)
        merged[code] = dict(item)
    return [merged[k] if isinstance(k, str) and k in merged else k for k in order]


def _merge(current: dict[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(current)
    for key, value in changes.items():
        if key == "custom_attributes":
            out[key] = merge_custom_attributes(current.get(key), value)
        elif isinstance(value, Mapping) and isinstance(current.get(key), Mapping):
            out[key] = _merge(dict(current[key]), value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def apply_changes(current: Mapping[str, Any], changes: Changes, *, id_value: Any) -> dict[str, Any]:
    """The full record to PUT: `current` with `changes` applied and its id kept.

    Raises:
        TypeError: `changes` is neither a mapping nor a callable, or the callable returned
            something other than a mapping or None.
    """
    base = copy.deepcopy(dict(current))
    if callable(changes):
        result = changes(base)
        if result is None:
            result = base
        if not isinstance(result, Mapping):
            raise TypeError(f"update function must return a mapping or None, got {result!r}")
        merged = dict(result)
    elif isinstance(changes, Mapping):
        merged = _merge(base, changes)
    else:
        raise TypeError(f"changes: expected a mapping or a callable, got {changes!r}")
    merged["id"] = id_value
    return merged
