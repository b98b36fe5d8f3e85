"""The 3.0 write functions: `create`, `update`, `delete`.

`<create>` and `<update>` hold one or more object elements (`<create><VENDOR>...</VENDOR></create>`,
research/intacct.md section 8); the fake treats one function as one unit, so when any object in it
fails nothing of it is stored. Success data is `<data listtype="objects" count="n">` with one
lowercase element per object carrying RECORDNO (and the business ID where the object has one).
"""

from __future__ import annotations

import copy
from typing import Any

from lxml import etree

from intacct_sdk.testing._context import Context
from intacct_sdk.testing._objects import ID_FIELDS, OBJECTS, SUPPORTED
from intacct_sdk.testing._reading import check_object
from intacct_sdk.testing._results import ErrorInfo, FunctionError
from intacct_sdk.testing._rules import business_error, prepare
from intacct_sdk.testing._xml import append_value, child_text, element_to_record

__all__ = ["create", "delete", "merge", "update"]

# Fields the system owns: a client cannot set them on a 3.0 create / update.
_SYSTEM_FIELDS = ("RECORDNO", "WHENMODIFIED")
# Objects whose WHENCREATED is the document date the client gives, not a system timestamp.
_DATED = frozenset({"APBILL", "APADJUSTMENT", "PODOCUMENT"})


def _objects(element: etree._Element, function: str) -> list[tuple[str, etree._Element]]:
    items = [(str(c.tag).upper(), c) for c in element if isinstance(c.tag, str)]
    if not items:
        raise FunctionError(ErrorInfo("BL01001973", "", f"{function} needs an object element."))
    for obj, _ in items:
        if obj not in OBJECTS or function not in SUPPORTED[obj]:
            raise business_error(obj, f"{function} is not supported for {obj}.", verb=function)
    return items


def _result_record(obj: str, stored: dict[str, Any]) -> dict[str, Any]:
    out = {"RECORDNO": stored["RECORDNO"]}
    if obj in ID_FIELDS and stored.get(ID_FIELDS[obj]):
        out[ID_FIELDS[obj]] = stored[ID_FIELDS[obj]]
    return out


def _objects_data(results: list[tuple[str, dict[str, Any]]]) -> etree._Element:
    data = etree.Element("data", listtype="objects", count=str(len(results)))
    for obj, stored in results:
        append_value(data, obj.lower(), _result_record(obj, stored))
    return data


def create(ctx: Context, element: etree._Element) -> etree._Element:
    """Validate every object first, then store them all (one function is one unit)."""
    prepared = []
    snapshot = ctx.store.snapshot()
    try:
        for obj, item in _objects(element, "create"):
            record = {k: v for k, v in element_to_record(item).items() if k not in _SYSTEM_FIELDS}
            record = prepare(
                ctx.store, obj, record, record_no=None, auto_vendor_id=ctx.auto_vendor_id
            )
            if obj not in _DATED or not record.get("WHENCREATED"):
                record["WHENCREATED"] = ctx.timestamp
            record["WHENMODIFIED"] = ctx.timestamp
            # Insert as we go so two new vendors with one VENDORID in one create collide.
            prepared.append((obj, ctx.store.insert(obj, record)))
    except FunctionError:
        ctx.store.restore(snapshot)
        raise
    return _objects_data(prepared)


def merge(base: dict[str, Any], change: dict[str, Any]) -> dict[str, Any]:
    """Nested update: sub-records merge field by field, lists and scalars are replaced."""
    out = copy.deepcopy(base)
    for key, value in change.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def _locate(ctx: Context, obj: str, change: dict[str, Any]) -> dict[str, Any]:
    record_no = str(change.get("RECORDNO") or "").strip()
    if record_no:
        found = ctx.store.get(obj, int(record_no)) if record_no.isdigit() else None
    elif obj in ID_FIELDS and change.get(ID_FIELDS[obj]):
        found = ctx.store.by_id(obj, str(change[ID_FIELDS[obj]]).strip())
    else:
        raise business_error(obj, "RECORDNO (or the object's ID) is required.", verb="update")
    if found is None:
        key = record_no or change.get(ID_FIELDS.get(obj, ""), "")
        raise business_error(obj, f"No {obj} record found for key '{key}'.", verb="update")
    return found


def update(ctx: Context, element: etree._Element) -> etree._Element:
    """Merge each object into the stored record it names (RECORDNO or business ID)."""
    done = []
    snapshot = ctx.store.snapshot()
    try:
        for obj, item in _objects(element, "update"):
            change = element_to_record(item)
            existing = _locate(ctx, obj, change)
            record_no = int(existing["RECORDNO"])
            change = {k: v for k, v in change.items() if k not in _SYSTEM_FIELDS}
            record = prepare(
                ctx.store, obj, merge(existing, change), record_no=record_no, auto_vendor_id=False
            )
            record["WHENMODIFIED"] = ctx.timestamp
            done.append((obj, ctx.store.replace(obj, record_no, record)))
    except FunctionError:
        ctx.store.restore(snapshot)
        raise
    return _objects_data(done)


def delete(ctx: Context, element: etree._Element) -> None:
    """Delete records by RECORDNO keys (CSV); an unknown key fails and nothing is deleted."""
    obj = check_object(element, "delete")
    keys = [k.strip() for k in (child_text(element, "keys") or "").split(",") if k.strip()]
    if not keys:
        raise business_error(obj, "Required element keys is missing.", verb="delete")
    missing = [k for k in keys if not k.isdigit() or ctx.store.get(obj, int(k)) is None]
    if missing:
        raise business_error(obj, f"No {obj} record found for key '{missing[0]}'.", verb="delete")
    for key in keys:
        ctx.store.delete(obj, int(key))
