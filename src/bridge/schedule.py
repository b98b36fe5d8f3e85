"""When the orchestrator runs: every N minutes, at fixed times of day, or both.

"On every order" is served by webhooks (`SyncOrchestrator.handle_webhook`); the schedule is the
safety net that polls what webhooks missed, and the "daily batch" of the brief. The decision of
when to run next is a pure function of the clock (`Schedule.next_run`); `run_forever` only waits.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import attrs

__all__ = ["Schedule"]


def _times(value: Sequence[time | str]) -> tuple[time, ...]:
    parsed: list[time] = []
    for item in value:
        if isinstance(item, time):
            parsed.append(item)
            continue
        try:
            parsed.append(time.fromisoformat(item))
        except ValueError as exc:
            raise ValueError(f"Schedule.daily_at: not a time of day (HH:MM): {item!r}") from exc
    return tuple(sorted(parsed))


@attrs.frozen(kw_only=True)
class Schedule:
    """Run every `interval`, and/or at each time in `daily_at` (in `timezone`).

    At least one of the two must be given. With both, the next run is whichever comes first.
    """

    interval: timedelta | None = None
    daily_at: tuple[time, ...] = attrs.field(default=(), converter=_times)
    timezone: str = "UTC"

    def __attrs_post_init__(self) -> None:
        if self.interval is None and not self.daily_at:
            raise ValueError("Schedule needs an interval, daily_at times, or both")
        if self.interval is not None and self.interval <= timedelta(0):
            raise ValueError(f"Schedule.interval must be positive, got {self.interval}")
        try:
            ZoneInfo(self.timezone)
        except (KeyError, ValueError) as exc:
            raise ValueError(f"Schedule.timezone: unknown time zone {self.timezone!r}") from exc

    @classmethod
    def every(cls, minutes: float) -> Schedule:
        """Poll every `minutes` minutes."""
        return cls(interval=timedelta(minutes=minutes))

    @classmethod
    def daily(cls, *times: time | str, timezone: str = "UTC") -> Schedule:
        """Run once a day at each of `times` (e.g. `Schedule.daily("02:00")`)."""
        return cls(daily_at=times, timezone=timezone)

    def next_run(self, now: datetime, *, last_run: datetime | None = None) -> datetime:
        """The first run time strictly after `now` (the interval counts from `last_run`)."""
        if now.tzinfo is None:
            raise ValueError("Schedule.next_run needs an aware datetime")
        candidates: list[datetime] = []
        if self.interval is not None:
            base = last_run if last_run is not None else now
            candidate = base + self.interval
            candidates.append(candidate if candidate > now else now)
        if self.daily_at:
            zone = ZoneInfo(self.timezone)
            local_now = now.astimezone(zone)
            for day_offset in (0, 1):
                day = (local_now + timedelta(days=day_offset)).date()
                for at in self.daily_at:
                    moment = datetime.combine(day, at, tzinfo=zone)
                    if moment > local_now:
                        candidates.append(moment.astimezone(UTC))
                        break
                else:
                    continue
                break
        return min(candidates)
