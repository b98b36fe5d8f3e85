"""Which source changes matter: a fingerprint over the fields that decide what gets posted.

Commerce bumps `updated_at` on every status change (research/commerce.md section 5), so hashing
the whole payload would report "drift" each time an order moves from processing to complete.
The fingerprint covers money, lines, currency and the customer: a change there after posting is
real drift, recorded in the audit trail and never posted again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

_VOLATILE = frozenset(
    {"updated_at", "status", "state", "status_histories", "extension_attributes", "created_at"}
)
_ITEM_FIELDS = (
    "item_id",
    "order_item_id",
    "sku",
    "qty_ordered",
    "qty",
    "price",
    "row_total",
    "tax_amount",
    "discount_amount",
    "parent_item_id",
    "row_total_incl_tax",
    "quantity",
)
_MONEY_FIELDS = (
    "grand_total",
    "subtotal",
    "tax_amount",
    "shipping_amount",
    "discount_amount",
    "adjustment_positive",
    "adjustment_negative",
    "order_currency_code",
    "base_currency_code",
    "base_to_order_rate",
    "customer_email",
    "customer_id",
    "order_id",
    "invoice_id",
)


def _default(value: Any) -> str:
    return str(value)


def fingerprint(stream: str, payload: Mapping[str, Any]) -> str:
    """A stable sha256 over the fields of `payload` that change what the bridge posts."""
    if stream in {"orders", "invoices", "credit_memos"}:
        subject: Any = {
            "money": {k: payload.get(k) for k in _MONEY_FIELDS if k in payload},
            "items": [
                {k: item.get(k) for k in _ITEM_FIELDS if k in item}
                for item in payload.get("items") or []
                if isinstance(item, Mapping)
            ],
        }
    else:
        subject = {k: v for k, v in payload.items() if k not in _VOLATILE}
    text = json.dumps(subject, sort_keys=True, separators=(",", ":"), default=_default)
    return hashlib.sha256(text.encode()).hexdigest()
