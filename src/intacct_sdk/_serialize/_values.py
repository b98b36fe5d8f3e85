"""Field values between the wire and the models: dates, money, flags, dotted names."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

_CENT = Decimal("0.01")


def get(record: Mapping[str, Any], name: str) -> Any:
    """A field by name; `A.B` is found as a literal dotted key (query) or nested (readByQuery)."""
    value = record.get(name)
    if value is not None or "." not in name:
        return value
    node: Any = record
    for part in name.split("."):
        if not isinstance(node, Mapping):
            return None
        node = node.get(part)
    return node


def text(value: Any) -> str | None:
    """Non-empty text or None (the gateway sends empty elements for null fields)."""
    if value is None or isinstance(value, Mapping | list):
        return None
    return str(value) if value != "" else None


def parse_date(value: Any) -> date | None:
    """`mm/dd/yyyy` (3.0 records) or ISO `yyyy-mm-dd` (query, some readers)."""
    raw = text(value)
    if raw is None:
        return None
    raw = raw.strip()
    try:
        if "/" in raw:
            month, day, year = raw.split(" ")[0].split("/")
            return date(int(year), int(month), int(day))
        return date.fromisoformat(raw[:10])
    except ValueError as exc:
        raise ValueError(f"not an Intacct date: {raw!r}") from exc


def parse_datetime(value: Any) -> datetime | None:
    """`mm/dd/yyyy HH:MM:SS` or ISO; a value without an offset is read as UTC (undocumented)."""
    raw = text(value)
    if raw is None:
        return None
    raw = raw.strip()
    try:
        if "/" in raw:
            parsed = datetime.strptime(raw, "%m/%d/%Y %H:%M:%S")  # noqa: DTZ007 - tz set below
        else:
            parsed = datetime.fromisoformat(raw)
    except ValueError as exc:
        raise ValueError(f"not an Intacct timestamp: {raw!r}") from exc
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def parse_decimal(value: Any) -> Decimal | None:
    """Money as Decimal (never float)."""
    raw = text(value)
    if raw is None:
        return None
    try:
        return Decimal(raw.strip().replace(",", ""))
    except InvalidOperation as exc:
        raise ValueError(f"not a decimal amount: {raw!r}") from exc


def parse_bool(value: Any) -> bool | None:
    """`true`/`false` (any case); None when empty."""
    raw = text(value)
    return None if raw is None else raw.strip().lower() in {"true", "t", "1", "yes"}


def money(value: Decimal) -> Decimal:
    """Rounded to cents, half up: Intacct rounds amounts to 2 places (research section 8)."""
    return value.quantize(_CENT, rounding=ROUND_HALF_UP)


def legacy_date(value: date | None) -> dict[str, str] | None:
    """2.1 functions take dates as `<year><month><day>` (research section 8)."""
    if value is None:
        return None
    return {"year": f"{value.year:04d}", "month": f"{value.month:02d}", "day": f"{value.day:02d}"}


def legacy_custom_fields(values: Mapping[str, str]) -> dict[str, Any] | None:
    """2.1 `<customfields><customfield><customfieldname/><customfieldvalue/>` blocks."""
    if not values:
        return None
    return {
        "customfield": [
            {"customfieldname": name, "customfieldvalue": value} for name, value in values.items()
        ]
    }


def unknown_fields(record: Mapping[str, Any], known: Iterable[str]) -> dict[str, Any]:
    """The fields of `record` the model does not name (kept so nothing is lost)."""
    names = set(known)
    return {k: v for k, v in record.items() if k not in names and k.split(".")[0] not in names}


def as_list(value: Any) -> list[Any]:
    """A repeated element as a list (one occurrence parses as a single dict)."""
    if value is None or value == "":
        return []
    return value if isinstance(value, list) else [value]
