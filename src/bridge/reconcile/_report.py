"""`ReconciliationReport`: the classified items, the totals, and what to replay."""

from __future__ import annotations

import shlex
from collections.abc import Iterator, Mapping
from datetime import datetime
from decimal import Decimal
from os import PathLike
from pathlib import Path

import attrs

from bridge.reconcile._export import report_json, write_csv, write_json
from bridge.reconcile._html import render_html
from bridge.reconcile._model import Item, Period, Status
from bridge.reconcile._text import summary_text
from bridge.reconcile._totals import Totals

__all__ = ["ReconciliationReport", "ReplayTarget"]

#: Classes whose documents the orchestrator may replay: never a mismatch (issue 10 point 4).
REPLAYABLE = (Status.MISSING_IN_INTACCT, Status.PENDING_OR_FAILED_IN_STORE)


@attrs.frozen(kw_only=True)
class ReplayTarget:
    """A store record to requeue: `SyncOrchestrator.replay(stream=..., source_ids=[...])`."""

    stream: str
    source_id: str
    status: Status
    reason: str
    store_state: str | None = None


@attrs.frozen(kw_only=True)
class ReconciliationReport:
    """The outcome of `reconcile()`.

    `items` holds every discrepancy, in document-number order, and the matched documents only
    when `reconcile(keep_matched=True)` (their counts and amounts are always in `totals`).
    """

    period: Period
    generated_at: datetime
    items: tuple[Item, ...]
    totals: Totals
    matched_included: bool = False
    base_currency: str | None = None

    def counts(self) -> dict[Status, int]:
        """Documents per class (Commerce documents; Intacct records for unknown ones)."""
        result = {}
        for status, side in self.totals.by_status.items():
            count = side.commerce_count
            if status is Status.UNKNOWN_TO_COMMERCE:
                count = side.intacct_count
            result[status] = count
        return result

    def of(self, status: Status) -> Iterator[Item]:
        """The items of one class kept in the report."""
        return (item for item in self.items if item.status is status)

    @property
    def discrepancies(self) -> int:
        """How many documents are not matched."""
        return sum(n for s, n in self.counts().items() if s is not Status.MATCHED)

    @property
    def net_difference(self) -> Mapping[str, Decimal]:
        """Intacct minus Commerce per currency."""
        return self.totals.net_difference()

    def replay_targets(self) -> list[ReplayTarget]:
        """Store records of documents missing in Intacct or pending/failed in the store.

        Mismatches are never here: what Intacct holds is changed by people, not by a replay.
        Each record once (a credit memo split into two adjustments is one record).
        """
        seen: dict[tuple[str, str], ReplayTarget] = {}
        for item in self.items:
            if item.status in REPLAYABLE and item.commerce is not None:
                key = (item.commerce.stream, item.commerce.source_id)
                state = item.commerce.store.state if item.commerce.store else None
                target = ReplayTarget(
                    stream=key[0],
                    source_id=key[1],
                    status=item.status,
                    reason=item.note,
                    store_state=state,
                )
                seen.setdefault(key, target)
        return list(seen.values())

    def replay_commands(self) -> list[str]:
        """`python -m bridge replay` commands for `replay_targets()`, one per stream and case.

        Records pending or failed in the store: a command naming their ids and states. Records
        the store calls synced although Intacct lacks them (deleted or reversed there?): the
        command comes commented out, to run after a look. Documents without a store record
        cannot be replayed: a comment lists them (`python -m bridge sync` fetches them).
        """
        by_stream: dict[str, list[ReplayTarget]] = {}
        for target in self.replay_targets():
            by_stream.setdefault(target.stream, []).append(target)
        commands = []
        for stream, targets in by_stream.items():
            unfinished = [t for t in targets if t.store_state not in (None, "synced")]
            synced = [t for t in targets if t.store_state == "synced"]
            unknown = [t.source_id for t in targets if t.store_state is None]
            if unfinished:
                commands.append(_replay(stream, unfinished))
            if synced:
                commands.append(
                    "# the store says synced but Intacct lacks them; check, then: "
                    + _replay(stream, synced)
                )
            if unknown:
                commands.append(
                    f"# no store record (or no store given); `python -m bridge sync` fetches "
                    f"documents it never saw: {stream} " + " ".join(unknown)
                )
        return commands

    def summary(self) -> str:
        """A plain-text summary for a terminal."""
        return summary_text(self)

    def to_json(self) -> dict[str, object]:
        """The JSON document `write_json` writes (schema in docs/reconciliation.md)."""
        return report_json(self)

    def write_json(self, path: str | PathLike[str]) -> Path:
        """Write the JSON document; returns the path."""
        return write_json(self, Path(path))

    def write_csv(self, path: str | PathLike[str]) -> Path:
        """Write one CSV row per item (columns in docs/reconciliation.md); returns the path."""
        return write_csv(self, Path(path))

    def write_html(self, path: str | PathLike[str]) -> Path:
        """Write the self-contained HTML report (no network assets); returns the path."""
        target = Path(path)
        target.write_text(render_html(self), encoding="utf-8")
        return target


def _replay(stream: str, targets: list[ReplayTarget]) -> str:
    states = dict.fromkeys(str(t.store_state) for t in targets)
    words = ["python -m bridge replay", f"--stream {stream}"]
    words += [f"--state {state}" for state in states]
    words += [f"--id {shlex.quote(t.source_id)}" for t in targets]
    return " ".join(words)
