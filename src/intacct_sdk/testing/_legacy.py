"""Legacy 2.1 writes still used with dtdversion 3.0: `create_apadjustment`, `create_potransaction`.

AP adjustments and purchase orders have no documented 3.0 `create` (research/intacct.md section 8).
Both answer `<key>`: the adjustment's RECORDNO, and `<transactiontype>-<documentno>` for a purchase
order (e.g. `Purchase Order-PO0213`). The element order is the XSD's (`v3.0/api.xsd`); the real
gateway checks it before running anything, so an order mistake is a control-level XL03000003 failure
for the whole request, which `schema_error` reports before any function runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from lxml import etree

from intacct_sdk.testing import _constants as const
from intacct_sdk.testing._context import Context
from intacct_sdk.testing._results import ErrorInfo, FunctionError
from intacct_sdk.testing._rules import (
    business_error,
    check_line_account,
    check_number,
    round_amount,
)
from intacct_sdk.testing._xml import child_text

__all__ = ["create_apadjustment", "create_potransaction", "schema_error"]

_ADJUSTMENT_ORDER = (
    "vendorid", "datecreated", "dateposted", "batchkey", "adjustmentno", "action", "billno",
    "description", "externalid", "basecurr", "currency", "exchratedate", "exchratetype", "exchrate",
    "nogl", "customfields", "apadjustmentitems",
)  # fmt: skip
_ADJUSTMENT_LINE_ORDER = (
    "glaccountno", "accountlabel", "offsetglaccountno", "amount", "memo", "locationid",
    "departmentid",
)  # fmt: skip
_PO_ORDER = (
    "transactiontype", "datecreated", "dateposted", "createdfrom", "vendorid", "documentno",
    "referenceno", "vendordocno", "termname", "datedue", "message", "shippingmethod", "returnto",
    "payto", "deliverto", "supdocid", "externalid", "basecurr", "currency", "exchratedate",
    "exchratetype", "exchrate", "customfields", "state", "potransitems", "subtotals",
)  # fmt: skip
_PO_LINE_ORDER = (
    "itemid", "itemdesc", "taxable", "warehouseid", "quantity", "unit", "price",
    "overridetaxamount", "tax", "locationid", "departmentid", "memo", "itemdetails", "form1099",
)  # fmt: skip


def _sequence_error(
    element: etree._Element, order: Sequence[str], required: Sequence[str], open_after: str | None
) -> str | None:
    """Check children against an XSD sequence; names after `open_after` may be extra fields."""
    position = -1
    seen = set()
    for child in element:
        if not isinstance(child.tag, str):
            continue
        tag = str(child.tag)
        if tag in order:
            index = order.index(tag)
            if index < position or tag in seen:
                return (
                    f"Element '{tag}': This element is not expected (XSD order of {element.tag!s})."
                )
            position = index
            seen.add(tag)
        elif open_after is None or position < order.index(open_after):
            return f"Element '{tag}': This element is not expected in {element.tag!s}."
    missing = [tag for tag in required if tag not in seen]
    if missing:
        return f"Element '{element.tag!s}': Missing child element(s). Expected is ( {missing[0]} )."
    return None


def schema_error(name: str, element: etree._Element) -> str | None:
    """The schema complaint for a legacy function, or None when it is well formed."""
    if name == "create_apadjustment":
        problem = _sequence_error(
            element, _ADJUSTMENT_ORDER, ("vendorid", "datecreated", "apadjustmentitems"), None
        )
        lines = element.find("apadjustmentitems")
        for line in lines.findall("lineitem") if lines is not None else ():
            problem = problem or _sequence_error(
                line, _ADJUSTMENT_LINE_ORDER, ("amount",), "departmentid"
            )
        if problem is None and lines is not None and lines.find("lineitem") is None:
            problem = (
                "Element 'apadjustmentitems': Missing child element(s). Expected is ( lineitem )."
            )
        return problem
    if name == "create_potransaction":
        required = (
            "transactiontype",
            "datecreated",
            "vendorid",
            "returnto",
            "payto",
            "potransitems",
        )
        problem = _sequence_error(element, _PO_ORDER, required, "state")
        lines = element.find("potransitems")
        for line in lines.findall("potransitem") if lines is not None else ():
            problem = problem or _sequence_error(
                line, _PO_LINE_ORDER, ("itemid", "quantity"), "memo"
            )
        if problem is None and lines is not None and lines.find("potransitem") is None:
            problem = (
                "Element 'potransitems': Missing child element(s). Expected is ( potransitem )."
            )
        return problem
    return None


def _date(element: etree._Element, tag: str, obj: str, verb: str) -> str | None:
    holder = element.find(tag)
    if holder is None:
        return None
    try:
        parts = [int(child_text(holder, p) or "") for p in ("year", "month", "day")]
        return date(parts[0], parts[1], parts[2]).strftime(const.DATE_FORMAT)
    except ValueError:
        raise business_error(obj, f"Invalid date in {tag}.", verb=verb) from None


def _vendor(ctx: Context, element: etree._Element, obj: str, verb: str) -> str:
    vendor_id = (child_text(element, "vendorid") or "").strip()
    if ctx.store.by_id("VENDOR", vendor_id) is None:
        raise business_error(obj, f"Invalid Vendor '{vendor_id}' specified.", verb=verb)
    return vendor_id


def _optional(element: etree._Element, pairs: Sequence[tuple[str, str]]) -> dict[str, Any]:
    out = {}
    for tag, field in pairs:
        value = child_text(element, tag)
        if value:
            out[field] = value
    return out


_ADJUSTMENT_FIELDS = (
    ("adjustmentno", "RECORDID"), ("billno", "DOCNUMBER"), ("description", "DESCRIPTION"),
    ("externalid", "EXTERNALID"), ("currency", "CURRENCY"), ("basecurr", "BASECURR"),
)  # fmt: skip
_ADJUSTMENT_LINE_FIELDS = (
    ("memo", "ENTRYDESCRIPTION"), ("locationid", "LOCATIONID"), ("departmentid", "DEPARTMENTID"),
    ("accountlabel", "ACCOUNTLABEL"),
)  # fmt: skip
_PO_FIELDS = (
    ("referenceno", "PONUMBER"), ("vendordocno", "VENDORDOCNO"), ("termname", "TERMNAME"),
    ("message", "MESSAGE"), ("externalid", "EXTERNALID"), ("currency", "CURRENCY"),
)  # fmt: skip
_PO_LINE_FIELDS = (
    ("itemdesc", "ITEMDESC"), ("unit", "UNIT"), ("memo", "MEMO"), ("locationid", "LOCATIONID"),
    ("departmentid", "DEPARTMENTID"), ("warehouseid", "WAREHOUSEID"),
)  # fmt: skip


def _adjustment_lines(ctx: Context, element: etree._Element) -> list[dict[str, Any]]:
    obj, verb = "APADJUSTMENT", "create"
    lines = []
    for number, line in enumerate(element.iterfind("apadjustmentitems/lineitem"), start=1):
        account = child_text(line, "glaccountno")
        check_line_account(ctx.store, account, child_text(line, "accountlabel"), number, verb, obj)
        amount = round_amount(child_text(line, "amount"), "amount", obj, verb)
        lines.append(
            {"ACCOUNTNO": account or "", "TRX_AMOUNT": amount}
            | _optional(line, _ADJUSTMENT_LINE_FIELDS)
        )
    # "If supplying multiple lines, amounts must be all positive or all negative" (section 8).
    signs = {Decimal(line["TRX_AMOUNT"]) > 0 for line in lines if Decimal(line["TRX_AMOUNT"])}
    if len(signs) > 1:
        raise business_error(
            obj,
            "If supplying multiple lines, amounts must be all positive or all negative, not mixed.",
            verb=verb,
        )
    return lines


def create_apadjustment(ctx: Context, element: etree._Element) -> str:
    """Store an AP adjustment; all lines must share one sign. Returns the key (RECORDNO)."""
    obj, verb = "APADJUSTMENT", "create"
    record: dict[str, Any] = {"VENDORID": _vendor(ctx, element, obj, verb)}
    record["WHENCREATED"] = _date(element, "datecreated", obj, verb)
    posted = _date(element, "dateposted", obj, verb)
    if posted:
        record["WHENPOSTED"] = posted
    record.update(_optional(element, _ADJUSTMENT_FIELDS))
    lines = _adjustment_lines(ctx, element)
    action = (child_text(element, "action") or "Submit").strip()
    record["STATE"] = "Draft" if action == "Draft" else "Posted"
    record["TOTALENTERED"] = str(sum((Decimal(line["TRX_AMOUNT"]) for line in lines), Decimal(0)))
    record["APADJUSTMENTITEMS"] = {"APADJUSTMENTITEM": lines}
    record["WHENMODIFIED"] = ctx.timestamp
    return str(ctx.store.insert(obj, record)["RECORDNO"])


def _po_entries(element: etree._Element) -> list[dict[str, Any]]:
    obj, verb = "PODOCUMENT", "create"
    entries = []
    for line in element.iterfind("potransitems/potransitem"):
        quantity = child_text(line, "quantity") or "0"
        check_number(quantity, "quantity", obj, verb)  # quantities keep their own precision
        price = round_amount(child_text(line, "price") or "0", "price", obj, verb)
        total = round_amount(Decimal(quantity) * Decimal(price), "amount", obj, verb)
        entry = {"ITEMID": child_text(line, "itemid") or "", "QUANTITY": quantity}
        entries.append(entry | {"PRICE": price, "TOTAL": total} | _optional(line, _PO_LINE_FIELDS))
    return entries


def create_potransaction(ctx: Context, element: etree._Element) -> str:
    """Store a purchasing document; returns its key `<transactiontype>-<documentno>`."""
    obj, verb = "PODOCUMENT", "create"
    doc_type = (child_text(element, "transactiontype") or "").strip()
    vendor_id = _vendor(ctx, element, obj, verb)
    doc_no = (child_text(element, "documentno") or "").strip()
    if not doc_no:
        doc_no = f"PO{ctx.store.next_record_no(obj):04d}"  # the document sequence numbers it
    doc_id = f"{doc_type}-{doc_no}"
    if ctx.store.by_id(obj, doc_id) is not None:
        raise FunctionError(
            ErrorInfo(
                const.ERR_ALREADY_EXISTS,
                f"Another document with the given value(s) {doc_id} already exists",
                "",
                "Use a unique document number.",
            ),
            ErrorInfo(const.ERR_BUSINESS, "Could not create PODOCUMENT record!", "", ""),
        )
    record: dict[str, Any] = {
        "DOCID": doc_id,
        "DOCNO": doc_no,
        "DOCPARID": doc_type,
        "CUSTVENDID": vendor_id,  # purchasing documents name the vendor CUSTVENDID
        "VENDORID": vendor_id,
        "WHENCREATED": _date(element, "datecreated", obj, verb),
    }
    due = _date(element, "datedue", obj, verb)
    if due:
        record["WHENDUE"] = due
    record.update(_optional(element, _PO_FIELDS))
    record["STATE"] = (child_text(element, "state") or "Pending").strip()
    entries = _po_entries(element)
    record["TOTAL"] = str(sum((Decimal(e["TOTAL"]) for e in entries), Decimal(0)))
    record["PODOCUMENTENTRIES"] = {"PODOCUMENTENTRY": entries}
    record["WHENMODIFIED"] = ctx.timestamp
    ctx.store.insert(obj, record)
    return doc_id
