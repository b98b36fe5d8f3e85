"""searchCriteria: filters (OR in a group, AND across), every condition type, sort, paging, and
Magento's last-page clamp."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from commerce_sdk.testing import FakeCommerce


@pytest.fixture
def orders(fake: FakeCommerce) -> FakeCommerce:
    rows = [
        {
            "entity_id": 1,
            "status": "pending",
            "grand_total": 10,
            "customer_email": "ann@a.test",
            "customer_id": 7,
            "updated_at": "2026-01-01 10:00:00",
            "tags": "1,2",
        },
        {
            "entity_id": 2,
            "status": "processing",
            "grand_total": 9.5,
            "customer_email": "bob@b.test",
            "customer_id": None,
            "updated_at": "2026-01-02 10:00:00",
            "tags": "2",
        },
        {
            "entity_id": 3,
            "status": "complete",
            "grand_total": 100,
            "customer_email": "cat@a.test",
            "customer_id": 8,
            "updated_at": "2026-01-02 10:00:00",
            "tags": "3",
        },
        {
            "entity_id": 4,
            "status": "canceled",
            "grand_total": 55.25,
            "customer_email": "dan@d.test",
            "customer_id": 9,
            "updated_at": "2026-01-03 10:00:00",
            "tags": "",
        },
        {
            "entity_id": 5,
            "status": "processing",
            "grand_total": 20,
            "customer_email": "EVE@a.test",
            "customer_id": 10,
            "updated_at": "2026-01-01 12:00:00",
            "tags": "1",
        },
    ]
    for row in rows:
        fake.add_order(row)
    return fake


def search(
    fake: FakeCommerce, params: list[tuple[str, Any]], path: str = "/V1/orders"
) -> dict[str, Any]:
    http = httpx.Client(transport=fake, base_url=fake.base_url)
    response = http.get(
        f"/rest/V1{path[3:]}",
        params=params,
        headers={"Authorization": f"Bearer {fake.admin_token()}"},
    )
    assert response.status_code == 200, response.text
    return response.json()


def flt(
    group: int, index: int, field: str, value: str | None, condition: str | None = None
) -> list[tuple[str, Any]]:
    prefix = f"searchCriteria[filter_groups][{group}][filters][{index}]"
    out: list[tuple[str, Any]] = [(f"{prefix}[field]", field)]
    if value is not None:
        out.append((f"{prefix}[value]", value))
    if condition is not None:
        out.append((f"{prefix}[condition_type]", condition))
    return out


def ids(body: dict[str, Any]) -> list[int]:
    return [item["entity_id"] for item in body["items"]]


@pytest.mark.parametrize(
    ("field", "value", "condition", "expected"),
    [
        ("status", "processing", None, [2, 5]),
        ("status", "processing", "eq", [2, 5]),
        ("status", "processing", "neq", [1, 3, 4]),
        ("grand_total", "10", "gt", [3, 4, 5]),
        ("grand_total", "10", "gteq", [1, 3, 4, 5]),
        ("grand_total", "10", "moreq", [1, 3, 4, 5]),
        ("grand_total", "20", "lt", [1, 2]),
        ("grand_total", "20", "lteq", [1, 2, 5]),
        ("updated_at", "2026-01-02 10:00:00", "from", [2, 3, 4]),
        ("updated_at", "2026-01-01 12:00:00", "to", [1, 5]),
        ("customer_email", "%@a.test", "like", [1, 3, 5]),
        ("customer_email", "%@a.test", "nlike", [2, 4]),
        ("status", "pending,complete", "in", [1, 3]),
        ("status", "pending,complete", "nin", [2, 4, 5]),
        ("tags", "2", "finset", [1, 2]),
        ("tags", "2", "nfinset", [3, 4, 5]),
        ("customer_id", None, "null", [2]),
        ("customer_id", None, "notnull", [1, 3, 4, 5]),
        ("customer_id", "8", "neq", [1, 4, 5]),  # SQL: NULL != 8 is not true
    ],
)
def test_condition_types(
    orders: FakeCommerce, field: str, value: str | None, condition: str | None, expected: list[int]
) -> None:
    assert ids(search(orders, flt(0, 0, field, value, condition))) == expected


def test_filters_in_one_group_are_ored(orders: FakeCommerce) -> None:
    params = flt(0, 0, "status", "pending") + flt(0, 1, "status", "complete")
    assert ids(search(orders, params)) == [1, 3]


def test_groups_are_anded(orders: FakeCommerce) -> None:
    params = flt(0, 0, "status", "processing") + flt(1, 0, "grand_total", "15", "gt")
    assert ids(search(orders, params)) == [5]


def test_sort_orders_apply_in_sequence(orders: FakeCommerce) -> None:
    params = [
        ("searchCriteria[sortOrders][0][field]", "updated_at"),
        ("searchCriteria[sortOrders][0][direction]", "DESC"),
        ("searchCriteria[sortOrders][1][field]", "entity_id"),
        ("searchCriteria[sortOrders][1][direction]", "ASC"),
    ]
    assert ids(search(orders, params)) == [4, 2, 3, 5, 1]


def test_numbers_sort_as_numbers(orders: FakeCommerce) -> None:
    params = [("searchCriteria[sort_orders][0][field]", "grand_total")]
    assert ids(search(orders, params)) == [2, 1, 5, 4, 3]


def test_pages_and_echo(orders: FakeCommerce) -> None:
    params = [
        ("searchCriteria[pageSize]", 2),
        ("searchCriteria[currentPage]", 2),
        *flt(0, 0, "entity_id", "0", "gt"),
    ]
    body = search(orders, params)
    assert ids(body) == [3, 4]
    assert body["total_count"] == 5
    assert body["search_criteria"] == {
        "filter_groups": [
            {"filters": [{"field": "entity_id", "value": "0", "condition_type": "gt"}]}
        ],
        "page_size": 2,
        "current_page": 2,
    }


def test_page_past_the_end_returns_the_last_page_again(orders: FakeCommerce) -> None:
    last = search(orders, [("searchCriteria[pageSize]", 2), ("searchCriteria[currentPage]", 3)])
    beyond = search(orders, [("searchCriteria[pageSize]", 2), ("searchCriteria[currentPage]", 9)])
    assert ids(last) == ids(beyond) == [5]
    assert beyond["search_criteria"]["current_page"] == 9
    assert beyond["total_count"] == 5


def test_current_page_zero_reads_as_one(orders: FakeCommerce) -> None:
    body = search(orders, [("searchCriteria[page_size]", 2), ("searchCriteria[current_page]", 0)])
    assert ids(body) == [1, 2]


def test_no_page_size_returns_everything(orders: FakeCommerce) -> None:
    body = search(orders, [("searchCriteria[currentPage]", 3)])
    assert ids(body) == [1, 2, 3, 4, 5]


def test_empty_result_has_zero_total(orders: FakeCommerce) -> None:
    body = search(orders, [("searchCriteria[pageSize]", 2), *flt(0, 0, "status", "holded")])
    assert body["items"] == []
    assert body["total_count"] == 0


def _error(fake: FakeCommerce, params: list[tuple[str, Any]]) -> httpx.Response:
    http = httpx.Client(transport=fake, base_url=fake.base_url)
    return http.get(
        "/rest/V1/orders", params=params, headers={"Authorization": f"Bearer {fake.admin_token()}"}
    )


def test_missing_search_criteria_is_a_required_field_error(orders: FakeCommerce) -> None:
    response = _error(orders, [])
    assert response.status_code == 400
    assert response.json() == {
        "message": '"%fieldName" is required. Enter and try again.',
        "parameters": {"fieldName": "searchCriteria"},
    }


def test_unknown_condition_type_is_a_400_naming_it(orders: FakeCommerce) -> None:
    response = _error(orders, flt(0, 0, "status", "x", "regexp"))
    assert response.status_code == 400
    assert response.json()["parameters"] == {"value": "regexp", "fieldName": "condition_type"}


def test_non_integer_page_size_is_a_type_error(orders: FakeCommerce) -> None:
    response = _error(orders, [("searchCriteria[pageSize]", "ten")])
    assert response.status_code == 400
    assert response.json()["parameters"] == {"value": "ten", "type": "int"}
