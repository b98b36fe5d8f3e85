"""`python -m bridge reconcile` options and run, over in-memory readers."""

from __future__ import annotations

import argparse
import io
from datetime import date

import pytest

from bridge.reconcile import (
    InMemoryCommerceReader,
    InMemoryIntacctReader,
    Period,
    ReconcileError,
    StoreStatus,
    command,
)

from .conftest import cdoc, failed, idoc


def parse(*argv: str) -> argparse.Namespace:
    return command.add_arguments(argparse.ArgumentParser()).parse_args(list(argv))


def test_month_option_is_the_whole_month() -> None:
    assert command.period_from_args(parse("--month", "2026-02")) == Period.month(2026, 2)


def test_from_without_to_is_one_day() -> None:
    period = command.period_from_args(parse("--from", "2026-03-05"))
    assert (period.start, period.end) == (date(2026, 3, 5), date(2026, 3, 5))


def test_a_period_is_required() -> None:
    with pytest.raises(ReconcileError, match="--month YYYY-MM or --from"):
        command.period_from_args(parse())


def test_a_bad_month_is_a_usage_error(capsys) -> None:
    with pytest.raises(SystemExit):
        parse("--month", "March")
    assert "expected YYYY-MM" in capsys.readouterr().err


def test_run_writes_the_chosen_files_and_exits_1_on_discrepancies(tmp_path) -> None:
    out = io.StringIO()
    args = parse("--from", "2026-03-01", "--to", "2026-03-31", "--out", str(tmp_path),
                 "--format", "json", "--format", "csv")  # fmt: skip
    code = command.run(args, commerce=InMemoryCommerceReader([cdoc("1"), cdoc("2")]),
                       intacct=InMemoryIntacctReader([idoc("1")]), store=None, config=None,
                       out=out)  # fmt: skip
    assert code == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "reconciliation-2026-03-01-2026-03-31.csv",
        "reconciliation-2026-03-01-2026-03-31.json",
    ]
    assert "missing in Intacct" in out.getvalue()


def test_run_exits_0_when_everything_matches(tmp_path) -> None:
    args = parse("--month", "2026-03", "--out", str(tmp_path), "--format", "html")
    code = command.run(args, commerce=InMemoryCommerceReader([cdoc("1")]),
                       intacct=InMemoryIntacctReader([idoc("1")]), store=None, config=None,
                       out=io.StringIO())  # fmt: skip
    assert code == 0


def test_replay_option_replays_only_records_pending_or_failed_in_the_store(tmp_path) -> None:
    calls = []

    def replay(stream, source_ids, states):
        calls.append((stream, source_ids, states))

    commerce = [
        cdoc("1", store=StoreStatus(state="failed", last_error="x")),
        cdoc("2", store=StoreStatus(state="synced")),
        cdoc("3", store=StoreStatus(state="pending")),
        cdoc("4", kind="credit_memo", store=StoreStatus(state="waiting")),
        cdoc("5"),
    ]
    out = io.StringIO()
    args = parse("--month", "2026-03", "--out", str(tmp_path), "--format", "json", "--replay")
    command.run(args, commerce=InMemoryCommerceReader(commerce),
                intacct=InMemoryIntacctReader([idoc("9")]), store=None, config=None, out=out,
                replay=replay)  # fmt: skip
    assert calls == [
        ("credit_memos", ["4"], ("waiting",)),
        ("orders", ["1", "3"], ("failed", "pending")),
    ]
    assert "replay: 2 orders record(s) requeued and run" in out.getvalue()


def test_replay_option_without_a_replay_function_is_refused(tmp_path) -> None:
    args = parse("--month", "2026-03", "--out", str(tmp_path), "--format", "json", "--replay")
    with pytest.raises(ReconcileError, match="--replay"):
        command.run(args, commerce=InMemoryCommerceReader([cdoc("1", store=failed())]),
                    intacct=InMemoryIntacctReader([]), store=None, config=None,
                    out=io.StringIO())  # fmt: skip
