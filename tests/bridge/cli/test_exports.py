from __future__ import annotations

import subprocess
import sys

import pytest

import bridge


def test_import_bridge_stays_light_until_a_name_is_used() -> None:
    code = (
        "import sys, bridge; "
        "print(any(m in sys.modules for m in ('commerce_sdk', 'intacct_sdk', 'bridge.orchestrator',"
        " 'psycopg', 'cryptography')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "False"


@pytest.mark.parametrize(
    ("name", "module"),
    [
        ("SyncOrchestrator", "bridge.orchestrator"),
        ("SyncSettings", "bridge.settings"),
        ("SyncReport", "bridge.report"),
        ("Schedule", "bridge.schedule"),
        ("CredentialVault", "bridge.vault"),
        ("SQLiteStore", "bridge.stores._sqlite"),
        ("WebhookOutcome", "bridge._pipeline._webhooks"),
        ("MetricsSink", "bridge._observability"),
        ("MappingConfig", "bridge._mapping_config"),
    ],
)
def test_top_level_names_resolve_to_their_classes(name: str, module: str) -> None:
    value = getattr(bridge, name)
    assert value.__module__ == module
    assert name in bridge.__all__


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="Orchestrator"):
        _ = bridge.Orchestrator  # type: ignore[attr-defined]
