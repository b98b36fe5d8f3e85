"""Structured log events and metric hooks of the orchestrator.

Log events go to the stdlib `bridge` logger with `extra=` fields (`run_id`, `stream`,
`source_id`, `action`, `outcome`, and `control_id` / `intacct_key` / `errornos` when known), so a
JSON formatter or a log shipper sees them as fields. They are built from the audit entry *after*
the store redacted it, and never carry request or response bodies: no secret reaches a log.

Metrics go to a `MetricsSink` (`SyncOrchestrator(metrics=...)`), a two-method protocol that fits
statsd, Prometheus or OpenTelemetry in a few lines; the default `NullMetrics` does nothing.

Metric names:
- `bridge.records` (counter; tags stream, action, outcome): one per audit event (posted, failed,
  skipped, waiting, would_post, webhook_rejected, ...).
- `bridge.port.calls` (counter) and `bridge.port.duration_ms` (timing; tags system, operation,
  outcome): one per call to Intacct or Commerce (a request batch: many functions per request).
- `bridge.run.outcomes` (counter; tags stream, outcome, kind), `bridge.run.requests` (counter; tags
  system), `bridge.run.duration_ms` (timing; tags kind): once per run, from its `SyncReport`.
"""

from __future__ import annotations

import functools
import inspect
import json
import logging
import time
from collections.abc import Callable, Mapping
from typing import Any, Protocol, runtime_checkable

import attrs

from bridge.report import SyncReport
from bridge.stores import AuditEntry

__all__ = [
    "JsonLogFormatter",
    "MetricsSink",
    "NullMetrics",
    "RecordingMetrics",
    "log_audit",
    "metered",
]

logger = logging.getLogger("bridge")

Tags = Mapping[str, str]

#: Audit outcomes logged at WARNING (the rest at INFO).
_WARN_OUTCOMES = frozenset({"failed", "rejected"})


@runtime_checkable
class MetricsSink(Protocol):
    """Where the orchestrator sends its metrics (see the module docstring for the names)."""

    def counter(self, name: str, value: int = 1, *, tags: Tags | None = None) -> None:
        """Add `value` to counter `name`."""
        ...

    def timing(self, name: str, milliseconds: float, *, tags: Tags | None = None) -> None:
        """Record one duration of `name`, in milliseconds."""
        ...


class NullMetrics:
    """The default sink: drops everything."""

    def counter(self, name: str, value: int = 1, *, tags: Tags | None = None) -> None:
        """Do nothing."""

    def timing(self, name: str, milliseconds: float, *, tags: Tags | None = None) -> None:
        """Do nothing."""


@attrs.define
class RecordingMetrics:
    """A sink that keeps every call in memory (for tests, notebooks and quick looks)."""

    counters: list[tuple[str, int, dict[str, str]]] = attrs.field(factory=list)
    timings: list[tuple[str, float, dict[str, str]]] = attrs.field(factory=list)

    def counter(self, name: str, value: int = 1, *, tags: Tags | None = None) -> None:
        """Remember one counter increment."""
        self.counters.append((name, value, dict(tags or {})))

    def timing(self, name: str, milliseconds: float, *, tags: Tags | None = None) -> None:
        """Remember one duration."""
        self.timings.append((name, milliseconds, dict(tags or {})))

    def total(self, name: str, **tags: str) -> int:
        """The sum of counter `name` over the calls whose tags include `tags`."""
        return sum(
            value
            for counter, value, seen in self.counters
            if counter == name and all(seen.get(k) == v for k, v in tags.items())
        )


#: The structured fields a log event may carry (see `log_audit` and `report_metrics`).
EVENT_FIELDS = (
    "run_id",
    "stream",
    "source_id",
    "action",
    "outcome",
    "control_id",
    "intacct_key",
    "errornos",
)


class JsonLogFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message and the event's fields.

    `python -m bridge --log-json ...` uses it; in a service, set it on your handler:
    `handler.setFormatter(JsonLogFormatter())`.
    """

    def format(self, record: logging.LogRecord) -> str:
        """The record as a JSON line (fields that are absent or None are left out)."""
        data: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in EVENT_FIELDS:
            value = getattr(record, name, None)
            if value not in (None, [], ""):
                data[name] = value
        if record.exc_info:
            data["exception"] = self.formatException(record.exc_info)
        return json.dumps(data, default=str)


def log_audit(entry: AuditEntry, metrics: MetricsSink) -> None:
    """Emit the log event and the `bridge.records` counter of one (already redacted) entry."""
    fields: dict[str, Any] = {
        "run_id": entry.run_id,
        "stream": entry.stream,
        "source_id": entry.source_id,
        "action": entry.action,
        "outcome": entry.outcome,
        "control_id": entry.control_id,
        "intacct_key": entry.intacct_key,
        "errornos": list(entry.errornos),
    }
    level = logging.WARNING if entry.outcome in _WARN_OUTCOMES else logging.INFO
    if logger.isEnabledFor(level):
        logger.log(
            level,
            "%s %s/%s %s%s",
            entry.action,
            entry.stream,
            entry.source_id,
            entry.outcome,
            f": {entry.message}" if entry.message else "",
            extra=fields,
        )
    metrics.counter(
        "bridge.records",
        tags={
            "stream": entry.stream or "",
            "action": entry.action,
            "outcome": entry.outcome or "",
        },
    )


def report_metrics(report: SyncReport, kind: str, metrics: MetricsSink) -> None:
    """Send a finished run's figures (outcomes per stream, requests, duration) to `metrics`."""
    for name, stream in report.streams.items():
        for outcome, count in stream.outcomes.items():
            if count:
                metrics.counter(
                    "bridge.run.outcomes",
                    count,
                    tags={"stream": name, "outcome": outcome, "kind": kind},
                )
    metrics.counter("bridge.run.requests", report.intacct_requests, tags={"system": "intacct"})
    metrics.counter("bridge.run.requests", report.commerce_requests, tags={"system": "commerce"})
    if report.finished_at is not None:
        elapsed = (report.finished_at - report.started_at).total_seconds() * 1000
        metrics.timing("bridge.run.duration_ms", elapsed, tags={"kind": kind})
    logger.log(
        logging.INFO if report.ok else logging.WARNING,
        "%s %s finished: %d synced, %d failed",
        kind,
        report.run_id,
        report.total("synced"),
        report.total("failed"),
        extra={"run_id": report.run_id, "action": f"{kind}_finished", "outcome": _ok(report)},
    )


def _ok(report: SyncReport) -> str:
    return "ok" if report.ok else "failed"


class _MeteredPort:
    """Times every awaited operation of a port; everything else passes through untouched."""

    def __init__(self, port: Any, system: str, metrics: MetricsSink) -> None:
        self._port = port
        self._system = system
        self._metrics = metrics

    def __repr__(self) -> str:
        return f"metered({self._port!r})"

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._port, name)
        if name.startswith("_") or not inspect.iscoroutinefunction(value):
            return value
        return self._wrap(name, value)

    def _wrap(self, operation: str, call: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(call)
        async def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            outcome = "ok"
            try:
                return await call(*args, **kwargs)
            except BaseException:
                outcome = "error"
                raise
            finally:
                tags = {"system": self._system, "operation": operation, "outcome": outcome}
                self._metrics.counter("bridge.port.calls", tags=tags)
                self._metrics.timing(
                    "bridge.port.duration_ms", (time.perf_counter() - started) * 1000, tags=tags
                )

        return timed


def metered(port: Any, system: str, metrics: MetricsSink) -> Any:
    """`port` itself with `NullMetrics`, else a proxy that times each call (a request batch)."""
    if isinstance(metrics, NullMetrics):
        return port
    return _MeteredPort(port, system, metrics)
