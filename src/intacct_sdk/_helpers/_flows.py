"""Typed helper logic, written once as generator flows (pure: they yield `Execute` actions).

Creates never post twice: each carries a deterministic controlid with uniqueid, and when the
gateway answers "duplicate" (or gives no status) the object is read back by its business key
(VENDORID, RECORDID, adjustment number, document number) and returned (research section 4).
"""

from __future__ import annotations

from collections.abc import Generator, Iterable, Sequence
from datetime import UTC, datetime
from typing import Any, TypeAlias, TypeVar

import attrs

from intacct_sdk._constants import QUERY_MAX_PAGE_SIZE
from intacct_sdk._exceptions import ResultError
from intacct_sdk._result import Response, Result
from intacct_sdk._serialize import (
    ap_adjustment_from_record,
    ap_bill_from_record,
    gl_account_from_record,
    purchase_order_from_record,
    vendor_from_record,
)
from intacct_sdk._serialize._values import money
from intacct_sdk.functions import (
    Create,
    CreateAPAdjustment,
    CreatePOTransaction,
    Function,
    Query,
    Read,
    ReadByQuery,
    Update,
    equal_to,
    in_,
    quote,
)
from intacct_sdk.models import APAdjustment, APBill, GLAccount, PurchaseOrder, Vendor

__all__ = ["VENDOR_SELECT", "Execute", "HelperFlow"]

T = TypeVar("T")

#: Fields `find_by_email` selects (3.0 `query` needs explicit fields; dotted names allowed).
VENDOR_SELECT = (
    "RECORDNO",
    "VENDORID",
    "NAME",
    "STATUS",
    "DISPLAYCONTACT.PRINTAS",
    "DISPLAYCONTACT.COMPANYNAME",
    "DISPLAYCONTACT.FIRSTNAME",
    "DISPLAYCONTACT.LASTNAME",
    "DISPLAYCONTACT.PHONE1",
    "DISPLAYCONTACT.EMAIL1",
    "DISPLAYCONTACT.EMAIL2",
    "TERMNAME",
    "CURRENCY",
    "WHENMODIFIED",
)
_IN_CHUNK = 100  # values per IN (...) list: keeps each query short


@attrs.frozen
class Execute:
    """Action: run these functions in one request; the driver sends back the Response."""

    functions: Sequence[Function]


HelperFlow: TypeAlias = Generator[Execute, Response, T]


def _one(fn: Function) -> HelperFlow[Result]:
    response = yield Execute([fn])
    return response.result(fn.control_id)


def _records(fn: Function) -> HelperFlow[tuple[dict[str, Any], ...]]:
    result = yield from _one(fn)
    result.raise_for_status()
    return result.data


def _first_where(obj: str, where: str, doc_par_id: str | None = None) -> HelperFlow[Any]:
    fn = ReadByQuery(obj, where, page_size=1, doc_par_id=doc_par_id)
    records = yield from _records(fn)
    return records[0] if records else None


def _raise(result: Result) -> Any:
    error = result.error
    if error is None:  # pragma: no cover - only called for failed results
        raise ResultError("unexpected", control_id=None, function=None, status=None)
    raise error


def in_list(field: str, values: Iterable[str]) -> list[str]:
    """readByQuery `field IN ('a','b')` clauses, at most `_IN_CHUNK` values each."""
    items = [quote(v) for v in values]
    return [
        f"{field} IN ({','.join(items[i : i + _IN_CHUNK])})"
        for i in range(0, len(items), _IN_CHUNK)
    ]


def changed_since_query(when: datetime) -> str:
    """readByQuery clause for WHENMODIFIED at or after `when` (sent as UTC mm/dd/yyyy hh:mm:ss)."""
    if when.tzinfo is None:
        raise ValueError(f"changed_since needs a timezone-aware datetime, got {when!r}")
    stamp = when.astimezone(UTC).strftime("%m/%d/%Y %H:%M:%S")
    return f"WHENMODIFIED >= {quote(stamp)}"


# -- vendors ----------------------------------------------------------------------------------


def vendor_get(vendor_id: str) -> HelperFlow[Vendor | None]:
    """The vendor with this VENDORID, or None."""
    record = yield from _first_where("VENDOR", f"VENDORID = {quote(vendor_id)}")
    return None if record is None else vendor_from_record(record)


