from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from commerce_sdk import Condition, Filter, FilterGroup, SearchCriteria, SortOrder
from commerce_sdk._search import format_timestamp


def test_filters_in_one_group_are_or_and_groups_are_and():
    criteria = (
        SearchCriteria()
        .where("status", "processing")
        .where_any(
            Filter(field="grand_total", value=Decimal("100.50"), condition="gt"),
            Filter(field="customer_group_id", value=[2, 3], condition=Condition.IN),
        )
    )
    assert criteria.to_params() == [
        ("searchCriteria[filter_groups][0][filters][0][field]", "status"),
        ("searchCriteria[filter_groups][0][filters][0][value]", "processing"),
        ("searchCriteria[filter_groups][0][filters][0][condition_type]", "eq"),
        ("searchCriteria[filter_groups][1][filters][0][field]", "grand_total"),
        ("searchCriteria[filter_groups][1][filters][0][value]", "100.50"),
        ("searchCriteria[filter_groups][1][filters][0][condition_type]", "gt"),
        ("searchCriteria[filter_groups][1][filters][1][field]", "customer_group_id"),
        ("searchCriteria[filter_groups][1][filters][1][value]", "2,3"),
        ("searchCriteria[filter_groups][1][filters][1][condition_type]", "in"),
    ]


@pytest.mark.parametrize("condition", [c.value for c in Condition])
def test_every_magento_condition_type_is_accepted(condition):
    value = None if condition in {"null", "notnull"} else "x"
    params = dict(SearchCriteria().where("f", value, condition).to_params())
    assert params["searchCriteria[filter_groups][0][filters][0][condition_type]"] == condition


def test_an_unknown_condition_type_is_refused():
    with pytest.raises(ValueError, match="between"):
        Filter(field="f", value=1, condition="between")


def test_a_condition_other_than_null_needs_a_value():
    with pytest.raises(ValueError, match="'email'"):
        Filter(field="email", condition="eq")


def test_sort_orders_page_size_and_current_page_are_encoded():
    criteria = SearchCriteria(
        sort_orders=[SortOrder(field="created_at", direction="desc")], page_size=50, current_page=3
    )
    assert criteria.to_params() == [
        ("searchCriteria[sortOrders][0][field]", "created_at"),
        ("searchCriteria[sortOrders][0][direction]", "DESC"),
        ("searchCriteria[pageSize]", "50"),
        ("searchCriteria[currentPage]", "3"),
    ]


def test_an_empty_search_still_sends_the_searchcriteria_key():
    assert SearchCriteria().to_params() == [("searchCriteria", "")]


def test_updated_since_is_utc_gteq_sorted_by_updated_at_then_entity_id():
    since = datetime(2024, 3, 1, 1, 30, tzinfo=timezone(timedelta(hours=2)))
    params = dict(SearchCriteria().order_by("grand_total").updated_since(since).to_params())
    assert params["searchCriteria[filter_groups][0][filters][0][field]"] == "updated_at"
    assert params["searchCriteria[filter_groups][0][filters][0][value]"] == "2024-02-29 23:30:00"
    assert params["searchCriteria[filter_groups][0][filters][0][condition_type]"] == "gteq"
    assert params["searchCriteria[sortOrders][0][field]"] == "updated_at"
    assert params["searchCriteria[sortOrders][0][direction]"] == "ASC"
    assert params["searchCriteria[sortOrders][1][field]"] == "entity_id"
    assert params["searchCriteria[sortOrders][2][field]"] == "grand_total"


def test_a_naive_datetime_is_refused_because_local_watermarks_lose_orders():
    with pytest.raises(ValueError, match="naive"):
        format_timestamp(datetime(2024, 1, 1))  # noqa: DTZ001


def test_datetime_filter_values_are_sent_as_utc_magento_timestamps():
    criteria = SearchCriteria().where(
        "created_at", datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC), "from"
    )
    assert (
        dict(criteria.to_params())["searchCriteria[filter_groups][0][filters][0][value]"]
        == "2024-01-02 03:04:05"
    )


def test_bad_paging_values_are_refused_naming_the_field():
    with pytest.raises(ValueError, match="page_size"):
        SearchCriteria(page_size=0)
    with pytest.raises(ValueError, match="current_page"):
        SearchCriteria(current_page=0)
    with pytest.raises(ValueError, match="direction"):
        SortOrder(field="x", direction="UP")
    with pytest.raises(ValueError, match="at least one"):
        FilterGroup(filters=())
