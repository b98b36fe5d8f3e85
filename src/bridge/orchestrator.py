"""`SyncOrchestrator`: the embeddable bridge.

One pipeline, written once against async ports; `run_once()` drives it on a private event loop
(for scripts, cron and services without asyncio), `arun_once()` inside yours (notebooks, async
services). Sync SDK clients are run in worker threads, async clients are awaited.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import uuid
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from bridge._mapping_config import MappingConfig
from bridge._observability import MetricsSink, NullMetrics, log_audit, metered, report_metrics
from bridge._pipeline._context import ProgressCallback, RunContext, utcnow
from bridge._pipeline._documents import (
    process_bills,
    process_credit_memos,
    process_purchase_orders,
)
from bridge._pipeline._fetch import fetch_stream
from bridge._pipeline._vendor_master import process_parties, push_vendors_to_commerce
from bridge._pipeline._webhooks import (
    STREAM_BY_KIND,
    WebhookOutcome,
    as_list,
    headers_summary,
    ingest_entity,
    stream_for,
    untrusted_pointer,
    verify_and_parse,
    webhook_audit,
)
from bridge._ports import CommercePort, IntacctPort
from bridge._ports.adapters import commerce_port, intacct_port
from bridge.report import SyncReport
from bridge.schedule import Schedule
from bridge.settings import SyncSettings
from bridge.stores import Record, RecordState, Store
from commerce_sdk import CompanyUser
from commerce_sdk.webhooks import Reason, exception_body, success_body

__all__ = ["SyncOrchestrator"]

logger = logging.getLogger("bridge")

_PROCESSORS = {
    "orders": process_bills,
    "invoices": process_bills,
    "credit_memos": process_credit_memos,
    "purchase_orders": process_purchase_orders,
    "customers": process_parties,
    "companies": process_parties,
}


class SyncOrchestrator:
    """Moves Commerce documents into Intacct and keeps vendors aligned both ways.

    Args:
        intacct: an `IntacctClient` or `AsyncIntacctClient` (or an `IntacctPort`).
        commerce: a `CommerceClient` or `AsyncCommerceClient` (or a `CommercePort`).
        store: where records, cursors, links, the webhook inbox and the audit trail live.
        config: what documents become (`MappingConfig`).
        settings: how the runs go (`SyncSettings`: streams, batches, concurrency, retries).
        webhooks: a `commerce_sdk.webhooks` verifier (or list) for `handle_webhook`.
        progress: called as `progress(stream, done, total)` while a run goes (`total` is the
            number of records due when the stream started, an estimate; None while fetching).
        metrics: a `MetricsSink` told about every outcome, port call and run (default: none).
        company_users: one B2B company user per company id, to read purchase orders: GraphQL
            shows a company user only their own company's (default: the Commerce client's own
            `company_user`, that is, one company).
        clock: returns the current aware time (tests pass a fake one).
    """

    def __init__(
        self,
        *,
        intacct: Any,
        commerce: Any,
        store: Store,
        config: MappingConfig,
        settings: SyncSettings | None = None,
        webhooks: Any = None,
        progress: ProgressCallback | None = None,
        metrics: MetricsSink | None = None,
        company_users: Mapping[int, CompanyUser] | None = None,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.metrics: MetricsSink = metrics or NullMetrics()
        self.intacct: IntacctPort = metered(intacct_port(intacct), "intacct", self.metrics)
        self.commerce: CommercePort = metered(
            commerce_port(commerce, company_users=company_users), "commerce", self.metrics
        )
        self.store = store
        self.config = config
        self.settings = settings or SyncSettings()
        self.webhooks = webhooks
        self.progress = progress
        self.clock = clock
        self._stop = asyncio.Event()
        self._loop: asyncio.AbstractEventLoop | None = None

    def __repr__(self) -> str:
        return f"SyncOrchestrator(streams={self.settings.streams!r}, store={self.store!r})"

    # -- one run ---------------------------------------------------------------------------

    def run_once(
        self, *, dry_run: bool | None = None, streams: tuple[str, ...] | None = None
    ) -> SyncReport:
        """Fetch what changed, post what is due, on every configured stream; return the report."""
        return asyncio.run(self.arun_once(dry_run=dry_run, streams=streams))

    async def arun_once(
        self, *, dry_run: bool | None = None, streams: tuple[str, ...] | None = None
    ) -> SyncReport:
        """The async twin of `run_once`."""
        ctx = self._context(dry_run)
        ctx.store.start_run(ctx.run_id, kind="sync", started_at=ctx.report.started_at)
        for stream in streams or self.settings.streams:
            try:
                with ctx.timed(stream):
                    await self._run_stream(ctx, stream)
            except Exception as exc:
                logger.exception("stream %s failed", stream)
                ctx.report.errors.append(f"{stream}: {type(exc).__name__}: {exc}")
                ctx.audit(
                    None,
                    "stream_failed",
                    stream=stream,
                    outcome="failed",
                    message=f"{type(exc).__name__}: {exc}",
                )
        return self._finish(ctx)

    async def _run_stream(self, ctx: RunContext, stream: str) -> None:
        if stream == "vendors_to_commerce":
            await push_vendors_to_commerce(ctx)
            return
        if stream in {"orders", "invoices"} and stream != _bill_stream(self.config):
            return  # bills come from the other document (MappingConfig bills.source)
        await fetch_stream(ctx, stream)
        await self._drain(ctx, stream)

    async def _drain(self, ctx: RunContext, stream: str) -> None:
        processor = _PROCESSORS[stream]
        done = 0
        seen: set[str] = set()
        due = ctx.store.counts_by_state(stream).get(stream, {}).get(RecordState.PENDING, 0)
        while True:
            claimed = ctx.store.claim(
                stream,
                worker_id=self.settings.worker_id,
                limit=self.settings.batch_size,
                lease=self.settings.lease,
                now=ctx.clock(),
            )
            # A record finished in this run (failed with no wait, waiting, released in a dry
            # run) may be due again at once: it waits for the next run instead of looping here.
            records = [r for r in claimed if r.source_id not in seen]
            for record in claimed:
                if record.source_id in seen:
                    ctx.store.release(record)
            if not records:
                break
            seen.update(r.source_id for r in records)
            try:
                await processor(ctx, records)
            finally:
                _release_unfinished(ctx, records)
            done += len(records)
            ctx.tick(stream, done, max(due, done))

    def _context(self, dry_run: bool | None) -> RunContext:
        started = self.clock()
        report = SyncReport(
            run_id=f"run-{started:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}",
            started_at=started,
            dry_run=self.settings.dry_run if dry_run is None else dry_run,
        )
        report.intacct_requests = -self.intacct.request_count
        report.commerce_requests = -self.commerce.request_count
        return RunContext(
            intacct=self.intacct,
            commerce=self.commerce,
            store=self.store,
            config=self.config,
            settings=self.settings,
            report=report,
            run_id=report.run_id,
            clock=self.clock,
            progress=self.progress,
            metrics=self.metrics,
        )

    def _finish(self, ctx: RunContext, kind: str = "sync") -> SyncReport:
        report = ctx.report
        report.finished_at = self.clock()
        report.intacct_requests += self.intacct.request_count
        report.commerce_requests += self.commerce.request_count
        ctx.store.finish_run(
            report.run_id, report_json=report.to_dict(), finished_at=report.finished_at
        )
        report_metrics(report, kind, self.metrics)
        return report

    # -- replay ----------------------------------------------------------------------------

    def replay(self, **filters: Any) -> SyncReport:
        """Put matching records back in the queue (see `areplay`) and run their streams once."""
        return asyncio.run(self.areplay(**filters))

    async def areplay(
        self,
        *,
        stream: str | None = None,
        source_ids: list[str] | None = None,
        states: tuple[RecordState, ...] = (RecordState.FAILED,),
        updated_from: datetime | None = None,
        updated_to: datetime | None = None,
        dry_run: bool = False,
    ) -> SyncReport:
        """Requeue records by stream, id, state or time range, then process those streams."""
        records = self.store.find(
            stream=stream,
            states=list(states),
            source_ids=source_ids,
            updated_from=updated_from,
            updated_to=updated_to,
        )
        self.store.requeue(records)
        affected = tuple(dict.fromkeys(r.stream for r in records))
        ctx = self._context(dry_run)
        ctx.store.start_run(ctx.run_id, kind="replay", started_at=ctx.report.started_at)
        for name in affected:
            with ctx.timed(name):
                await self._drain(ctx, name)
        return self._finish(ctx, "replay")

    # -- webhooks --------------------------------------------------------------------------

    def handle_webhook(self, headers: Mapping[str, str], body: bytes) -> WebhookOutcome:
        """Verify a delivery, record it, and process the entity it names right away."""
        return asyncio.run(self.ahandle_webhook(headers, body))

    async def ahandle_webhook(self, headers: Mapping[str, str], body: bytes) -> WebhookOutcome:
        """The async twin of `handle_webhook` (use it inside a running event loop)."""
        verifiers = as_list(self.webhooks)
        event, reason = verify_and_parse(verifiers, headers, body)
        now = self.clock()
        if event is None:
            event_id, kind, entity_id = untrusted_pointer(headers, body)
            self.store.record_webhook(
                event_id,
                event_type=None,
                source="unverified",
                verified=False,
                reason=reason,
                entity_kind=kind,
                entity_id=entity_id,
                headers_summary=headers_summary(headers),
                received_at=now,
            )
            entry = webhook_audit(now, event_id, "webhook_rejected", reason)
            log_audit(self.store.append_audit(entry), self.metrics)
            return WebhookOutcome(
                status=_rejection_status(reason),
                body=exception_body("webhook rejected"),
                accepted=False,
                event_id=event_id,
                reason=reason,
            )
        stream = stream_for(event)
        fresh = self.store.record_webhook(
            event.event_id,
            event_type=event.type,
            source=str(event.source),
            verified=True,
            reason=None,
            entity_kind=event.entity_kind,
            entity_id=event.entity_id,
            headers_summary=headers_summary(headers),
            body=body,
            received_at=now,
        )
        if not fresh:
            return WebhookOutcome(
                status=200,
                body=success_body(),
                accepted=True,
                event_id=event.event_id,
                event_type=event.type,
                stream=stream,
                duplicate=True,
            )
        entry = webhook_audit(now, event.event_id, "webhook_received", None)
        log_audit(self.store.append_audit(entry), self.metrics)
        if stream is None or event.entity_id is None:
            self.store.mark_webhook_processed(event.event_id, outcome="ignored")
            return WebhookOutcome(
                status=200,
                body=success_body(),
                accepted=True,
                event_id=event.event_id,
                event_type=event.type,
            )
        source_id = await self._process_entity(stream, event.entity_id)
        self.store.mark_webhook_processed(event.event_id, outcome="processed")
        return WebhookOutcome(
            status=200,
            body=success_body(),
            accepted=True,
            event_id=event.event_id,
            event_type=event.type,
            stream=stream,
            source_id=source_id,
        )

    async def _process_entity(self, stream: str, entity_id: str) -> str:
        ctx = self._context(None)
        ctx.store.start_run(ctx.run_id, kind="webhook", started_at=ctx.report.started_at)
        source_id = await ingest_entity(ctx, stream, entity_id)
        if stream not in {"orders", "invoices"} or stream == _bill_stream(self.config):
            await self._drain(ctx, stream)
        self._finish(ctx, "webhook")
        return source_id

    def replay_webhooks(self, event_ids: list[str] | None = None) -> SyncReport:
        """Re-fetch and process the entities of rejected webhooks (all, or those named)."""
        return asyncio.run(self.areplay_webhooks(event_ids))

    async def areplay_webhooks(self, event_ids: list[str] | None = None) -> SyncReport:
        """The async twin of `replay_webhooks`: never trusts the stored unverified body."""
        ctx = self._context(None)
        ctx.store.start_run(ctx.run_id, kind="webhook_replay", started_at=ctx.report.started_at)
        for webhook in self.store.webhooks(verified=False, processed=False):
            if event_ids is not None and webhook.event_id not in event_ids:
                continue
            stream = STREAM_BY_KIND.get(webhook.entity_kind or "")
            if stream is None or webhook.entity_id is None:
                self.store.mark_webhook_processed(webhook.event_id, outcome="unreplayable")
                continue
            try:
                await ingest_entity(ctx, stream, webhook.entity_id)
            except Exception as exc:
                self.store.mark_webhook_processed(
                    webhook.event_id, outcome=f"refetch failed: {exc}"
                )
                continue
            self.store.mark_webhook_processed(webhook.event_id, outcome="replayed")
            await self._drain(ctx, stream)
        return self._finish(ctx, "webhook_replay")

    # -- schedule --------------------------------------------------------------------------

    def run_forever(self, schedule: Schedule, *, install_signal_handlers: bool = True) -> None:
        """Run on `schedule` until `stop()` or SIGTERM/SIGINT (after the current batch)."""
        asyncio.run(self.arun_forever(schedule, install_signal_handlers=install_signal_handlers))

    async def arun_forever(
        self, schedule: Schedule, *, install_signal_handlers: bool = False
    ) -> None:
        """The async twin of `run_forever`; returns when `stop()` is called."""
        self._stop = asyncio.Event()
        self._loop = asyncio.get_running_loop()
        if install_signal_handlers:
            _install_signals(self._stop)
        last: datetime | None = None
        while not self._stop.is_set():
            report = await self.arun_once()
            logger.info("run finished\n%s", report.summary())
            last = report.started_at
            wait = (schedule.next_run(self.clock(), last_run=last) - self.clock()).total_seconds()
            try:
                await asyncio.wait_for(self._stop.wait(), timeout=max(wait, 0.0))
            except TimeoutError:
                continue

    def stop(self) -> None:
        """Ask `run_forever` to stop after the current run (safe to call from any thread)."""
        loop = self._loop
        if loop is not None and loop.is_running():
            # asyncio.Event is not thread-safe: a service's shutdown hook or a WSGI thread must
            # wake the loop that waits, not just flip the flag (the wait could last hours).
            loop.call_soon_threadsafe(self._stop.set)
        else:
            self._stop.set()


# The same answers as `commerce_sdk.webhooks.WebhookDispatcher`; any other refusal is a 401.
_STATUS_BY_REASON = {
    Reason.BODY_TOO_LARGE.value: 413,
    Reason.UNSUPPORTED_MEDIA_TYPE.value: 415,
    Reason.MALFORMED_BODY.value: 400,
    Reason.KEY_UNAVAILABLE.value: 503,
}


def _rejection_status(reason: str | None) -> int:
    return _STATUS_BY_REASON.get((reason or "").split(":", 1)[0], 401)


def _bill_stream(config: MappingConfig) -> str:
    return "invoices" if config.bills.source == "invoice" else "orders"


def _release_unfinished(ctx: RunContext, records: list[Record]) -> None:
    # A processor that raised may leave claimed records in flight; give them back now rather
    # than waiting for the lease (their control ids, if persisted, make a resend safe).
    for record in records:
        current = ctx.store.get(record.stream, record.source_id)
        if current is not None and current.state is RecordState.IN_FLIGHT:
            ctx.store.release(record)


def _install_signals(stop: asyncio.Event) -> None:

    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError, RuntimeError):  # not the main thread
            loop.add_signal_handler(sig, stop.set)