def vendor_find_by_email(email: str) -> HelperFlow[list[Vendor]]:
    """Vendors whose DISPLAYCONTACT.EMAIL1 equals `email`, ignoring case."""
    fn = Query(
        "VENDOR",
        VENDOR_SELECT,
        filter=equal_to("DISPLAYCONTACT.EMAIL1", email.strip()),
        case_insensitive=True,
        page_size=100,
    )
    records = yield from _records(fn)
    wanted = email.strip().lower()
    vendors = [vendor_from_record(r) for r in records]
    return [v for v in vendors if (v.email or "").lower() == wanted]


def vendor_find_many(
    vendor_ids: Iterable[str] = (), emails: Iterable[str] = ()
) -> HelperFlow[list[Vendor]]:
    """Vendors whose VENDORID is one of `vendor_ids` or whose e-mail is one of `emails`.

    E-mails match ignoring case (a `query` with `caseinsensitive`); one query per 100 values of
    each, so a whole batch of documents resolves its vendors in one or two requests.
    """
    ids = sorted({v.strip() for v in vendor_ids if v and v.strip()})
    mails = sorted({e.strip() for e in emails if e and e.strip()})
    found: dict[str, Vendor] = {}
    chunks = [("VENDORID", ids[i : i + _IN_CHUNK]) for i in range(0, len(ids), _IN_CHUNK)]
    chunks += [
        ("DISPLAYCONTACT.EMAIL1", mails[i : i + _IN_CHUNK]) for i in range(0, len(mails), _IN_CHUNK)
    ]
    for field, values in chunks:
        fn = Query(
            "VENDOR",
            VENDOR_SELECT,
            filter=in_(field, values),
            case_insensitive=True,
            page_size=QUERY_MAX_PAGE_SIZE,
        )
        for record in (yield from _records(fn)):
            vendor = vendor_from_record(record)
            found[str(vendor.vendor_id or vendor.record_no)] = vendor
    return list(found.values())


def vendor_create(vendor: Vendor, control_id: str | None) -> HelperFlow[Vendor]:
    """Create; on a duplicate, the stored vendor (read back by VENDORID)."""
    fn = Create.for_model(vendor, control_id=control_id)
    result = yield from _one(fn)
    if result.ok:
        record = result.data[0] if result.data else {}
        return attrs.evolve(
            vendor,
            record_no=record.get("RECORDNO") or vendor.record_no,
            vendor_id=record.get("VENDORID") or vendor.vendor_id,
        )
    if result.is_duplicate and vendor.vendor_id:
        stored = yield from vendor_get(vendor.vendor_id)
        if stored is not None:
            return stored
    return _raise(result)  # type: ignore[no-any-return]


def vendor_update(vendor: Vendor, control_id: str | None) -> HelperFlow[Vendor]:
    """Update by VENDORID; a duplicate (same change already applied) reads the vendor back."""
    fn = Update.for_model(vendor, control_id=control_id)
    result = yield from _one(fn)
    if result.ok or result.is_duplicate:
        stored = yield from vendor_get(vendor.vendor_id or "")
        if stored is not None:
            return stored
    return _raise(result)  # type: ignore[no-any-return]


# -- AP bills ---------------------------------------------------------------------------------


def bill_find(record_id: str, vendor_id: str | None = None) -> HelperFlow[APBill | None]:
    """The bill with this RECORDID (bill number), optionally of one vendor."""
    where = f"RECORDID = {quote(record_id)}"
    if vendor_id:
        where += f" AND VENDORID = {quote(vendor_id)}"
    record = yield from _first_where("APBILL", where)
    return None if record is None else ap_bill_from_record(record)


def bill_find_many(record_ids: Iterable[str]) -> HelperFlow[dict[str, APBill]]:
    """Bills by RECORDID, as {RECORDID: bill}; ids not found are absent."""
    found: dict[str, APBill] = {}
    clauses = in_list("RECORDID", dict.fromkeys(record_ids))
    if not clauses:
        return found
    fns = [ReadByQuery("APBILL", clause, page_size=1000) for clause in clauses]
    response = yield Execute(fns)
    for fn in fns:
        for record in response.result(fn.control_id).raise_for_status().data:
            bill = ap_bill_from_record(record)
            if bill.record_id:
                found[bill.record_id] = bill
    return found


