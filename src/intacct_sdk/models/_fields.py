"""Converters shared by the models: money to `Decimal`, mappings to read-only dicts."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Any


def to_decimal(value: Decimal | int | str) -> Decimal:
    """Money as `Decimal`; floats are refused because they cannot hold cents exactly."""
    if isinstance(value, float):
        raise TypeError(f"money must be Decimal, int or str, not float ({value!r})")
    if isinstance(value, Decimal):
        return value
    return Decimal(value)


def to_optional_decimal(value: Decimal | int | str | None) -> Decimal | None:
    """Like `to_decimal`, keeping None."""
    return None if value is None else to_decimal(value)


def to_tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    """A tuple of the items (lines may be given as any iterable)."""
    return tuple(value)


def frozen_mapping(value: Mapping[str, Any] | None) -> Mapping[str, Any]:
    """A read-only copy, so a frozen model cannot be changed through its mappings."""
    return MappingProxyType(dict(value or {}))
