"""Every default of the stores, in one place."""

from __future__ import annotations

from datetime import timedelta

DEFAULT_BUSY_TIMEOUT = timedelta(seconds=30)
"""SQLite: how long a write waits for another process's write lock before failing."""

DEFAULT_LOCK_TTL = timedelta(minutes=10)
"""SQLite: a stream lock left by a dead process is taken over after this long."""

DEFAULT_LOCK_TIMEOUT = 30.0
"""Seconds `stream_lock` waits for another owner before raising `StreamLockedError`."""

LOCK_POLL_SECONDS = 0.05
"""How often a waiting `stream_lock` tries again."""

DEFAULT_POSTGRES_SCHEMA = "bridge"
"""PostgreSQL: the schema holding the tables unless another is named."""
