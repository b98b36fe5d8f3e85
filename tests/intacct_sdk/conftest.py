"""Fixtures shared by the Intacct SDK tests."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


def fixture_bytes(name: str) -> bytes:
    """The raw bytes of a fixture file (parsers get bytes, as from the wire)."""
    return (FIXTURES / name).read_bytes()


@pytest.fixture
def load():
    return fixture_bytes
