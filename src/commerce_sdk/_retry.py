"""When to retry, and how long to wait (research/commerce.md section 6).

Pure decisions: the shells pass in what happened and an injected random source, and do the
sleeping themselves, so tests never sleep.
"""

from __future__ import annotations

import random
from collections.abc import Callable

import attrs

from commerce_sdk._constants import (
    MAX_RETRY_AFTER,
    RETRY_BACKOFF_BASE,
    RETRY_BACKOFF_MAX,
    RETRY_STATUSES,
)

__all__ = ["RetryPolicy", "is_idempotent"]


def is_idempotent(method: str) -> bool:
    """GET, HEAD and PUT (a full replace) can be sent twice with the same effect; POST cannot."""
    return method.upper() in {"GET", "HEAD", "PUT", "OPTIONS"}


@attrs.frozen(kw_only=True)
class RetryPolicy:
    """Retry connection errors, 429 and 502/503/504 on idempotent requests, with full jitter."""

    max_retries: int
    backoff_base: float = RETRY_BACKOFF_BASE
    backoff_max: float = RETRY_BACKOFF_MAX
    max_retry_after: float = MAX_RETRY_AFTER
    random: Callable[[], float] = attrs.field(default=random.random, repr=False)

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.max_retries, int) or self.max_retries < 0:
            raise ValueError(f"max_retries: expected an int >= 0, got {self.max_retries!r}")

    def should_retry_status(self, method: str, status_code: int, attempt: int) -> bool:
        """Whether a response with this status is retried (`attempt` counts from 0)."""
        return (
            attempt < self.max_retries and status_code in RETRY_STATUSES and is_idempotent(method)
        )

    def should_retry_error(self, method: str, attempt: int) -> bool:
        """Whether a connection error or timeout is retried."""
        return attempt < self.max_retries and is_idempotent(method)

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        """Seconds to wait before retry number `attempt + 1`.

        A server's Retry-After is honoured up to `max_retry_after`; otherwise full-jitter
        exponential backoff, so many clients do not retry in step.
        """
        if retry_after is not None:
            return min(max(retry_after, 0.0), self.max_retry_after)
        ceiling = min(self.backoff_max, self.backoff_base * (2**attempt))
        return float(ceiling * self.random())
