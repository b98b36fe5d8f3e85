"""VENDOR and its display contact (3.0 `create` / `update` on VENDOR)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import attrs

from intacct_sdk.models._fields import frozen_mapping


@attrs.frozen(kw_only=True)
class Address:
    """`MAILADDRESS` of a contact."""

    address1: str | None = None
    address2: str | None = None
    city: str | None = None
    state: str | None = None
    zip: str | None = None
    country: str | None = None
    country_code: str | None = None


@attrs.frozen(kw_only=True)
class Contact:
    """`DISPLAYCONTACT` of a vendor (`PRINTAS` defaults to the vendor's NAME when posted)."""

    print_as: str | None = None
    company_name: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    phone1: str | None = None
    email1: str | None = None
    email2: str | None = None
    mail_address: Address | None = None


@attrs.frozen(kw_only=True)
class Vendor:
    """A VENDOR record.

    `vendor_id` may be None on create when the company numbers vendors automatically; the created
    VENDORID is then read back from the response. `record_no` and `when_modified` are set by reads.
    `status` None leaves STATUS out: Intacct's default (active) on create, unchanged on update.
    """

    name: str
    vendor_id: str | None = None
    status: str | None = None
    display_contact: Contact | None = None
    term_name: str | None = None
    currency: str | None = None
    vendor_type: str | None = None
    tax_id: str | None = None
    ap_account: str | None = None
    on_hold: bool | None = None
    custom_fields: Mapping[str, str] = attrs.field(factory=dict, converter=frozen_mapping)
    record_no: str | None = None
    when_modified: datetime | None = None
    extra: Mapping[str, Any] = attrs.field(factory=dict, converter=frozen_mapping)

    @property
    def email(self) -> str | None:
        """`DISPLAYCONTACT.EMAIL1`, the address vendor matching uses."""
        return self.display_contact.email1 if self.display_contact else None
