"""Remembering event ids so at-least-once deliveries reach handlers once (research 7b).

A dispatcher *claims* an id before running handlers and *releases* it when they fail, so the
sender's retry runs them again; a successful run keeps the claim.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Protocol, runtime_checkable

from commerce_sdk._exceptions import ConfigurationError
from commerce_sdk.webhooks._constants import DEFAULT_DEDUPE_SIZE

__all__ = ["Dedupe", "InMemoryDedupe", "NoDedupe"]


@runtime_checkable
class Dedupe(Protocol):
    """Storage for delivered event ids (implement it over Redis or SQL for many processes)."""

    def claim(self, key: str) -> bool:
        """Atomically record `key`; True if it was new, False if already claimed."""
        ...

    def release(self, key: str) -> None:
        """Forget `key` (its handlers failed), so a redelivery is handled again."""
        ...


class InMemoryDedupe:
    """The last `max_size` ids of this process, thread-safe; oldest forgotten first."""

    def __init__(self, max_size: int = DEFAULT_DEDUPE_SIZE) -> None:
        if max_size < 1:
            raise ConfigurationError(f"max_size: must be at least 1, got {max_size!r}")
        self.max_size = max_size
        self._keys: OrderedDict[str, None] = OrderedDict()
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"InMemoryDedupe(max_size={self.max_size}, held={len(self._keys)})"

    def claim(self, key: str) -> bool:
        """Record `key`; False when it is already held."""
        with self._lock:
            if key in self._keys:
                self._keys.move_to_end(key)
                return False
            self._keys[key] = None
            while len(self._keys) > self.max_size:
                self._keys.popitem(last=False)
            return True

    def release(self, key: str) -> None:
        """Forget `key`."""
        with self._lock:
            self._keys.pop(key, None)


class NoDedupe:
    """Every delivery is new (for handlers that dedupe themselves)."""

    def __repr__(self) -> str:
        return "NoDedupe()"

    def claim(self, key: str) -> bool:
        """Always True."""
        return True

    def release(self, key: str) -> None:
        """Nothing to forget."""
