"""The TOML file the CLI reads: connections, mapping, sync settings, schedule, store, vault.

Secrets do not belong in this file: they come from the environment (`INTACCT_*`, `COMMERCE_*`)
or from the encrypted vault (`[vault] path`, key in `BRIDGE_VAULT_KEY`). A secret found in the
file is refused by name. Every section is described in docs/bridge.md ("The bridge TOML file").
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import attrs

from bridge._errors import ConfigError
from bridge._mapping_config import MappingConfig
from bridge.schedule import Schedule
from bridge.settings import SyncSettings

__all__ = ["BridgeFile", "SettingsFileError", "load_bridge_file"]

#: Settings the file may hold per system; each maps to the SDK's environment variable
#: `<SYSTEM>_<KEY upper>` (the environment and the vault override them).
_ALLOWED = {
    "intacct": frozenset({"sender_id", "company_id", "user_id", "entity_id", "endpoint_url"}),
    "commerce": frozenset(
        {"base_url", "flavor", "store_code", "timeout", "max_retries", "company_user_email"}
    ),
}
_SECRETS = frozenset(
    {
        "sender_password",
        "user_password",
        "password",
        "consumer_secret",
        "access_token",
        "access_token_secret",
        "ims_client_secret",
        "admin_password",
        "bearer_token",
        "customer_token",
        "company_user_password",
        "session_id",
    }
)
_TOP_LEVEL = frozenset(
    {
        "intacct",
        "commerce",
        "mapping",
        "mapping_file",
        "sync",
        "schedule",
        "store",
        "vault",
        "purchase_order_users",
    }
)
_TOP_LEVEL_EXTRA = frozenset({"webhooks"})


class SettingsFileError(ValueError):
    """The bridge TOML file is missing, unreadable or has a bad value (named in the message)."""


@attrs.frozen(kw_only=True)
class BridgeFile:
    """The parsed file."""

    path: Path
    intacct: Mapping[str, Any]
    commerce: Mapping[str, Any]
    mapping: Mapping[str, Any]
    config: MappingConfig
    sync: SyncSettings
    schedule: Schedule | None
    store_path: Path
    vault_path: Path | None
    webhooks: Mapping[str, Any]
    store_dsn_env: str | None = None
    store_schema: str | None = None
    #: Company id -> e-mail of the company user whose token reads that company's purchase orders;
    #: passwords come from COMMERCE_COMPANY_<ID>_PASSWORD or the vault entry
    #: `purchase_order_users` (`{"<id>": "<password>"}`).
    purchase_order_users: Mapping[int, str] = attrs.field(factory=dict)


def _connection(name: str, table: Any) -> dict[str, Any]:
    if not isinstance(table, Mapping):
        raise SettingsFileError(f"[{name}]: expected a table, got {table!r}")
    for key in table:
        if key in _SECRETS:
            raise SettingsFileError(
                f"[{name}] {key}: secrets do not belong in the config file; set "
                f"{name.upper()}_{key.upper()} in the environment or put it in the vault"
            )
        if key not in _ALLOWED[name]:
            raise SettingsFileError(
                f"[{name}] {key}: unknown setting; known: {sorted(_ALLOWED[name])}"
            )
    return dict(table)


def _purchase_order_users(table: Any) -> dict[int, str]:
    if not isinstance(table, Mapping):
        raise SettingsFileError(f"[purchase_order_users]: expected a table, got {table!r}")
    users: dict[int, str] = {}
    for key, email in table.items():
        if not str(key).isdigit() or int(key) < 1:
            raise SettingsFileError(
                f"[purchase_order_users] {key}: expected a Commerce company id (a number)"
            )
        if not isinstance(email, str) or "@" not in email:
            raise SettingsFileError(
                f"[purchase_order_users] {key}: expected the company user's e-mail, got {email!r}"
            )
        users[int(key)] = email
    return users


def _sync_settings(table: Mapping[str, Any]) -> SyncSettings:
    values = dict(table)
    try:
        for key in ("lookback", "lease", "waiting_recheck"):
            if f"{key}_minutes" in values:
                values[key] = timedelta(minutes=float(values.pop(f"{key}_minutes")))
        if "streams" in values:
            values["streams"] = tuple(values["streams"])
        if "start_at" in values and isinstance(values["start_at"], str):
            values["start_at"] = datetime.fromisoformat(values["start_at"])
        return SyncSettings(**values)
    except TypeError as exc:
        raise SettingsFileError(f"[sync]: {exc}".replace("__init__()", "SyncSettings")) from exc
    except ValueError as exc:
        raise SettingsFileError(f"[sync]: {exc}") from exc


def _schedule(table: Mapping[str, Any] | None) -> Schedule | None:
    if not table:
        return None
    unknown = set(table) - {"interval_minutes", "daily_at", "timezone"}
    if unknown:
        raise SettingsFileError(
            f"[schedule] {sorted(unknown)[0]}: unknown setting; "
            "known: interval_minutes, daily_at, timezone"
        )
    try:
        interval = table.get("interval_minutes")
        return Schedule(
            interval=timedelta(minutes=float(interval)) if interval is not None else None,
            daily_at=tuple(table.get("daily_at", ())),
            timezone=str(table.get("timezone", "UTC")),
        )
    except (TypeError, ValueError) as exc:
        raise SettingsFileError(f"[schedule]: {exc}") from exc


def _mapping(data: Mapping[str, Any], base: Path) -> tuple[Mapping[str, Any], MappingConfig]:
    if "mapping_file" in data and "mapping" in data:
        raise SettingsFileError("mapping_file and [mapping]: give one or the other")
    table: Mapping[str, Any] = data.get("mapping", {})
    if "mapping_file" in data:
        file = base / str(data["mapping_file"])
        try:
            table = tomllib.loads(file.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise SettingsFileError(f"mapping_file: not found: {file}") from exc
        except tomllib.TOMLDecodeError as exc:
            raise SettingsFileError(f"mapping_file {file}: not valid TOML: {exc}") from exc
    try:
        return table, MappingConfig.from_dict(table)
    except ConfigError as exc:
        raise SettingsFileError(f"[mapping] {exc}") from exc


def _path(
    table: Any, name: str, base: Path, default: str | None, known: frozenset[str] = frozenset()
) -> Path | None:
    if not isinstance(table, Mapping):
        raise SettingsFileError(f"[{name}]: expected a table, got {table!r}")
    allowed = known | {"path"}
    unknown = set(table) - allowed
    if unknown:
        raise SettingsFileError(
            f"[{name}] {sorted(unknown)[0]}: unknown setting; known: {', '.join(sorted(allowed))}"
        )
    value = table.get("path", default)
    return base / str(value) if value is not None else None


def load_bridge_file(path: str | Path) -> BridgeFile:
    """Read and validate the bridge TOML file (paths in it are relative to the file)."""
    file = Path(path)
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise SettingsFileError(f"config file not found: {file}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise SettingsFileError(f"{file}: not valid TOML: {exc}") from exc
    unknown = set(data) - _TOP_LEVEL - _TOP_LEVEL_EXTRA
    if unknown:
        raise SettingsFileError(
            f"{sorted(unknown)[0]}: unknown section; known: {sorted(_TOP_LEVEL)}"
        )
    base = file.parent
    mapping, config = _mapping(data, base)
    store = data.get("store", {})
    store_path = _path(
        store, "store", base, "bridge-data/bridge.sqlite3", frozenset({"dsn_env", "schema"})
    )
    if "dsn_env" in store and "path" in store:
        raise SettingsFileError(
            "[store]: give `path` (SQLite) or `dsn_env` (the environment variable holding the "
            "PostgreSQL DSN, which may carry a password), not both"
        )
    if store_path is None:  # pragma: no cover - a default is given
        raise SettingsFileError("[store] path: missing")
    return BridgeFile(
        path=file,
        intacct=_connection("intacct", data.get("intacct", {})),
        commerce=_connection("commerce", data.get("commerce", {})),
        mapping=mapping,
        config=config,
        sync=_sync_settings(data.get("sync", {})),
        schedule=_schedule(data.get("schedule")),
        store_path=store_path,
        vault_path=_path(data.get("vault", {}), "vault", base, None),
        webhooks=data.get("webhooks", {}),
        store_dsn_env=str(store["dsn_env"]) if "dsn_env" in store else None,
        store_schema=str(store["schema"]) if "schema" in store else None,
        purchase_order_users=_purchase_order_users(data.get("purchase_order_users", {})),
    )
