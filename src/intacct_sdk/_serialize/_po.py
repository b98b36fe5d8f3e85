"""Purchase orders (legacy create_potransaction in the XSD's order) and GL accounts <-> fields."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from intacct_sdk._serialize import _values as v
from intacct_sdk.models import GLAccount, PurchaseOrder, PurchaseOrderLine

_PO_KNOWN = (
    "DOCID",
    "DOCNO",
    "DOCPARID",
    "CUSTVENDID",
    "WHENCREATED",
    "WHENDUE",
    "PONUMBER",
    "VENDORDOCNO",
    "STATE",
    "CURRENCY",
    "BASECURR",
)
_GL_KNOWN = ("ACCOUNTNO", "TITLE", "ACCOUNTTYPE", "NORMALBALANCE", "STATUS", "RECORDNO")


def purchase_order_fields(po: PurchaseOrder) -> dict[str, Any]:
    """`create_potransaction` children in `v3.0/api.xsd` order (research section 8).

    `returnto` and `payto` are required by the XSD and always written (empty contact name when
    None), as the official SDK does.

    Raises:
        ValueError: no lines, or both an exchange rate type and a rate.
    """
    if not po.lines:
        raise ValueError(f"PurchaseOrder {po.document_no!r} needs at least one line")
    if po.exchange_rate_type and po.exchange_rate is not None:
        raise ValueError(
            f"PurchaseOrder {po.document_no!r}: set exchange_rate_type or exchange_rate, not both"
        )
    return {
        "transactiontype": po.transaction_type,
        "datecreated": v.legacy_date(po.date_created),
        "dateposted": v.legacy_date(po.date_posted),
        "createdfrom": po.created_from,
        "vendorid": po.vendor_id,
        "documentno": po.document_no,
        "referenceno": po.reference_no,
        "vendordocno": po.vendor_doc_no,
        "termname": po.term_name,
        "datedue": v.legacy_date(po.date_due),
        "message": po.message,
        "shippingmethod": po.shipping_method,
        "returnto": {"contactname": po.return_to_contact or ""},
        "payto": {"contactname": po.pay_to_contact or ""},
        "externalid": po.external_id,
        "basecurr": po.base_currency,
        "currency": po.currency,
        "exchratedate": v.legacy_date(po.exchange_rate_date),
        "exchratetype": po.exchange_rate_type,
        "exchrate": po.exchange_rate,
        "customfields": v.legacy_custom_fields(po.custom_fields),
        "state": po.state,
        "potransitems": {"potransitem": [_po_line(line) for line in po.lines]},
    }


def _po_line(line: PurchaseOrderLine) -> dict[str, Any]:
    return {
        "itemid": line.item_id,
        "itemdesc": line.item_description,
        "warehouseid": line.warehouse_id,
        "quantity": line.quantity,
        "unit": line.unit,
        "price": line.price,
        "locationid": line.location_id,
        "departmentid": line.department_id,
        "memo": line.memo,
        "customfields": v.legacy_custom_fields(line.custom_fields),
    }


def purchase_order_from_record(record: Mapping[str, Any]) -> PurchaseOrder:
    """A PurchaseOrder from a PODOCUMENT record (`query`/`readByQuery` do not return lines)."""
    return PurchaseOrder(
        transaction_type=v.text(record.get("DOCPARID")) or "",
        date_created=v.parse_date(record.get("WHENCREATED")) or _missing("WHENCREATED", record),
        vendor_id=v.text(record.get("CUSTVENDID")) or "",
        lines=(),
        document_no=v.text(record.get("DOCNO")),
        reference_no=v.text(record.get("PONUMBER")),
        vendor_doc_no=v.text(record.get("VENDORDOCNO")),
        date_due=v.parse_date(record.get("WHENDUE")),
        currency=v.text(record.get("CURRENCY")),
        base_currency=v.text(record.get("BASECURR")),
        state=v.text(record.get("STATE")),
        key=v.text(record.get("DOCID")),
        extra=v.unknown_fields(record, _PO_KNOWN),
    )


def _missing(name: str, record: Mapping[str, Any]) -> Any:
    raise ValueError(f"record has no {name}: {sorted(record)[:10]}")


def gl_account_from_record(record: Mapping[str, Any]) -> GLAccount:
    """A GLAccount from a GLACCOUNT record."""
    return GLAccount(
        account_no=v.text(record.get("ACCOUNTNO")) or "",
        title=v.text(record.get("TITLE")),
        account_type=v.text(record.get("ACCOUNTTYPE")),
        normal_balance=v.text(record.get("NORMALBALANCE")),
        status=v.text(record.get("STATUS")),
        record_no=v.text(record.get("RECORDNO")),
        extra=v.unknown_fields(record, _GL_KNOWN),
    )
