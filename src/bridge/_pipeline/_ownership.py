"""Field ownership fingerprints: how the vendor master avoids echoing a change back."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import attrs

from bridge._mapping_config import MappingConfig
from bridge._pipeline._context import RunContext
from intacct_sdk.models import Vendor


def _owned_values(vendor: Vendor, config: MappingConfig, side: str) -> dict[str, Any]:
    contact = vendor.display_contact
    values: dict[str, Any] = {
        "name": vendor.name,
        "email": (contact.email1 or "").strip().lower() if contact else "",
        "phone": contact.phone1 if contact else None,
        "address": attrs.asdict(contact.mail_address) if contact and contact.mail_address else None,
        "tax_id": vendor.tax_id,
    }
    owned = {f for f in values if config.vendors.owned_by_intacct(f) == (side == "intacct")}
    return {k: v for k, v in values.items() if k in owned}


def owned_fingerprint(vendor: Vendor, config: MappingConfig, side: str) -> str:
    """A hash of the vendor-master fields `side` ("commerce" or "intacct") owns.

    Comparing per owner is what stops echoes: a vendor update pushed from Commerce changes only
    Commerce-owned fields, so the Intacct-owned fingerprint Intacct reports back is unchanged.
    """
    text = json.dumps(_owned_values(vendor, config, side), sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def remember(ctx: RunContext, kind: str, commerce_id: str, vendor: Vendor) -> None:
    """Record both sides' fingerprints of a vendor just linked, created or synced."""
    ctx.store.update_link_hashes(
        kind,
        commerce_id,
        intacct_hash=owned_fingerprint(vendor, ctx.config, "intacct"),
        commerce_hash=owned_fingerprint(vendor, ctx.config, "commerce"),
    )
