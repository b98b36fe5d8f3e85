"""Shared fixtures: one WebhookSender per session (RSA key generation is the slow part)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from commerce_sdk.testing import WebhookSender

FIXTURES = Path(__file__).parent / "fixtures"
NOW = datetime(2026, 11, 26, 12, 0, 0, tzinfo=UTC)


def load(name: str) -> dict[str, Any]:
    """A fixture payload by file name."""
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


class FakeClock:
    """A settable clock."""

    def __init__(self, now: datetime = NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture(scope="session")
def sender() -> WebhookSender:
    return WebhookSender(legacy_client_secret="legacy-client-secret", clock=lambda: NOW)


@pytest.fixture(scope="session")
def other_sender() -> WebhookSender:
    """A sender with different keys and secrets (a forger, or the pre-rotation keys)."""
    return WebhookSender(hmac_secret="other-secret", clock=lambda: NOW)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()
