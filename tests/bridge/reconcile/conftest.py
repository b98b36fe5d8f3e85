"""Small builders for reconciliation tests: one Commerce document, one Intacct record."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from bridge.reconcile import (
    CommerceDocument,
    InMemoryCommerceReader,
    InMemoryIntacctReader,
    IntacctDocument,
    Period,
    ReconciliationReport,
    StoreStatus,
    reconcile,
)

PERIOD = Period.month(2026, 3)
NOW = datetime(2026, 4, 1, 6, 0, tzinfo=UTC)
AMOUNTS = {"products": Decimal("44.99"), "shipping": Decimal("5.00"), "tax": Decimal("3.71")}


def cdoc(number: str = "000000051", **changes: Any) -> CommerceDocument:
    data: dict[str, Any] = {
        "kind": "order",
        "number": number,
        "source_id": number.lstrip("0") or "0",
        "date": date(2026, 3, 1),
        "currency": "USD",
        "totals": dict(AMOUNTS),
        "vendor_id": "C-7",
    }
    data.update(changes)
    return CommerceDocument(**data)


def idoc(number: str = "000000051", **changes: Any) -> IntacctDocument:
    data: dict[str, Any] = {
        "object": "APBILL",
        "number": number,
        "record_no": f"R{number}",
        "vendor_id": "C-7",
        "date": date(2026, 3, 1),
        "currency": "USD",
        "totals": dict(AMOUNTS),
    }
    data.update(changes)
    return IntacctDocument(**data)


def failed(error: str = "vendor: BL03000018 vendor on hold") -> StoreStatus:
    return StoreStatus(state="failed", last_error=error)


def run(commerce, intacct, **options: Any) -> ReconciliationReport:
    options.setdefault("generated_at", NOW)
    return reconcile(
        PERIOD,
        commerce=InMemoryCommerceReader(commerce),
        intacct=InMemoryIntacctReader(intacct),
        **options,
    )


def sample_report() -> ReconciliationReport:
    """One document of every class (and awkward text) for output tests."""
    commerce = [
        cdoc("000000001"),
        cdoc("000000002"),
        cdoc("000000003", vendor_id="C-8"),
        cdoc("000000004"),
        cdoc("000000005", store=failed('Intacct said "<no>" & stopped')),
        cdoc("000000007", currency="EUR", date=date(2026, 3, 9)),
        cdoc("000000100", kind="credit_memo", totals={"products": Decimal("-10.00")},
             date=date(2026, 3, 20)),
    ]  # fmt: skip
    intacct = [
        idoc("000000001"),
        idoc("000000002", totals={**AMOUNTS, "shipping": Decimal("6.00")}),
        idoc("000000003"),
        idoc("000000004", record_no="R4a"),
        idoc("000000004", record_no="R4b"),
        idoc("000000006", vendor_id="C-9", date=date(2026, 3, 2)),
        idoc("000000007", currency="EUR", date=date(2026, 3, 9)),
        idoc("000000100", object="APADJUSTMENT", totals={"products": Decimal("-10.00")},
             date=date(2026, 3, 20)),
    ]  # fmt: skip
    return run(commerce, intacct, keep_matched=True)
