"""Fixtures shared by the bridge tests: Commerce documents parsed from small JSON files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bridge import MappingConfig

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLE_TOML = Path(__file__).parents[2] / "examples" / "bridge.example.toml"


def load(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / name).read_text())


ACCOUNTS = {
    "products": "4000",
    "shipping": "4100",
    "tax": "2200",
    "discount": "4900",
    "adjustment_positive": "4950",
    "adjustment_negative": "4960",
}


def make_config(**sections: Any) -> MappingConfig:
    data: dict[str, Any] = {"accounts": dict(ACCOUNTS), "company": {"timezone": "UTC"}}
    for key, value in sections.items():
        data[key] = {**data.get(key, {}), **value}
    return MappingConfig.from_dict(data)


@pytest.fixture
def config() -> MappingConfig:
    return make_config()
