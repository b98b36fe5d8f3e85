"""Customers and B2B companies.

Both are updated with a full replace (`PUT /V1/customers/{id}`, `PUT /V1/company/{id}`): a field
left out is cleared (research/commerce.md section 4). `raw` keeps the payload exactly as read, so an
update can start from it and change only what it means to change.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Self

import attrs

from commerce_sdk.models._parse import (
    frozen_mapping,
    parse_bool,
    parse_datetime,
    parse_int,
    parse_optional_int,
    parse_str,
    shape_checked,
    to_tuple,
)
from commerce_sdk.models._sales import Address

__all__ = ["Company", "Customer", "CustomerAddress", "custom_attributes_of"]


def custom_attributes_of(data: Mapping[str, Any]) -> dict[str, Any]:
    """`custom_attributes` (a list of `{attribute_code, value}`) as a dict by attribute code."""
    result: dict[str, Any] = {}
    for entry in data.get("custom_attributes") or []:
        if isinstance(entry, Mapping) and "attribute_code" in entry:
            result[str(entry["attribute_code"])] = entry.get("value")
    return result


@attrs.frozen(kw_only=True)
class CustomerAddress(Address):
    """A customer's address book entry, with its default flags."""

    id: int | None = None
    default_billing: bool = False
    default_shipping: bool = False

    @classmethod
    @shape_checked
    def from_api(cls, data: Mapping[str, Any]) -> Self:
        """Parse a customer address (`region` may be an object with `region` / `region_code`)."""
        region = data.get("region")
        flat = dict(data)
        if isinstance(region, Mapping):
            flat["region"] = region.get("region")
            flat["region_code"] = region.get("region_code")
        base = Address.from_api(flat)
        extra = {
            k: v
            for k, v in base.extra.items()
            if k not in {"id", "default_billing", "default_shipping"}
        }
        return cls(
            **{a.name: getattr(base, a.name) for a in attrs.fields(Address) if a.name != "extra"},
            extra=extra,
            id=parse_optional_int(data.get("id"), field="CustomerAddress.id"),
            default_billing=parse_bool(data.get("default_billing", False)),
            default_shipping=parse_bool(data.get("default_shipping", False)),
        )


@attrs.frozen(kw_only=True)
class Customer:
    """A customer account (`customer-data-customer-interface`).

    `company_id` comes from `extension_attributes.company_attributes` (0 read as no company).
    `custom_attributes` is keyed by attribute code.
    """

    id: int
    email: str
    firstname: str | None = None
    lastname: str | None = None
    group_id: int | None = None
    website_id: int | None = None
    store_id: int | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    addresses: tuple[CustomerAddress, ...] = attrs.field(default=(), converter=to_tuple)
    custom_attributes: Mapping[str, Any] = attrs.field(factory=dict, converter=frozen_mapping)
    company_id: int | None = None
    job_title: str | None = None
    telephone: str | None = None
    extra: Mapping[str, Any] = attrs.field(factory=dict, converter=frozen_mapping)
    raw: Mapping[str, Any] = attrs.field(
        factory=dict, converter=frozen_mapping, eq=False, repr=False
    )

    _KNOWN = frozenset(
        {
            "id",
            "email",
            "firstname",
            "lastname",
            "group_id",
            "website_id",
            "store_id",
            "created_at",
            "updated_at",
            "addresses",
            "custom_attributes",
            "extension_attributes",
        }
    )

    @property
    def default_billing_address(self) -> CustomerAddress | None:
        """The default billing address, else the first address, else None."""
        for address in self.addresses:
            if address.default_billing:
                return address
        return self.addresses[0] if self.addresses else None

    @classmethod
    @shape_checked
    def from_api(cls, data: Mapping[str, Any]) -> Self:
        """Parse a customer."""
        m = "Customer"
        company = (data.get("extension_attributes") or {}).get("company_attributes") or {}
        return cls(
            id=parse_int(data.get("id"), field=f"{m}.id"),
            email=str(data.get("email") or ""),
            firstname=parse_str(data.get("firstname")),
            lastname=parse_str(data.get("lastname")),
            group_id=parse_optional_int(data.get("group_id"), field=f"{m}.group_id"),
            website_id=parse_optional_int(data.get("website_id"), field=f"{m}.website_id"),
            store_id=parse_optional_int(data.get("store_id"), field=f"{m}.store_id"),
            created_at=parse_datetime(data.get("created_at"), field=f"{m}.created_at"),
            updated_at=parse_datetime(data.get("updated_at"), field=f"{m}.updated_at"),
            addresses=tuple(CustomerAddress.from_api(a) for a in data.get("addresses") or []),
            custom_attributes=custom_attributes_of(data),
            company_id=parse_optional_int(
                company.get("company_id"), field=f"{m}.company_id", zero_is_none=True
            ),
            job_title=parse_str(company.get("job_title")),
            telephone=parse_str(company.get("telephone")),
            extra={k: v for k, v in data.items() if k not in cls._KNOWN},
            raw=data,
        )


