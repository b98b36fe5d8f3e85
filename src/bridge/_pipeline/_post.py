"""Stage 3: post mapped records to Intacct, safely.

Order of events for each record, so that a crash at any instruction neither loses nor duplicates:
1. ask Intacct which of the batch's document numbers already exist (a lost local store never
   causes a double post) and mark those synced;
2. persist the deterministic control id, then post many functions per request with
   `uniqueid=true`, a bounded number of requests in flight;
3. a duplicate or unknown outcome (timeout, 524, dropped response) is resolved by reading the
   document back, never by posting again (DESIGN.md section 4).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Generic, TypeVar

import attrs

from bridge._pipeline._context import RunContext
from bridge._ports import PostOutcome
from bridge.stores import Record, RecordError

T = TypeVar("T")


@attrs.frozen(kw_only=True)
class Prepared(Generic[T]):
    """One record ready to post: the Intacct object, its control id and its document number."""

    record: Record
    payload: T
    control_id: str
    document_no: str
    summary: dict[str, Any] = attrs.field(factory=dict)


LookupExisting = Callable[[Sequence[str]], Awaitable[dict[str, str]]]
PostMany = Callable[[Sequence[tuple[T, str]]], Awaitable[list[PostOutcome]]]


@attrs.frozen(kw_only=True)
class _Resolved:
    """One function's fate: a key (synced) or why not (failure kind, retry or not)."""

    key: str | None
    action: str = "posted"
    kind: str = ""
    retry: bool = False
    outcome: PostOutcome | None = None
    message: str | None = None


def _groups(items: Sequence[Prepared[T]]) -> list[list[Prepared[T]]]:
    # The parts of one record (a credit memo that becomes a credit and a debit adjustment)
    # travel and finish together: the record is synced only when every part is in Intacct.
    groups: dict[tuple[str, str], list[Prepared[T]]] = {}
    for item in items:
        groups.setdefault((item.record.stream, item.record.source_id), []).append(item)
    return list(groups.values())


def _chunks(groups: list[list[Prepared[T]]], size: int) -> list[list[list[Prepared[T]]]]:
    chunks: list[list[list[Prepared[T]]]] = []
    current: list[list[Prepared[T]]] = []
    count = 0
    for group in groups:
        if current and count + len(group) > size:
            chunks.append(current)
            current, count = [], 0
        current.append(group)
        count += len(group)
    if current:
        chunks.append(current)
    return chunks


async def post_prepared(
    ctx: RunContext,
    items: Sequence[Prepared[T]],
    *,
    target_object: str,
    lookup: LookupExisting,
    post: PostMany[T],
) -> None:
    """Post `items` and finish every record (synced / failed) in the store."""
    if not items:
        return
    report = ctx.report.stream(items[0].record.stream)
    groups = _groups(items)
    if ctx.dry_run:
        for group in groups:
            for item in group:
                ctx.audit(
                    item.record,
                    "would_post",
                    control_id=item.control_id,
                    request_summary=item.summary,
                )
            ctx.store.release(group[0].record)
            report.count("would_post")
        return
    groups = _renewed(ctx, groups)
    if not groups:
        return
    items = [item for group in groups for item in group]
    existing = await lookup([i.document_no for i in items])
    resolved: dict[str, _Resolved] = {}
    to_post: list[list[Prepared[T]]] = []
    for group in groups:
        missing = []
        for item in group:
            key = existing.get(item.document_no)
            if key is not None:
                resolved[item.control_id] = _Resolved(key=key, action="already_in_intacct")
            else:
                missing.append(item)
        if missing:
            ctx.store.set_control_id(group[0].record, missing[0].control_id)
            to_post.append(group)
        else:
            _finish_group(ctx, group, resolved, target_object)
    limit = asyncio.Semaphore(ctx.settings.max_requests_in_flight)

    async def send(chunk: list[list[Prepared[T]]]) -> None:
        pending = [i for group in chunk for i in group if i.control_id not in resolved]
        async with limit:
            started = time.perf_counter()
            outcomes = await post([(i.payload, i.control_id) for i in pending])
            elapsed = (time.perf_counter() - started) * 1000
        by_control = {o.control_id: o for o in outcomes}
        for item in pending:
            outcome = by_control.get(item.control_id) or PostOutcome(
                control_id=item.control_id, ok=False, unknown=True, message="no result returned"
            )
            resolved[item.control_id] = await _resolve(item, outcome, lookup)
        for group in chunk:
            _finish_group(ctx, group, resolved, target_object, elapsed / max(len(pending), 1))

    chunks = _chunks(to_post, ctx.settings.functions_per_request)
    await asyncio.gather(*(send(c) for c in chunks))


def _renewed(ctx: RunContext, groups: list[list[Prepared[T]]]) -> list[list[Prepared[T]]]:
    # Vendor work before this point can be slow (lookups, creates, Commerce write-backs): renew
    # each claim right before posting, and post nothing for a record another worker took over.
    kept: list[list[Prepared[T]]] = []
    for group in groups:
        renewed = ctx.store.renew(group[0].record, lease=ctx.settings.lease, now=ctx.clock())
        if renewed is None:
            _claim_lost(ctx, group[0].record, "nothing posted")
            continue
        kept.append([attrs.evolve(item, record=renewed) for item in group])
    return kept


