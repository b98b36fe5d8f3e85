"""`python -m bridge demo | ping | sync | replay | audit | status`.

Exit codes fit scripts and cron: 0 success; 1 the run finished but some records failed; 2 bad
usage or configuration (the message names the setting); 3 a system could not be reached or
refused the credentials. See docs/bridge.md for the commands and the TOML file.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from bridge._settings_file import SettingsFileError, load_bridge_file
from bridge.settings import STREAMS
from bridge.stores import RecordState

__all__ = ["EXIT_FAILED_RECORDS", "EXIT_OK", "EXIT_UNREACHABLE", "EXIT_USAGE", "main"]

EXIT_OK, EXIT_FAILED_RECORDS, EXIT_USAGE, EXIT_UNREACHABLE = 0, 1, 2, 3


def _when(text: str) -> datetime:
    """An ISO 8601 date or time; a naive one is taken as UTC."""
    try:
        value = datetime.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 date/time: {text!r}") from exc
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _with_config(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
    p.add_argument("-c", "--config", default="bridge.toml", help="bridge TOML file")
    return p


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bridge", description=__doc__)
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more logging")
    parser.add_argument(
        "--log-json", action="store_true", help="log one JSON object per line (stderr)"
    )
    sub = parser.add_subparsers(dest="command", required=True)

    demo = sub.add_parser("demo", help="run a full sync against the built-in sandbox")
    demo.add_argument("--orders", type=int, default=300, help="orders to seed (default 300)")
    demo.add_argument("--data-dir", default="bridge-data/demo", help="where the demo store goes")
    demo.add_argument("--seed", type=int, default=7, help="random seed of the sandbox data")

    _with_config(sub.add_parser("ping", help="check both systems with the configured credentials"))
    sync = _with_config(sub.add_parser("sync", help="run the sync once (or --forever)"))
    sync.add_argument("--forever", action="store_true", help="keep running on [schedule]")
    sync.add_argument("--dry-run", action="store_true", help="map and report, post nothing")
    sync.add_argument("--stream", action="append", choices=STREAMS, help="only these streams")

    replay = _with_config(sub.add_parser("replay", help="requeue records and run them again"))
    replay.add_argument("--stream", choices=STREAMS, help="only this stream")
    replay.add_argument("--id", action="append", dest="ids", help="record (or event) id; repeat")
    replay.add_argument(
        "--state",
        action="append",
        choices=[s.value for s in RecordState],
        help="states to replay; repeat (default: failed)",
    )
    replay.add_argument("--from", dest="date_from", type=_when, help="source updated at or after")
    replay.add_argument("--to", dest="date_to", type=_when, help="source updated before")
    replay.add_argument("--dry-run", action="store_true", help="map and report, post nothing")
    replay.add_argument(
        "--webhooks", action="store_true", help="replay rejected webhooks (re-fetched by id)"
    )

    audit = _with_config(sub.add_parser("audit", help="read, filter or export the audit trail"))
    audit.add_argument("--store", help="a bridge store file (instead of the config's)")
    audit.add_argument("--stream", choices=[*STREAMS, "vendors", "webhooks", "run"])
    audit.add_argument("--id", dest="source_id", help="one record's state and history")
    audit.add_argument("--action", action="append", dest="actions", help="e.g. posted; repeat")
    audit.add_argument("--outcome", help="e.g. failed, ok, skipped")
    audit.add_argument("--run", dest="run_id", help="one run's entries")
    audit.add_argument("--since", type=_when, help="entries at or after (ISO 8601, UTC if naive)")
    audit.add_argument("--until", type=_when, help="entries before")
    audit.add_argument("--limit", type=int, default=50, help="last N entries (0: all)")
    audit.add_argument("--export", choices=["csv", "json"], help="write all matching entries")
    audit.add_argument("--out", type=Path, help="file for --export (default: stdout)")

    from bridge.reconcile import command as reconcile_command

    reconcile_command.add_arguments(
        _with_config(sub.add_parser("reconcile", help="Commerce and Intacct side by side"))
    )
    status = _with_config(sub.add_parser("status", help="per stream: cursor, counts, last run"))
    status.add_argument("--store", help="a bridge store file (instead of the config's)")
    status.add_argument("--json", action="store_true", help="machine-readable output")
    return parser


def _configure_logging(verbose: int, *, as_json: bool = False) -> None:
    # The level goes on our handler, not the root logger: INFO events the CLI listens to (run
    # summaries under --forever) must not spill onto stderr at the default level.
    root = logging.getLogger()
    if root.handlers:
        return  # the host application (or pytest) owns logging
    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(logging.WARNING - 10 * min(verbose, 2))
    if as_json:
        from bridge._observability import JsonLogFormatter

        handler.setFormatter(JsonLogFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(min(root.level or logging.WARNING, handler.level))


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None) -> int:
    """Run the CLI; returns the exit code (argparse's own errors give 2 as well)."""
    stream = out or sys.stdout
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:  # --help (0) or a usage error (2): a code, not an exit
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    _configure_logging(args.verbose, as_json=args.log_json)
    from bridge import _commands, _store_commands

    try:
        if args.command == "demo":
            from bridge._demo import run_demo

            return run_demo(args.data_dir, orders=args.orders, seed=args.seed, out=stream)
        handler = getattr(
            _store_commands if args.command in {"audit", "status"} else _commands, args.command
        )
        if args.command in {"audit", "status"} and args.store:
            return int(handler(args, None, stream))
        bridge_file = load_bridge_file(args.config)
        return int(handler(args, bridge_file, stream))
    except (SettingsFileError, _commands.UsageError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except _commands.UnreachableError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_UNREACHABLE