@attrs.frozen(kw_only=True)
class Company:
    """A B2B company (`GET /V1/company/{id}`); `status` is 0 pending, 1 approved, 2 rejected,
    3 blocked. `region_id` is a string in the API and kept as one."""

    id: int
    company_name: str
    company_email: str | None = None
    status: int | None = None
    legal_name: str | None = None
    vat_tax_id: str | None = None
    reseller_id: str | None = None
    street: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    city: str | None = None
    country_id: str | None = None
    region: str | None = None
    region_id: str | None = None
    postcode: str | None = None
    telephone: str | None = None
    customer_group_id: int | None = None
    sales_representative_id: int | None = None
    super_user_id: int | None = None
    custom_attributes: Mapping[str, Any] = attrs.field(factory=dict, converter=frozen_mapping)
    extra: Mapping[str, Any] = attrs.field(factory=dict, converter=frozen_mapping)
    raw: Mapping[str, Any] = attrs.field(
        factory=dict, converter=frozen_mapping, eq=False, repr=False
    )

    _KNOWN = frozenset(
        {
            "id",
            "company_name",
            "company_email",
            "status",
            "legal_name",
            "vat_tax_id",
            "reseller_id",
            "street",
            "city",
            "country_id",
            "region",
            "region_id",
            "postcode",
            "telephone",
            "customer_group_id",
            "sales_representative_id",
            "super_user_id",
            "custom_attributes",
        }
    )

    @property
    def is_active(self) -> bool:
        """Approved companies (status 1) are active."""
        return self.status == 1

    @classmethod
    @shape_checked
    def from_api(cls, data: Mapping[str, Any]) -> Self:
        """Parse a company."""
        m = "Company"
        street = data.get("street") or []
        if isinstance(street, str):
            street = [street]
        return cls(
            id=parse_int(data.get("id"), field=f"{m}.id"),
            company_name=str(data.get("company_name") or ""),
            company_email=parse_str(data.get("company_email")),
            status=parse_optional_int(data.get("status"), field=f"{m}.status"),
            legal_name=parse_str(data.get("legal_name")),
            vat_tax_id=parse_str(data.get("vat_tax_id")),
            reseller_id=parse_str(data.get("reseller_id")),
            street=tuple(str(s) for s in street),
            city=parse_str(data.get("city")),
            country_id=parse_str(data.get("country_id")),
            region=parse_str(data.get("region")),
            region_id=parse_str(data.get("region_id")),
            postcode=parse_str(data.get("postcode")),
            telephone=parse_str(data.get("telephone")),
            customer_group_id=parse_optional_int(
                data.get("customer_group_id"), field=f"{m}.customer_group_id"
            ),
            sales_representative_id=parse_optional_int(
                data.get("sales_representative_id"), field=f"{m}.sales_representative_id"
            ),
            super_user_id=parse_optional_int(data.get("super_user_id"), field=f"{m}.super_user_id"),
            custom_attributes=custom_attributes_of(data),
            extra={k: v for k, v in data.items() if k not in cls._KNOWN},
            raw=data,
        )
