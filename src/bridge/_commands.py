"""The CLI's commands that talk to the two systems: ping, sync, replay (see `bridge.cli`).

Credentials: each setting comes from the environment (`INTACCT_*`, `COMMERCE_*`, the variables
the SDKs' `from_env` read), else from the vault entry `"intacct"` / `"commerce"` (keys are the
variable names without the prefix, lower case: `sender_password`, `consumer_secret`, ...), else
from the file's `[intacct]` / `[commerce]` table (non-secret settings only).
"""

from __future__ import annotations

import argparse
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, TextIO

from bridge._progress import ProgressDisplay
from bridge._settings_file import BridgeFile
from bridge.orchestrator import SyncOrchestrator
from bridge.report import SyncReport
from bridge.schedule import Schedule
from bridge.stores import RecordState, SQLiteStore, Store
from bridge.vault import DEFAULT_KEY_ENV, CredentialVault, VaultError
from commerce_sdk import CommerceClient, CommerceError, CompanyUser, SearchCriteria
from intacct_sdk import IntacctClient, IntacctError

EXIT_OK, EXIT_FAILED_RECORDS, EXIT_USAGE, EXIT_UNREACHABLE = 0, 1, 2, 3

#: Exception class names that mean "a system could not be reached or refused us" when a run
#: reports them as a stream error (`SyncReport.errors` keeps `stream: ExcName: message`).
_UNREACHABLE_ERRORS = frozenset(
    {
        "TransportError",
        "HttpStatusError",
        "AuthenticationError",
        "SessionExpiredError",
        "PermissionDeniedError",
        "ServerError",
    }
)


class UsageError(Exception):
    """Bad usage or configuration (exit code 2); the message names the setting."""


class UnreachableError(Exception):
    """A system could not be reached or refused the credentials (exit code 3)."""


# -- credentials and clients --------------------------------------------------------------


def _vault_entry(bridge_file: BridgeFile, name: str) -> dict[str, Any]:
    if bridge_file.vault_path is None:
        return {}
    if not os.environ.get(DEFAULT_KEY_ENV):
        raise UsageError(
            f"[vault] path is set ({bridge_file.vault_path}) but {DEFAULT_KEY_ENV} is not: "
            "put the vault key in it"
        )
    try:
        vault = CredentialVault.from_env(bridge_file.vault_path)
        return dict(vault.get(name)) if name in vault.names() else {}
    except VaultError as exc:
        raise UnreachableError(f"vault: {exc}") from exc


def purchase_order_users(bridge_file: BridgeFile) -> dict[int, CompanyUser]:
    """`[purchase_order_users]` with their passwords (environment first, then the vault)."""
    if not bridge_file.purchase_order_users:
        return {}
    vaulted = _vault_entry(bridge_file, "purchase_order_users")
    users: dict[int, CompanyUser] = {}
    for company_id, email in sorted(bridge_file.purchase_order_users.items()):
        name = f"COMMERCE_COMPANY_{company_id}_PASSWORD"
        password = os.environ.get(name) or vaulted.get(str(company_id))
        if not password:
            raise UsageError(
                f"[purchase_order_users] {company_id}: no password for {email}; set {name} or "
                f'put {{"{company_id}": ...}} in the vault entry purchase_order_users'
            )
        users[company_id] = CompanyUser(email=email, password=str(password))
    return users


def credentials_environ(bridge_file: BridgeFile, system: str) -> dict[str, str]:
    """The `<SYSTEM>_*` variables for `system`: the file, overridden by the vault, then the env."""
    prefix = f"{system.upper()}_"
    table = bridge_file.intacct if system == "intacct" else bridge_file.commerce
    merged = {prefix + k.upper(): str(v) for k, v in table.items()}
    for key, value in _vault_entry(bridge_file, system).items():
        if isinstance(value, str | int | float):
            merged[prefix + key.upper()] = str(value)
    merged.update({k: v for k, v in os.environ.items() if k.startswith(prefix)})
    return merged


#: The vault entry holding the last Intacct API session, so the next run need not log in.
SESSION_ENTRY = "intacct_session"


def intacct_client(bridge_file: BridgeFile) -> IntacctClient:
    """The Intacct client of the configured credentials (with the vault's cached session)."""
    overrides: dict[str, Any] = {}
    cached = _vault_entry(bridge_file, SESSION_ENTRY)
    if cached.get("session_id") and cached.get("endpoint"):
        expires = cached.get("expires_at")
        if not isinstance(expires, datetime) or expires > datetime.now(UTC):
            overrides = {"session_id": cached["session_id"], "endpoint_url": cached["endpoint"]}
    try:
        return IntacctClient.from_env(credentials_environ(bridge_file, "intacct"), **overrides)
    except ValueError as exc:
        raise UsageError(f"Intacct credentials: {exc} (or in the vault entry 'intacct')") from exc


