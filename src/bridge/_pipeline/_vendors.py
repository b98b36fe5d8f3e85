"""Stage 2a: find or create the Intacct vendor behind each document of a batch.

One query resolves the whole batch (by VENDORID and by e-mail); the vendors still missing are
created in one request; links are remembered in the store and the VENDORID is written back to the
Commerce customer or company so both systems know the link (issue 6 point 1).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Sequence
from typing import Any, TypeVar

import attrs

from bridge._pipeline._context import RunContext
from bridge._pipeline._ownership import remember
from bridge._ports import PostOutcome
from bridge.mapping import (
    MappingError,
    MatchKind,
    company_to_vendor,
    customer_to_vendor,
    guest_vendor_id,
    match_vendor,
    order_to_vendor,
    vendor_id_for_order,
    vendor_to_company_update,
    vendor_to_customer_update,
)
from intacct_sdk.models import Vendor

#: Intacct's "already exists" business error (research/intacct.md section 3).
ERR_ALREADY_EXISTS = "BL34000061"
T = TypeVar("T")


@attrs.frozen(kw_only=True)
class VendorNeed:
    """Who the vendor of one document is, before looking in Intacct."""

    key: str  # the document's source id
    kind: str  # customer | company | guest_email
    commerce_id: str  # customer id, company id or lower-cased e-mail
    vendor_id: str | None
    email: str | None
    order: Any = None  # the document, for guest vendors built from the order
    party: Any = None  # the Commerce customer or company when the caller has it (saves a GET)


@attrs.frozen(kw_only=True)
class VendorResolution:
    """The vendor id per document key, and why some documents have none."""

    vendor_ids: dict[str, str]
    problems: dict[str, str]
    #: Keys whose problem is transient (429, 5xx, unknown outcome): retried on the backoff.
    transient: set[str] = attrs.field(factory=set)


def _normal_email(value: str | None) -> str | None:
    return value.strip().lower() if value and value.strip() else None


async def resolve_vendors(ctx: RunContext, needs: Sequence[VendorNeed]) -> VendorResolution:
    """Match every need to a vendor, creating the missing ones (one query, one create request)."""
    vendor_ids: dict[str, str] = {}
    problems: dict[str, str] = {}
    transient: set[str] = set()
    pending: list[VendorNeed] = []
    for need in needs:
        if need.kind == "fixed" and need.vendor_id:
            vendor_ids[need.key] = need.vendor_id  # one configured vendor: nothing to match
            continue
        link = ctx.store.vendor_link_by_commerce(need.kind, need.commerce_id)
        if link is not None:
            vendor_ids[need.key] = link.vendor_id
        else:
            pending.append(need)
    if not pending:
        return VendorResolution(vendor_ids=vendor_ids, problems=problems)
    ids = sorted({n.vendor_id for n in pending if n.vendor_id})
    emails = sorted({e for n in pending if (e := _normal_email(n.email))})
    found = await ctx.intacct.find_vendors(ids, emails)
    by_id = {v.vendor_id: v for v in found if v.vendor_id}
    new_groups: dict[tuple[str, str], list[VendorNeed]] = {}
    for need in pending:
        email = _normal_email(need.email)
        candidates_by_id = [by_id[need.vendor_id]] if need.vendor_id in by_id else []
        candidates_by_email = [v for v in found if email and _normal_email(v.email) == email]
        decision = match_vendor(
            candidates_by_id, candidates_by_email, vendor_id=need.vendor_id, email=email
        )
        if decision.kind is MatchKind.MATCH and decision.vendor is not None:
            vendor_id = str(decision.vendor.vendor_id)
            vendor_ids[need.key] = vendor_id
            _link(ctx, need, decision.vendor, vendor_id, created=False)
            if not ctx.dry_run:
                await _write_back(ctx, need, decision.vendor)
        elif decision.kind is MatchKind.AMBIGUOUS:
            problems[need.key] = f"ambiguous vendor: {decision.reason}"
        else:
            new_groups.setdefault((need.kind, need.commerce_id), []).append(need)
    # Building a vendor may read its customer or company from Commerce: those reads (and the
    # write-backs below) go out concurrently, a bounded number at a time, not one by one
    # (docs/performance.md: one round trip per new vendor was most of a run's wall time).
    built = await _bounded(ctx, [_vendor_for(ctx, group[0]) for group in new_groups.values()])
    to_create: dict[tuple[str, str], tuple[Vendor, str, list[VendorNeed]]] = {}
    for (group, group_needs), result in zip(new_groups.items(), built, strict=True):
        if isinstance(result, BaseException):
            for need in group_needs:
                problems[need.key] = f"cannot build vendor: {result}"
            continue
        to_create[group] = (result[0], result[1], group_needs)
    if to_create and not ctx.dry_run:
        created = list(to_create.values())
        outcomes = await ctx.intacct.create_vendors([(v, c) for v, c, _ in created])
        by_control = {o.control_id: o for o in outcomes}
        landed = await _read_back_unknown(ctx, created, by_control)
        taken = await _read_back_taken(ctx, [(v, by_control.get(c)) for v, c, _ in created])
        write_backs: list[Awaitable[None]] = []
        for vendor, control_id, group_needs in created:
            outcome = by_control.get(control_id)
            new_id = vendor.vendor_id or (outcome.key if outcome else None)
            existing = taken.get(vendor.vendor_id or "")
            if (
                outcome is not None
                and (outcome.ok or outcome.duplicate or new_id in landed)
                and new_id
            ):
                for need in group_needs:
                    vendor_ids[need.key] = new_id
                _link(ctx, group_needs[0], vendor, new_id, created=True)
                write_backs.append(_write_back(ctx, group_needs[0], vendor))
            elif existing is not None and new_id:
                # Another worker (or a person) created this VENDORID between our lookup and our
                # create: it is the vendor we wanted, so link it instead of failing the record.
                for need in group_needs:
                    vendor_ids[need.key] = new_id
                _link(ctx, group_needs[0], existing, new_id, created=False)
            else:
                reason = outcome.message if outcome else "no result for the vendor create"
                for need in group_needs:
                    problems[need.key] = f"vendor create failed: {reason}"
                    if outcome is None or outcome.retryable or outcome.unknown:
                        transient.add(need.key)
        await _bounded(ctx, write_backs)  # _write_back audits its own failures
    elif to_create:
        for vendor, _, group_needs in to_create.values():
            for need in group_needs:
                vendor_ids[need.key] = vendor.vendor_id or "(new vendor)"
    return VendorResolution(vendor_ids=vendor_ids, problems=problems, transient=transient)


async def _read_back_unknown(
    ctx: RunContext,
    created: list[tuple[Vendor, str, list[VendorNeed]]],
    by_control: dict[str, Any],
) -> set[str]:
    """VENDORIDs of creates whose outcome is unknown (524, lost answer) that Intacct holds.

    An unknown outcome is resolved by reading back, never by posting again (DESIGN.md section 4);
    tests/reliability/test_lost_response.py pins it.
    """
    ids = sorted(
        str(v.vendor_id)
        for v, c, _ in created
        if v.vendor_id and (o := by_control.get(c)) is not None and o.unknown
    )
    if not ids:
        return set()
    return {str(v.vendor_id) for v in await ctx.intacct.find_vendors(ids, []) if v.vendor_id}


async def _read_back_taken(
    ctx: RunContext, attempts: Sequence[tuple[Vendor, PostOutcome | None]]
) -> dict[str, Vendor]:
    """The vendors whose create Intacct refused because the VENDORID exists, read back by id.

    BL34000061 ("Another Vendor with the given value(s) ... already exists") is the business
    duplicate, not the uniqueid one (research/intacct.md section 3): with several workers it
    means another one created the same deterministic VENDORID first.
    """
    ids = sorted(
        str(vendor.vendor_id)
        for vendor, outcome in attempts
        if vendor.vendor_id
        and outcome is not None
        and not (outcome.ok or outcome.duplicate)
        and ERR_ALREADY_EXISTS in outcome.errornos
    )
    if not ids:
        return {}
    return {str(v.vendor_id): v for v in await ctx.intacct.find_vendors(ids, [])}


async def _bounded(ctx: RunContext, calls: Sequence[Awaitable[T]]) -> list[T | BaseException]:
    """Await `calls` with at most `max_requests_in_flight` running; an `Exception` is returned
    in its call's place (a cancellation or other `BaseException` still propagates)."""
    limit = asyncio.Semaphore(ctx.settings.max_requests_in_flight)

    async def one(call: Awaitable[T]) -> T:
        async with limit:
            return await call

    results = await asyncio.gather(*(one(c) for c in calls), return_exceptions=True)
    for result in results:
        if isinstance(result, BaseException) and not isinstance(result, Exception):
            raise result
    return results


