"""A worker whose lease ran out cannot overwrite the new owner's result, whatever it decided."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bridge import MappingConfig
from bridge._pipeline._context import RunContext
from bridge._pipeline._post import skip, wait
from bridge.report import SyncReport
from bridge.settings import SyncSettings
from bridge.stores import RecordState, SQLiteStore

T0 = datetime(2026, 3, 1, tzinfo=UTC)


def _context(store: SQLiteStore, now: datetime) -> RunContext:
    none: Any = None
    return RunContext(
        intacct=none,
        commerce=none,
        store=store,
        config=MappingConfig(),
        settings=SyncSettings(),
        report=SyncReport(run_id="r", started_at=now),
        run_id="r",
        clock=lambda: now,
    )


@pytest.mark.parametrize(
    "decide",
    [
        lambda ctx, record: skip(ctx, record, reason="guest policy"),
        lambda ctx, record: wait(ctx, record, reason="bill not posted yet"),
    ],
)
def test_a_late_decision_is_audited_as_claim_lost_and_changes_nothing(decide) -> None:
    store = SQLiteStore(":memory:")
    store.upsert_source("credit_memos", "7", updated_at=T0, payload={}, payload_hash="h")
    (late,) = store.claim(
        "credit_memos", worker_id="a", limit=1, lease=timedelta(minutes=1), now=T0
    )
    later = T0 + timedelta(minutes=5)
    (owner,) = store.claim(
        "credit_memos", worker_id="b", limit=1, lease=timedelta(minutes=10), now=later
    )
    assert store.mark_synced(owner, target_object="APADJUSTMENT", target_key="9", control_id="c")
    ctx = _context(store, later)
    decide(ctx, late)
    record = store.get("credit_memos", "7")
    assert record is not None
    assert record.state is RecordState.SYNCED
    actions = [e.action for e in store.audit(stream="credit_memos", source_id="7")]
    assert actions[-1] == "claim_lost"
    assert "waiting" not in actions
    assert "skipped" not in actions
    assert sum(ctx.report.stream("credit_memos").outcomes.values()) == 0


async def test_a_record_taken_over_before_posting_is_not_posted() -> None:
    from bridge._pipeline._post import Prepared, post_prepared

    store = SQLiteStore(":memory:")
    store.upsert_source("orders", "1", updated_at=T0, payload={}, payload_hash="h")
    (late,) = store.claim("orders", worker_id="a", limit=1, lease=timedelta(minutes=1), now=T0)
    later = T0 + timedelta(minutes=5)
    store.claim("orders", worker_id="b", limit=1, lease=timedelta(minutes=10), now=later)
    posted: list[object] = []

    async def lookup(numbers: object) -> dict[str, str]:
        return {}

    async def post(items: list[object]) -> list[object]:
        posted.extend(items)
        return []

    ctx = _context(store, later)
    item = Prepared(record=late, payload="bill", control_id="cm-order-1-bill", document_no="W-1")
    await post_prepared(ctx, [item], target_object="APBILL", lookup=lookup, post=post)  # type: ignore[arg-type]
    assert posted == []
    actions = [e.action for e in store.audit(stream="orders", source_id="1")]
    assert actions[-1] == "claim_lost"
