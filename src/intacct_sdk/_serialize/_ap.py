"""APBILL (3.0 create) and AP adjustments (legacy create_apadjustment) <-> fields.

Orders follow research/intacct.md section 8 (doc api/accounts-payable/bills and ap-adjustments).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from intacct_sdk._serialize import _values as v
from intacct_sdk.models import APAdjustment, APAdjustmentLine, APBill, APBillLine

_BILL_KNOWN = (
    "RECORDNO",
    "VENDORID",
    "WHENCREATED",
    "WHENDUE",
    "WHENPOSTED",
    "RECORDID",
    "DOCNUMBER",
    "DESCRIPTION",
    "TERMNAME",
    "CURRENCY",
    "BASECURR",
    "EXCH_RATE_DATE",
    "EXCH_RATE_TYPE_ID",
    "EXCHANGE_RATE",
    "ACTION",
    "STATE",
    "TOTALENTERED",
    "WHENMODIFIED",
    "APBILLITEMS",
)
_BILL_LINE_KNOWN = (
    "ACCOUNTNO",
    "TRX_AMOUNT",
    "ENTRYDESCRIPTION",
    "LOCATIONID",
    "DEPARTMENTID",
    "CLASSID",
    "PROJECTID",
    "ITEMID",
)
_ADJ_KNOWN = (
    "RECORDNO",
    "VENDORID",
    "WHENCREATED",
    "WHENPOSTED",
    "RECORDID",
    "DOCNUMBER",
    "DESCRIPTION",
    "CURRENCY",
    "BASECURR",
    "APADJUSTMENTITEMS",
)


def ap_bill_fields(bill: APBill) -> dict[str, Any]:
    """APBILL children for 3.0 `create`; amounts rounded to cents client side.

    Raises:
        ValueError: no lines, or both an exchange rate type and a rate (Intacct allows one).
    """
    if not bill.lines:
        raise ValueError(f"APBill {bill.record_id!r} needs at least one line")
    if bill.exchange_rate_type_id and bill.exchange_rate is not None:
        raise ValueError(
            f"APBill {bill.record_id!r}: set exchange_rate_type_id or exchange_rate, not both"
        )
    fields: dict[str, Any] = {
        "WHENCREATED": bill.when_created,
        "WHENPOSTED": bill.when_posted,
        "VENDORID": bill.vendor_id,
        "RECORDID": bill.record_id,
        "DOCNUMBER": bill.doc_number,
        "DESCRIPTION": bill.description,
        "TERMNAME": bill.term_name,
        "WHENDUE": bill.when_due,
        "CURRENCY": bill.currency,
        "BASECURR": bill.base_currency,
        "EXCH_RATE_DATE": bill.exchange_rate_date,
        "EXCH_RATE_TYPE_ID": bill.exchange_rate_type_id,
        "EXCHANGE_RATE": bill.exchange_rate,
        "ACTION": bill.action,
    }
    fields.update(bill.custom_fields)
    fields["APBILLITEMS"] = {"APBILLITEM": [_bill_line(line) for line in bill.lines]}
    return fields


def _bill_line(line: APBillLine) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "ACCOUNTNO": line.account_no,
        "TRX_AMOUNT": v.money(line.trx_amount),
        "ENTRYDESCRIPTION": line.entry_description,
        "LOCATIONID": line.location_id,
        "DEPARTMENTID": line.department_id,
        "PROJECTID": line.project_id,
        "ITEMID": line.item_id,
        "CLASSID": line.class_id,
    }
    fields.update(line.custom_fields)
    return fields


def ap_bill_from_record(record: Mapping[str, Any]) -> APBill:
    """An APBill from a record; lines come from APBILLITEMS when the read returned them."""
    items = record.get("APBILLITEMS")
    lines = [
        APBillLine(
            account_no=v.text(item.get("ACCOUNTNO")) or "",
            trx_amount=v.parse_decimal(item.get("TRX_AMOUNT") or item.get("AMOUNT")) or Decimal(0),
            entry_description=v.text(item.get("ENTRYDESCRIPTION")),
            location_id=v.text(item.get("LOCATIONID")),
            department_id=v.text(item.get("DEPARTMENTID")),
            class_id=v.text(item.get("CLASSID")),
            project_id=v.text(item.get("PROJECTID")),
            item_id=v.text(item.get("ITEMID")),
            custom_fields={},
        )
        for item in v.as_list(items.get("APBILLITEM") if isinstance(items, Mapping) else None)
    ]
    return APBill(
        vendor_id=v.text(record.get("VENDORID")) or "",
        when_created=_required_date(record, "WHENCREATED"),
        lines=lines,
        when_due=v.parse_date(record.get("WHENDUE")),
        when_posted=v.parse_date(record.get("WHENPOSTED")),
        record_id=v.text(record.get("RECORDID")),
        doc_number=v.text(record.get("DOCNUMBER")),
        description=v.text(record.get("DESCRIPTION")),
        term_name=v.text(record.get("TERMNAME")),
        currency=v.text(record.get("CURRENCY")),
        base_currency=v.text(record.get("BASECURR")),
        exchange_rate_date=v.parse_date(record.get("EXCH_RATE_DATE")),
        exchange_rate_type_id=v.text(record.get("EXCH_RATE_TYPE_ID")),
        exchange_rate=v.parse_decimal(record.get("EXCHANGE_RATE")),
        action=v.text(record.get("ACTION")),
        record_no=v.text(record.get("RECORDNO")),
        state=v.text(record.get("STATE")),
        total_entered=v.parse_decimal(record.get("TOTALENTERED")),
        when_modified=v.parse_datetime(record.get("WHENMODIFIED")),
        extra=v.unknown_fields(record, _BILL_KNOWN),
    )


def _required_date(record: Mapping[str, Any], name: str) -> Any:
    value = v.parse_date(record.get(name))
    if value is None:
        raise ValueError(f"record has no {name}: {sorted(record)[:10]}")
    return value


def ap_adjustment_fields(adj: APAdjustment) -> dict[str, Any]:
    """`create_apadjustment` children (legacy, lowercase, dates as year/month/day).

    Raises:
        ValueError: no lines, mixed signs ("amounts must be all positive or all negative"), or both
            an exchange rate type and a rate.
    """
    if not adj.lines:
        raise ValueError(f"APAdjustment {adj.adjustment_no!r} needs at least one line")
    signs = {line.amount > 0 for line in adj.lines if line.amount != 0}
    if len(signs) > 1:
        raise ValueError(
            f"APAdjustment {adj.adjustment_no!r}: line amounts must be all positive or all "
            f"negative, got {[str(line.amount) for line in adj.lines]}"
        )
    if adj.exchange_rate_type and adj.exchange_rate is not None:
        raise ValueError(
            f"APAdjustment {adj.adjustment_no!r}: set exchange_rate_type or exchange_rate, not both"
        )
    return {
        "vendorid": adj.vendor_id,
        "datecreated": v.legacy_date(adj.date_created),
        "dateposted": v.legacy_date(adj.date_posted),
        "adjustmentno": adj.adjustment_no,
        "action": adj.action,
        "billno": adj.bill_no,
        "description": adj.description,
        "externalid": adj.external_id,
        "basecurr": adj.base_currency,
        "currency": adj.currency,
        "exchratedate": v.legacy_date(adj.exchange_rate_date),
        "exchratetype": adj.exchange_rate_type,
        "exchrate": adj.exchange_rate,
        "customfields": v.legacy_custom_fields(adj.custom_fields),
        "apadjustmentitems": {"lineitem": [_adj_line(line) for line in adj.lines]},
    }


def _adj_line(line: APAdjustmentLine) -> dict[str, Any]:
    return {
        "glaccountno": line.gl_account_no,
        "amount": v.money(line.amount),
        "memo": line.memo,
        "locationid": line.location_id,
        "departmentid": line.department_id,
        "customfields": v.legacy_custom_fields(line.custom_fields),
        "projectid": line.project_id,
        "classid": line.class_id,
    }


def ap_adjustment_from_record(record: Mapping[str, Any]) -> APAdjustment:
    """An APAdjustment from an APADJUSTMENT record (RECORDID is the adjustment number)."""
    items = record.get("APADJUSTMENTITEMS")
    lines = [
        APAdjustmentLine(
            gl_account_no=v.text(item.get("ACCOUNTNO") or item.get("GLACCOUNTNO")) or "",
            amount=v.parse_decimal(item.get("TRX_AMOUNT") or item.get("AMOUNT")) or Decimal(0),
            memo=v.text(item.get("ENTRYDESCRIPTION") or item.get("MEMO")),
            location_id=v.text(item.get("LOCATIONID")),
            department_id=v.text(item.get("DEPARTMENTID")),
        )
        for item in v.as_list(items.get("APADJUSTMENTITEM") if isinstance(items, Mapping) else None)
    ]
    return APAdjustment(
        vendor_id=v.text(record.get("VENDORID")) or "",
        date_created=_required_date(record, "WHENCREATED"),
        lines=lines,
        date_posted=v.parse_date(record.get("WHENPOSTED")),
        adjustment_no=v.text(record.get("RECORDID")),
        bill_no=v.text(record.get("DOCNUMBER")),
        description=v.text(record.get("DESCRIPTION")),
        currency=v.text(record.get("CURRENCY")),
        base_currency=v.text(record.get("BASECURR")),
        record_no=v.text(record.get("RECORDNO")),
        extra=v.unknown_fields(record, _ADJ_KNOWN),
    )
