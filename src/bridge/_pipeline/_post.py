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


def _chunks(items: Sequence[Prepared[T]], size: int) -> list[Sequence[Prepared[T]]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


async def post_prepared(
    ctx: RunContext,
    items: Sequence[Prepared[T]],
    *,
    target_object: str,
    lookup: LookupExisting,
    post: PostMany[T],
    final: bool = True,
) -> None:
    """Post `items` and finish every record (synced / failed) in the store.

    With `final=False` the items are some of several documents of their records: a success is
    audited but leaves the record in flight, so a crash before the record's last document is
    posted leaves it to be claimed again (and the documents already in Intacct found by lookup).
    """
    if not items:
        return
    report = ctx.report.stream(items[0].record.stream)
    if ctx.dry_run:
        for item in items:
            ctx.audit(
                item.record, "would_post", control_id=item.control_id, request_summary=item.summary
            )
            ctx.store.release(item.record)
            report.count("would_post")
        return
    existing = await lookup([i.document_no for i in items])
    to_post: list[Prepared[T]] = []
    for item in items:
        key = existing.get(item.document_no)
        if key is not None:
            _synced(ctx, item, key, target_object, action="already_in_intacct", final=final)
        else:
            ctx.store.set_control_id(item.record, item.control_id)
            to_post.append(item)
    limit = asyncio.Semaphore(ctx.settings.max_requests_in_flight)

    async def send(chunk: Sequence[Prepared[T]]) -> None:
        async with limit:
            started = time.perf_counter()
            outcomes = await post([(i.payload, i.control_id) for i in chunk])
            elapsed = (time.perf_counter() - started) * 1000
        by_control = {o.control_id: o for o in outcomes}
        for item in chunk:
            outcome = by_control.get(item.control_id) or PostOutcome(
                control_id=item.control_id, ok=False, unknown=True, message="no result returned"
            )
            await _finish(ctx, item, outcome, target_object, lookup, elapsed / len(chunk), final)

    await asyncio.gather(*(send(c) for c in _chunks(to_post, ctx.settings.functions_per_request)))


def _synced(
    ctx: RunContext, item: Prepared[Any], key: str, target: str, *, action: str, final: bool = True
) -> None:
    if not final:
        ctx.audit(
            item.record,
            f"{action}_part",
            control_id=item.control_id,
            intacct_key=key,
            request_summary=item.summary,
        )
        return
    # The entry that says which document synced the record (credit memos read the bill's
    # VENDORID and number from it) is written in the same transaction as the state: a kill
    # between the two would leave a synced record without it (tests/reliability).
    entry = ctx.audit_entry(
        item.record,
        action,
        control_id=item.control_id,
        intacct_key=key,
        request_summary=item.summary,
    )
    if ctx.store.mark_synced(
        item.record, target_object=target, target_key=key, control_id=item.control_id, audit=entry
    ):
        ctx.announce(entry)
        ctx.report.stream(item.record.stream).count("synced")
    else:
        ctx.audit(
            item.record,
            "claim_lost",
            outcome="ignored",
            control_id=item.control_id,
            intacct_key=key,
            message="another worker owns this record now",
        )


async def _finish(
    ctx: RunContext,
    item: Prepared[Any],
    outcome: PostOutcome,
    target: str,
    lookup: LookupExisting,
    duration_ms: float,
    final: bool = True,
) -> None:
    if outcome.ok and outcome.key:
        _synced(ctx, item, outcome.key, target, action="posted", final=final)
        return
    if outcome.duplicate or outcome.unknown:
        found = (await lookup([item.document_no])).get(item.document_no)
        if found is not None:
            _synced(ctx, item, found, target, action="duplicate_resolved", final=final)
            return
        if outcome.duplicate:
            # Intacct says this control id already ran, yet the document is not there: posting
            # again would be refused the same way, so a person must look (replay after checking).
            fail(
                ctx,
                item.record,
                kind="duplicate_unresolved",
                retry=False,
                outcome=outcome,
                control_id=item.control_id,
                message="Intacct reports the function as already "
                "executed but the document cannot be read back",
            )
            return
        fail(
            ctx,
            item.record,
            kind="outcome_unknown",
            retry=True,
            outcome=outcome,
            control_id=item.control_id,
            duration_ms=duration_ms,
        )
        return
    fail(
        ctx,
        item.record,
        kind="intacct_error",
        retry=outcome.retryable,
        outcome=outcome,
        control_id=item.control_id,
        duration_ms=duration_ms,
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
    # The entry is written in the same transaction as the state (see `_synced`).
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
        # Our lease ran out and another worker re-claimed the record: its result stands, and
        # the trail must not claim a failure or a retry that never happened (docs/scaling.md).
        ctx.audit(
            record,
            "claim_lost",
            outcome="ignored",
            control_id=control_id,
            errornos=errornos,
            message=f"another worker owns this record now; our attempt ended with: {text}",
        )
        return
    ctx.announce(entry)
    ctx.report.stream(record.stream).count("failed" if next_at is None else "retry_scheduled")
