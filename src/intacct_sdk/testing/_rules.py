"""Business rules the fake enforces when records are written, and the defaults Intacct fills in.

These are what tests lean on to produce realistic failures: a duplicate VENDORID (BL34000061,
research/intacct.md section 3), a bill for an unknown vendor, a bill line on an unknown or inactive
GL account ("a bad record in a batch"), and amounts rounded to 2 places the way Intacct rounds
them (research/intacct.md section 8, APBILL).
"""

from __future__ import annotations

from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from intacct_sdk.testing import _constants as const
from intacct_sdk.testing._objects import ObjectStore
from intacct_sdk.testing._results import ErrorInfo, FunctionError

__all__ = [
    "LABELS",
    "business_error",
    "check_date",
    "check_line_account",
    "check_number",
    "prepare",
    "round_amount",
]

LABELS = {
    "VENDOR": "Vendor",
    "APBILL": "APBILL",
    "GLACCOUNT": "GL Account",
    "APADJUSTMENT": "APADJUSTMENT",
    "PODOCUMENT": "PODOCUMENT",
}
_CENT = Decimal("0.01")


def business_error(obj: str, detail: str, *, verb: str = "create") -> FunctionError:
    """A failure shaped like Intacct's: the specific error, then the generic 'Could not ...'."""
    return FunctionError(
        ErrorInfo(const.ERR_BUSINESS, "", detail, ""),
        ErrorInfo(const.ERR_BUSINESS, f"Could not {verb} {LABELS.get(obj, obj)} record!", "", ""),
    )


def check_number(value: Any, field: str, obj: str, verb: str) -> Decimal:
    """A finite decimal number, or a failure naming the field and the bad value."""
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise business_error(obj, f"Invalid amount {value!r} for {field}.", verb=verb) from None
    if not number.is_finite():
        raise business_error(obj, f"Invalid amount {value!r} for {field}.", verb=verb)
    return number


def round_amount(value: Any, field: str, obj: str, verb: str) -> str:
    """Intacct rounds amounts with more than 2 decimals to 2 (half up); non-numbers fail."""
    amount = check_number(value, field, obj, verb)
    return str(amount.quantize(_CENT, rounding=ROUND_HALF_UP))


def check_date(value: Any, field: str, obj: str, verb: str) -> None:
    """3.0 dates are mm/dd/yyyy (research/intacct.md section 8)."""
    try:
        datetime.strptime(str(value), const.DATE_FORMAT)  # noqa: DTZ007 - a calendar date
    except ValueError:
        raise business_error(
            obj, f"Invalid date {value!r} for {field}: expected mm/dd/yyyy.", verb=verb
        ) from None


def _required(record: dict[str, Any], field: str, obj: str, verb: str) -> str:
    value = record.get(field)
    if value is None or (isinstance(value, str) and not value.strip()):
        raise business_error(obj, f"Required field {field} is missing.", verb=verb)
    return str(value).strip() if isinstance(value, str) else str(value)


def _unique(store: ObjectStore, obj: str, field: str, value: str, record_no: int | None) -> None:
    existing = store.by_id(obj, value)
    if existing is not None and int(existing["RECORDNO"]) != record_no:
        raise FunctionError(
            ErrorInfo(
                const.ERR_ALREADY_EXISTS,
                f"Another {LABELS[obj]} with the given value(s) {value} already exists",
                "",
                "Use a unique value instead.",
            ),
            ErrorInfo(const.ERR_BUSINESS, f"Could not create {LABELS[obj]} record!", "", ""),
        )


def prepare(
    store: ObjectStore,
    obj: str,
    record: dict[str, Any],
    *,
    record_no: int | None,
    auto_vendor_id: bool,
) -> dict[str, Any]:
    """Validate a create (`record_no` None) or a merged update and fill Intacct's defaults."""
    verb = "create" if record_no is None else "update"
    if obj == "VENDOR":
        return _vendor(store, record, record_no, auto_vendor_id, verb)
    if obj == "APBILL":
        return _ap_bill(store, record, verb)
    if obj == "GLACCOUNT":
        account_no = _required(record, "ACCOUNTNO", obj, verb)
        _required(record, "TITLE", obj, verb)
        _unique(store, obj, "ACCOUNTNO", account_no, record_no)
        record.setdefault("STATUS", "active")
        record.setdefault("NORMALBALANCE", "debit")
        record.setdefault("ACCOUNTTYPE", "balancesheet")
        return record
    return record


