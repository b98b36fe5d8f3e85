"""The CLI's commands (see `bridge.cli` for the argument parsing and exit codes)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

from bridge._demo import run_demo
from bridge._mapping_config import MappingConfig
from bridge._settings_file import BridgeFile
from bridge.orchestrator import SyncOrchestrator
from bridge.stores import RecordState, SQLiteStore
from commerce_sdk import CommerceClient, CommerceError
from intacct_sdk import IntacctClient, IntacctError

EXIT_OK, EXIT_FAILED_RECORDS, EXIT_USAGE, EXIT_UNREACHABLE = 0, 1, 2, 3


class UnreachableError(Exception):
    """A system could not be reached or refused the credentials."""


def demo(args: argparse.Namespace, out: TextIO) -> int:
    """Run the sandbox demo."""
    return run_demo(args.data_dir, orders=args.orders, seed=args.seed, out=out)


def _vault_entry(bridge_file: BridgeFile, name: str) -> dict[str, Any]:
    if bridge_file.vault_path is None:
        return {}
    from bridge.vault import CredentialVault

    vault = CredentialVault.from_env(bridge_file.vault_path)
    return dict(vault.get(name)) if name in vault.names() else {}


def intacct_client(bridge_file: BridgeFile) -> IntacctClient:
    """The Intacct client: INTACCT_* variables, then the vault, then the file's [intacct]."""
    overrides = {**_vault_entry(bridge_file, "intacct"), **bridge_file.intacct}
    return IntacctClient.from_env(**overrides)


def commerce_client(bridge_file: BridgeFile) -> CommerceClient:
    """The Commerce client: COMMERCE_* variables, then the vault, then the file's [commerce]."""
    overrides = {**_vault_entry(bridge_file, "commerce"), **bridge_file.commerce}
    return CommerceClient.from_env(**overrides)


@contextmanager
def orchestrator(bridge_file: BridgeFile) -> Iterator[SyncOrchestrator]:
    """An orchestrator built from the file; clients and store closed on exit."""
    bridge_file.store_path.parent.mkdir(parents=True, exist_ok=True)
    try:
        intacct, commerce = intacct_client(bridge_file), commerce_client(bridge_file)
    except (ValueError, CommerceError) as exc:
        raise UnreachableError(f"credentials: {exc}") from exc
    store = SQLiteStore(bridge_file.store_path)
    try:
        yield SyncOrchestrator(
            intacct=intacct,
            commerce=commerce,
            store=store,
            config=MappingConfig.from_dict(bridge_file.mapping),
            settings=bridge_file.sync,
        )
    finally:
        intacct.close()
        commerce.close()
        store.close()


def ping(args: argparse.Namespace, bridge_file: BridgeFile, out: TextIO) -> int:
    """Check both systems: Intacct session and GL accounts, Commerce auth and one order."""
    config = MappingConfig.from_dict(bridge_file.mapping)
    accounts = [
        a
        for a in (
            config.accounts.products,
            config.accounts.shipping,
            config.accounts.tax,
            config.accounts.discount,
            config.accounts.adjustment_positive,
            config.accounts.adjustment_negative,
        )
        if a
    ]
    problems = 0
    try:
        with intacct_client(bridge_file) as intacct:
            status = intacct.gl_accounts.exists_active(accounts)
            out.write("Intacct: session OK\n")
            for account, active in sorted(status.items()):
                out.write(f"  GL {account}: {'active' if active else 'MISSING OR INACTIVE'}\n")
                problems += not active
    except (IntacctError, ValueError) as exc:
        raise UnreachableError(f"Intacct: {exc}") from exc
    try:
        with commerce_client(bridge_file) as commerce:
            first = next(iter(commerce.orders.iter(page_size=1)), None)
            out.write(
                f"Commerce: {commerce.flavor.value} instance, auth OK, "
                f"{'an order read' if first else 'no orders yet'}\n"
            )
    except (CommerceError, ValueError) as exc:
        raise UnreachableError(f"Commerce: {exc}") from exc
    return EXIT_FAILED_RECORDS if problems else EXIT_OK


def sync(args: argparse.Namespace, bridge_file: BridgeFile, out: TextIO) -> int:
    """Run once (or forever on the file's [schedule])."""
    with orchestrator(bridge_file) as orch:
        if args.forever:
            if bridge_file.schedule is None:
                print("error: --forever needs a [schedule] table in the config", file=sys.stderr)
                return EXIT_USAGE
            orch.run_forever(bridge_file.schedule)
            return EXIT_OK
        streams = tuple(args.stream) if args.stream else None
        report = orch.run_once(dry_run=args.dry_run, streams=streams)
    out.write(report.summary() + "\n")
    return EXIT_OK if report.ok else EXIT_FAILED_RECORDS


def replay(args: argparse.Namespace, bridge_file: BridgeFile, out: TextIO) -> int:
    """Requeue records by stream / id / state / time and process them."""
    states = tuple(RecordState(s) for s in (args.state or ["failed"]))
    with orchestrator(bridge_file) as orch:
        report = orch.replay(
            stream=args.stream,
            source_ids=args.ids,
            states=states,
            updated_from=args.date_from,
            updated_to=args.date_to,
            dry_run=args.dry_run,
        )
    out.write(report.summary() + "\n")
    return EXIT_OK if report.ok else EXIT_FAILED_RECORDS


def _store(args: argparse.Namespace, bridge_file: BridgeFile | None) -> SQLiteStore:
    path = Path(args.store) if getattr(args, "store", None) else None
    if path is None and bridge_file is not None:
        path = bridge_file.store_path
    if path is None or not path.exists():
        raise UnreachableError(f"no bridge store at {path}")
    return SQLiteStore(path)


def audit(args: argparse.Namespace, bridge_file: BridgeFile | None, out: TextIO) -> int:
    """List, show or export the audit trail."""
    with _store(args, bridge_file) as store:
        filters: dict[str, Any] = {
            "stream": args.stream,
            "source_id": args.source_id,
            "since": args.since,
        }
        if args.export:
            target = args.out.open("w", encoding="utf-8") if args.out else out
            try:
                count = store.export_audit(args.export, target, **filters)
            finally:
                if args.out:
                    target.close()
            if args.out:
                out.write(f"{count} entries written to {args.out}\n")
            return EXIT_OK
        entries = store.audit(**filters)
        for entry in entries[-args.limit :]:
            errors = f" [{', '.join(entry.errornos)}]" if entry.errornos else ""
            out.write(
                f"{entry.at:%Y-%m-%d %H:%M:%S} {entry.stream}/{entry.source_id} "
                f"{entry.action} {entry.outcome}{errors}"
                f"{' key=' + entry.intacct_key if entry.intacct_key else ''}"
                f"{' - ' + entry.message if entry.message else ''}\n"
            )
    return EXIT_OK


def status(args: argparse.Namespace, bridge_file: BridgeFile | None, out: TextIO) -> int:
    """Per stream: cursor, counts by state; and the last run."""
    with _store(args, bridge_file) as store:
        counts = store.counts_by_state()
        for stream in sorted(counts):
            cursor = store.get_cursor(stream)
            by_state = ", ".join(f"{s.value} {n}" for s, n in sorted(counts[stream].items()) if n)
            where = cursor.value.isoformat() if cursor else "not started"
            out.write(f"{stream:<20} cursor {where}  {by_state}\n")
        last = store.last_run()
        if last is not None:
            out.write(f"last run: {last.run_id} ({last.kind}) started {last.started_at}\n")
        failed = sum(c.get(RecordState.FAILED, 0) for c in counts.values())
    return EXIT_FAILED_RECORDS if failed else EXIT_OK
