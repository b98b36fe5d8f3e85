"""Time for the fake: an injectable clock (epoch seconds) and Commerce's UTC timestamp format."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime

__all__ = ["Clock", "FakeClock", "utc_text"]

#: A clock is any callable returning POSIX seconds, like `time.time`.
Clock = Callable[[], float]


def utc_text(epoch: float) -> str:
    """Commerce stores and returns timestamps as UTC `YYYY-MM-DD HH:MM:SS` (research section 5)."""
    return datetime.fromtimestamp(epoch, tz=UTC).strftime("%Y-%m-%d %H:%M:%S")


class FakeClock:
    """A settable clock for tests: it only moves when told to.

    Args:
        start: the starting time, as POSIX seconds or an aware `datetime`; defaults to the real
            current time, so OAuth timestamps signed with the real clock stay acceptable.
    """

    def __init__(self, start: float | datetime | None = None) -> None:
        if isinstance(start, datetime):
            if start.tzinfo is None:
                raise ValueError(f"start: refusing a naive datetime {start!r}; pass an aware one")
            start = start.timestamp()
        self._now = float(time.time() if start is None else start)
        self._lock = threading.Lock()

    def __call__(self) -> float:
        with self._lock:
            return self._now

    def advance(self, seconds: float) -> None:
        """Move the clock forward (a negative value moves it back)."""
        with self._lock:
            self._now += seconds

    def set(self, epoch: float) -> None:
        """Jump to an absolute time (POSIX seconds)."""
        with self._lock:
            self._now = float(epoch)

    def __repr__(self) -> str:
        return f"FakeClock({utc_text(self())!r})"
