from __future__ import annotations

import asyncio
import threading
from datetime import datetime
from pathlib import Path
from typing import Any

from bridge import Schedule, SyncOrchestrator
from tests.bridge.orchestrator.conftest import make_bridge


class _HourAway(Schedule):
    """Every hour; tells the test when the orchestrator is about to wait for the next run."""

    def next_run(self, now: datetime, *, last_run: datetime | None = None) -> datetime:
        nxt = super().next_run(now, last_run=last_run)
        _waiting.set()
        return nxt


_waiting = threading.Event()


def test_stop_from_another_thread_wakes_a_run_forever_that_waits_for_its_next_run(
    tmp_path: Path,
) -> None:
    bridge = make_bridge(tmp_path, orders=2)
    base = bridge.orchestrator
    orchestrator = SyncOrchestrator(
        intacct=base.intacct, commerce=base.commerce, store=bridge.store, config=base.config
    )
    loops: list[asyncio.AbstractEventLoop] = []

    def serve() -> None:
        async def main() -> None:
            loops.append(asyncio.get_running_loop())
            await orchestrator.arun_forever(_HourAway.every(60))

        asyncio.run(main())

    _waiting.clear()
    worker = threading.Thread(target=serve, daemon=True)
    worker.start()
    assert _waiting.wait(timeout=30)

    async def noop() -> Any:
        return None

    # Ordered after arun_forever reached its wait (no await between next_run and the wait):
    # once this returns, the loop is idle in the wait for a run an hour away.
    asyncio.run_coroutine_threadsafe(noop(), loops[0]).result(timeout=30)
    orchestrator.stop()  # from this thread, as a service's shutdown hook would
    worker.join(timeout=30)
    assert not worker.is_alive()
    last = bridge.store.last_run()
    assert last is not None
    assert last.finished_at is not None