def _vendor(
    store: ObjectStore,
    record: dict[str, Any],
    record_no: int | None,
    auto_vendor_id: bool,
    verb: str,
) -> dict[str, Any]:
    if auto_vendor_id and record_no is None and not str(record.get("VENDORID") or "").strip():
        # With vendor auto-numbering the ID is read back from the create result (section 8).
        record["VENDORID"] = f"VEND-{store.next_record_no('VENDOR'):05d}"
    vendor_id = _required(record, "VENDORID", "VENDOR", verb)
    name = _required(record, "NAME", "VENDOR", verb)
    _unique(store, "VENDOR", "VENDORID", vendor_id, record_no)
    record["VENDORID"] = vendor_id
    record.setdefault("STATUS", "active")
    record.setdefault("ONHOLD", "false")
    contact = record.get("DISPLAYCONTACT")
    contact = dict(contact) if isinstance(contact, dict) else {}
    contact.setdefault("PRINTAS", name)
    # The contact is auto-created as "Name(VVendorID)" (PHP VendorCreate comment, section 8).
    contact.setdefault("CONTACTNAME", f"{name}(V{vendor_id})")
    record["DISPLAYCONTACT"] = contact
    return record


def _ap_bill(store: ObjectStore, record: dict[str, Any], verb: str) -> dict[str, Any]:
    vendor_id = _required(record, "VENDORID", "APBILL", verb)
    vendor = store.by_id("VENDOR", vendor_id)
    if vendor is None:
        raise business_error("APBILL", f"Invalid Vendor '{vendor_id}' specified.", verb=verb)
    if str(vendor.get("STATUS", "active")).lower() != "active":
        raise business_error("APBILL", f"Vendor '{vendor_id}' is inactive.", verb=verb)
    action = str(record.get("ACTION") or "Submit").strip()
    if action not in {"Submit", "Draft"}:
        raise business_error("APBILL", f"Invalid ACTION {action!r}: Submit or Draft.", verb=verb)
    for field in ("WHENCREATED", "WHENDUE", "WHENPOSTED"):
        if record.get(field):
            check_date(record[field], field, "APBILL", verb)
        elif field != "WHENPOSTED" and action != "Draft":
            # Both dates are required unless ACTION=Draft (2022 R1, section 8).
            raise business_error("APBILL", f"Required field {field} is missing.", verb=verb)
    items = record.get("APBILLITEMS")
    lines = items.get("APBILLITEM") if isinstance(items, dict) else None
    if not isinstance(lines, list) or not lines:
        raise business_error("APBILL", "A bill needs at least one line (APBILLITEM).", verb=verb)
    total = Decimal(0)
    cleaned = []
    for number, line in enumerate(lines, start=1):
        if not isinstance(line, dict):
            raise business_error("APBILL", f"Line {number} is empty.", verb=verb)
        line = dict(line)
        check_line_account(store, line.get("ACCOUNTNO"), line.get("ACCOUNTLABEL"), number, verb)
        if line.get("TRX_AMOUNT") in (None, ""):
            raise business_error("APBILL", f"Line {number}: TRX_AMOUNT is required.", verb=verb)
        line["TRX_AMOUNT"] = round_amount(line["TRX_AMOUNT"], "TRX_AMOUNT", "APBILL", verb)
        total += Decimal(line["TRX_AMOUNT"])
        cleaned.append(line)
    record["APBILLITEMS"] = {"APBILLITEM": cleaned}
    record["TOTALENTERED"] = str(total)
    record.setdefault("TOTALPAID", "0.00")
    record["TOTALDUE"] = str(total - Decimal(str(record["TOTALPAID"])))
    record["STATE"] = "Draft" if action == "Draft" else "Posted"
    return record


def check_line_account(
    store: ObjectStore, account_no: Any, label: Any, number: int, verb: str, obj: str = "APBILL"
) -> None:
    """A line's GL account must exist and be active; the error names the account."""
    if not account_no and not label:
        raise business_error(
            obj, f"Line {number}: ACCOUNTNO or ACCOUNTLABEL is required.", verb=verb
        )
    if not account_no:
        return  # account labels are not modelled; any label is accepted
    account = store.by_id("GLACCOUNT", str(account_no).strip())
    if account is None:
        raise business_error(
            obj, f"Invalid GL Account '{account_no}' specified in line {number}.", verb=verb
        )
    if str(account.get("STATUS", "active")).lower() != "active":
        raise business_error(
            obj, f"GL Account '{account_no}' in line {number} is inactive.", verb=verb
        )
