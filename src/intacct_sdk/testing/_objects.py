"""The in-memory object store: one table per object, RECORDNO keys, ID indexes, snapshots.

Records are nested dicts shaped like the 3.0 payloads (`DISPLAYCONTACT` is a dict, line items are
lists). A stored record is never mutated in place: an update stores a new dict, so a snapshot (a
shallow copy of each table) is enough to roll a transaction back.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Mapping
from typing import Any

__all__ = ["ID_FIELDS", "OBJECTS", "SUPPORTED", "ObjectStore", "StoreSnapshot"]

OBJECTS = ("VENDOR", "APBILL", "APADJUSTMENT", "PODOCUMENT", "GLACCOUNT")
# The business ID each object is looked up and kept unique by (besides RECORDNO).
ID_FIELDS: dict[str, str] = {"VENDOR": "VENDORID", "GLACCOUNT": "ACCOUNTNO", "PODOCUMENT": "DOCID"}
# 3.0 generic functions Intacct supports per object (research/intacct.md section 8): AP
# adjustments and purchase orders have no 3.0 create, only the legacy functions.
_READS = frozenset({"read", "readByQuery", "query"})
_WRITES = frozenset({"create", "update", "delete"})
SUPPORTED: dict[str, frozenset[str]] = {
    # readByName needs a name: only objects with a business ID have one.
    "VENDOR": _READS | _WRITES | {"readByName"},
    "APBILL": _READS | _WRITES,
    "GLACCOUNT": _READS | _WRITES | {"readByName"},
    "APADJUSTMENT": _READS | {"delete"},
    "PODOCUMENT": _READS | {"readByName"},
}

StoreSnapshot = tuple[
    dict[str, dict[int, dict[str, Any]]], dict[str, dict[str, int]], dict[str, int], int
]


class ObjectStore:
    """Tables of records. Not locked itself: the gateway holds its lock around every call."""

    def __init__(self) -> None:
        self._tables: dict[str, dict[int, dict[str, Any]]] = {name: {} for name in OBJECTS}
        self._index: dict[str, dict[str, int]] = {name: {} for name in ID_FIELDS}
        self._next: dict[str, int] = dict.fromkeys(OBJECTS, 1)
        self.version = 0

    def snapshot(self) -> StoreSnapshot:
        """Cheap copy of the current state (records themselves are shared, never mutated)."""
        return (
            {name: dict(table) for name, table in self._tables.items()},
            {name: dict(index) for name, index in self._index.items()},
            dict(self._next),
            self.version,
        )

    def restore(self, snapshot: StoreSnapshot) -> None:
        """Go back to a snapshot (transaction rollback)."""
        tables, index, counters, version = snapshot
        self._tables = {name: dict(table) for name, table in tables.items()}
        self._index = {name: dict(idx) for name, idx in index.items()}
        self._next = dict(counters)
        # A fresh version (never the snapshot's + 1, which a write after the snapshot may have
        # used): cached query results from inside the rolled-back work must not be reused.
        self.version = max(self.version, version) + 1

    def next_record_no(self, obj: str) -> int:
        """The RECORDNO the next insert into `obj` will get."""
        return self._next[obj]

    def insert(self, obj: str, record: dict[str, Any]) -> dict[str, Any]:
        """Store a new record, assigning RECORDNO; returns the stored record."""
        record_no = self._next[obj]
        self._next[obj] = record_no + 1
        stored = {
            "RECORDNO": str(record_no),
            **{k: v for k, v in record.items() if k != "RECORDNO"},
        }
        self._tables[obj][record_no] = stored
        self._reindex(obj, None, stored)
        self.version += 1
        return stored

    def replace(self, obj: str, record_no: int, record: dict[str, Any]) -> dict[str, Any]:
        """Store a new version of an existing record."""
        old = self._tables[obj][record_no]
        stored = {**record, "RECORDNO": str(record_no)}
        self._tables[obj][record_no] = stored
        self._reindex(obj, old, stored)
        self.version += 1
        return stored

    def delete(self, obj: str, record_no: int) -> bool:
        """Remove a record; False when there was none."""
        old = self._tables[obj].pop(record_no, None)
        if old is None:
            return False
        self._reindex(obj, old, None)
        self.version += 1
        return True

    def _reindex(
        self, obj: str, old: Mapping[str, Any] | None, new: Mapping[str, Any] | None
    ) -> None:
        field = ID_FIELDS.get(obj)
        if field is None:
            return
        index = self._index[obj]
        if old is not None and index.get(str(old.get(field, ""))) == int(old["RECORDNO"]):
            del index[str(old.get(field, ""))]
        if new is not None and new.get(field):
            index[str(new[field])] = int(new["RECORDNO"])

    def get(self, obj: str, record_no: int) -> dict[str, Any] | None:
        """The record with this RECORDNO, or None."""
        return self._tables[obj].get(record_no)

    def by_id(self, obj: str, value: str) -> dict[str, Any] | None:
        """The record whose business ID (VENDORID, ACCOUNTNO, DOCID) is `value`, or None."""
        record_no = self._index.get(obj, {}).get(value)
        return None if record_no is None else self._tables[obj].get(record_no)

    def rows(self, obj: str) -> Iterator[dict[str, Any]]:
        """Records in RECORDNO order (insertion order)."""
        return iter(list(self._tables[obj].values()))

    def count(self, obj: str) -> int:
        """How many records `obj` holds."""
        return len(self._tables[obj])

    def export(self, obj: str) -> list[dict[str, Any]]:
        """Deep copies of every record, safe to hand to callers."""
        return copy.deepcopy(list(self._tables[obj].values()))
