"""The store contract, part 2: audit, cursors and stream locks, vendor links, webhook inbox, runs.

Runs against every store implementation (the `store` fixture in conftest.py).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bridge.stores import AuditEntry, Cursor, Store, StoreError, StreamLockedError
from tests.bridge.stores.conftest import POSTGRES_HOWTO, T0


def test_postgres_variant_is_configured():
    if not os.environ.get("BRIDGE_TEST_POSTGRES_DSN"):
        pytest.skip(POSTGRES_HOWTO)


# -- audit ----------------------------------------------------------------------------------
def test_append_audit_stamps_id_and_time_and_reads_back_in_order(store, clock):
    first = store.append_audit(AuditEntry(stream="orders", source_id="1", action="fetched"))
    clock.advance(timedelta(seconds=1))
    second = store.append_audit(
        AuditEntry(
            stream="orders",
            source_id="1",
            action="failed",
            outcome="error",
            control_id="orders-1",
            errornos=["BL01001973"],
            message="vendor is inactive",
            duration_ms=12.5,
            run_id="run-1",
            worker_id="w1",
        )
    )
    assert first.id < second.id
    assert first.at == T0
    assert store.audit(source_id="1") == [first, second]


def test_audit_payloads_are_redacted_defensively(store):
    entry = store.append_audit(
        AuditEntry(
            action="posted",
            request_summary={
                "function": "create",
                "login": {"password": "hunter2", "sessionid": "S"},
            },
            response_summary={"headers": {"Authorization": "Bearer x"}, "key": "42"},
        )
    )
    assert entry.request_summary["login"] == {"password": "[REDACTED]", "sessionid": "[REDACTED]"}
    (stored,) = store.audit()
    assert stored.response_summary == {"headers": {"Authorization": "[REDACTED]"}, "key": "42"}
    assert "hunter2" not in json.dumps(stored.to_json())


def test_audit_filters_by_stream_time_action_run_and_limit(store, clock):
    store.append_audit(AuditEntry(stream="orders", source_id="1", action="fetched", run_id="a"))
    clock.advance(timedelta(minutes=1))
    store.append_audit(AuditEntry(stream="invoices", source_id="2", action="posted", run_id="b"))
    clock.advance(timedelta(minutes=1))
    store.append_audit(AuditEntry(stream="orders", source_id="3", action="synced", run_id="b"))
    assert [e.source_id for e in store.audit(stream="orders")] == ["1", "3"]
    assert [e.source_id for e in store.audit(since=T0 + timedelta(minutes=1))] == ["2", "3"]
    assert [e.source_id for e in store.audit(until=T0 + timedelta(minutes=1))] == ["1"]
    assert [e.source_id for e in store.audit(actions=["posted", "synced"])] == ["2", "3"]
    assert [e.source_id for e in store.audit(run_id="b", limit=1)] == ["2"]


def test_an_audit_entry_needs_an_action():
    with pytest.raises(ValueError, match="action"):
        AuditEntry(action="")


def test_export_audit_as_csv_has_a_header_and_one_row_per_entry(store):
    store.append_audit(
        AuditEntry(stream="orders", source_id="1", action="failed", errornos=["A", "B"])
    )
    store.append_audit(
        AuditEntry(stream="orders", source_id="2", action="synced", message="=cmd|x")
    )
    out = io.StringIO()
    assert store.export_audit("csv", out, stream="orders") == 2
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [r["source_id"] for r in rows] == ["1", "2"]
    assert rows[0]["errornos"] == "A;B"
    assert rows[1]["message"] == "'=cmd|x"  # a spreadsheet would run it as a formula


def test_export_audit_as_json_is_an_array_of_entries(store):
    store.append_audit(AuditEntry(stream="orders", source_id="1", action="synced"))
    out = io.StringIO()
    assert store.export_audit("json", out) == 1
    (row,) = json.loads(out.getvalue())
    assert (row["source_id"], row["action"], row["at"]) == ("1", "synced", T0.isoformat())


def test_export_audit_rejects_an_unknown_format(store):
    with pytest.raises(ValueError, match="xml"):
        store.export_audit("xml", io.StringIO())


# -- cursors and stream locks ---------------------------------------------------------------
def test_a_cursor_round_trips_with_its_tie_break_id(store):
    assert store.get_cursor("orders") is None
    cursor = Cursor(value=datetime(2026, 2, 1, 9, tzinfo=UTC), last_id="000123")
    with store.stream_lock("orders"):
        store.set_cursor("orders", cursor)
    assert store.get_cursor("orders") == cursor
    assert Cursor.from_json(json.loads(json.dumps(cursor.to_json()))) == cursor


def test_a_stream_lock_held_by_another_owner_is_refused(store):
    with (
        store.stream_lock("orders", owner="a"),
        pytest.raises(StreamLockedError, match="orders"),
        store.stream_lock("orders", owner="b", timeout=0),
    ):
        pass


def test_stream_locks_are_per_stream_and_released_after_the_block(store):
    with store.stream_lock("orders"), store.stream_lock("invoices"):
        pass
    with store.stream_lock("orders", timeout=0):
        pass


def test_a_cursor_needs_an_aware_time():
    with pytest.raises(ValueError, match="value"):
        Cursor(value=datetime(2026, 1, 1))  # noqa: DTZ001


# -- vendor links ---------------------------------------------------------------------------
def test_a_vendor_link_is_found_from_both_sides(store):
    link = store.link_vendor("customer", "17", "V-0017", intacct_hash="i1", commerce_hash="c1")
    assert (link.vendor_id, link.intacct_hash, link.commerce_hash) == ("V-0017", "i1", "c1")
    assert store.vendor_link_by_commerce("customer", "17") == link
    assert store.vendor_link_by_vendor("V-0017") == link
    assert store.vendor_link_by_commerce("company", "17") is None


def test_a_vendor_with_several_links_reports_its_company_first(store):
    store.link_vendor("guest_email", "a@example.com", "V1")
    store.link_vendor("company", "5", "V1")
    store.link_vendor("customer", "8", "V1")
    assert [link.commerce_kind for link in store.vendor_links_by_vendor("V1")] == [
        "company",
        "customer",
        "guest_email",
    ]
    assert store.vendor_link_by_vendor("V1").commerce_kind == "company"


def test_relinking_moves_the_link_and_keeps_hashes_not_given(store, clock):
    store.link_vendor("customer", "17", "V-OLD", intacct_hash="i1")
    clock.advance(timedelta(minutes=1))
    moved = store.link_vendor("customer", "17", "V-NEW")
    assert (moved.vendor_id, moved.intacct_hash, moved.created_at) == ("V-NEW", "i1", T0)
    assert moved.updated_at == T0 + timedelta(minutes=1)
    assert store.vendor_link_by_vendor("V-OLD") is None


def test_update_link_hashes_sets_one_side_and_leaves_the_other(store):
    store.link_vendor("company", "5", "V1", intacct_hash="i1", commerce_hash="c1")
    assert store.update_link_hashes("company", "5", commerce_hash="c2")
    link = store.vendor_link_by_commerce("company", "5")
    assert (link.intacct_hash, link.commerce_hash) == ("i1", "c2")
    assert not store.update_link_hashes("company", "404", intacct_hash="x")


def test_update_link_hashes_by_vendor_updates_every_link_of_that_vendor(store):
    store.link_vendor("company", "5", "V1")
    store.link_vendor("customer", "8", "V1")
    store.link_vendor("customer", "9", "V2")
    assert store.update_link_hashes("V1", intacct_hash="i9", commerce_hash="c9")
    assert {(lk.intacct_hash, lk.commerce_hash) for lk in store.vendor_links_by_vendor("V1")} == {
        ("i9", "c9")
    }
    assert store.vendor_link_by_vendor("V2").intacct_hash is None
    assert not store.update_link_hashes("V404", intacct_hash="x")


def test_an_unknown_link_kind_is_refused_by_name(store):
    with pytest.raises(ValueError, match=r"commerce_kind.*'supplier'"):
        store.link_vendor("supplier", "1", "V1")


# -- webhook inbox --------------------------------------------------------------------------
def _hook(
    store: Store,
    event_id: str = "evt-1",
    verified: bool = True,
    body: Any = b'{"id": 5}',
    **kw: Any,
) -> bool:
    return store.record_webhook(
        event_id,
        event_type="observer.sales_order_save_after",
        source="commerce",
        verified=verified,
        entity_kind="order",
        entity_id="5",
        headers_summary={"x-adobe-commerce-webhook-signature": "sig", "content-type": "json"},
        body=body,
        **kw,
    )


def test_a_verified_webhook_is_stored_once_with_its_body_and_redacted_headers(store):
    assert _hook(store)
    assert not _hook(store)  # the same event again: a duplicate
    (hook,) = store.webhooks()
    assert hook.verified
    assert hook.body == b'{"id": 5}'
    assert hook.headers_summary == {
        "x-adobe-commerce-webhook-signature": "[REDACTED]",
        "content-type": "json",
    }
    assert (hook.entity_kind, hook.entity_id, hook.received_at) == ("order", "5", T0)


def test_a_rejected_webhook_keeps_only_the_size_and_hash_of_its_body(store):
    assert _hook(store, verified=False, reason="signature mismatch", body=b"forged!")
    (hook,) = store.webhooks(verified=False)
    assert hook.body is None
    assert hook.body_size == 7
    assert hook.body_sha256 == hashlib.sha256(b"forged!").hexdigest()
    assert hook.reason == "signature mismatch"


def test_a_rejected_webhook_never_blocks_the_verified_event_with_the_same_id(store):
    assert _hook(store, verified=False, reason="bad signature", body=b"forged")
    assert _hook(store, verified=True)
    assert [h.verified for h in store.webhooks()] == [False, True]


def test_webhooks_filter_by_processed_and_mark_processed_once(store, clock):
    _hook(store, "e1")
    clock.advance(timedelta(seconds=5))
    _hook(store, "e2")
    assert store.mark_webhook_processed("e1", outcome="queued")
    assert not store.mark_webhook_processed("e1", outcome="queued")
    assert [h.event_id for h in store.webhooks(processed=False)] == ["e2"]
    (done,) = store.webhooks(processed=True)
    assert (done.outcome, done.processed_at) == ("queued", T0 + timedelta(seconds=5))
    assert [h.event_id for h in store.webhooks(since=T0 + timedelta(seconds=1))] == ["e2"]


def test_a_webhook_body_may_be_given_parsed_and_is_kept_as_canonical_json(store):
    assert _hook(store, body={"b": 1, "a": [1, 2]})
    (hook,) = store.webhooks()
    assert json.loads(hook.body) == {"a": [1, 2], "b": 1}
    assert hook.body_size == len(hook.body)


def test_a_rejected_webhook_may_come_without_a_body(store):
    assert _hook(store, verified=False, reason="no signature", body=None)
    (hook,) = store.webhooks()
    assert (hook.body, hook.body_size) == (None, 0)


def test_a_webhook_body_must_be_bytes_json_or_none(store):
    with pytest.raises(TypeError, match="body"):
        _hook(store, body="text")


# -- runs -----------------------------------------------------------------------------------
def test_runs_record_start_finish_and_the_last_one_by_kind(store, clock):
    assert store.last_run() is None
    store.start_run("r1", kind="sync")
    clock.advance(timedelta(minutes=1))
    store.start_run("r2", kind="replay")
    store.finish_run("r1", report_json={"orders": {"synced": 3}})
    assert store.last_run().run_id == "r2"
    run = store.last_run("sync")
    assert (run.run_id, run.report, run.finished_at) == ("r1", {"orders": {"synced": 3}}, clock.now)


def test_a_run_id_starts_once_and_unknown_runs_cannot_finish(store):
    store.start_run("r1", kind="sync")
    with pytest.raises(StoreError, match="r1"):
        store.start_run("r1", kind="sync")
    with pytest.raises(StoreError, match="nope"):
        store.finish_run("nope", report_json={})
