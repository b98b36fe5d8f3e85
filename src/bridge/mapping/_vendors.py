"""Vendor master both ways: Commerce customers and companies to VENDOR, and Intacct back.

Back to Commerce, customers and companies are updated by full replace (`PUT`; a field left out is
cleared: research/commerce.md section 4), so the payload starts from the model's `raw` and changes
only the fields `vendors.ownership` gives to Intacct, plus the VENDORID custom attribute.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bridge._mapping_config import MappingConfig
from bridge.mapping._common import order_name
from bridge.mapping._control_ids import control_id
from bridge.mapping._matching import (
    guest_vendor_id,
    normalize_email,
    vendor_id_for_company,
    vendor_id_for_customer,
)
from bridge.mapping._results import MappedVendor
from bridge.mapping._text import Notes
from commerce_sdk.models import Address as CommerceAddress
from commerce_sdk.models import Company, Customer, Order
from intacct_sdk.models import Address, Contact, Vendor

__all__ = [
    "company_to_vendor",
    "customer_to_vendor",
    "order_to_vendor",
    "vendor_to_company_update",
    "vendor_to_customer_update",
]


def _full_name(first: str | None, last: str | None) -> str:
    return " ".join(p.strip() for p in (first, last) if p and p.strip())


def _mail_address(
    street: tuple[str, ...],
    city: str | None,
    state: str | None,
    postcode: str | None,
    country_id: str | None,
    notes: Notes,
) -> Address | None:
    if not any((street, city, state, postcode, country_id)):
        return None
    return Address(
        address1=notes.clip("street[0]", street[0] if street else None, "address_line"),
        address2=notes.clip("street[1:]", ", ".join(street[1:]) or None, "address_line"),
        city=notes.clip("city", city, "city"),
        state=notes.clip("region", state, "state"),
        zip=notes.clip("postcode", postcode, "zip"),
        country_code=country_id,
    )


def _address_of(address: CommerceAddress | None, notes: Notes) -> Address | None:
    if address is None:
        return None
    return _mail_address(
        address.street,
        address.city,
        address.region_code or address.region,
        address.postcode,
        address.country_id,
        notes,
    )


def _person_vendor(
    vendor_id: str,
    first: str | None,
    last: str | None,
    email: str | None,
    address: CommerceAddress | None,
    notes: Notes,
) -> Vendor:
    config = notes.config
    if not normalize_email(email):
        raise notes.error("email", "a vendor needs an e-mail to be matched later")
    name = _full_name(first, last) or (email or "").strip()
    clipped = notes.clip("name", name, "vendor_name") or name
    contact = Contact(
        print_as=clipped,
        company_name=notes.clip("company", address.company if address else None, "vendor_name"),
        first_name=notes.clip("firstname", first, "contact_name"),
        last_name=notes.clip("lastname", last, "contact_name"),
        phone1=notes.clip("telephone", address.telephone if address else None, "phone"),
        email1=notes.clip("email", email, "email"),
        mail_address=_address_of(address, notes),
    )
    return Vendor(
        name=clipped,
        status="active",
        vendor_id=notes.identifier("vendor_id", vendor_id, "vendor_id"),
        display_contact=contact,
        term_name=config.vendors.term_name,
        vendor_type=config.vendors.vendor_type,
    )


def customer_to_vendor(customer: Customer, config: MappingConfig) -> MappedVendor:
    """The VENDOR for a customer account (name, contact, e-mail, phone, billing address)."""
    notes = Notes(f"customer {customer.id}", config)
    vendor = _person_vendor(
        vendor_id_for_customer(customer, config),
        customer.firstname,
        customer.lastname,
        customer.email,
        customer.default_billing_address,
        notes,
    )
    return MappedVendor(
        vendor=vendor,
        control_id=control_id(config, "customer", customer.id, "vendor"),
        warnings=notes.done(),
    )


def order_to_vendor(order: Order, config: MappingConfig) -> MappedVendor:
    """The VENDOR for a guest order's buyer, id from `guest_vendor_id` (stable per e-mail)."""
    notes = Notes(order_name(order), config)
    if not normalize_email(order.customer_email):
        raise notes.error("customer_email", "a guest order needs an e-mail to create its vendor")
    email = order.customer_email or ""
    vendor = _person_vendor(
        guest_vendor_id(email, config),
        order.customer_firstname
        or (order.billing_address.firstname if order.billing_address else None),
        order.customer_lastname
        or (order.billing_address.lastname if order.billing_address else None),
        email,
        order.billing_address,
        notes,
    )
    return MappedVendor(
        vendor=vendor,
        control_id=control_id(config, "guest", guest_vendor_id(email, config), "vendor"),
        warnings=notes.done(),
    )


