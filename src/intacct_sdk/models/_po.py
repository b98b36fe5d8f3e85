"""Purchase orders (legacy `create_potransaction`; read back as PODOCUMENT)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

import attrs

from intacct_sdk.models._fields import (
    frozen_mapping,
    to_decimal,
    to_optional_decimal,
    to_tuple,
)


@attrs.frozen(kw_only=True)
class PurchaseOrderLine:
    """One `potransitem`."""

    item_id: str
    quantity: Decimal = attrs.field(converter=to_decimal)
    item_description: str | None = None
    unit: str | None = None
    price: Decimal | None = attrs.field(default=None, converter=to_optional_decimal)
    warehouse_id: str | None = None
    location_id: str | None = None
    department_id: str | None = None
    memo: str | None = None
    custom_fields: Mapping[str, str] = attrs.field(factory=dict, converter=frozen_mapping)


@attrs.frozen(kw_only=True)
class PurchaseOrder:
    """A purchasing transaction such as a `Purchase Order`.

    `document_no` is the document number; the created key has the form
    `<transaction_type>-<document_no>` (e.g. `Purchase Order-PO0213`) and is set in `key` by reads.
    `return_to_contact` and `pay_to_contact` are required by the XSD; sent empty when None.
    """

    transaction_type: str
    date_created: date
    vendor_id: str
    lines: tuple[PurchaseOrderLine, ...] = attrs.field(converter=to_tuple)
    date_posted: date | None = None
    created_from: str | None = None
    document_no: str | None = None
    reference_no: str | None = None
    vendor_doc_no: str | None = None
    term_name: str | None = None
    date_due: date | None = None
    message: str | None = None
    shipping_method: str | None = None
    return_to_contact: str | None = None
    pay_to_contact: str | None = None
    external_id: str | None = None
    base_currency: str | None = None
    currency: str | None = None
    exchange_rate_date: date | None = None
    exchange_rate_type: str | None = None
    exchange_rate: Decimal | None = attrs.field(default=None, converter=to_optional_decimal)
    state: str | None = None
    custom_fields: Mapping[str, str] = attrs.field(factory=dict, converter=frozen_mapping)
    key: str | None = None
    extra: Mapping[str, Any] = attrs.field(factory=dict, converter=frozen_mapping)