async def _vendor_for(ctx: RunContext, need: VendorNeed) -> tuple[Vendor, str]:
    if need.kind == "customer":
        customer = need.party or await ctx.commerce.get_customer(int(need.commerce_id))
        mapped = customer_to_vendor(customer, ctx.config)
    elif need.kind == "company":
        company = need.party or await ctx.commerce.get_company(int(need.commerce_id))
        mapped = company_to_vendor(company, ctx.config)
    else:
        mapped = order_to_vendor(need.order, ctx.config)
    for warning in mapped.warnings:  # a clipped name or address is audited like a bill's
        ctx.audit(
            None,
            "mapping_warning",
            stream="vendors",
            source_id=f"{need.kind}:{need.commerce_id}",
            outcome="warning",
            message=str(warning),
        )
    return mapped.vendor, mapped.control_id


def _link(
    ctx: RunContext, need: VendorNeed, vendor: Vendor, vendor_id: str, *, created: bool
) -> None:
    ctx.store.link_vendor(need.kind, need.commerce_id, vendor_id)
    remember(ctx, need.kind, need.commerce_id, vendor)
    ctx.audit(
        None,
        "vendor_linked",
        stream="vendors",
        source_id=f"{need.kind}:{need.commerce_id}",
        intacct_key=vendor_id,
        message="created" if created else "matched",
    )


