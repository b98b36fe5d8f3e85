"""What a run did: counts per stream and outcome, durations, requests made."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

import attrs

__all__ = ["StreamReport", "SyncReport"]


@attrs.define(kw_only=True)
class StreamReport:
    """One stream's figures for one run."""

    stream: str
    fetched: int = 0
    outcomes: Counter[str] = attrs.field(factory=Counter)
    duration_s: float = 0.0

    def count(self, outcome: str, n: int = 1) -> None:
        """Add `n` records with `outcome` (synced, failed, skipped, waiting, drift, ...)."""
        self.outcomes[outcome] += n

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "stream": self.stream,
            "fetched": self.fetched,
            "outcomes": dict(sorted(self.outcomes.items())),
            "duration_s": round(self.duration_s, 3),
        }


@attrs.define(kw_only=True)
class SyncReport:
    """The result of `SyncOrchestrator.run_once()`."""

    run_id: str
    started_at: datetime
    finished_at: datetime | None = None
    dry_run: bool = False
    streams: dict[str, StreamReport] = attrs.field(factory=dict)
    intacct_requests: int = 0
    commerce_requests: int = 0
    errors: list[str] = attrs.field(factory=list)

    def stream(self, name: str) -> StreamReport:
        """The report of stream `name`, created on first use."""
        if name not in self.streams:
            self.streams[name] = StreamReport(stream=name)
        return self.streams[name]

    def total(self, outcome: str) -> int:
        """Records with `outcome` across streams."""
        return sum(s.outcomes[outcome] for s in self.streams.values())

    @property
    def ok(self) -> bool:
        """No record failed and no stream raised."""
        return not self.errors and self.total("failed") == 0

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "run_id": self.run_id,
            "started_at": self.started_at.isoformat(),
            "finished_at": self.finished_at.isoformat() if self.finished_at else None,
            "dry_run": self.dry_run,
            "streams": {k: v.to_dict() for k, v in sorted(self.streams.items())},
            "intacct_requests": self.intacct_requests,
            "commerce_requests": self.commerce_requests,
            "errors": list(self.errors),
        }

    def summary(self) -> str:
        """A few human-readable lines."""
        lines = [f"run {self.run_id}{' (dry run)' if self.dry_run else ''}"]
        for name, stream in sorted(self.streams.items()):
            parts = ", ".join(f"{k} {v}" for k, v in sorted(stream.outcomes.items()) if v)
            lines.append(f"  {name:<20} fetched {stream.fetched:>5}  {parts or 'nothing to do'}")
        lines.append(
            f"  requests: Intacct {self.intacct_requests}, Commerce {self.commerce_requests}"
        )
        lines.extend(f"  error: {e}" for e in self.errors)
        return "\n".join(lines)
