"""How the orchestrator runs (as opposed to `MappingConfig`, which says what records become)."""

from __future__ import annotations

from datetime import datetime, timedelta

import attrs

__all__ = ["STREAMS", "SyncSettings"]

#: Every stream the orchestrator knows, in the order a run processes them: vendors before the
#: documents that need them, bills before the credit memos that refer to them.
STREAMS: tuple[str, ...] = (
    "customers",
    "companies",
    "orders",
    "invoices",
    "credit_memos",
    "purchase_orders",
    "vendors_to_commerce",
)

_DEFAULT_BACKOFF = (
    timedelta(seconds=30),
    timedelta(minutes=2),
    timedelta(minutes=8),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=6),
)


def _positive(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if value < 1:
        raise ValueError(f"SyncSettings.{attribute.name} must be >= 1, got {value!r}")


@attrs.frozen(kw_only=True)
class SyncSettings:
    """Batching, concurrency, polling window and retry schedule.

    `functions_per_request` and `max_requests_in_flight` were chosen from the benchmark in
    `docs/performance.md`; `lookback` re-reads a window before the cursor because Commerce's
    `updated_at` has one-second resolution and rows committed late would otherwise be missed
    (research/commerce.md section 5).
    """

    streams: tuple[str, ...] = STREAMS
    # From the sweep in docs/performance.md (2,000 orders, 100 ms per request): 500 / 100 / 8
    # posts with 22 Intacct requests per 1,000 orders (budget 30) and the shortest wall time.
    batch_size: int = attrs.field(default=500, validator=_positive)
    functions_per_request: int = attrs.field(default=100, validator=_positive)
    max_requests_in_flight: int = attrs.field(default=16, validator=_positive)
    page_size: int = attrs.field(default=100, validator=_positive)
    lookback: timedelta = timedelta(minutes=10)
    start_at: datetime | None = None
    lease: timedelta = timedelta(minutes=10)
    retry_backoff: tuple[timedelta, ...] = _DEFAULT_BACKOFF
    waiting_recheck: timedelta = timedelta(minutes=5)
    dry_run: bool = False
    worker_id: str = "worker-1"

    def __attrs_post_init__(self) -> None:
        unknown = [s for s in self.streams if s not in STREAMS]
        if unknown:
            raise ValueError(f"SyncSettings.streams: unknown stream(s) {unknown}; known: {STREAMS}")
        if self.start_at is not None and self.start_at.tzinfo is None:
            raise ValueError("SyncSettings.start_at must be timezone-aware")

    def backoff_for(self, attempts: int) -> timedelta | None:
        """The wait before attempt `attempts + 1`, or None once the schedule is used up."""
        if attempts < 1 or attempts > len(self.retry_backoff):
            return None
        return self.retry_backoff[attempts - 1]