def company_to_vendor(company: Company, config: MappingConfig) -> MappedVendor:
    """The VENDOR for a B2B company (legal name, e-mail, phone, address, VAT id, status)."""
    notes = Notes(f"company {company.id}", config)
    if not company.company_name.strip():
        raise notes.error("company_name", "is empty")
    name = notes.clip("company_name", company.company_name, "vendor_name") or ""
    contact = Contact(
        print_as=name,
        company_name=notes.clip(
            "legal_name", company.legal_name or company.company_name, "vendor_name"
        ),
        phone1=notes.clip("telephone", company.telephone, "phone"),
        email1=notes.clip("company_email", company.company_email, "email"),
        mail_address=_mail_address(
            company.street,
            company.city,
            company.region,
            company.postcode,
            company.country_id,
            notes,
        ),
    )
    vendor = Vendor(
        name=name,
        vendor_id=notes.identifier(
            "vendor_id", vendor_id_for_company(company, config), "vendor_id"
        ),
        # Commerce company status: 1 approved; pending, rejected and blocked are not active.
        status="active" if company.is_active else "inactive",
        display_contact=contact,
        term_name=config.vendors.term_name,
        vendor_type=config.vendors.vendor_type,
        tax_id=notes.clip("vat_tax_id", company.vat_tax_id, "tax_id"),
    )
    return MappedVendor(
        vendor=vendor,
        control_id=control_id(config, "company", company.id, "vendor"),
        warnings=notes.done(),
    )


def _thaw(value: Any) -> Any:
    # `raw` is a read-only view over JSON: copy it into plain dicts and lists we may change.
    if isinstance(value, Mapping):
        return {k: _thaw(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_thaw(v) for v in value]
    return value


def _set_attribute(body: dict[str, Any], code: str, value: str) -> None:
    entries = [e for e in body.get("custom_attributes") or [] if isinstance(e, dict)]
    for entry in entries:
        if entry.get("attribute_code") == code:
            entry["value"] = value
            break
    else:
        entries.append({"attribute_code": code, "value": value})
    body["custom_attributes"] = entries


def _set(body: dict[str, Any], key: str, value: str | None) -> None:
    # Intacct owning a field it left empty does not clear it in Commerce (which may require it).
    if value is not None and value.strip():
        body[key] = value.strip()


def _start(
    raw: Mapping[str, Any], vendor: Vendor, document: str, config: MappingConfig
) -> dict[str, Any]:
    if not raw:
        raise Notes(document, config).error(
            "raw", "no payload as read: a full-replace update would clear the record"
        )
    if not vendor.vendor_id:
        raise Notes(document, config).error("vendor_id", "the vendor has no VENDORID to link")
    return dict(_thaw(raw))


def vendor_to_customer_update(
    vendor: Vendor, customer: Customer, config: MappingConfig
) -> dict[str, Any]:
    """`{"customer": {...}}` for `PUT /V1/customers/{id}`: the customer as read, with the
    Intacct-owned fields from the vendor and the VENDORID in `vendors.vendor_id_attribute`."""
    body = _start(customer.raw, vendor, f"customer {customer.id}", config)
    policy = config.vendors
    contact = vendor.display_contact or Contact()
    if policy.owned_by_intacct("name"):
        _set(body, "firstname", contact.first_name)
        _set(body, "lastname", contact.last_name)
    if policy.owned_by_intacct("email"):
        _set(body, "email", vendor.email)
    if policy.owned_by_intacct("tax_id"):
        _set(body, "taxvat", vendor.tax_id)
    addresses = [a for a in body.get("addresses") or [] if isinstance(a, dict)]
    target = next(
        (a for a in addresses if a.get("default_billing")), addresses[0] if addresses else None
    )
    if target is not None:
        if policy.owned_by_intacct("phone"):
            _set(target, "telephone", contact.phone1)
        mail = contact.mail_address
        if policy.owned_by_intacct("address") and mail is not None:
            _update_street(target, mail)
            _set(target, "city", mail.city)
            _set(target, "postcode", mail.zip)
            _set(target, "country_id", mail.country_code)
    _set_attribute(body, policy.vendor_id_attribute, vendor.vendor_id or "")
    return {"customer": body}


def _update_street(target: dict[str, Any], mail: Address) -> None:
    street = [s for s in (mail.address1, mail.address2) if s and s.strip()]
    if street:
        target["street"] = street


def vendor_to_company_update(
    vendor: Vendor, company: Company, config: MappingConfig
) -> dict[str, Any]:
    """`{"company": {...}}` for `PUT /V1/company/{id}`: the company as read, with the
    Intacct-owned fields from the vendor and the VENDORID in `vendors.vendor_id_attribute`."""
    body = _start(company.raw, vendor, f"company {company.id}", config)
    policy = config.vendors
    contact = vendor.display_contact or Contact()
    if policy.owned_by_intacct("name"):
        _set(body, "company_name", vendor.name)
    if policy.owned_by_intacct("email"):
        _set(body, "company_email", vendor.email)
    if policy.owned_by_intacct("phone"):
        _set(body, "telephone", contact.phone1)
    if policy.owned_by_intacct("tax_id"):
        _set(body, "vat_tax_id", vendor.tax_id)
    mail = contact.mail_address
    if policy.owned_by_intacct("address") and mail is not None:
        _update_street(body, mail)
        _set(body, "city", mail.city)
        _set(body, "region", mail.state)
        _set(body, "postcode", mail.zip)
        _set(body, "country_id", mail.country_code)
    _set_attribute(body, policy.vendor_id_attribute, vendor.vendor_id or "")
    return {"company": body}
