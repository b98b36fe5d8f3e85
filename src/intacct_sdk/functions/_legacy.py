"""Legacy 2.1 functions still accepted under dtdversion 3.0 (research/intacct.md section 8):
`create_apadjustment` (no 3.0 create exists for APADJUSTMENT) and `create_potransaction`
(none for PODOCUMENT). Both answer with `<key>` on success."""

from __future__ import annotations

from typing import Any, ClassVar

import attrs

from intacct_sdk._serialize import (
    ap_adjustment_fields,
    default_control_id,
    purchase_order_fields,
)
from intacct_sdk._xml import render_fields
from intacct_sdk.functions._base import Function
from intacct_sdk.models import APAdjustment, PurchaseOrder

__all__ = ["CreateAPAdjustment", "CreatePOTransaction"]


@attrs.frozen(init=False)
class CreateAPAdjustment(Function):
    """`create_apadjustment` for a typed APAdjustment (lines must share one sign).

    `control_id` defaults to one derived from the adjustment number and content.
    """

    tag: ClassVar[str] = "create_apadjustment"
    is_write: ClassVar[bool] = True

    adjustment: APAdjustment
    fields: dict[str, Any] = attrs.field(repr=False)

    def __init__(self, adjustment: APAdjustment, *, control_id: str | None = None) -> None:
        fields = ap_adjustment_fields(adjustment)  # validates before anything is sent
        rendered = render_fields(fields)
        cid = control_id or default_control_id(
            "create", "APADJUSTMENT", fields, adjustment.adjustment_no or "", rendered
        )
        self.__attrs_init__(control_id=cid, adjustment=adjustment, fields=fields)
        self._with_rendered(rendered)

    def write_body(self, out: list[str]) -> None:
        """Append `<create_apadjustment>`."""
        out.append("<create_apadjustment>")
        self._write_fields(out, self.fields)
        out.append("</create_apadjustment>")


@attrs.frozen(init=False)
class CreatePOTransaction(Function):
    """`create_potransaction` for a typed PurchaseOrder, in the XSD's element order.

    `control_id` defaults to one derived from the transaction type, document number and content.
    """

    tag: ClassVar[str] = "create_potransaction"
    is_write: ClassVar[bool] = True

    purchase_order: PurchaseOrder
    fields: dict[str, Any] = attrs.field(repr=False)

    def __init__(self, purchase_order: PurchaseOrder, *, control_id: str | None = None) -> None:
        fields = purchase_order_fields(purchase_order)
        key = f"{purchase_order.transaction_type}-{purchase_order.document_no or ''}"
        rendered = render_fields(fields)
        cid = control_id or default_control_id("create", "PODOCUMENT", fields, key, rendered)
        self.__attrs_init__(control_id=cid, purchase_order=purchase_order, fields=fields)
        self._with_rendered(rendered)

    def write_body(self, out: list[str]) -> None:
        """Append `<create_potransaction>`."""
        out.append("<create_potransaction>")
        self._write_fields(out, self.fields)
        out.append("</create_potransaction>")
