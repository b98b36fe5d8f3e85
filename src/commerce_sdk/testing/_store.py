"""The fake's records: plain JSON dicts per kind, keyed by their id.

Not locked itself: `FakeCommerce` holds one lock around every access. Records handed in or out are
copies (made by a JSON round trip, which is also what checks that a record is plain JSON), so
callers cannot change stored state behind the fake's back. For convenience `Decimal` values are
stored as JSON numbers and aware `datetime`s as Commerce's UTC `YYYY-MM-DD HH:MM:SS`.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, Final, TypeVar, cast

__all__ = ["KINDS", "Store", "normalise_kind"]

#: kind -> the id field (REST payloads use `entity_id` for sales documents, `id` otherwise).
KINDS: Final = {
    "order": "entity_id",
    "invoice": "entity_id",
    "credit_memo": "entity_id",
    "customer": "id",
    "company": "id",
    "purchase_order": "uid",
}
_ALIASES: Final = {
    "orders": "order",
    "invoices": "invoice",
    "credit_memos": "credit_memo",
    "creditmemo": "credit_memo",
    "creditmemos": "credit_memo",
    "customers": "customer",
    "companies": "company",
    "purchase_orders": "purchase_order",
}


def normalise_kind(kind: str) -> str:
    """`order`, `orders`, `credit_memo`, `creditmemos`... -> the canonical kind name."""
    name = _ALIASES.get(kind, kind)
    if name not in KINDS:
        raise ValueError(f"kind: unknown record kind {kind!r}; expected one of {sorted(KINDS)}")
    return name


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
    raise TypeError(f"not a JSON value: {value!r} ({type(value).__name__})")


_T = TypeVar("_T")


def copy_json(value: _T) -> _T:
    """A deep copy of a JSON value (TypeError naming the value when it is not JSON)."""
    return cast("_T", json.loads(json.dumps(value, default=_jsonable)))


def po_uid(number: int) -> str:
    """Commerce GraphQL uids are base64 of the numeric id."""
    return base64.b64encode(str(number).encode()).decode()


class Store:
    """Records by kind and id, in insertion order."""

    def __init__(self) -> None:
        self._records: dict[str, dict[Any, dict[str, Any]]] = {k: {} for k in KINDS}
        self._next: dict[str, int] = dict.fromkeys(KINDS, 1)

    def add(self, kind: str, data: Mapping[str, Any], now_text: str) -> dict[str, Any]:
        """Store a copy of `data`, filling the id and timestamps when missing; return a copy."""
        if not isinstance(data, Mapping):
            raise TypeError(f"{kind}: expected a JSON object (dict), got {type(data).__name__}")
        try:
            record = copy_json(dict(data))
        except (TypeError, ValueError) as exc:
            raise TypeError(f"{kind}: {exc}") from None
        key = KINDS[kind]
        if kind == "purchase_order":
            number = int(record.pop("entity_id", None) or self._next[kind])
            record.setdefault("uid", po_uid(number))
            record.setdefault("number", f"{number:09d}")
            self._next[kind] = max(self._next[kind], number + 1)
        elif record.get(key) is None:
            record[key] = self._next[kind]
        if kind != "purchase_order":
            try:
                ident = int(record[key])
            except (TypeError, ValueError):
                raise ValueError(
                    f"{kind}.{key}: expected an integer id, got {record[key]!r}"
                ) from None
            record[key] = ident
            self._next[kind] = max(self._next[kind], ident + 1)
        if kind == "order":
            record.setdefault("increment_id", f"{record[key]:09d}")
        if kind in {"invoice", "credit_memo"}:
            record.setdefault("increment_id", f"{record[key]:09d}")
        record.setdefault("created_at", now_text)
        record.setdefault("updated_at", record["created_at"])
        if record[key] in self._records[kind]:
            raise ValueError(f"{kind}.{key}: a record with id {record[key]!r} already exists")
        self._records[kind][record[key]] = record
        return copy_json(record)

    def get(self, kind: str, ident: Any) -> dict[str, Any] | None:
        """A copy of one record, or None."""
        record = self._records[kind].get(ident)
        return copy_json(record) if record is not None else None

    def all(self, kind: str) -> list[dict[str, Any]]:
        """The stored records themselves (read-only by convention), in id order."""
        return list(self._records[kind].values())

    def replace(self, kind: str, ident: Any, record: Mapping[str, Any]) -> dict[str, Any]:
        """Swap a record for a new one (a full replace); return a copy."""
        self._records[kind][ident] = copy_json(dict(record))
        return copy_json(self._records[kind][ident])

    def touch(self, kind: str, ident: Any, now_text: str) -> dict[str, Any]:
        """Bump `updated_at` to now; KeyError when the record does not exist."""
        record = self._records[kind].get(ident)
        if record is None:
            raise KeyError(f"{kind}: no record with id {ident!r}")
        record["updated_at"] = now_text
        return copy_json(record)

    def update(
        self, kind: str, ident: Any, changes: Mapping[str, Any], now_text: str
    ) -> dict[str, Any]:
        """Merge top-level `changes` into a record and bump `updated_at` (a seeding helper)."""
        record = self._records[kind].get(ident)
        if record is None:
            raise KeyError(f"{kind}: no record with id {ident!r}")
        record.update(copy_json(dict(changes)))
        record["updated_at"] = now_text
        return copy_json(record)

    def count(self, kind: str) -> int:
        """How many records of a kind are stored."""
        return len(self._records[kind])
