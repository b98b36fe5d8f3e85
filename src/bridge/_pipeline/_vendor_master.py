"""Vendor master both ways, without echo.

Commerce -> Intacct: a customer or company change updates its linked vendor (or creates one).
Intacct -> Commerce: a vendor changed since the cursor (WHENMODIFIED) updates its linked customer
or company, with only the fields Intacct owns. Each side's last-synced fingerprint is kept on the
link, so a change this bridge made itself is recognised when it comes back and is not echoed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import attrs

from bridge._mapping_config import MappingConfig
from bridge._pipeline._context import RunContext
from bridge._pipeline._ownership import owned_fingerprint
from bridge._pipeline._post import fail, skip
from bridge._pipeline._vendors import VendorNeed, resolve_vendors
from bridge.mapping import (
    company_to_vendor,
    customer_to_vendor,
    vendor_id_for_company,
    vendor_id_for_customer,
    vendor_to_company_update,
    vendor_to_customer_update,
)
from bridge.stores import Cursor, Record
from commerce_sdk.models import Company, Customer
from intacct_sdk.models import Contact, Vendor


def commerce_owned_update(vendor: Vendor, config: MappingConfig, current_name: str) -> Vendor:
    """The vendor with only the Commerce-owned fields set: an update must not touch the rest."""

    def owns(field: str) -> bool:
        return not config.vendors.owned_by_intacct(field)

    contact = vendor.display_contact
    new_contact = None
    if contact is not None and (owns("email") or owns("phone") or owns("address")):
        new_contact = Contact(
            email1=contact.email1 if owns("email") else None,
            phone1=contact.phone1 if owns("phone") else None,
            mail_address=contact.mail_address if owns("address") else None,
        )
    return Vendor(
        vendor_id=vendor.vendor_id,
        name=vendor.name if owns("name") else current_name,
        display_contact=new_contact,
        tax_id=vendor.tax_id if owns("tax_id") else None,
    )


async def process_parties(ctx: RunContext, records: Sequence[Record]) -> None:
    """Customers or companies -> vendors (create, or update Commerce-owned fields)."""
    needs: list[VendorNeed] = []
    unlinked: list[Record] = []
    for record in records:
        try:
            party: Customer | Company
            if record.stream == "customers":
                party = Customer.from_api(record.payload)
                kind, mapped = "customer", customer_to_vendor(party, ctx.config)
            else:
                party = Company.from_api(record.payload)
                kind, mapped = "company", company_to_vendor(party, ctx.config)
        except Exception as exc:
            fail(ctx, record, kind="mapping_error", retry=False, message=str(exc))
            continue
        for warning in mapped.warnings:  # clipped text is audited (docs/reliability.md)
            ctx.audit(record, "mapping_warning", outcome="warning", message=str(warning))
        link = ctx.store.vendor_link_by_commerce(kind, str(party.id))
        if link is None:
            vendor_id = (
                vendor_id_for_customer(party, ctx.config)
                if isinstance(party, Customer)
                else vendor_id_for_company(party, ctx.config)
            )
            email = party.email if isinstance(party, Customer) else party.company_email
            needs.append(
                VendorNeed(
                    key=record.source_id,
                    kind=kind,
                    commerce_id=str(party.id),
                    vendor_id=vendor_id,
                    email=email,
                    party=party,
                )
            )
            unlinked.append(record)
            continue
        await _push_to_intacct(ctx, record, link, mapped.vendor, mapped.control_id)
    if not needs:
        return
    resolution = await resolve_vendors(ctx, needs)
    for record in unlinked:
        resolved = resolution.vendor_ids.get(record.source_id)
        if resolved is None:
            fail(
                ctx,
                record,
                kind="vendor",
                retry=record.source_id in resolution.transient,
                message=resolution.problems.get(record.source_id, "no vendor"),
            )
        elif ctx.dry_run:
            ctx.store.release(record)
            ctx.report.stream(record.stream).count("would_post")
        elif ctx.store.mark_synced(
            record, target_object="VENDOR", target_key=resolved, control_id=None
        ):
            ctx.audit(record, "vendor_linked", intacct_key=resolved)
            ctx.report.stream(record.stream).count("synced")


async def _push_to_intacct(
    ctx: RunContext, record: Record, link: Any, vendor: Vendor, control_id: str
) -> None:
    vendor = attrs.evolve(vendor, vendor_id=link.vendor_id)
    fingerprint = owned_fingerprint(vendor, ctx.config, "commerce")
    if fingerprint == link.commerce_hash:
        # Nothing the vendor cares about changed (e.g. only our own VENDORID write-back).
        skip(ctx, record, reason="no vendor field changed", outcome="unchanged")
        return
    if ctx.dry_run:
        ctx.store.release(record)
        ctx.report.stream(record.stream).count("would_post")
        return
    current_name = vendor.name
    if ctx.config.vendors.owned_by_intacct("name"):
        found = await ctx.intacct.find_vendors([link.vendor_id], [])
        current_name = found[0].name if found else vendor.name
    update = commerce_owned_update(vendor, ctx.config, current_name)
    # Each version of the party gets its own control id: the same change is never applied twice.
    outcome = await ctx.intacct.update_vendor(update, f"{control_id}-upd-{fingerprint[:12]}")
    if not (outcome.ok or outcome.duplicate):
        fail(ctx, record, kind="intacct_error", retry=outcome.retryable, outcome=outcome)
        return
    ctx.store.update_link_hashes(link.commerce_kind, link.commerce_id, commerce_hash=fingerprint)
    ctx.store.mark_synced(
        record, target_object="VENDOR", target_key=link.vendor_id, control_id=None
    )
    ctx.audit(record, "vendor_updated", intacct_key=link.vendor_id)
    ctx.report.stream(record.stream).count("synced")


async def push_vendors_to_commerce(ctx: RunContext) -> None:
    """Intacct vendors changed since the cursor -> their linked Commerce customer or company."""
    stream = "vendors_to_commerce"
    report = ctx.report.stream(stream)
    cursor = ctx.store.get_cursor(stream)
    since: datetime | None = cursor.value - ctx.settings.lookback if cursor else None
    newest = cursor.value if cursor else None
    async for vendor in ctx.intacct.vendors_changed_since(since):
        report.fetched += 1
        if vendor.when_modified is not None and (newest is None or vendor.when_modified > newest):
            newest = vendor.when_modified
        link = ctx.store.vendor_link_by_vendor(str(vendor.vendor_id))
        if link is None:
            report.count("not_linked")
            continue
        fingerprint = owned_fingerprint(vendor, ctx.config, "intacct")
        if fingerprint == link.intacct_hash:
            report.count("unchanged")  # no Intacct-owned field changed: nothing to send back
            continue
        if ctx.dry_run:
            report.count("would_post")
            continue
        try:
            if link.commerce_kind == "customer":
                customer = await ctx.commerce.get_customer(int(link.commerce_id))
                await ctx.commerce.update_customer(
                    customer.id, vendor_to_customer_update(vendor, customer, ctx.config)
                )
            elif link.commerce_kind == "company":
                company = await ctx.commerce.get_company(int(link.commerce_id))
                await ctx.commerce.update_company(
                    company.id, vendor_to_company_update(vendor, company, ctx.config)
                )
            else:
                report.count("not_linked")
                continue
        except Exception as exc:
            ctx.audit(
                None,
                "vendor_to_commerce",
                stream=stream,
                source_id=str(vendor.vendor_id),
                outcome="failed",
                message=str(exc),
            )
            report.count("failed")
            return
        for each in ctx.store.vendor_links_by_vendor(str(vendor.vendor_id)):
            ctx.store.update_link_hashes(
                each.commerce_kind, each.commerce_id, intacct_hash=fingerprint
            )
        ctx.audit(
            None,
            "vendor_to_commerce",
            stream=stream,
            source_id=str(vendor.vendor_id),
            message=f"updated {link.commerce_kind} {link.commerce_id}",
        )
        report.count("synced")
    if newest is not None and not ctx.dry_run:
        with ctx.store.stream_lock(stream):
            ctx.store.set_cursor(stream, Cursor(value=newest, last_id=None))
