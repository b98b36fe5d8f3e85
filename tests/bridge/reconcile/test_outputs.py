"""Summary, CSV and JSON (stable schema), replay targets, progress (issue 10 points 2-4)."""

from __future__ import annotations

import csv
import json
from decimal import Decimal

import attrs

from bridge.reconcile import (
    CSV_COLUMNS,
    SCHEMA,
    Item,
    Progress,
    RecordStoreLookup,
    Status,
)

from .conftest import cdoc, failed, idoc, run, sample_report


def test_counts_cover_every_class_of_the_sample() -> None:
    counts = sample_report().counts()
    assert counts == {
        Status.MATCHED: 3,
        Status.AMOUNT_MISMATCH: 1,
        Status.MISSING_IN_INTACCT: 0,
        Status.UNKNOWN_TO_COMMERCE: 1,
        Status.VENDOR_MISMATCH: 1,
        Status.POSTED_TWICE: 1,
        Status.PENDING_OR_FAILED_IN_STORE: 1,
    }


def test_totals_per_currency_and_the_net_difference_never_mix_currencies() -> None:
    report = sample_report()
    usd = report.totals.by_currency["USD"]
    # Commerce: 5 orders of 53.70 and a -10.00 memo. Intacct: the same, but one bill twice,
    # one with 1.00 more shipping, one unknown to Commerce, one missing (the failed one).
    assert (usd.commerce_count, usd.commerce) == (6, Decimal("258.50"))
    assert (usd.intacct_count, usd.intacct) == (7, Decimal("313.20"))
    assert dict(report.net_difference) == {"EUR": Decimal("0.00"), "USD": Decimal("54.70")}


def test_totals_per_vendor_put_each_side_on_its_own_vendor() -> None:
    vendors = sample_report().totals.by_vendor
    assert vendors[("C-8", "USD")].commerce == Decimal("53.70")
    assert vendors[("C-8", "USD")].intacct == Decimal("0.00")
    assert vendors[("C-9", "USD")].intacct == Decimal("53.70")


def test_summary_names_each_class_and_currency() -> None:
    text = sample_report().summary()
    for words in ("matched", "amount mismatch", "posted twice", "pending/failed in store",
                  "in Intacct, unknown to Commerce", "USD", "EUR"):  # fmt: skip
        assert words in text
    assert "python -m bridge replay --stream orders --state failed --id 5" in text


def test_replay_targets_are_failed_and_missing_ones_never_mismatches() -> None:
    report = run(
        [cdoc("1", store=failed()), cdoc("2"), cdoc("3")],
        [idoc("3", totals={"products": Decimal("1.00")})],
    )
    targets = report.replay_targets()
    assert [(t.stream, t.source_id, t.status) for t in targets] == [
        ("orders", "1", Status.PENDING_OR_FAILED_IN_STORE),
        ("orders", "2", Status.MISSING_IN_INTACCT),
    ]
    assert report.replay_commands() == [
        "python -m bridge replay --stream orders --state failed --id 1",
        "# no store record (or no store given); `python -m bridge sync` fetches documents it "
        "never saw: orders 2",
    ]


def test_a_credit_memo_split_in_two_adjustments_is_replayed_once() -> None:
    memo = {"kind": "credit_memo", "source_id": "81", "store": failed()}
    report = run([cdoc("81", **memo), cdoc("81-2", **memo)], [])
    assert [(t.stream, t.source_id) for t in report.replay_targets()] == [("credit_memos", "81")]


def test_csv_has_the_documented_columns_and_one_row_per_item(tmp_path) -> None:
    report = sample_report()
    path = report.write_csv(tmp_path / "r.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
    assert tuple(reader.fieldnames or ()) == CSV_COLUMNS
    assert len(rows) == len(report.items)
    mismatch = next(r for r in rows if r["status"] == "amount_mismatch")
    assert mismatch["difference_shipping"] == "1.00"
    assert mismatch["difference"] == "1.00"
    twice = next(r for r in rows if r["status"] == "posted_twice")
    assert twice["intacct_record_nos"] == "R4a;R4b"
    failed_row = next(r for r in rows if r["status"] == "pending_or_failed_in_store")
    assert failed_row["last_error"] == 'Intacct said "<no>" & stopped'


def test_json_follows_the_schema_with_exact_decimal_strings(tmp_path) -> None:
    report = sample_report()
    data = json.loads(report.write_json(tmp_path / "r.json").read_text(encoding="utf-8"))
    assert data["schema"] == SCHEMA == "bridge.reconcile/1"
    assert list(data) == [
        "schema", "period", "generated_at", "base_currency", "commerce_documents",
        "intacct_documents", "matched_included", "counts", "by_status", "by_currency",
        "net_difference", "by_vendor", "by_day", "items", "replay_targets",
    ]  # fmt: skip
    assert data["period"] == {"start": "2026-03-01", "end": "2026-03-31"}
    assert data["counts"]["posted_twice"] == 1
    assert data["by_currency"]["USD"]["difference"] == "54.70"
    assert data["net_difference"] == {"EUR": "0.00", "USD": "54.70"}
    item = next(i for i in data["items"] if i["status"] == "amount_mismatch")
    assert set(CSV_COLUMNS) <= set(item)
    assert item["difference_by_kind"] == {"shipping": "1.00"}
    assert item["intacct"][0]["totals"]["shipping"] == "6.00"
    assert data["replay_targets"][0]["source_id"] == "5"


def test_progress_is_reported_every_n_items_and_at_the_end() -> None:
    seen: list[Progress] = []
    docs = [cdoc(f"{n:03d}") for n in range(5)]
    run(docs, [idoc(d.number) for d in docs[:3]], progress=seen.append, progress_every=2)
    assert [(p.items, p.discrepancies, p.done) for p in seen] == [
        (2, 0, False),
        (4, 1, False),
        (5, 2, True),
    ]
    assert seen[-1].commerce_documents == 5
    assert seen[-1].intacct_documents == 3


def test_on_item_sees_matched_items_the_report_does_not_keep() -> None:
    streamed: list[Item] = []
    report = run([cdoc()], [idoc()], on_item=streamed.append)
    assert [i.status for i in streamed] == [Status.MATCHED]
    assert report.items == ()


def test_record_store_lookup_reads_state_and_last_error_of_a_store_record() -> None:
    @attrs.frozen
    class Error:
        kind: str
        message: str

    @attrs.frozen
    class Record:
        state: str
        last_error: Error | None

    class Store:
        def get(self, stream, source_id):
            if (stream, source_id) == ("orders", "51"):
                return Record("failed", Error("vendor", "on hold"))
            return None

    lookup = RecordStoreLookup(Store())
    status = lookup.status("orders", "51")
    assert status is not None
    assert (status.state, status.last_error) == ("failed", "vendor: on hold")
    assert lookup.status("orders", "52") is None


def test_summary_cuts_a_long_replay_command_but_replay_commands_keep_every_id() -> None:
    report = run([cdoc(f"{n:04d}", store=failed()) for n in range(1, 200)], [])
    (command,) = report.replay_commands()
    assert command.count("--id") == 199
    line = next(x for x in report.summary().splitlines() if "bridge replay" in x)
    assert line.endswith("... (all ids: replay_targets in the JSON)")
    assert len(line) < 400