def save_session(bridge_file: BridgeFile, client: IntacctClient) -> None:
    """Keep the client's API session in the vault (encrypted) for the next run, if any."""
    session = client.session
    if bridge_file.vault_path is None or session is None or not session.refreshable:
        return
    try:
        CredentialVault.from_env(bridge_file.vault_path).put(
            SESSION_ENTRY,
            {
                "session_id": session.session_id,
                "endpoint": session.endpoint,
                "expires_at": session.expires_at,
            },
        )
    except VaultError:  # the run itself went fine; the next one logs in again
        return


def commerce_client(bridge_file: BridgeFile) -> CommerceClient:
    """The Commerce client of the configured credentials."""
    try:
        return CommerceClient.from_env(credentials_environ(bridge_file, "commerce"))
    except (ValueError, CommerceError) as exc:
        raise UsageError(f"Commerce credentials: {exc} (or in the vault entry 'commerce')") from exc


def open_store(bridge_file: BridgeFile) -> Store:
    """The file's store: PostgreSQL when `[store] dsn_env` is set, else SQLite at `path`."""
    if bridge_file.store_dsn_env is None:
        bridge_file.store_path.parent.mkdir(parents=True, exist_ok=True)
        return SQLiteStore(bridge_file.store_path)
    dsn = os.environ.get(bridge_file.store_dsn_env)
    if not dsn:
        raise UsageError(
            f"[store] dsn_env names {bridge_file.store_dsn_env}, which is not set: put the "
            "PostgreSQL DSN in it"
        )
    try:
        from bridge.stores import PostgresStore
    except ImportError as exc:
        raise UsageError(str(exc)) from exc
    try:
        if bridge_file.store_schema:
            return PostgresStore(dsn, schema=bridge_file.store_schema)
        return PostgresStore(dsn)
    except ValueError as exc:  # a bad schema name
        raise UsageError(f"[store] schema: {exc}") from exc
    except Exception as exc:  # psycopg's errors: the server is down or refused us
        raise UnreachableError(f"PostgreSQL store: {type(exc).__name__}: {exc}") from exc


@contextmanager
def orchestrator(bridge_file: BridgeFile, out: TextIO) -> Iterator[SyncOrchestrator]:
    """An orchestrator built from the file (progress drawn on `out`); all closed on exit."""
    intacct = intacct_client(bridge_file)
    try:
        commerce = commerce_client(bridge_file)
    except BaseException:
        intacct.close()
        raise
    try:
        store = open_store(bridge_file)
    except BaseException:
        intacct.close()
        commerce.close()
        raise
    try:
        yield SyncOrchestrator(
            intacct=intacct,
            commerce=commerce,
            store=store,
            config=bridge_file.config,
            settings=bridge_file.sync,
            progress=ProgressDisplay(out),
            company_users=purchase_order_users(bridge_file),
        )
    finally:
        save_session(bridge_file, intacct)
        intacct.close()
        commerce.close()
        store.close()


def _finish_progress(orch: SyncOrchestrator) -> None:
    if isinstance(orch.progress, ProgressDisplay):
        orch.progress.finish()


def exit_code(report: SyncReport) -> int:
    """0 all good; 3 when a stream failed on an unreachable system; 1 when records failed."""
    names = {part.split(":")[1].strip() for part in report.errors if part.count(":") >= 2}
    if names and names <= _UNREACHABLE_ERRORS:
        return EXIT_UNREACHABLE
    return EXIT_OK if report.ok else EXIT_FAILED_RECORDS


# -- commands -----------------------------------------------------------------------------


def _mapping_accounts(bridge_file: BridgeFile) -> list[str]:
    accounts = bridge_file.config.accounts
    named = [
        accounts.products,
        accounts.shipping,
        accounts.tax,
        accounts.discount,
        accounts.adjustment_positive,
        accounts.adjustment_negative,
        *accounts.by_sku.values(),
        *(rule.account for rule in accounts.by_attribute),
    ]
    return sorted({a for a in named if a})


def ping(args: argparse.Namespace, bridge_file: BridgeFile, out: TextIO) -> int:
    """Check both systems: Intacct session and GL accounts, Commerce flavor, auth, one order."""
    accounts = _mapping_accounts(bridge_file)
    try:
        with intacct_client(bridge_file) as intacct:
            status = intacct.gl_accounts.exists_active(accounts) if accounts else {}
    except IntacctError as exc:
        raise UnreachableError(f"Intacct: {type(exc).__name__}: {exc}") from exc
    out.write("Intacct: session OK\n")
    missing = [a for a in accounts if not status.get(a)]
    for account in accounts:
        out.write(f"  GL {account}: {'active' if status.get(account) else 'MISSING OR INACTIVE'}\n")
    try:
        with commerce_client(bridge_file) as commerce:
            first = commerce.orders.list(SearchCriteria(page_size=1))
    except CommerceError as exc:
        raise UnreachableError(f"Commerce: {type(exc).__name__}: {exc}") from exc
    out.write(
        f"Commerce: {commerce.flavor.value} instance at {commerce.base_url}, auth OK, "
        f"{'one order read' if first else 'no orders yet'}\n"
    )
    if missing:
        out.write(
            f"error: [mapping] accounts name GL account(s) missing or inactive in Intacct: "
            f"{', '.join(missing)}\n"
        )
        return EXIT_USAGE
    return EXIT_OK


