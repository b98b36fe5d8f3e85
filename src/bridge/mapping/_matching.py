"""Which vendor a document belongs to, whether an order is ready, and matching by e-mail."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from bridge._mapping_config import MappingConfig
from bridge.mapping._common import order_name
from bridge.mapping._control_ids import digest
from bridge.mapping._results import MatchKind, VendorMatch
from bridge.mapping._text import Notes
from commerce_sdk.models import Company, Customer, Order
from intacct_sdk.models import Vendor

__all__ = [
    "guest_vendor_id",
    "is_ready",
    "match_vendor",
    "normalize_email",
    "skip_reason",
    "vendor_id_for_company",
    "vendor_id_for_customer",
    "vendor_id_for_order",
]


def normalize_email(email: str | None) -> str:
    """E-mail as compared for matching: trimmed and case-folded ('' when missing)."""
    return (email or "").strip().casefold()


def _custom(subject: Any, config: MappingConfig, notes: Notes) -> str | None:
    function = config.vendors.id_function
    if function is None:
        return None
    value = function(subject)
    if value is None:
        return None
    if not isinstance(value, str):
        raise notes.error("vendor_id", f"vendors.id_function returned {value!r}, not a string")
    return notes.identifier("vendor_id", value, "vendor_id")


def vendor_id_for_customer(customer: Customer, config: MappingConfig) -> str:
    """`vendors.id_function(customer)`, else `vendors.customer_prefix` + customer id."""
    notes = Notes(f"customer {customer.id}", config)
    custom = _custom(customer, config, notes)
    if custom is not None:
        return custom
    return notes.identifier("id", f"{config.vendors.customer_prefix}{customer.id}", "vendor_id")


def vendor_id_for_company(company: Company, config: MappingConfig) -> str:
    """`vendors.id_function(company)`, else `vendors.company_prefix` + company id."""
    notes = Notes(f"company {company.id}", config)
    custom = _custom(company, config, notes)
    if custom is not None:
        return custom
    return notes.identifier("id", f"{config.vendors.company_prefix}{company.id}", "vendor_id")


def guest_vendor_id(email: str, config: MappingConfig) -> str:
    """A stable VENDORID for a guest e-mail: `vendors.guest_prefix` + 12 hex of its sha256.

    The same e-mail (any case, any surrounding spaces) always gives the same id, so creating the
    vendor twice is a duplicate Intacct refuses, not a second vendor.
    """
    return f"{config.vendors.guest_prefix}{digest(normalize_email(email), 12).upper()}"


def vendor_id_for_order(order: Order, config: MappingConfig) -> str | None:
    """The VENDORID to post the order's bill to; None means "a guest: match by e-mail first".

    B2B orders go to the company's vendor (`vendors.b2b_vendor = "company"`) or the buyer's.
    Guests follow `vendors.guest_policy`: `single_vendor` gives `vendors.guest_vendor_id`;
    `match_by_email_and_create` and `skip` give None (check `skip_reason` first).

    Raises:
        MappingError: a guest order without e-mail under `match_by_email_and_create`.
    """
    notes = Notes(order_name(order), config)
    custom = _custom(order, config, notes)
    if custom is not None:
        return custom
    vendors = config.vendors
    if order.is_guest:
        if vendors.guest_policy == "single_vendor":
            return vendors.guest_vendor_id
        if vendors.guest_policy == "match_by_email_and_create" and not normalize_email(
            order.customer_email
        ):
            raise notes.error("customer_email", "a guest order needs an e-mail to find its vendor")
        return None
    if order.company_id is not None and vendors.b2b_vendor == "company":
        return notes.identifier(
            "company_id", f"{vendors.company_prefix}{order.company_id}", "vendor_id"
        )
    return notes.identifier(
        "customer_id", f"{vendors.customer_prefix}{order.customer_id}", "vendor_id"
    )


def is_ready(order: Order, config: MappingConfig) -> bool:
    """Whether the order's state is one of `bills.ready_states` (e.g. processing, complete)."""
    return (order.state or "").strip().lower() in {s.lower() for s in config.bills.ready_states}


def skip_reason(order: Order, config: MappingConfig) -> str | None:
    """Why the order is not posted now (not ready, or a guest under `skip`); None to post it."""
    if not is_ready(order, config):
        return f"state {order.state!r} is not in bills.ready_states"
    if order.is_guest and config.vendors.guest_policy == "skip":
        return "guest order and vendors.guest_policy is skip"
    return None


def _values(candidates: Iterable[Vendor] | Mapping[Any, Vendor]) -> list[Vendor]:
    if isinstance(candidates, Mapping):
        return list(candidates.values())
    return list(candidates)


def match_vendor(
    candidates_by_id: Iterable[Vendor] | Mapping[Any, Vendor],
    candidates_by_email: Iterable[Vendor] | Mapping[Any, Vendor],
    *,
    vendor_id: str | None,
    email: str | None,
) -> VendorMatch:
    """Decide from two lookups (by VENDORID, by EMAIL1) whether a vendor exists.

    A vendor with exactly `vendor_id` wins. Otherwise vendors whose e-mail equals `email`
    (trimmed, case-insensitive; the lookup may have been looser) are counted once per VENDORID:
    one is a MATCH, none is CREATE, two or more is AMBIGUOUS: never guess between them.
    """
    if vendor_id:
        for vendor in _values(candidates_by_id):
            if vendor.vendor_id == vendor_id:
                return VendorMatch(
                    kind=MatchKind.MATCH, vendor=vendor, reason=f"VENDORID {vendor_id} exists"
                )
    wanted = normalize_email(email)
    if not wanted:
        return VendorMatch(kind=MatchKind.CREATE, reason="no vendor with that id and no e-mail")
    found: dict[str, Vendor] = {}
    for vendor in _values(candidates_by_email):
        if normalize_email(vendor.email) == wanted:
            found.setdefault(vendor.vendor_id or f"record {vendor.record_no}", vendor)
    if len(found) == 1:
        key, vendor = next(iter(found.items()))
        return VendorMatch(kind=MatchKind.MATCH, vendor=vendor, reason=f"e-mail matches {key}")
    if not found:
        return VendorMatch(kind=MatchKind.CREATE, reason="no vendor has that id or e-mail")
    ids = tuple(sorted(found))
    return VendorMatch(
        kind=MatchKind.AMBIGUOUS,
        candidates=ids,
        reason=f"{len(ids)} vendors share the e-mail: {', '.join(ids)}",
    )
