"""Retry decisions (pure): what may be sent again, and after how long (DESIGN section 4).

Safe to resend: anything that never reached the gateway (connection refused, connect timeout),
HTTP 429 / GW-0010 (refused before running), and, when the request is idempotent, 5xx answers,
read timeouts and dropped responses. A request is idempotent when it only reads, or when its
writes carry `uniqueid=true` with the same function controlids: the gateway then refuses a
function it already completed (research section 4). 524 is never resent: the gateway may still
be processing the request, so a resend could run it twice (PHP `noRetryServerErrorCodes`).
"""

from __future__ import annotations

from collections.abc import Callable

import attrs

from intacct_sdk._constants import (
    BACKOFF_BASE,
    BACKOFF_MAX,
    DEFAULT_MAX_RETRIES,
    RETRY_AFTER_MAX,
)
from intacct_sdk._exceptions import (
    HttpStatusError,
    IntacctError,
    RateLimitError,
    TransportError,
)

__all__ = ["RetryPolicy", "TransportFailure"]


@attrs.frozen(kw_only=True)
class TransportFailure:
    """A network failure reported by the HTTP shell (no response).

    `sent` is False when the request certainly never reached the server (connect phase).
    """

    message: str
    sent: bool
    timeout: bool = False

    def to_error(self, *, writes: bool, request_control_id: str) -> TransportError:
        """The TransportError to raise; a write that may have been applied is outcome-unknown."""
        return TransportError(
            self.message,
            request_control_id=request_control_id,
            outcome_unknown=self.sent and writes,
        )


@attrs.frozen(kw_only=True)
class RetryPolicy:
    """How many times and how long to wait; `delay()` is the whole decision."""

    max_retries: int = DEFAULT_MAX_RETRIES
    backoff_base: float = BACKOFF_BASE
    backoff_max: float = BACKOFF_MAX
    retry_after_max: float = RETRY_AFTER_MAX

    def backoff(self, attempt: int, rand: Callable[[], float]) -> float:
        """Full-jitter exponential backoff: uniform in [0, min(max, base * 2**attempt)]."""
        cap = min(self.backoff_max, self.backoff_base * float(2**attempt))
        return float(rand()) * cap

    def delay(
        self,
        attempt: int,
        error: IntacctError | TransportFailure,
        *,
        idempotent: bool,
        rand: Callable[[], float],
    ) -> float | None:
        """Seconds to wait before resending, or None to give up and raise.

        Args:
            attempt: retries already made (0 before the first retry).
            error: what went wrong with this attempt.
            idempotent: the request only reads, or its writes carry uniqueid.
            rand: uniform [0, 1) source for jitter (injected so tests are deterministic).
        """
        if attempt >= self.max_retries:
            return None
        if isinstance(error, RateLimitError):
            if error.retry_after is not None:
                return min(error.retry_after, self.retry_after_max)
            return self.backoff(attempt, rand)
        if isinstance(error, TransportFailure):
            if not error.sent or idempotent:
                return self.backoff(attempt, rand)
            return None
        if isinstance(error, HttpStatusError):
            if error.retryable and idempotent:
                return self.backoff(attempt, rand)
            return None
        return None
