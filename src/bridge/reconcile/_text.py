"""The terminal summary: counts per class, totals per currency, the first discrepancies."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bridge.reconcile._model import Status

if TYPE_CHECKING:
    from bridge.reconcile._report import ReconciliationReport

__all__ = ["LABELS", "summary_text"]

#: Human labels of the classes, in report order.
LABELS = {
    Status.MATCHED: "matched",
    Status.AMOUNT_MISMATCH: "amount mismatch",
    Status.VENDOR_MISMATCH: "vendor mismatch",
    Status.POSTED_TWICE: "posted twice",
    Status.MISSING_IN_INTACCT: "missing in Intacct",
    Status.PENDING_OR_FAILED_IN_STORE: "pending/failed in store",
    Status.UNKNOWN_TO_COMMERCE: "in Intacct, unknown to Commerce",
}

_SHOWN = 10


def _cut(command: str, width: int = 300) -> str:
    # A month can have hundreds of failed ids: the summary shows the start, the JSON has all.
    if len(command) <= width:
        return command
    return command[:width].rsplit(" --id ", 1)[0] + " ... (all ids: replay_targets in the JSON)"


def summary_text(report: ReconciliationReport) -> str:
    """Plain text, fit for a terminal or a cron mail."""
    totals = report.totals
    counts = report.counts()
    generated = report.generated_at.isoformat(timespec="seconds")
    lines = [
        f"Reconciliation {report.period} (generated {generated})",
        f"Commerce documents: {totals.commerce_documents}   "
        f"Intacct records: {totals.intacct_documents}",
        "",
    ]
    width = max(len(label) for label in LABELS.values())
    for status, label in LABELS.items():
        lines.append(f"  {label:<{width}}  {counts[status]:>8}")
    lines += ["", "Per currency          Commerce           Intacct        Difference"]
    for currency, side in sorted(totals.by_currency.items()):
        lines.append(
            f"  {currency:<8} {side.commerce:>17} {side.intacct:>17} {side.difference:>17}"
        )
    problems = [item for item in report.items if item.status is not Status.MATCHED]
    if problems:
        lines += ["", f"First discrepancies ({min(len(problems), _SHOWN)} of {len(problems)}):"]
        for item in problems[:_SHOWN]:
            lines.append(
                f"  {LABELS[item.status]:<{width}}  {item.object} {item.number}: {item.note}"
            )
    targets = report.replay_targets()
    if targets:
        lines += ["", f"{len(targets)} record(s) to replay (mismatches are never changed):"]
        lines += [f"  {_cut(command)}" for command in report.replay_commands()[:_SHOWN]]
    else:
        lines += ["", "Nothing to replay."]
    return "\n".join(lines) + "\n"
