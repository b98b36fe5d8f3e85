from bridge._pipeline._fingerprint import fingerprint

ORDER = {
    "entity_id": 1,
    "status": "processing",
    "updated_at": "2026-03-01 10:00:00",
    "grand_total": "10.00",
    "items": [{"item_id": 1, "sku": "A", "row_total": "10.00", "name": "A"}],
}


def test_status_changes_are_not_drift() -> None:
    moved = {**ORDER, "status": "complete", "updated_at": "2026-03-02 10:00:00"}
    assert fingerprint("orders", moved) == fingerprint("orders", ORDER)


def test_money_changes_are_drift() -> None:
    changed = {**ORDER, "grand_total": "11.00"}
    assert fingerprint("orders", changed) != fingerprint("orders", ORDER)


def test_line_changes_are_drift() -> None:
    changed = {**ORDER, "items": [{"item_id": 1, "sku": "A", "row_total": "9.00"}]}
    assert fingerprint("orders", changed) != fingerprint("orders", ORDER)


def test_key_order_does_not_matter() -> None:
    reordered = dict(reversed(list(ORDER.items())))
    assert fingerprint("orders", reordered) == fingerprint("orders", ORDER)
