"""Fault: hostile text in every free-text field of Commerce orders and customers.

Control characters (C0, U+FFFE, a lone surrogate: all forbidden in XML 1.0), emoji, RTL text with
a bidi override, 10,000-character names, `]]>`, `<`, `&` and a ready-made `&amp;` go into every
name, street, city, region, company, telephone, item name and description. Checked on a full
run: every request sent to Intacct is well-formed XML with no forbidden code point (not even
as a character reference), long fields are clipped with a `mapping_warning` in the audit trail,
and what FakeIntacct stored equals what the mapping produced minus the forbidden code points.
The text escaping itself is property-tested in tests/intacct_sdk/test_xml_text.py.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from lxml import etree

from bridge.mapping import customer_to_vendor, order_to_ap_bill
from bridge.stores import RecordState
from commerce_sdk.models import Customer, Order
from intacct_sdk.testing import FakeIntacct

from .conftest import RecordingTransport, World, make_world

FORBIDDEN = "\x01\x07\x0b\x0c\x1b\x1f\ufffe\uffff\ud800"
HOSTILE = f"{FORBIDDEN} 😀🧾 שלום \u202eevil\u202c ]]> <b>x</b> & &amp; AT&T"
LONG = "N" * 10_000
_FORBIDDEN_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_CHAR_REF = re.compile(rb"&#(x[0-9a-f]+|[0-9]+);", re.IGNORECASE)
# Fields whose values are identifiers, codes, dates or e-mail addresses stay intact.
KEEP = re.compile(r"(_id|_code|_at|^email|_email|^sku|^state|^status|^increment_id|^product_type)$")


def forbidden_references(body: bytes) -> list[int]:
    points = [int(m[1:], 16) if m[:1].lower() == b"x" else int(m) for m in _CHAR_REF.findall(body)]
    return [p for p in points if _FORBIDDEN_RE.match(chr(p))]


def clean(text: str) -> str:
    return _FORBIDDEN_RE.sub("", text)


def poison(value: Any, key: str = "") -> Any:
    if isinstance(value, dict):
        return {k: poison(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [poison(v, key) for v in value]
    if isinstance(value, str) and not KEEP.search(key):
        long = LONG if key in {"firstname", "lastname", "name", "company"} else ""
        return f"{HOSTILE} {value} {long}".strip()
    return value


def poison_everything(world: World) -> None:
    for kind in ("order", "customer"):
        for record in world.commerce.store.all(kind):
            ident = record["entity_id"] if kind == "order" else record["id"]
            world.commerce.store.replace(kind, ident, poison(record))


def hostile_world(tmp_path) -> tuple[World, RecordingTransport]:
    fake = FakeIntacct()
    recorder = RecordingTransport(fake)
    world = make_world(tmp_path, fake_intacct=fake, intacct_transport=recorder)
    poison_everything(world)
    return world, recorder


def test_every_request_is_well_formed_xml_without_forbidden_code_points(tmp_path) -> None:
    world, recorder = hostile_world(tmp_path)
    report = world.orchestrator.run_once(streams=("customers", "companies", "orders"))
    assert not report.errors
    assert len(recorder.bodies) > 3
    for body in recorder.bodies:
        root = etree.fromstring(body)  # strict: raises on anything not well-formed
        assert root.tag == "request"
        assert not _FORBIDDEN_RE.search(body.decode("utf-8"))
        assert forbidden_references(body) == []
    assert any("]]&gt;" in b.decode() for b in recorder.bodies)  # the text went out, escaped
    assert any("😀" in b.decode() for b in recorder.bodies)
    states = Counter(r.state for r in world.store.find(stream="orders"))
    assert states == Counter({RecordState.SYNCED: sum(states.values())})


def test_long_fields_are_clipped_with_a_warning_in_the_audit_trail(tmp_path) -> None:
    world, _ = hostile_world(tmp_path)
    world.orchestrator.run_once(streams=("customers", "companies", "orders"))
    warnings = world.store.audit(actions=["mapping_warning"])
    clipped = [w for w in warnings if "clipped from" in (w.message or "")]
    streams = {w.stream for w in clipped}
    assert {"orders", "customers"} <= streams, streams
    # Every synced customer's 10,000-character name was clipped, and said so.
    customers = world.store.find(stream="customers", states=[RecordState.SYNCED])
    assert customers
    warned = {w.source_id for w in clipped if w.stream == "customers"}
    assert {c.source_id for c in customers} <= warned


def test_values_round_trip_through_the_fake_minus_forbidden_code_points(tmp_path) -> None:
    world, _ = hostile_world(tmp_path)
    world.orchestrator.run_once(streams=("customers", "companies", "orders"))
    config = world.orchestrator.config
    checked = 0
    for link_kind, record in _customer_links(world):
        customer = Customer.from_api(record)
        vendor = customer_to_vendor(customer, config).vendor
        stored = world.intacct.record("VENDOR", str(link_kind))
        assert stored is not None
        assert stored["NAME"] == clean(str(vendor.name))
        assert "😀" in stored["NAME"]
        contact = stored.get("DISPLAYCONTACT") or {}
        if vendor.display_contact and vendor.display_contact.first_name:
            assert contact.get("FIRSTNAME") == clean(vendor.display_contact.first_name)
        checked += 1
    assert checked
    bills = {b["RECORDID"]: b for b in world.intacct.records("APBILL")}
    for row in world.store.find(stream="orders", states=[RecordState.SYNCED]):
        order = Order.from_api(row.payload)
        bill = order_to_ap_bill(order, config, vendor_id="V").bill
        stored = bills[str(bill.record_id)]
        assert stored.get("DESCRIPTION", "") == clean(bill.description or "")
        lines = stored["APBILLITEMS"]["APBILLITEM"]
        lines = lines if isinstance(lines, list) else [lines]
        memos = [line.get("ENTRYDESCRIPTION", "") for line in lines]
        assert memos == [clean(line.entry_description or "") for line in bill.lines]
        checked += 1
    assert checked > 5


def _customer_links(world: World) -> list[tuple[str, dict]]:
    out = []
    for customer in world.commerce.store.all("customer"):
        link = world.store.vendor_link_by_commerce("customer", str(customer["id"]))
        if link is not None:
            out.append((link.vendor_id, customer))
    return out
