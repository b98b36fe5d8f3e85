"""AP bills (3.0 `create` on APBILL) and AP adjustments (legacy `create_apadjustment`)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
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
class APBillLine:
    """One `APBILLITEMS/APBILLITEM`: an amount on a GL account, with its dimensions."""

    account_no: str
    trx_amount: Decimal = attrs.field(converter=to_decimal)
    entry_description: str | None = None
    location_id: str | None = None
    department_id: str | None = None
    class_id: str | None = None
    project_id: str | None = None
    item_id: str | None = None
    custom_fields: Mapping[str, str] = attrs.field(factory=dict, converter=frozen_mapping)


@attrs.frozen(kw_only=True)
class APBill:
    """An APBILL.

    `record_id` is the bill number (RECORDID), `doc_number` the reference number (DOCNUMBER).
    Set either `exchange_rate_type_id` or `exchange_rate`, never both (Intacct rule); leave both
    empty for the company's default rate. `record_no`, `state`, `total_entered` and
    `when_modified` are set by reads.
    """

    vendor_id: str
    when_created: date
    lines: tuple[APBillLine, ...] = attrs.field(converter=to_tuple)
    when_due: date | None = None
    when_posted: date | None = None
    record_id: str | None = None
    doc_number: str | None = None
    description: str | None = None
    term_name: str | None = None
    currency: str | None = None
    base_currency: str | None = None
    exchange_rate_date: date | None = None
    exchange_rate_type_id: str | None = None
    exchange_rate: Decimal | None = attrs.field(default=None, converter=to_optional_decimal)
    action: str | None = None
    custom_fields: Mapping[str, str] = attrs.field(factory=dict, converter=frozen_mapping)
    record_no: str | None = None
    state: str | None = None
    total_entered: Decimal | None = attrs.field(default=None, converter=to_optional_decimal)
    when_modified: datetime | None = None
    extra: Mapping[str, Any] = attrs.field(factory=dict, converter=frozen_mapping)

    @property
    def total(self) -> Decimal:
        """The sum of the lines' amounts."""
        return sum((line.trx_amount for line in self.lines), Decimal("0"))


@attrs.frozen(kw_only=True)
class APAdjustmentLine:
    """One `apadjustmentitems/lineitem`. All lines of one adjustment carry the same sign."""

    gl_account_no: str
    amount: Decimal = attrs.field(converter=to_decimal)
    memo: str | None = None
    location_id: str | None = None
    department_id: str | None = None
    class_id: str | None = None
    project_id: str | None = None
    custom_fields: Mapping[str, str] = attrs.field(factory=dict, converter=frozen_mapping)


@attrs.frozen(kw_only=True)
class APAdjustment:
    """An AP adjustment (credit or debit memo), posted with legacy `create_apadjustment`.

    `adjustment_no` is the adjustment number; `bill_no` the bill it refers to.
    """

    vendor_id: str
    date_created: date
    lines: tuple[APAdjustmentLine, ...] = attrs.field(converter=to_tuple)
    date_posted: date | None = None
    adjustment_no: str | None = None
    bill_no: str | None = None
    action: str | None = None
    description: str | None = None
    external_id: str | None = None
    base_currency: str | None = None
    currency: str | None = None
    exchange_rate_date: date | None = None
    exchange_rate_type: str | None = None
    exchange_rate: Decimal | None = attrs.field(default=None, converter=to_optional_decimal)
    custom_fields: Mapping[str, str] = attrs.field(factory=dict, converter=frozen_mapping)
    record_no: str | None = None
    extra: Mapping[str, Any] = attrs.field(factory=dict, converter=frozen_mapping)

    @property
    def total(self) -> Decimal:
        """The sum of the lines' amounts."""
        return sum((line.amount for line in self.lines), Decimal("0"))
