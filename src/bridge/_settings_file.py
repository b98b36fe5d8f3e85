"""The TOML file the CLI reads: connections, mapping, sync settings, schedule, store.

Secrets do not belong in this file: they come from the environment (`INTACCT_*`, `COMMERCE_*`)
or from the encrypted vault (`[vault] path`, key in `BRIDGE_VAULT_KEY`).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import attrs

from bridge.schedule import Schedule
from bridge.settings import SyncSettings

__all__ = ["BridgeFile", "SettingsFileError", "load_bridge_file"]


class SettingsFileError(ValueError):
    """The bridge TOML file is missing, unreadable or has a bad value (named in the message)."""


@attrs.frozen(kw_only=True)
class BridgeFile:
    """The parsed file."""

    path: Path
    intacct: Mapping[str, Any]
    commerce: Mapping[str, Any]
    mapping: Mapping[str, Any]
    sync: SyncSettings
    schedule: Schedule | None
    store_path: Path
    vault_path: Path | None
    webhooks: Mapping[str, Any]


def _sync_settings(table: Mapping[str, Any]) -> SyncSettings:
    values = dict(table)
    for key in ("lookback", "lease", "waiting_recheck"):
        if f"{key}_minutes" in values:
            values[key] = timedelta(minutes=float(values.pop(f"{key}_minutes")))
    if "streams" in values:
        values["streams"] = tuple(values["streams"])
    if "start_at" in values and isinstance(values["start_at"], str):
        values["start_at"] = datetime.fromisoformat(values["start_at"])
    try:
        return SyncSettings(**values)
    except (TypeError, ValueError) as exc:
        raise SettingsFileError(f"[sync]: {exc}") from exc


def _schedule(table: Mapping[str, Any] | None) -> Schedule | None:
    if not table:
        return None
    try:
        interval = table.get("interval_minutes")
        return Schedule(
            interval=timedelta(minutes=float(interval)) if interval is not None else None,
            daily_at=tuple(table.get("daily_at", ())),
            timezone=str(table.get("timezone", "UTC")),
        )
    except (TypeError, ValueError) as exc:
        raise SettingsFileError(f"[schedule]: {exc}") from exc


def load_bridge_file(path: str | Path) -> BridgeFile:
    """Read and validate the bridge TOML file."""
    file = Path(path)
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise SettingsFileError(f"config file not found: {file}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise SettingsFileError(f"{file}: not valid TOML: {exc}") from exc
    base = file.parent
    store = data.get("store", {})
    vault = data.get("vault", {})
    return BridgeFile(
        path=file,
        intacct=data.get("intacct", {}),
        commerce=data.get("commerce", {}),
        mapping=data.get("mapping", {}),
        sync=_sync_settings(data.get("sync", {})),
        schedule=_schedule(data.get("schedule")),
        store_path=base / str(store.get("path", "bridge-data/bridge.sqlite3")),
        vault_path=base / str(vault["path"]) if "path" in vault else None,
        webhooks=data.get("webhooks", {}),
    )
