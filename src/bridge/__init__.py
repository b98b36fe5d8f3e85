"""The bridge from Adobe Commerce to Sage Intacct: mapping functions and the sync orchestrator.

```python
from bridge import MappingConfig, SQLiteStore, SyncOrchestrator

orchestrator = SyncOrchestrator(intacct=..., commerce=..., store=SQLiteStore("bridge.sqlite3"),
                                config=MappingConfig.from_toml("mapping.toml"))
report = orchestrator.run_once()
```

The orchestrator, the stores and the vault are imported on first use, so `import bridge` (for
the mapping alone) stays light and never imports the SDK clients or a database driver.
See docs/bridge.md.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from bridge._errors import ConfigError, MappingError, MappingWarning
from bridge._mapping_config import MappingConfig

if TYPE_CHECKING:
    from bridge._observability import (
        JsonLogFormatter,
        MetricsSink,
        NullMetrics,
        RecordingMetrics,
    )
    from bridge._pipeline._webhooks import WebhookOutcome
    from bridge.orchestrator import SyncOrchestrator
    from bridge.report import StreamReport, SyncReport
    from bridge.schedule import Schedule
    from bridge.settings import SyncSettings
    from bridge.stores import PostgresStore, SQLiteStore, Store
    from bridge.vault import CredentialVault

_LAZY = {
    "CredentialVault": "bridge.vault",
    "JsonLogFormatter": "bridge._observability",
    "MetricsSink": "bridge._observability",
    "NullMetrics": "bridge._observability",
    "PostgresStore": "bridge.stores",
    "RecordingMetrics": "bridge._observability",
    "SQLiteStore": "bridge.stores",
    "Schedule": "bridge.schedule",
    "Store": "bridge.stores",
    "StreamReport": "bridge.report",
    "SyncOrchestrator": "bridge.orchestrator",
    "SyncReport": "bridge.report",
    "SyncSettings": "bridge.settings",
    "WebhookOutcome": "bridge._pipeline._webhooks",
}


if not TYPE_CHECKING:  # type checkers see the imports above, so a misspelt name is an error

    def __getattr__(name: str) -> Any:
        module = _LAZY.get(name)
        if module is None:
            raise AttributeError(f"module 'bridge' has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        globals()[name] = value  # later lookups skip this function
        return value


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = [
    "ConfigError",
    "CredentialVault",
    "JsonLogFormatter",
    "MappingConfig",
    "MappingError",
    "MappingWarning",
    "MetricsSink",
    "NullMetrics",
    "PostgresStore",
    "RecordingMetrics",
    "SQLiteStore",
    "Schedule",
    "Store",
    "StreamReport",
    "SyncOrchestrator",
    "SyncReport",
    "SyncSettings",
    "WebhookOutcome",
]