async def _resolve(item: Prepared[Any], outcome: PostOutcome, lookup: LookupExisting) -> _Resolved:
    if outcome.ok and outcome.key:
        return _Resolved(key=outcome.key, outcome=outcome)
    if outcome.duplicate or outcome.unknown:
        found = (await lookup([item.document_no])).get(item.document_no)
        if found is not None:
            return _Resolved(key=found, action="duplicate_resolved", outcome=outcome)
        if outcome.duplicate:
            # Intacct says this control id already ran, yet the document is not there: posting
            # again would be refused the same way, so a person must look (replay after checking).
            return _Resolved(
                key=None,
                kind="duplicate_unresolved",
                outcome=outcome,
                message="Intacct reports the function as already executed but "
                "the document cannot be read back",
            )
        return _Resolved(key=None, kind="outcome_unknown", retry=True, outcome=outcome)
    return _Resolved(key=None, kind="intacct_error", retry=outcome.retryable, outcome=outcome)


def _finish_group(
    ctx: RunContext,
    group: Sequence[Prepared[Any]],
    resolved: dict[str, _Resolved],
    target: str,
    duration_ms: float | None = None,
) -> None:
    record = group[0].record
    results = [(item, resolved[item.control_id]) for item in group]
    failures = [(item, r) for item, r in results if r.key is None]
    if failures:
        # Parts already in Intacct stay there; the retry finds them by number and posts the
        # rest. The record retries only when every failed part may succeed on a retry.
        item, first = failures[0]
        for done_item, done in results:
            if done.key is not None:
                ctx.audit(
                    record,
                    f"part_{done.action}",
                    control_id=done_item.control_id,
                    intacct_key=done.key,
                    request_summary=done_item.summary,
                )
        fail(
            ctx,
            record,
            kind=first.kind,
            retry=all(r.retry for _, r in failures),
            outcome=first.outcome,
            message=first.message,
            control_id=item.control_id,
            duration_ms=duration_ms,
        )
        return
    keys = ",".join(str(r.key) for _, r in results)
    entries = [
        ctx.audit_entry(
            record,
            done.action,
            control_id=item.control_id,
            intacct_key=done.key,
            request_summary=item.summary,
            duration_ms=duration_ms,
        )
        for item, done in results
    ]
    # The first entry (for a bill, the only one: credit memos read the bill's VENDORID and
    # number from it) is written in the same transaction as the state; a SIGKILL between the
    # two left a synced bill whose memo failed for good (tests/reliability/test_crash_resume.py).
    if ctx.store.mark_synced(
        record,
        target_object=target,
        target_key=keys,
        control_id=group[0].control_id,
        audit=entries[0],
    ):
        ctx.announce(entries[0])
        for entry in entries[1:]:
            ctx.announce(ctx.store.append_audit(entry))
        ctx.report.stream(record.stream).count("synced")
    else:
        _claim_lost(
            ctx,
            record,
            f"our attempt posted {keys}",
            control_id=group[0].control_id,
            intacct_key=keys,
        )


def skip(ctx: RunContext, record: Record, *, reason: str, outcome: str = "skipped") -> None:
    """Mark `record` skipped (audited, counted as `outcome`), unless the claim was lost."""
    if ctx.store.mark_skipped(record, reason=reason):
        ctx.audit(record, "skipped", outcome="skipped", message=reason)
        ctx.report.stream(record.stream).count(outcome)
    else:
        _claim_lost(ctx, record, f"our attempt would have skipped it: {reason}")


def wait(ctx: RunContext, record: Record, *, reason: str) -> None:
    """Mark `record` waiting until `waiting_recheck` from now, unless the claim was lost."""
    next_at = ctx.clock() + ctx.settings.waiting_recheck
    if ctx.store.mark_waiting(record, reason=reason, next_attempt_at=next_at):
        ctx.audit(record, "waiting", outcome="waiting", message=reason)
        ctx.report.stream(record.stream).count("waiting")
    else:
        _claim_lost(ctx, record, f"our attempt would have waited: {reason}")


def _claim_lost(
    ctx: RunContext,
    record: Record,
    message: str,
    *,
    control_id: str | None = None,
    intacct_key: str | None = None,
    errornos: tuple[str, ...] = (),
) -> None:
    # Our lease ran out and another worker re-claimed the record: its result stands, and the
    # trail must not claim an outcome that never happened (docs/scaling.md).
    ctx.audit(
        record,
        "claim_lost",
        outcome="ignored",
        control_id=control_id,
        intacct_key=intacct_key,
        errornos=errornos,
        message=f"another worker owns this record now; {message}",
    )


def fail(
    ctx: RunContext,
    record: Record,
    *,
    kind: str,
    retry: bool,
    outcome: PostOutcome | None = None,
    message: str | None = None,
    control_id: str | None = None,
    duration_ms: float | None = None,
) -> None:
    """Mark `record` failed: with a next attempt (backoff) when `retry`, else until replayed."""
    text = message or (outcome.message if outcome else None) or kind
    errornos = outcome.errornos if outcome else ()
    wait = ctx.settings.backoff_for(record.attempts) if retry else None
    next_at = ctx.clock() + wait if wait is not None else None
    descriptions = tuple(str(e) for e in getattr(outcome.error, "errors", ())) if outcome else ()
    error = RecordError(kind=kind, message=text, errornos=errornos, descriptions=descriptions)
    # The entry is written in the same transaction as the state (see `_finish_group`).
    entry = ctx.audit_entry(
        record,
        "failed" if next_at is None else "retry_scheduled",
        outcome="failed",
        control_id=control_id,
        errornos=errornos,
        message=text,
        duration_ms=duration_ms,
    )
    if not ctx.store.mark_failed(record, error=error, next_attempt_at=next_at, audit=entry):
        _claim_lost(
            ctx, record, f"our attempt ended with: {text}", control_id=control_id, errornos=errornos
        )
        return
    ctx.announce(entry)
    ctx.report.stream(record.stream).count("failed" if next_at is None else "retry_scheduled")
