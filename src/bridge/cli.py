"""`python -m bridge demo | ping | sync | replay | audit | status`.

Exit codes fit scripts and cron: 0 success; 1 the run finished but some records failed; 2 bad
usage or configuration; 3 a system could not be reached or refused the credentials.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TextIO

from bridge._settings_file import SettingsFileError, load_bridge_file
from bridge.settings import STREAMS

__all__ = ["main"]

EXIT_OK, EXIT_FAILED_RECORDS, EXIT_USAGE, EXIT_UNREACHABLE = 0, 1, 2, 3


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bridge", description=__doc__)
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more logging")
    sub = parser.add_subparsers(dest="command", required=True)

    demo = sub.add_parser("demo", help="run a full sync against the built-in sandbox")
    demo.add_argument("--orders", type=int, default=300, help="orders to seed (default 300)")
    demo.add_argument("--data-dir", default="bridge-data/demo", help="where the demo store goes")
    demo.add_argument("--seed", type=int, default=7, help="random seed of the sandbox data")

    def with_config(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument("-c", "--config", default="bridge.toml", help="bridge TOML file")
        return p

    with_config(sub.add_parser("ping", help="check both systems with the configured credentials"))
    sync = with_config(sub.add_parser("sync", help="run the sync once (or --forever)"))
    sync.add_argument("--forever", action="store_true", help="keep running on [schedule]")
    sync.add_argument("--dry-run", action="store_true", help="map and report, post nothing")
    sync.add_argument("--stream", action="append", choices=STREAMS, help="only these streams")

    replay = with_config(sub.add_parser("replay", help="requeue records and run them again"))
    replay.add_argument("--stream", choices=STREAMS)
    replay.add_argument("--id", action="append", dest="ids", help="source record id (repeat)")
    replay.add_argument(
        "--state", action="append", default=None, help="states to replay (default: failed)"
    )
    replay.add_argument("--from", dest="date_from", type=datetime.fromisoformat)
    replay.add_argument("--to", dest="date_to", type=datetime.fromisoformat)
    replay.add_argument("--dry-run", action="store_true")

    audit = with_config(sub.add_parser("audit", help="read or export the audit trail"))
    audit.add_argument("--store", help="a bridge store file (instead of the config's)")
    audit.add_argument("--stream", choices=[*STREAMS, "vendors", "webhooks", "run"])
    audit.add_argument("--id", dest="source_id", help="one record's history")
    audit.add_argument("--since", type=datetime.fromisoformat)
    audit.add_argument("--limit", type=int, default=50)
    audit.add_argument("--export", choices=["csv", "json"], help="write all matching entries")
    audit.add_argument("--out", type=Path, help="file for --export (default: stdout)")

    status = with_config(sub.add_parser("status", help="per stream: cursor, counts, last run"))
    status.add_argument("--store", help="a bridge store file (instead of the config's)")
    return parser


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None) -> int:
    """Run the CLI; returns the exit code."""
    stream = out or sys.stdout
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=logging.WARNING - 10 * min(args.verbose, 2),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    from bridge import _commands

    try:
        if args.command == "demo":
            return _commands.demo(args, stream)
        if args.command in {"audit", "status"} and args.store:
            handler = getattr(_commands, args.command)
            return int(handler(args, None, stream))
        bridge_file = load_bridge_file(args.config)
        handler = getattr(_commands, args.command)
        return int(handler(args, bridge_file, stream))
    except SettingsFileError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except _commands.UnreachableError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_UNREACHABLE


def print_json(data: object, out: TextIO) -> None:
    """Pretty JSON for humans and tools alike."""
    json.dump(data, out, indent=2, default=str)
    out.write("\n")
