"""Stage 2b and 3 per stream: claimed records -> mapped Intacct objects -> posted.

Each function handles one claimed batch of one stream and finishes every record it claimed
(synced, failed, waiting, skipped or released): nothing stays in flight after a normal return;
after a crash the lease runs out and another run claims the records again.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bridge._pipeline._context import RunContext
from bridge._pipeline._post import Prepared, fail, post_prepared, skip, wait
from bridge._pipeline._vendors import VendorNeed, needs_for_orders, resolve_vendors
from bridge.mapping import (
    MappingError,
    credit_memo_to_ap_adjustments,
    invoice_to_ap_bill,
    order_to_ap_bill,
    purchase_order_to_po,
    skip_reason,
    vendor_id_for_company,
)
from bridge.stores import Record
from commerce_sdk.models import CreditMemo, Invoice, Order
from commerce_sdk.models import PurchaseOrder as CommercePurchaseOrder


def _warn(ctx: RunContext, record: Record, warnings: Sequence[Any]) -> None:
    for warning in warnings:
        ctx.audit(record, "mapping_warning", outcome="warning", message=str(warning))


def _mapping_failed(ctx: RunContext, record: Record, exc: Exception) -> None:
    fail(ctx, record, kind="mapping_error", retry=False, message=str(exc))


async def process_bills(ctx: RunContext, records: Sequence[Record]) -> None:
    """Orders (or invoices, by `bill_source`) -> AP bills."""
    parsed: list[tuple[Record, Any, Order]] = []
    for record in records:
        try:
            if record.stream == "invoices":
                invoice = Invoice.from_api(record.payload)
                order = await ctx.commerce.get_order(invoice.order_id)
                parsed.append((record, invoice, order))
            else:
                order = Order.from_api(record.payload)
                parsed.append((record, order, order))
        except Exception as exc:
            _mapping_failed(ctx, record, exc)
    for record, _, order in list(parsed):
        reason = skip_reason(order, ctx.config)
        if reason is not None:
            skip(ctx, record, reason=reason)
            parsed.remove((record, _, order))
    needs, early_problems = needs_for_orders(ctx, [(r.source_id, o) for r, _, o in parsed])
    resolution = await resolve_vendors(ctx, needs)
    resolution.problems.update(early_problems)
    prepared: list[Prepared[Any]] = []
    for record, document, order in parsed:
        problem = resolution.problems.get(record.source_id)
        vendor_id = resolution.vendor_ids.get(record.source_id)
        if problem or vendor_id is None:
            retry = record.source_id in resolution.transient  # a 429 or 5xx heals by waiting
            fail(ctx, record, kind="vendor", retry=retry, message=problem or "no vendor")
            continue
        try:
            if isinstance(document, Invoice):
                mapped = invoice_to_ap_bill(document, order, ctx.config, vendor_id=vendor_id)
            else:
                mapped = order_to_ap_bill(order, ctx.config, vendor_id=vendor_id)
        except MappingError as exc:
            _mapping_failed(ctx, record, exc)
            continue
        _warn(ctx, record, mapped.warnings)
        bill = mapped.bill
        prepared.append(
            Prepared(
                record=record,
                payload=bill,
                control_id=mapped.control_id,
                document_no=str(bill.record_id),
                summary={
                    "object": "APBILL",
                    "RECORDID": bill.record_id,
                    "VENDORID": bill.vendor_id,
                    "total": str(bill.total),
                    "lines": len(bill.lines),
                    "currency": bill.currency,
                },
            )
        )
    await post_prepared(
        ctx,
        prepared,
        target_object="APBILL",
        lookup=ctx.intacct.existing_bills,
        post=ctx.intacct.post_bills,
    )


async def process_credit_memos(ctx: RunContext, records: Sequence[Record]) -> None:
    """Credit memos -> AP adjustments, once the bill they refund is in Intacct."""
    prepared: list[Prepared[Any]] = []
    for record in records:
        try:
            memo = CreditMemo.from_api(record.payload)
        except Exception as exc:
            _mapping_failed(ctx, record, exc)
            continue
        bill_record = _bill_record_for(ctx, memo)
        if bill_record is None or bill_record.state.value != "synced":
            if ctx.dry_run:
                # A dry run posts no bills, so its memos cannot wait for them: leave the record
                # as it was, for the real run.
                ctx.store.release(record)
                ctx.report.stream(record.stream).count("would_wait")
                continue
            wait(ctx, record, reason="the refunded bill is not in Intacct yet")
            continue
        vendor_id, bill_number = _bill_identity(ctx, bill_record)
        try:
            order = await ctx.commerce.get_order(memo.order_id)
            mapped = credit_memo_to_ap_adjustments(
                memo, order, ctx.config, vendor_id=vendor_id, bill_number=bill_number
            )
        except MappingError as exc:
            _mapping_failed(ctx, record, exc)
            continue
        _warn(ctx, record, mapped.warnings)
        # A memo may become a credit and a debit adjustment; the record is synced when all are.
        for part in mapped.adjustments:
            adjustment = part.adjustment
            prepared.append(
                Prepared(
                    record=record,
                    payload=adjustment,
                    control_id=part.control_id,
                    document_no=str(adjustment.adjustment_no),
                    summary={
                        "object": "APADJUSTMENT",
                        "adjustmentno": adjustment.adjustment_no,
                        "billno": bill_number,
                        "total": str(adjustment.total),
                    },
                )
            )
    await post_prepared(
        ctx,
        prepared,
        target_object="APADJUSTMENT",
        lookup=ctx.intacct.existing_adjustments,
        post=ctx.intacct.post_adjustments,
    )


def _bill_record_for(ctx: RunContext, memo: CreditMemo) -> Record | None:
    if ctx.config.bills.source == "invoice" and memo.invoice_id is not None:
        return ctx.store.get("invoices", str(memo.invoice_id))
    return ctx.store.get("orders", str(memo.order_id))


_SYNC_ACTIONS = ["posted", "already_in_intacct", "duplicate_resolved"]


def _bill_identity(ctx: RunContext, bill_record: Record) -> tuple[str, str]:
    # The audit entry that synced the bill holds its VENDORID and bill number (RECORDID).
    entries = ctx.store.audit(
        stream=bill_record.stream, source_id=bill_record.source_id, actions=_SYNC_ACTIONS
    )
    summary = (entries[-1].request_summary or {}) if entries else {}
    return str(summary.get("VENDORID", "")), str(summary.get("RECORDID", ""))


async def process_purchase_orders(ctx: RunContext, records: Sequence[Record]) -> None:
    """B2B purchase orders -> Intacct purchase orders under the company's vendor."""
    parsed: list[tuple[Record, CommercePurchaseOrder]] = []
    needs: list[VendorNeed] = []
    for record in records:
        try:
            po = CommercePurchaseOrder.from_graphql(
                record.payload, company_id=record.payload.get("company_id")
            )
        except Exception as exc:
            _mapping_failed(ctx, record, exc)
            continue
        if po.company_id is None:
            fail(ctx, record, kind="vendor", retry=False, message="purchase order has no company")
            continue
        try:
            company = await ctx.commerce.get_company(po.company_id)
            company_vendor = vendor_id_for_company(company, ctx.config)
        except MappingError as exc:
            _mapping_failed(ctx, record, exc)
            continue
        parsed.append((record, po))
        needs.append(
            VendorNeed(
                key=record.source_id,
                kind="company",
                commerce_id=str(po.company_id),
                vendor_id=company_vendor,
                email=company.company_email,
            )
        )
    resolution = await resolve_vendors(ctx, needs)
    prepared: list[Prepared[Any]] = []
    for record, po in parsed:
        vendor_id = resolution.vendor_ids.get(record.source_id)
        if vendor_id is None:
            fail(
                ctx,
                record,
                kind="vendor",
                retry=record.source_id in resolution.transient,
                message=resolution.problems.get(record.source_id, "no vendor"),
            )
            continue
        try:
            mapped = purchase_order_to_po(po, ctx.config, vendor_id=vendor_id)
        except MappingError as exc:
            _mapping_failed(ctx, record, exc)
            continue
        _warn(ctx, record, mapped.warnings)
        intacct_po = mapped.purchase_order
        prepared.append(
            Prepared(
                record=record,
                payload=intacct_po,
                control_id=mapped.control_id,
                document_no=str(intacct_po.document_no),
                summary={
                    "object": "PODOCUMENT",
                    "documentno": intacct_po.document_no,
                    "VENDORID": vendor_id,
                    "lines": len(intacct_po.lines),
                },
            )
        )
    await post_prepared(
        ctx,
        prepared,
        target_object="PODOCUMENT",
        lookup=ctx.intacct.existing_purchase_orders,
        post=ctx.intacct.post_purchase_orders,
    )