def bill_get(record_no: str | int) -> HelperFlow[APBill | None]:
    """The bill with this RECORDNO (lines included), or None."""
    records = yield from _records(Read("APBILL", [record_no]))
    return ap_bill_from_record(records[0]) if records else None


def bill_create(bill: APBill, control_id: str | None) -> HelperFlow[APBill]:
    """Create (3.0); on a duplicate, the stored bill (read back by RECORDID and VENDORID)."""
    fn = Create.for_model(bill, control_id=control_id)
    result = yield from _one(fn)
    if result.ok:
        record = result.data[0] if result.data else {}
        # Return what was stored: amounts as posted (rounded to cents), plus the RECORDNO.
        lines = [attrs.evolve(line, trx_amount=money(line.trx_amount)) for line in bill.lines]
        return attrs.evolve(bill, lines=lines, record_no=record.get("RECORDNO") or bill.record_no)
    if result.is_duplicate and bill.record_id:
        stored = yield from bill_find(bill.record_id, bill.vendor_id)
        if stored is not None:
            return stored
    return _raise(result)  # type: ignore[no-any-return]


# -- AP adjustments ---------------------------------------------------------------------------


def adjustment_find(adjustment_no: str) -> HelperFlow[APAdjustment | None]:
    """The adjustment with this number (RECORDID on APADJUSTMENT), or None."""
    record = yield from _first_where("APADJUSTMENT", f"RECORDID = {quote(adjustment_no)}")
    return None if record is None else ap_adjustment_from_record(record)


def adjustment_create(adj: APAdjustment, control_id: str | None) -> HelperFlow[APAdjustment]:
    """create_apadjustment; on a duplicate, the stored adjustment (by adjustment number)."""
    fn = CreateAPAdjustment(adj, control_id=control_id)
    result = yield from _one(fn)
    if result.ok:
        lines = [attrs.evolve(line, amount=money(line.amount)) for line in adj.lines]
        return attrs.evolve(adj, lines=lines, record_no=result.key or adj.record_no)
    if result.is_duplicate and adj.adjustment_no:
        stored = yield from adjustment_find(adj.adjustment_no)
        if stored is not None:
            return stored
    return _raise(result)  # type: ignore[no-any-return]


# -- purchase orders --------------------------------------------------------------------------


def po_find(
    document_no: str, transaction_type: str = "Purchase Order"
) -> HelperFlow[PurchaseOrder | None]:
    """The purchasing document with this number and transaction definition, or None."""
    record = yield from _first_where(
        "PODOCUMENT", f"DOCNO = {quote(document_no)}", doc_par_id=transaction_type
    )
    return None if record is None else purchase_order_from_record(record)


def po_create(po: PurchaseOrder, control_id: str | None) -> HelperFlow[PurchaseOrder]:
    """create_potransaction; on a duplicate, the stored document (by document number)."""
    fn = CreatePOTransaction(po, control_id=control_id)
    result = yield from _one(fn)
    if result.ok:
        return attrs.evolve(po, key=result.key or po.key)
    if result.is_duplicate and po.document_no:
        stored = yield from po_find(po.document_no, po.transaction_type)
        if stored is not None:
            return stored
    return _raise(result)  # type: ignore[no-any-return]


# -- GL accounts ------------------------------------------------------------------------------


def gl_get(account_no: str) -> HelperFlow[GLAccount | None]:
    """The GL account with this number, or None."""
    record = yield from _first_where("GLACCOUNT", f"ACCOUNTNO = {quote(account_no)}")
    return None if record is None else gl_account_from_record(record)


def gl_exists_active(account_nos: Iterable[str]) -> HelperFlow[dict[str, bool]]:
    """{account_no: exists and is active} in one request (IN lists of 100)."""
    wanted = list(dict.fromkeys(account_nos))
    status = dict.fromkeys(wanted, False)
    clauses = in_list("ACCOUNTNO", wanted)
    if not clauses:
        return status
    fns = [ReadByQuery("GLACCOUNT", c, ["ACCOUNTNO", "STATUS"], 1000) for c in clauses]
    response = yield Execute(fns)
    for fn in fns:
        for record in response.result(fn.control_id).raise_for_status().data:
            account = gl_account_from_record(record)
            if account.account_no in status:
                status[account.account_no] = account.is_active
    return status
