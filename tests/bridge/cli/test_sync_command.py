from __future__ import annotations

from typing import Any

import pytest

from bridge import _commands
from bridge.cli import EXIT_FAILED_RECORDS, EXIT_OK, EXIT_UNREACHABLE, EXIT_USAGE
from bridge.orchestrator import SyncOrchestrator
from bridge.stores import RecordState, SQLiteStore

from .conftest import EXAMPLE_MAPPING, Sandbox


def test_sync_posts_bills_prints_the_report_and_exits_0(sandbox: Sandbox) -> None:
    code, out = sandbox.run("sync")
    assert code == EXIT_OK
    assert sandbox.intacct.records("APBILL")
    assert "orders" in out
    assert "synced" in out
    assert "requests: Intacct" in out


def test_sync_prints_one_plain_progress_line_per_stream_when_not_a_tty(sandbox: Sandbox) -> None:
    _, out = sandbox.run("sync", "--stream", "customers", "--stream", "orders")
    lines = [line for line in out.splitlines() if "records processed" in line]
    assert [line.split(":")[0].strip() for line in lines] == ["customers", "orders"]
    assert "\r" not in out


def test_sync_dry_run_posts_nothing_and_says_so(sandbox: Sandbox) -> None:
    code, out = sandbox.run("sync", "--dry-run")
    assert code == EXIT_OK
    assert "(dry run)" in out
    assert "would_post" in out
    assert sandbox.intacct.records("APBILL") == []


def test_sync_exits_1_when_records_fail(sandbox: Sandbox) -> None:
    broken = sandbox.dir / "mapping.toml"
    text = EXAMPLE_MAPPING.read_text(encoding="utf-8")
    broken.write_text(text.replace('discount = "4900"', 'discount = "4199"'), encoding="utf-8")
    sandbox.write_config(mapping=broken)
    code, out = sandbox.run("sync")
    assert code == EXIT_FAILED_RECORDS
    assert "failed" in out


def test_sync_exits_3_when_intacct_refuses_the_credentials(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("INTACCT_USER_PASSWORD", "not-the-password")
    code, out = sandbox.run("sync", "--stream", "customers")
    assert code == EXIT_UNREACHABLE
    assert "AuthenticationError" in out
    assert "not-the-password" not in out + capsys.readouterr().err


def test_sync_forever_runs_on_the_schedule_until_stopped(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    runs: list[str] = []

    class StopsAfterOneRun(SyncOrchestrator):
        async def arun_once(self, **kwargs: Any) -> Any:
            report = await super().arun_once(**kwargs)
            runs.append(report.run_id)
            self.stop()  # what SIGTERM does: stop after the current run
            return report

    monkeypatch.setattr(_commands, "SyncOrchestrator", StopsAfterOneRun)
    sandbox.write_config('[schedule]\ninterval_minutes = 15\ndaily_at = ["02:00"]\n')
    code, out = sandbox.run("sync", "--forever")
    assert code == EXIT_OK
    assert len(runs) == 1
    assert f"sync {runs[0]} finished" in out
    assert "running every 15 min and daily at 02:00 (UTC)" in out
    assert "stopped after the current run" in out
    with SQLiteStore(sandbox.store) as store:
        last = store.last_run()
    assert last is not None
    assert last.run_id == runs[0]
    assert last.finished_at is not None


def test_sync_forever_without_a_schedule_is_a_usage_error(
    sandbox: Sandbox, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _ = sandbox.run("sync", "--forever")
    assert code == EXIT_USAGE
    assert "[schedule]" in capsys.readouterr().err


def test_replay_by_id_posts_a_failed_record_again(sandbox: Sandbox) -> None:
    broken = sandbox.dir / "mapping.toml"
    text = EXAMPLE_MAPPING.read_text(encoding="utf-8")
    broken.write_text(text.replace('discount = "4900"', 'discount = "4199"'), encoding="utf-8")
    sandbox.write_config(mapping=broken)
    sandbox.run("sync", "--stream", "customers", "--stream", "companies", "--stream", "orders")
    with SQLiteStore(sandbox.store) as store:
        failed = store.find(stream="orders", states=[RecordState.FAILED])
    assert failed
    sandbox.write_config()  # the fix
    code, out = sandbox.run("replay", "--stream", "orders", "--id", failed[0].source_id)
    assert code == EXIT_OK, out
    with SQLiteStore(sandbox.store) as store:
        record = store.get("orders", failed[0].source_id)
        still_failed = store.find(stream="orders", states=[RecordState.FAILED])
    assert record is not None
    assert record.state is RecordState.SYNCED
    assert len(still_failed) == len(failed) - 1


def test_replay_by_time_range_outside_every_record_replays_nothing(sandbox: Sandbox) -> None:
    sandbox.run("sync", "--stream", "customers")
    code, out = sandbox.run(
        "replay", "--state", "synced", "--from", "2999-01-01", "--to", "2999-12-31"
    )
    assert code == EXIT_OK
    assert "synced" not in out.split("requests:")[0].split("\n", 1)[1]


def test_replay_webhooks_refetches_the_rejected_ones(sandbox: Sandbox) -> None:
    from commerce_sdk.testing import WebhookSender

    sandbox.run("sync", "--stream", "customers")
    forged = WebhookSender().commerce_webhook(
        "observer.sales_order_save_after", {"order": {"entity_id": 1}}
    )
    with SQLiteStore(sandbox.store) as store:
        orch = SyncOrchestrator(
            intacct=object(), commerce=object(), store=store, config=_config(), webhooks=[]
        )
        assert orch.handle_webhook(forged.headers, forged.body).status == 401
    code, out = sandbox.run("replay", "--webhooks")
    assert code == EXIT_OK, out
    with SQLiteStore(sandbox.store) as store:
        assert store.webhooks(verified=False, processed=False) == []
        assert store.get("orders", "1") is not None


def test_replay_rejects_an_unknown_state_with_exit_2(sandbox: Sandbox) -> None:
    code, _ = sandbox.run("replay", "--state", "lost")
    assert code == EXIT_USAGE


def _config() -> Any:
    from bridge import MappingConfig

    return MappingConfig.from_toml(EXAMPLE_MAPPING)
