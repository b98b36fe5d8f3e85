from __future__ import annotations

import logging
from io import StringIO
from pathlib import Path

import pytest

from bridge import MetricsSink, NullMetrics, RecordingMetrics
from bridge._progress import ProgressDisplay
from bridge.orchestrator import SyncOrchestrator
from tests.bridge.orchestrator.conftest import Bridge, make_bridge


def _rewire(bridge: Bridge, **kwargs: object) -> SyncOrchestrator:
    base = bridge.orchestrator
    return SyncOrchestrator(
        intacct=base.intacct,
        commerce=base.commerce,
        store=bridge.store,
        config=base.config,
        settings=base.settings,
        **kwargs,  # type: ignore[arg-type]
    )


def test_metrics_sink_hears_every_outcome_port_call_and_run(tmp_path: Path) -> None:
    bridge = make_bridge(tmp_path, orders=12)
    metrics = RecordingMetrics()
    report = _rewire(bridge, metrics=metrics).run_once()
    posted = metrics.total("bridge.records", stream="orders", action="posted")
    assert posted == report.stream("orders").outcomes["synced"] > 0
    post_calls = metrics.total("bridge.port.calls", system="intacct", operation="post_bills")
    assert post_calls >= 1
    assert any(
        name == "bridge.port.duration_ms" and tags["operation"] == "post_bills"
        for name, _, tags in metrics.timings
    )
    assert metrics.total("bridge.run.outcomes", stream="orders", outcome="synced") == posted
    assert metrics.total("bridge.run.requests", system="intacct") == report.intacct_requests
    assert [t for t in metrics.timings if t[0] == "bridge.run.duration_ms"]


def test_the_default_sink_is_a_no_op_and_ports_stay_unwrapped(tmp_path: Path) -> None:
    bridge = make_bridge(tmp_path, orders=2)
    orchestrator = _rewire(bridge)
    assert isinstance(orchestrator.metrics, NullMetrics)
    assert orchestrator.intacct is bridge.orchestrator.intacct
    assert isinstance(RecordingMetrics(), MetricsSink)


def test_log_events_carry_structured_fields_and_no_secret(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    bridge = make_bridge(tmp_path, orders=6)
    with caplog.at_level(logging.DEBUG):
        report = _rewire(bridge).run_once()
    events = [r for r in caplog.records if r.name == "bridge" and hasattr(r, "action")]
    posted = [r for r in events if r.action == "posted"]
    assert posted
    first = vars(posted[0])
    assert first["run_id"] == report.run_id
    assert first["stream"] == "orders"
    assert first["outcome"] == "ok"
    assert first["source_id"]
    assert first["control_id"]
    secrets = [
        bridge.intacct.credentials()["sender_password"],
        bridge.intacct.credentials()["user_password"],
        bridge.commerce.oauth_credentials.consumer_secret,
        bridge.commerce.oauth_credentials.access_token_secret,
    ]
    text = caplog.text + "".join(str(vars(r)) for r in caplog.records)
    for secret in secrets:
        assert secret not in text


def test_a_failed_record_is_logged_at_warning_with_its_errornos(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    import attrs

    bridge = make_bridge(tmp_path, orders=12)
    base = bridge.orchestrator.config
    broken = attrs.evolve(base, accounts=attrs.evolve(base.accounts, discount="4199"))
    orchestrator = _rewire(bridge)
    orchestrator.config = broken
    with caplog.at_level(logging.INFO, logger="bridge"):
        orchestrator.run_once()
    failed = [r for r in caplog.records if getattr(r, "outcome", None) == "failed"]
    assert failed
    assert all(r.levelno == logging.WARNING for r in failed)
    assert any(vars(r)["errornos"] for r in failed)


def test_progress_callback_gets_done_and_total_per_stream(tmp_path: Path) -> None:
    bridge = make_bridge(tmp_path, orders=12)
    calls: list[tuple[str, int, int | None]] = []
    _rewire(bridge, progress=lambda s, d, t: calls.append((s, d, t))).run_once()
    orders = [c for c in calls if c[0] == "orders"]
    assert orders
    _stream, done, total = orders[-1]
    assert total is not None
    assert done == total > 0
    assert all(t is not None and d <= t for _, d, t in orders)


def test_progress_display_redraws_a_bar_on_a_tty() -> None:
    out = StringIO()
    display = ProgressDisplay(out, tty=True)
    display("orders", 5, 10)
    display("orders", 10, 10)
    display("credit_memos", 1, 2)
    display.finish()
    text = out.getvalue()
    assert "\r  orders" in text
    assert "[############------------] 5/10" in text
    assert "[########################] 10/10" in text
    assert "records processed" not in text
    assert text.endswith("\r")


def test_progress_display_writes_plain_lines_elsewhere() -> None:
    out = StringIO()
    display = ProgressDisplay(out)
    display("orders:fetch", 100, None)
    display("orders", 5, 10)
    display("orders", 10, 10)
    display("credit_memos", 2, None)
    display.finish()
    assert out.getvalue() == (
        "  orders: 10 of 10 records processed\n  credit_memos: 2 records processed\n"
    )


def test_json_log_formatter_writes_the_event_fields_as_one_json_line() -> None:
    import json

    from bridge import JsonLogFormatter

    record = logging.LogRecord("bridge", logging.WARNING, __file__, 1, "failed %s", ("x",), None)
    for name, value in {
        "run_id": "run-1",
        "stream": "orders",
        "source_id": "41",
        "action": "failed",
        "outcome": "failed",
        "errornos": ["BL01001973"],
        "control_id": None,
    }.items():
        setattr(record, name, value)
    line = JsonLogFormatter().format(record)
    assert "\n" not in line
    data = json.loads(line)
    assert data["message"] == "failed x"
    assert data["level"] == "WARNING"
    assert data["run_id"] == "run-1"
    assert data["errornos"] == ["BL01001973"]
    assert "control_id" not in data


def test_cli_log_json_flag_sends_json_lines_to_stderr() -> None:
    import json
    import subprocess
    import sys

    code = (
        "import logging; from bridge.cli import _configure_logging; "
        "_configure_logging(0, as_json=True); "
        "logging.getLogger('bridge').warning('run %s', 'r1', extra={'run_id': 'r1'}); "
        "logging.getLogger('bridge').info('not shown at the default level')"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    [line] = done.stderr.splitlines()
    assert json.loads(line)["run_id"] == "r1"
