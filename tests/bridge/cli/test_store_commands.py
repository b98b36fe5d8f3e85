from __future__ import annotations

import csv
import json
from datetime import timedelta
from io import StringIO

import pytest

from bridge.cli import EXIT_FAILED_RECORDS, EXIT_OK, EXIT_USAGE, main
from bridge.stores import RecordError, RecordState, SQLiteStore

from .conftest import Sandbox


@pytest.fixture
def synced(sandbox: Sandbox) -> Sandbox:
    code, out = sandbox.run("sync")
    assert code == EXIT_OK, out
    return sandbox


def _posted_order(box: Sandbox) -> str:
    with SQLiteStore(box.store) as store:
        return store.find(stream="orders", states=[RecordState.SYNCED])[0].source_id


def test_status_shows_each_stream_cursor_counts_and_the_last_run(synced: Sandbox) -> None:
    code, out = synced.run("status")
    assert code == EXIT_OK
    orders = next(line for line in out.splitlines() if line.startswith("orders "))
    assert "cursor 20" in orders
    assert "synced" in orders
    assert "last run: run-" in out
    assert "(sync)" in out
    pushed = next(line for line in out.splitlines() if line.startswith("vendors_to_commerce"))
    assert "cursor 20" in pushed  # a cursor and no record of its own


def test_audit_reads_the_vendor_stream(synced: Sandbox) -> None:
    code, out = synced.run("audit", "--stream", "vendors", "--action", "vendor_linked")
    assert code == EXIT_OK
    assert " vendors/" in out


def test_status_json_is_machine_readable(synced: Sandbox) -> None:
    code, out = synced.run("status", "--json")
    assert code == EXIT_OK
    data = json.loads(out)
    assert data["streams"]["orders"]["counts"]["synced"] >= 1
    assert data["last_run"]["kind"] == "sync"
    assert data["failed"] == 0


def test_status_exits_1_while_records_are_failed(synced: Sandbox) -> None:
    with SQLiteStore(synced.store) as store:
        store.upsert_source("orders", "999", updated_at=None, payload={}, payload_hash="h")
        [record] = store.claim(
            "orders", worker_id="w", limit=1, lease=timedelta(minutes=5), source_ids=["999"]
        )
        store.mark_failed(
            record, error=RecordError(kind="test", message="boom"), next_attempt_at=None
        )
    code, out = synced.run("status")
    assert code == EXIT_FAILED_RECORDS
    assert "failed 1" in out


def test_audit_with_an_id_shows_the_record_state_and_its_history(synced: Sandbox) -> None:
    source_id = _posted_order(synced)
    code, out = synced.run("audit", "--stream", "orders", "--id", source_id)
    assert code == EXIT_OK
    first, *history = out.splitlines()
    assert first.startswith(f"orders/{source_id}: synced")
    assert "APBILL" in first
    assert any(f"orders/{source_id} posted ok control=" in line for line in history)


def test_audit_of_an_unknown_id_says_so_and_exits_1(synced: Sandbox) -> None:
    code, out = synced.run("audit", "--id", "no-such-record")
    assert code == EXIT_FAILED_RECORDS
    assert "no record and no audit entry" in out


def test_audit_filters_by_stream_action_outcome_and_limit(synced: Sandbox) -> None:
    code, out = synced.run("audit", "--stream", "orders", "--action", "posted", "--limit", "2")
    assert code == EXIT_OK
    lines = out.splitlines()
    assert lines[0].startswith("(last 2 of ")
    assert all(" orders/" in line and " posted ok" in line for line in lines[1:])
    assert len(lines) == 3
    _, none = synced.run("audit", "--outcome", "failed")
    assert none == ""


def test_audit_time_filters_take_naive_times_as_utc(synced: Sandbox) -> None:
    _, out = synced.run("audit", "--since", "2999-01-01")
    assert out == ""
    _, out = synced.run("audit", "--until", "2999-01-01T00:00", "--limit", "0")
    assert out.count("\n") > 10


def test_audit_exports_csv_to_a_file_and_json_to_stdout(synced: Sandbox) -> None:
    target = synced.dir / "audit.csv"
    code, out = synced.run("audit", "--stream", "orders", "--export", "csv", "--out", str(target))
    assert code == EXIT_OK
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert f"{len(rows)} entries written" in out
    assert rows
    assert {r["stream"] for r in rows} == {"orders"}
    code, out = synced.run("audit", "--action", "posted", "--export", "json")
    data = json.loads(out)
    assert data
    assert all(row["action"] == "posted" for row in data)


def test_audit_and_status_read_a_store_given_with_store_and_no_config(synced: Sandbox) -> None:
    out = StringIO()
    assert main(["status", "--store", str(synced.store)], out=out) == EXIT_OK
    assert "orders" in out.getvalue()


def test_audit_without_a_store_is_a_usage_error(
    sandbox: Sandbox, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _ = sandbox.run("audit")
    assert code == EXIT_USAGE
    assert "no bridge store" in capsys.readouterr().err
