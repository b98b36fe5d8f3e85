"""VENDOR <-> fields (3.0 create/update payload order from research/intacct.md section 8)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from intacct_sdk._serialize import _values as v
from intacct_sdk.models import Address, Contact, Vendor

_KNOWN = (
    "RECORDNO",
    "VENDORID",
    "NAME",
    "STATUS",
    "DISPLAYCONTACT",
    "TERMNAME",
    "CURRENCY",
    "VENDTYPE",
    "TAXID",
    "APACCOUNT",
    "ONHOLD",
    "WHENMODIFIED",
)


def _contact_fields(vendor: Vendor) -> dict[str, Any]:
    c = vendor.display_contact or Contact()
    a = c.mail_address
    return {
        # PRINTAS is required by the gateway; the official SDK defaults it to NAME.
        "PRINTAS": c.print_as or vendor.name,
        "COMPANYNAME": c.company_name,
        "FIRSTNAME": c.first_name,
        "LASTNAME": c.last_name,
        "PHONE1": c.phone1,
        "EMAIL1": c.email1,
        "EMAIL2": c.email2,
        "MAILADDRESS": None
        if a is None
        else {
            "ADDRESS1": a.address1,
            "ADDRESS2": a.address2,
            "CITY": a.city,
            "STATE": a.state,
            "ZIP": a.zip,
            "COUNTRY": a.country,
            "COUNTRYCODE": a.country_code,
        },
    }


def vendor_fields(vendor: Vendor) -> dict[str, Any]:
    """The VENDOR element's children for `create` / `update`, in the documented order."""
    fields: dict[str, Any] = {
        "VENDORID": vendor.vendor_id,
        "NAME": vendor.name,
        "DISPLAYCONTACT": _contact_fields(vendor),
        "STATUS": vendor.status,
        "TERMNAME": vendor.term_name,
        "CURRENCY": vendor.currency,
        "VENDTYPE": vendor.vendor_type,
        "TAXID": vendor.tax_id,
        "APACCOUNT": vendor.ap_account,
        "ONHOLD": vendor.on_hold,
    }
    fields.update(vendor.custom_fields)
    return fields


def vendor_from_record(record: Mapping[str, Any]) -> Vendor:
    """A Vendor from a read/readByQuery/query record (nested or dotted DISPLAYCONTACT)."""

    def dc(name: str) -> str | None:
        return v.text(v.get(record, f"DISPLAYCONTACT.{name}"))

    def ma(name: str) -> str | None:
        return dc(f"MAILADDRESS.{name}")

    address = Address(
        address1=ma("ADDRESS1"),
        address2=ma("ADDRESS2"),
        city=ma("CITY"),
        state=ma("STATE"),
        zip=ma("ZIP"),
        country=ma("COUNTRY"),
        country_code=ma("COUNTRYCODE"),
    )
    contact = Contact(
        print_as=dc("PRINTAS"),
        company_name=dc("COMPANYNAME"),
        first_name=dc("FIRSTNAME"),
        last_name=dc("LASTNAME"),
        phone1=dc("PHONE1"),
        email1=dc("EMAIL1"),
        email2=dc("EMAIL2"),
        mail_address=None if address == Address() else address,
    )
    return Vendor(
        name=v.text(record.get("NAME")) or "",
        vendor_id=v.text(record.get("VENDORID")),
        status=v.text(record.get("STATUS")) or "active",
        display_contact=None if contact == Contact() else contact,
        term_name=v.text(record.get("TERMNAME")),
        currency=v.text(record.get("CURRENCY")),
        vendor_type=v.text(record.get("VENDTYPE")),
        tax_id=v.text(record.get("TAXID")),
        ap_account=v.text(record.get("APACCOUNT")),
        on_hold=v.parse_bool(record.get("ONHOLD")),
        record_no=v.text(record.get("RECORDNO")),
        when_modified=v.parse_datetime(record.get("WHENMODIFIED")),
        extra=v.unknown_fields(record, _KNOWN),
    )
