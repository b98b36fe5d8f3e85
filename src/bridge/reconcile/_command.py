"""The `python -m bridge reconcile` subcommand, ready for the CLI to wire.

`add_arguments(parser)` declares the options; `run(args, commerce=..., intacct=..., store=...,
config=..., out=..., replay=...)` reconciles, writes the chosen files, prints the summary and their
paths and, with `--replay`, replays the records pending or failed in the store.
Exit code: 0 every document matched, 1 discrepancies found (scripts and cron can alert on it).
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Protocol, TextIO

from bridge._mapping_config import MappingConfig
from bridge.reconcile._model import Period, ReconcileError
from bridge.reconcile._reconcile import Progress, reconcile
from bridge.reconcile._report import ReplayTarget
from bridge.reconcile._sources import CommerceReader, IntacctReader, StoreLookup

__all__ = ["FORMATS", "Replay", "add_arguments", "period_from_args", "run"]

FORMATS = ("html", "csv", "json")
EXIT_MATCHED, EXIT_DISCREPANCIES = 0, 1


class Replay(Protocol):
    """Requeue and run records: `SyncOrchestrator.replay(stream=, source_ids=, states=)`."""

    def __call__(self, stream: str, source_ids: list[str], states: tuple[str, ...]) -> object:
        """Replay `source_ids` of `stream` that are in one of `states`."""
        ...


def _month(text: str) -> Period:
    try:
        year, month = (int(part) for part in text.split("-"))
        return Period.month(year, month)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"--month {text!r}: expected YYYY-MM") from exc


def add_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Options of `reconcile`: the period, where the files go, which files, matched rows."""
    parser.add_argument("--from", dest="date_from", type=date.fromisoformat,
                        help="first day (YYYY-MM-DD, company timezone)")  # fmt: skip
    parser.add_argument("--to", dest="date_to", type=date.fromisoformat,
                        help="last day, included (default: same as --from)")  # fmt: skip
    parser.add_argument("--month", type=_month, help="a whole month, YYYY-MM (instead of --from)")
    parser.add_argument("--out", type=Path, default=Path("bridge-data/reconciliation"),
                        help="folder for the report files")  # fmt: skip
    parser.add_argument("--format", dest="formats", action="append", choices=FORMATS,
                        help="file to write (repeat; default: all three)")  # fmt: skip
    parser.add_argument("--keep-matched", action="store_true",
                        help="list matched documents too (memory grows with them)")  # fmt: skip
    parser.add_argument("--replay", action="store_true",
                        help="then replay the records pending or failed in the store "
                             "(never mismatches, never records it calls synced)")  # fmt: skip
    return parser


def period_from_args(args: argparse.Namespace) -> Period:
    """The period the options name.

    Raises:
        ReconcileError: neither `--month` nor `--from`, or both.
    """
    if args.month is not None:
        if args.date_from is not None:
            raise ReconcileError("give --month or --from/--to, not both")
        period: Period = args.month
        return period
    if args.date_from is None:
        raise ReconcileError("give --month YYYY-MM or --from YYYY-MM-DD [--to YYYY-MM-DD]")
    return Period(start=args.date_from, end=args.date_to or args.date_from)


def run(
    args: argparse.Namespace,
    *,
    commerce: CommerceReader,
    intacct: IntacctReader,
    store: StoreLookup | None,
    config: MappingConfig | None,
    out: TextIO,
    replay: Replay | None = None,
) -> int:
    """Reconcile the period of `args`, write the files, print summary and paths.

    With `--replay`, `replay(stream, source_ids, states)` is called once per stream for the
    records pending or failed in the store (wire it to `SyncOrchestrator.replay`).
    """
    period = period_from_args(args)

    def progress(p: Progress) -> None:
        print(f"... {p.items:,} documents, {p.discrepancies:,} discrepancies", file=out)

    report = reconcile(
        period,
        commerce=commerce,
        intacct=intacct,
        store=store,
        config=config,
        keep_matched=args.keep_matched,
        progress=progress,
        progress_every=10_000,
    )
    out.write(report.summary())
    folder: Path = args.out
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"reconciliation-{period.start.isoformat()}-{period.end.isoformat()}"
    writers = {"html": report.write_html, "csv": report.write_csv, "json": report.write_json}
    for fmt in args.formats or FORMATS:
        path = writers[fmt](folder / f"{stem}.{fmt}")
        print(f"{fmt}: {path.resolve()}", file=out)
    if args.replay:
        _replay(report.replay_targets(), replay, out)
    return EXIT_DISCREPANCIES if report.discrepancies else EXIT_MATCHED


def _replay(targets: list[ReplayTarget], replay: Replay | None, out: TextIO) -> None:
    if replay is None:
        raise ReconcileError("--replay: this command was not given a way to replay")
    by_stream: dict[str, list[ReplayTarget]] = {}
    for target in targets:
        if target.store_state not in (None, "synced"):
            by_stream.setdefault(target.stream, []).append(target)
    if not by_stream:
        print("replay: nothing pending or failed in the store", file=out)
    for stream, chosen in by_stream.items():
        states = tuple(dict.fromkeys(str(t.store_state) for t in chosen))
        replay(stream, [t.source_id for t in chosen], states)
        print(f"replay: {len(chosen)} {stream} record(s) requeued and run", file=out)
