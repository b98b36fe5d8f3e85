"""Value parsing shared by the Commerce models.

Commerce sends money as JSON numbers or strings (webhook payloads carry model data, so numbers often
arrive as strings: research/commerce.md section 7a), and timestamps as UTC `YYYY-MM-DD HH:MM:SS`
with no zone marker (section 5), or ISO 8601 from GraphQL and I/O Events.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from types import MappingProxyType
from typing import Any, ParamSpec, TypeVar

from commerce_sdk._exceptions import CommerceError

__all__ = [
    "ModelParseError",
    "frozen_mapping",
    "parse_bool",
    "parse_datetime",
    "parse_decimal",
    "parse_int",
    "parse_optional_int",
    "parse_str",
    "shape_checked",
]


class ModelParseError(CommerceError, ValueError):
    """A payload field has a value of the wrong shape (names the model and the field)."""


P = ParamSpec("P")
R = TypeVar("R")


def shape_checked(parse: Callable[P, R]) -> Callable[P, R]:
    """A model parser whose payload has a list, text or null where an object belongs raises
    `ModelParseError` (naming the model), never `AttributeError` / `TypeError`: callers catch one
    error type for any bad payload (tests/reliability/test_fuzz_parsers.py)."""

    @functools.wraps(parse)
    def checked(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return parse(*args, **kwargs)
        except (AttributeError, TypeError) as exc:
            owner = args[0].__name__ if args and isinstance(args[0], type) else parse.__qualname__
            raise ModelParseError(f"{owner}: payload of the wrong shape ({exc})") from exc

    return checked


ZERO = Decimal("0")


def to_tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    """A tuple of the items, so frozen models hold immutable sequences."""
    return tuple(value)


def frozen_mapping(value: Mapping[str, Any] | None) -> Mapping[str, Any]:
    """A read-only copy of a mapping."""
    return MappingProxyType(dict(value or {}))


@functools.lru_cache(maxsize=4096)
def _decimal_of(text: str) -> Decimal:
    # Amounts repeat a lot (0, prices, tax rates): a page of orders parses the same few hundred
    # texts over and over, and a Decimal is immutable, so one instance per text is safe to share.
    return Decimal(text)


def parse_decimal(value: Any, *, field: str, default: Decimal = ZERO) -> Decimal:
    """Money or quantity as `Decimal`; a JSON float goes through its shortest repr, never binary."""
    kind = type(value)
    if kind is float or kind is str:  # the common shapes first (docs/performance.md)
        text = repr(value) if kind is float else value.strip()
        if text:
            try:
                return _decimal_of(text)
            except InvalidOperation as exc:
                raise ModelParseError(f"{field}: expected a number, got {value!r}") from exc
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        raise ModelParseError(f"{field}: expected a number, got {value!r}")
    if isinstance(value, Decimal):
        return value
    try:
        if isinstance(value, float):
            return Decimal(repr(value))
        return Decimal(str(value).strip())
    except InvalidOperation as exc:
        raise ModelParseError(f"{field}: expected a number, got {value!r}") from exc


def parse_optional_decimal(value: Any, *, field: str) -> Decimal | None:
    """Like `parse_decimal`, keeping None for a missing value."""
    if value is None or value == "":
        return None
    return parse_decimal(value, field=field)


def parse_int(value: Any, *, field: str) -> int:
    """An id or count; numeric strings accepted."""
    if type(value) is int:  # the common shape (bool, a subclass of int, is refused below)
        return value
    if isinstance(value, bool) or value is None:
        raise ModelParseError(f"{field}: expected an integer, got {value!r}")
    try:
        return int(str(value).strip())
    except ValueError as exc:
        raise ModelParseError(f"{field}: expected an integer, got {value!r}") from exc


def parse_optional_int(value: Any, *, field: str, zero_is_none: bool = False) -> int | None:
    """An optional id; `zero_is_none` reads Commerce's 0 (as in `company_id: 0`) as no value."""
    if value is None or value == "":
        return None
    parsed = parse_int(value, field=field)
    if zero_is_none and parsed == 0:
        return None
    return parsed


def parse_bool(value: Any) -> bool:
    """Commerce booleans come as true/false, 0/1 or "0"/"1"."""
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes"}
    return bool(value)


def parse_str(value: Any) -> str | None:
    """A text field; numbers are turned into text, empty stays empty, missing stays None."""
    if value is None:
        return None
    return str(value)


def parse_datetime(value: Any, *, field: str) -> datetime | None:
    """A UTC-aware datetime from `YYYY-MM-DD HH:MM:SS` (UTC by Commerce's contract) or ISO 8601."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    text = str(value).strip()
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError as exc:
        raise ModelParseError(f"{field}: expected a timestamp, got {value!r}") from exc
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def format_datetime(value: datetime) -> str:
    """The inverse of `parse_datetime` for filters: UTC `YYYY-MM-DD HH:MM:SS`."""
    if value.tzinfo is None:
        raise ValueError("refusing a naive datetime: Commerce filters are UTC; pass an aware one")
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
