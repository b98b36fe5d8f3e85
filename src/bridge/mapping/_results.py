"""What the mapping functions return: the Intacct record, its idempotency key, the warnings."""

from __future__ import annotations

import enum

import attrs

from bridge._errors import MappingWarning
from intacct_sdk.models import APAdjustment, APBill, PurchaseOrder, Vendor

__all__ = [
    "MappedAdjustment",
    "MappedAdjustments",
    "MappedBill",
    "MappedPurchaseOrder",
    "MappedVendor",
    "MatchKind",
    "VendorMatch",
]


@attrs.frozen(kw_only=True)
class MappedBill:
    """An AP bill ready to post; `control_id` is the function controlid to post it with.

    `source` is `order` or `invoice`: the Commerce document the bill was built from.
    """

    bill: APBill
    control_id: str
    source: str
    warnings: tuple[MappingWarning, ...] = ()


@attrs.frozen(kw_only=True)
class MappedAdjustment:
    """One AP adjustment (every line the same sign) and its function controlid."""

    adjustment: APAdjustment
    control_id: str


@attrs.frozen(kw_only=True)
class MappedAdjustments:
    """The adjustments of one credit memo: one, or two when refunds and charges mix signs."""

    adjustments: tuple[MappedAdjustment, ...]
    warnings: tuple[MappingWarning, ...] = ()


@attrs.frozen(kw_only=True)
class MappedPurchaseOrder:
    """A purchasing transaction for `create_potransaction` and its function controlid."""

    purchase_order: PurchaseOrder
    control_id: str
    warnings: tuple[MappingWarning, ...] = ()


@attrs.frozen(kw_only=True)
class MappedVendor:
    """A VENDOR to create (or compare) and the function controlid of its create."""

    vendor: Vendor
    control_id: str
    warnings: tuple[MappingWarning, ...] = ()


class MatchKind(enum.StrEnum):
    """The outcome of `match_vendor`."""

    MATCH = "match"
    CREATE = "create"
    AMBIGUOUS = "ambiguous"


@attrs.frozen(kw_only=True)
class VendorMatch:
    """`kind` MATCH carries `vendor`; CREATE means none found; AMBIGUOUS means never guess.

    `candidates` lists the vendor ids that made a match ambiguous; `reason` says why, for logs.
    """

    kind: MatchKind
    reason: str
    vendor: Vendor | None = None
    candidates: tuple[str, ...] = ()
