from datetime import UTC, datetime, time, timedelta

import pytest

from bridge.schedule import Schedule


def at(h: int, m: int = 0, day: int = 1) -> datetime:
    return datetime(2026, 3, day, h, m, tzinfo=UTC)


def test_interval_counts_from_the_last_run() -> None:
    schedule = Schedule.every(15)
    assert schedule.next_run(at(10, 5), last_run=at(10)) == at(10, 15)


def test_interval_overdue_runs_now() -> None:
    schedule = Schedule.every(15)
    assert schedule.next_run(at(11), last_run=at(10)) == at(11)


def test_daily_time_later_today_or_tomorrow() -> None:
    schedule = Schedule.daily("02:00", "14:30")
    assert schedule.next_run(at(10)) == at(14, 30)
    assert schedule.next_run(at(15)) == at(2, day=2)


def test_daily_time_in_the_company_timezone() -> None:
    schedule = Schedule.daily(time(2, 0), timezone="America/New_York")
    # 02:00 in New York in March 2026 (EST, before the DST switch on the 8th) is 07:00 UTC.
    assert schedule.next_run(at(3)) == at(7)


def test_both_take_whichever_comes_first() -> None:
    schedule = Schedule(interval=timedelta(hours=6), daily_at=("02:00",))
    assert schedule.next_run(at(0), last_run=at(0)) == at(2)
    assert schedule.next_run(at(3), last_run=at(3)) == at(9)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "needs an interval"),
        ({"interval": timedelta(0)}, "must be positive"),
        ({"daily_at": ("25:00",)}, "not a time of day"),
        ({"interval": timedelta(minutes=1), "timezone": "Mars/Base"}, "unknown time zone"),
    ],
)
def test_bad_schedules_are_refused_with_the_reason(kwargs, message) -> None:
    with pytest.raises(ValueError, match=message):
        Schedule(**kwargs)


def test_naive_now_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        Schedule.every(1).next_run(datetime(2026, 1, 1))  # noqa: DTZ001