async def _write_back(ctx: RunContext, need: VendorNeed, vendor: Vendor) -> None:
    """Write the VENDORID into the Commerce customer or company; a failure is audited, not fatal."""
    try:
        # `update_*` reads the current record itself and merges the change into it, so the
        # party this batch already holds is enough to build the change (one GET fewer).
        if need.kind == "customer":
            customer = need.party or await ctx.commerce.get_customer(int(need.commerce_id))
            await ctx.commerce.update_customer(
                customer.id, vendor_to_customer_update(vendor, customer, ctx.config)
            )
        elif need.kind == "company":
            company = need.party or await ctx.commerce.get_company(int(need.commerce_id))
            await ctx.commerce.update_company(
                company.id, vendor_to_company_update(vendor, company, ctx.config)
            )
        else:
            return
    except Exception as exc:
        ctx.audit(
            None,
            "vendor_write_back",
            stream="vendors",
            source_id=f"{need.kind}:{need.commerce_id}",
            outcome="failed",
            message=str(exc),
        )
        return
    ctx.audit(
        None,
        "vendor_write_back",
        stream="vendors",
        source_id=f"{need.kind}:{need.commerce_id}",
        intacct_key=vendor.vendor_id,
    )


def needs_for_orders(
    ctx: RunContext, orders: Sequence[tuple[str, Any]]
) -> tuple[list[VendorNeed], dict[str, str]]:
    """The vendor need of each order, and the problems found before any lookup.

    The VENDORID scheme is the mapping's (`vendor_id_for_order`): the company's vendor for B2B
    orders, the customer's otherwise; guests are matched by e-mail (or go to one vendor).
    """
    result: list[VendorNeed] = []
    problems: dict[str, str] = {}
    vendors = ctx.config.vendors
    for key, order in orders:
        try:
            vendor_id = vendor_id_for_order(order, ctx.config)
        except MappingError as exc:
            problems[key] = str(exc)
            continue
        if order.is_guest:
            if vendors.guest_policy == "single_vendor":
                result.append(
                    VendorNeed(
                        key=key, kind="fixed", commerce_id="", vendor_id=vendor_id, email=None
                    )
                )
                continue
            email = _normal_email(order.customer_email) or ""
            result.append(
                VendorNeed(
                    key=key,
                    kind="guest_email",
                    commerce_id=email,
                    vendor_id=guest_vendor_id(email, ctx.config),
                    email=email,
                    order=order,
                )
            )
        elif order.company_id is not None and vendors.b2b_vendor == "company":
            result.append(
                VendorNeed(
                    key=key,
                    kind="company",
                    commerce_id=str(order.company_id),
                    vendor_id=vendor_id,
                    email=None,
                )
            )
        else:
            result.append(
                VendorNeed(
                    key=key,
                    kind="customer",
                    commerce_id=str(order.customer_id),
                    vendor_id=vendor_id,
                    email=order.customer_email,
                )
            )
    return result, problems
