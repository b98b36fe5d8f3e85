"""Fault: one bad record in a batch of 50: its bill line points at an inactive GL account.

The order's SKU is mapped (`accounts.by_sku`) to an account that exists in Intacct but is
inactive, so the gateway refuses that one `create` and runs the other 49 of the same request.
Checked: 49 synced, 1 failed for good (no automatic retry: a business error does not heal by
waiting) with its errorno and Intacct's description in the store and the audit trail; after the
configuration is fixed, `replay` posts exactly that one bill. The whole-config variant (a wrong
discount account failing every discounted order) is in tests/bridge/orchestrator/test_runs.py.
"""

from __future__ import annotations

import io
import json
from collections import Counter

import attrs

from bridge.mapping import is_ready
from bridge.settings import SyncSettings
from bridge.stores import RecordState
from commerce_sdk.models import Order
from intacct_sdk.testing import RequestRecord

from .conftest import World, make_world

BAD_SKU = "ODD-ONE-OUT"
INACTIVE = "4999"


def _single_bad_order(world: World) -> dict:
    ready = [
        o
        for o in world.commerce.store.all("order")
        if is_ready(Order.from_api(o), world.orchestrator.config)
    ]
    assert len(ready) == 50
    order = dict(ready[len(ready) // 2])
    parents = {i.get("parent_item_id") for i in order["items"]}
    items = [dict(i) for i in order["items"]]
    target = next(
        i for i in items if i.get("parent_item_id") is None and i["item_id"] not in parents
    )
    target["sku"] = BAD_SKU
    order["items"] = items
    world.commerce.store.replace("order", order["entity_id"], order)
    return order


def _bill_batches(world: World) -> list[RequestRecord]:
    return [
        r
        for r in world.intacct.requests
        if any(f.name == "create" and f.object == "APBILL" for f in r.functions)
    ]


def test_one_inactive_account_fails_one_bill_of_fifty_and_replays_after_the_fix(tmp_path) -> None:
    world = make_world(
        tmp_path,
        orders=66,  # 50 of them ready to post: one batch, one request
        settings=SyncSettings(batch_size=50, functions_per_request=50),
    )
    world.intacct.add_gl_account(INACTIVE, "Retired account", status="inactive")
    bad = _single_bad_order(world)
    good_config = world.orchestrator.config
    accounts = good_config.accounts
    world.orchestrator.config = attrs.evolve(
        good_config,
        accounts=attrs.evolve(accounts, by_sku={**accounts.by_sku, BAD_SKU: INACTIVE}),
    )

    world.orchestrator.run_once(streams=("customers", "companies", "orders"))

    batches = _bill_batches(world)
    assert [len(b.functions) for b in batches] == [50]  # one request carried all 50
    states = Counter(r.state for r in world.store.find(stream="orders"))
    assert states == Counter({RecordState.SYNCED: 49, RecordState.FAILED: 1})
    failed = world.store.find(stream="orders", states=[RecordState.FAILED])[0]
    assert failed.source_id == str(bad["entity_id"])
    assert failed.next_attempt_at is None  # waits for a person, not for a timer
    assert failed.last_error is not None
    assert failed.last_error.errornos
    assert any(INACTIVE in d and "inactive" in d for d in failed.last_error.descriptions)
    entry = world.store.audit(stream="orders", source_id=failed.source_id, actions=["failed"])[-1]
    assert entry.errornos == failed.last_error.errornos
    assert INACTIVE in (entry.message or "")
    exported = io.StringIO()
    world.store.export_audit("json", exported, stream="orders", actions=["failed"])
    rows = json.loads(exported.getvalue())
    assert [r["source_id"] for r in rows] == [failed.source_id]
    assert rows[0]["errornos"]
    assert f"WEB-{bad['increment_id']}" not in {
        b["RECORDID"] for b in world.intacct.records("APBILL")
    }

    world.orchestrator.config = good_config  # the fix
    report = world.orchestrator.replay(stream="orders", source_ids=[failed.source_id])

    assert report.stream("orders").outcomes["synced"] == 1
    assert [len(b.functions) for b in _bill_batches(world)] == [50, 1]  # only the one bill
    bills = Counter(b["RECORDID"] for b in world.intacct.records("APBILL"))
    assert len(bills) == 50
    assert max(bills.values()) == 1
    assert bills[f"WEB-{bad['increment_id']}"] == 1
    assert not world.store.find(stream="orders", states=[RecordState.FAILED])
