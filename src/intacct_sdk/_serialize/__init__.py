"""Typed models <-> gateway fields (private): what the typed helpers and `for_model` use."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from intacct_sdk._serialize._ap import (
    ap_adjustment_fields,
    ap_adjustment_from_record,
    ap_bill_fields,
    ap_bill_from_record,
)
from intacct_sdk._serialize._po import (
    gl_account_from_record,
    purchase_order_fields,
    purchase_order_from_record,
)
from intacct_sdk._serialize._vendor import vendor_fields, vendor_from_record
from intacct_sdk._xml import render_fields
from intacct_sdk.models import APBill, Vendor

__all__ = [
    "ap_adjustment_fields",
    "ap_adjustment_from_record",
    "ap_bill_fields",
    "ap_bill_from_record",
    "create_fields_for",
    "default_control_id",
    "gl_account_from_record",
    "purchase_order_fields",
    "purchase_order_from_record",
    "update_fields_for",
    "vendor_fields",
    "vendor_from_record",
]


def create_fields_for(model: Vendor | APBill) -> tuple[str, dict[str, Any]]:
    """(object name, fields) for the 3.0 create of a typed model."""
    if isinstance(model, Vendor):
        return "VENDOR", vendor_fields(model)
    if isinstance(model, APBill):
        return "APBILL", ap_bill_fields(model)
    raise TypeError(
        f"no 3.0 create for {type(model).__name__}: use CreateAPAdjustment / CreatePOTransaction"
    )


def update_fields_for(model: Vendor) -> tuple[str, dict[str, Any]]:
    """(object name, fields) for the 3.0 update of a typed model (keyed by its ID)."""
    if isinstance(model, Vendor):
        if not model.vendor_id:
            raise ValueError(f"Vendor {model.name!r} needs vendor_id to be updated")
        return "VENDOR", vendor_fields(model)
    raise TypeError(f"no typed update for {type(model).__name__}")


def default_control_id(
    verb: str, obj: str, fields: Mapping[str, Any], key: str = "", rendered: str | None = None
) -> str:
    """A deterministic controlid: verb, object, business key and a digest of the content.

    The same operation on the same content always gets the same controlid, so a resend (by a retry
    or by a restarted process) is recognised by uniqueid (research section 4); a changed payload
    gets a new one. The digest is over the rendered XML of the fields (`rendered` when the caller
    already has it). Longer keys are cut so the id stays within 256 characters.
    """
    body = render_fields(fields) if rendered is None else rendered
    digest = hashlib.sha256(body.encode("utf-8", "surrogatepass")).hexdigest()[:20]
    ident = key or _business_key(obj, fields)
    return f"{verb}-{obj}-{ident[:180]}-{digest}"


_KEY_FIELDS = {"VENDOR": ("VENDORID", "NAME"), "APBILL": ("VENDORID", "RECORDID")}


def _business_key(obj: str, fields: Mapping[str, Any]) -> str:
    parts = [str(fields[name]) for name in _KEY_FIELDS.get(obj, ()) if fields.get(name)]
    return "-".join(parts) or "x"
