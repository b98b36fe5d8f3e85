"""Fault: hostile webhook deliveries through `SyncOrchestrator.handle_webhook`.

Forged (signed with another key), tampered (a genuine delivery with its body changed), replayed
(the same genuine delivery twice), oversized, wrong content type, unsigned. Checked: the HTTP
status a Commerce webhook caller expects (401 / 413 / 415; 200 for a duplicate), the delivery
recorded in the store inbox with its reason, nothing fetched or posted, and a rejected delivery
replayable by re-fetching its entity from the Commerce API (`replay_webhooks`): the stored
unverified body is never trusted. Verifier-level tests: tests/commerce_sdk/webhooks/.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import pytest

from bridge.mapping import is_ready
from bridge.stores import RecordState
from commerce_sdk.models import Order
from commerce_sdk.testing import WebhookSender

from .conftest import World

EVENT = "observer.sales_order_save_after"


def ready_order(world: World) -> dict[str, Any]:
    config = world.orchestrator.config
    return next(o for o in world.commerce.store.all("order") if is_ready(Order.from_api(o), config))


def genuine(world: World, order: dict[str, Any], **data: Any) -> tuple[dict[str, str], bytes]:
    delivery = world.sender.commerce_webhook(EVENT, {"order": {**order, **data}})
    return dict(delivery.headers), delivery.body


def forged(world: World, order: dict[str, Any]) -> tuple[dict[str, str], bytes]:
    # A stranger's key; the body lies about the money.
    delivery = WebhookSender().commerce_webhook(
        EVENT, {"order": {**order, "grand_total": 0.01, "customer_email": "evil@example.com"}}
    )
    return dict(delivery.headers), delivery.body


def tampered(world: World, order: dict[str, Any]) -> tuple[dict[str, str], bytes]:
    headers, body = genuine(world, order)
    changed = re.sub(rb'("grand_total":\s*)', rb"\g<1>9", body, count=1)
    assert changed != body
    return headers, changed


def oversized(world: World, order: dict[str, Any]) -> tuple[dict[str, str], bytes]:
    return genuine(world, order, padding="x" * (1024 * 1024 + 1))


def wrong_content_type(world: World, order: dict[str, Any]) -> tuple[dict[str, str], bytes]:
    headers, body = genuine(world, order)
    return {**headers, "content-type": "text/plain"}, body


def unsigned(world: World, order: dict[str, Any]) -> tuple[dict[str, str], bytes]:
    headers, body = genuine(world, order)
    return {k: v for k, v in headers.items() if k != "x-adobe-commerce-webhook-signature"}, body


Attack = Callable[[World, dict[str, Any]], tuple[dict[str, str], bytes]]
ATTACKS: dict[str, tuple[Attack, int, str, bool]] = {
    # name: (delivery, HTTP status, reason prefix, replayable by re-fetch)
    "forged": (forged, 401, "bad_signature", True),
    "tampered": (tampered, 401, "bad_signature", True),
    "unsigned": (unsigned, 401, "missing_header", True),
    "oversized": (oversized, 413, "body_too_large", False),
    "wrong_content_type": (wrong_content_type, 415, "unsupported_media_type", True),
}


def traffic(world: World) -> tuple[int, int]:
    return world.intacct.counters.requests, len(world.commerce.requests)


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_rejected_delivery_gets_its_status_is_recorded_never_processed_and_replays_by_refetch(
    world, attack
) -> None:
    make, status, reason, replayable = ATTACKS[attack]
    order = ready_order(world)
    headers, body = make(world, order)

    outcome = world.orchestrator.handle_webhook(headers, body)

    assert outcome.status == status
    assert not outcome.accepted
    assert json.loads(outcome.body)  # a JSON error body, as Commerce expects
    assert (outcome.reason or "").startswith(reason)
    assert traffic(world) == (0, 0)  # nothing fetched, nothing posted
    assert world.store.find(stream="orders") == []
    inbox = world.store.webhooks(verified=False, processed=False)
    assert [w.event_id for w in inbox] == [outcome.event_id]
    assert (inbox[0].reason or "").startswith(reason)
    rejected = world.store.audit(stream="webhooks", actions=["webhook_rejected"])
    assert [e.source_id for e in rejected] == [outcome.event_id]

    report = world.orchestrator.replay_webhooks()

    assert not report.errors
    bills = {b["RECORDID"]: b for b in world.intacct.records("APBILL")}
    number = f"WEB-{order['increment_id']}"
    if not replayable:
        assert inbox[0].entity_id is None  # too large to read even for a pointer
        assert number not in bills
        return
    assert inbox[0].entity_id == str(order["entity_id"])
    assert number in bills
    # Posted from the API's copy, never from the unverified body.
    assert float(bills[number]["TOTALENTERED"]) == pytest.approx(float(order["grand_total"]))
    record = world.store.get("orders", str(order["entity_id"]))
    assert record is not None
    assert record.state is RecordState.SYNCED
    assert world.store.webhooks(verified=False, processed=False) == []


def test_a_replayed_genuine_delivery_is_acknowledged_once_and_processed_once(world) -> None:
    order = ready_order(world)
    headers, body = genuine(world, order)
    first = world.orchestrator.handle_webhook(headers, body)
    assert first.status == 200
    assert first.accepted
    assert not first.duplicate
    after_first = traffic(world)
    bills = len(world.intacct.records("APBILL"))
    assert bills == 1

    again = world.orchestrator.handle_webhook(headers, body)

    assert again.status == 200  # acknowledged, so the sender stops redelivering
    assert again.duplicate
    assert again.event_id == first.event_id
    assert traffic(world) == after_first  # nothing fetched or posted the second time
    assert len(world.intacct.records("APBILL")) == bills
    assert len(world.store.webhooks(verified=True)) == 1
