"""Everything one run carries: ports, store, configuration, report, clock, audit helper."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import attrs

from bridge._mapping_config import MappingConfig
from bridge._observability import MetricsSink, NullMetrics, log_audit
from bridge._ports import CommercePort, IntacctPort
from bridge.report import SyncReport
from bridge.settings import SyncSettings
from bridge.stores import AuditEntry, Record, Store

ProgressCallback = Callable[[str, int, int | None], None]


def utcnow() -> datetime:
    """The default clock."""
    return datetime.now(UTC)


@attrs.define(kw_only=True)
class RunContext:
    """State shared by the stages of one run."""

    intacct: IntacctPort
    commerce: CommercePort
    store: Store
    config: MappingConfig
    settings: SyncSettings
    report: SyncReport
    run_id: str
    clock: Callable[[], datetime] = utcnow
    progress: ProgressCallback | None = None
    metrics: MetricsSink = attrs.field(factory=NullMetrics)

    @property
    def dry_run(self) -> bool:
        """Map and report, post nothing."""
        return self.settings.dry_run or self.report.dry_run

    def audit(
        self,
        record: Record | None,
        action: str,
        *,
        stream: str | None = None,
        source_id: str | None = None,
        outcome: str = "ok",
        control_id: str | None = None,
        intacct_key: str | None = None,
        errornos: tuple[str, ...] | list[str] = (),
        message: str | None = None,
        request_summary: Mapping[str, Any] | None = None,
        response_summary: Mapping[str, Any] | None = None,
        duration_ms: float | None = None,
    ) -> None:
        """Append one audit entry for `record` (or an explicit stream/source id); log it."""
        stored = self.store.append_audit(
            self.audit_entry(
                record,
                action,
                stream=stream,
                source_id=source_id,
                outcome=outcome,
                control_id=control_id,
                intacct_key=intacct_key,
                errornos=errornos,
                message=message,
                request_summary=request_summary,
                response_summary=response_summary,
                duration_ms=duration_ms,
            )
        )
        log_audit(stored, self.metrics)

    def announce(self, entry: AuditEntry) -> None:
        """Log and count an entry that a store call wrote together with a state change."""
        log_audit(entry, self.metrics)

    def audit_entry(
        self,
        record: Record | None,
        action: str,
        *,
        stream: str | None = None,
        source_id: str | None = None,
        outcome: str = "ok",
        control_id: str | None = None,
        intacct_key: str | None = None,
        errornos: tuple[str, ...] | list[str] = (),
        message: str | None = None,
        request_summary: Mapping[str, Any] | None = None,
        response_summary: Mapping[str, Any] | None = None,
        duration_ms: float | None = None,
    ) -> AuditEntry:
        """The entry `audit` would append, for a store call that writes it atomically."""
        return AuditEntry(
            at=self.clock(),
            stream=stream or (record.stream if record else "run"),
            source_id=source_id or (record.source_id if record else self.run_id),
            action=action,
            outcome=outcome,
            control_id=control_id,
            intacct_key=intacct_key,
            errornos=list(errornos),
            message=message,
            request_summary=dict(request_summary or {}),
            response_summary=dict(response_summary or {}),
            duration_ms=duration_ms,
            run_id=self.run_id,
            worker_id=self.settings.worker_id,
        )

    def tick(self, stream: str, done: int, total: int | None) -> None:
        """Report progress to the callback, if any."""
        if self.progress is not None:
            self.progress(stream, done, total)

    @contextmanager
    def timed(self, stream: str) -> Iterator[None]:
        """Add the block's wall time to the stream's report."""
        started = time.perf_counter()
        try:
            yield
        finally:
            self.report.stream(stream).duration_s += time.perf_counter() - started
