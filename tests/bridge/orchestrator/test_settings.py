from datetime import timedelta

import pytest

from bridge.settings import SyncSettings


def test_backoff_schedule_then_give_up() -> None:
    settings = SyncSettings(retry_backoff=(timedelta(seconds=30), timedelta(minutes=2)))
    assert settings.backoff_for(1) == timedelta(seconds=30)
    assert settings.backoff_for(2) == timedelta(minutes=2)
    assert settings.backoff_for(3) is None


def test_unknown_stream_is_named() -> None:
    with pytest.raises(ValueError, match="ordrs"):
        SyncSettings(streams=("ordrs",))


def test_batch_size_must_be_positive() -> None:
    with pytest.raises(ValueError, match="batch_size"):
        SyncSettings(batch_size=0)