class _RunLines(logging.Handler):
    """Prints the orchestrator's run-finished events (structured: `action=*_finished`)."""

    def __init__(self, out: TextIO) -> None:
        super().__init__(logging.INFO)
        self.out = out

    def emit(self, record: logging.LogRecord) -> None:
        if str(getattr(record, "action", "")).endswith("_finished"):
            self.out.write(record.getMessage() + "\n")
            self.out.flush()


def _describe(schedule: Schedule) -> str:
    parts = []
    if schedule.interval is not None:
        parts.append(f"every {schedule.interval.total_seconds() / 60:g} min")
    if schedule.daily_at:
        times = ", ".join(t.strftime("%H:%M") for t in schedule.daily_at)
        parts.append(f"daily at {times} ({schedule.timezone})")
    return " and ".join(parts)


def _forever(orch: SyncOrchestrator, bridge_file: BridgeFile, out: TextIO) -> int:
    if bridge_file.schedule is None:
        raise UsageError("sync --forever needs a [schedule] table in the config")
    logger = logging.getLogger("bridge")
    handler = _RunLines(out)
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(min(logger.getEffectiveLevel(), logging.INFO))
    out.write(f"running {_describe(bridge_file.schedule)}; stop with SIGTERM or Ctrl-C\n")
    try:
        orch.run_forever(bridge_file.schedule)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        _finish_progress(orch)
    out.write("stopped after the current run\n")
    return EXIT_OK


def sync(args: argparse.Namespace, bridge_file: BridgeFile, out: TextIO) -> int:
    """Run once (or forever on the file's [schedule])."""
    with orchestrator(bridge_file, out) as orch:
        if args.forever:
            return _forever(orch, bridge_file, out)
        streams = tuple(args.stream) if args.stream else None
        try:
            report = orch.run_once(dry_run=args.dry_run, streams=streams)
        finally:
            _finish_progress(orch)
    out.write(report.summary() + "\n")
    return exit_code(report)


def replay(args: argparse.Namespace, bridge_file: BridgeFile, out: TextIO) -> int:
    """Requeue records by stream / id / state / time and process them; or rejected webhooks."""
    with orchestrator(bridge_file, out) as orch:
        try:
            if args.webhooks:
                report = orch.replay_webhooks(args.ids)
            else:
                report = orch.replay(
                    stream=args.stream,
                    source_ids=args.ids,
                    states=tuple(RecordState(s) for s in (args.state or ["failed"])),
                    updated_from=args.date_from,
                    updated_to=args.date_to,
                    dry_run=args.dry_run,
                )
        finally:
            _finish_progress(orch)
    out.write(report.summary() + "\n")
    return exit_code(report)


def reconcile(args: argparse.Namespace, bridge_file: BridgeFile, out: TextIO) -> int:
    """Month-end reconciliation of the period (docs/reconciliation.md); 1 on discrepancies."""
    from bridge.reconcile import (
        CommerceClientReader,
        IntacctClientReader,
        ReconcileError,
        RecordStoreLookup,
        command,
    )

    config = bridge_file.config
    intacct = intacct_client(bridge_file)
    commerce = commerce_client(bridge_file)
    store = open_store(bridge_file)
    try:
        orch = SyncOrchestrator(
            intacct=intacct,
            commerce=commerce,
            store=store,
            config=config,
            settings=bridge_file.sync,
            company_users=purchase_order_users(bridge_file),
        )

        def replay_records(stream: str, source_ids: list[str], states: tuple[str, ...]) -> None:
            orch.replay(
                stream=stream, source_ids=source_ids, states=tuple(RecordState(s) for s in states)
            )

        return command.run(
            args,
            commerce=CommerceClientReader(commerce, config),
            intacct=IntacctClientReader(intacct, config),
            store=RecordStoreLookup(store),
            config=config,
            out=out,
            replay=replay_records,
        )
    except ReconcileError as exc:
        raise UsageError(str(exc)) from exc
    finally:
        intacct.close()
        commerce.close()
        store.close()


__all__ = [
    "UnreachableError",
    "UsageError",
    "commerce_client",
    "credentials_environ",
    "exit_code",
    "intacct_client",
    "open_store",
    "orchestrator",
    "ping",
    "reconcile",
    "replay",
    "sync",
]
