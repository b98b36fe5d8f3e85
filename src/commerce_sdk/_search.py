"""`SearchCriteria`: Magento's `searchCriteria[...]` query parameters (research section 5).

Filters inside a `FilterGroup` are OR-ed; groups are AND-ed. Timestamps are UTC
`YYYY-MM-DD HH:MM:SS` because that is how Commerce stores and compares them (section 5,
magento/magento2#24985).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Self

import attrs

__all__ = [
    "Condition",
    "Filter",
    "FilterGroup",
    "SearchCriteria",
    "SortOrder",
    "format_timestamp",
]


class Condition(enum.StrEnum):
    """Every Magento condition type."""

    EQ = "eq"
    NEQ = "neq"
    GT = "gt"
    GTEQ = "gteq"
    LT = "lt"
    LTEQ = "lteq"
    LIKE = "like"
    NLIKE = "nlike"
    IN = "in"
    NIN = "nin"
    FINSET = "finset"
    NFINSET = "nfinset"
    FROM = "from"
    TO = "to"
    NULL = "null"
    NOTNULL = "notnull"
    MOREQ = "moreq"


def format_timestamp(value: datetime) -> str:
    """A timezone-aware datetime as UTC `YYYY-MM-DD HH:MM:SS`.

    Raises:
        ValueError: the datetime is naive (a local-time watermark loses orders:
            OCA/connector-magento#249).
    """
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"expected a timezone-aware datetime, got naive {value!r}")
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")


FilterValue = str | int | Decimal | float | bool | datetime | date | Sequence[object] | None


def _format_value(value: object, *, field: str) -> str:
    if isinstance(value, datetime):
        return format_timestamp(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, str | int | Decimal | float):
        return str(value)
    if isinstance(value, Iterable):
        # `in` / `nin` / `finset` take one comma-separated value: this keeps array indexes small
        # (indexes >= 10 break OAuth 1.0a signatures on Magento, research section 2.1 trap 1).
        return ",".join(_format_value(v, field=field) for v in value)
    raise ValueError(f"filter on {field!r}: unsupported value {value!r}")


def _filters(value: Iterable[Filter]) -> tuple[Filter, ...]:
    return tuple(value)


def _groups(value: Iterable[FilterGroup]) -> tuple[FilterGroup, ...]:
    return tuple(value)


def _orders(value: Iterable[SortOrder]) -> tuple[SortOrder, ...]:
    return tuple(value)


def _direction(value: object) -> str:
    return str(value).upper()


@attrs.frozen(kw_only=True)
class Filter:
    """One condition: `field <condition> value`."""

    field: str
    value: FilterValue = None
    condition: Condition = attrs.field(default=Condition.EQ, converter=Condition)

    def __attrs_post_init__(self) -> None:
        if not self.field or not isinstance(self.field, str):
            raise ValueError(f"Filter.field: expected a field name, got {self.field!r}")
        if self.value is None and self.condition not in {Condition.NULL, Condition.NOTNULL}:
            raise ValueError(
                f"Filter on {self.field!r}: condition {self.condition.value!r} needs a value"
            )

    def encoded_value(self) -> str:
        """The value as sent (`null`/`notnull` send an empty value)."""
        if self.value is None:
            return ""
        return _format_value(self.value, field=self.field)


@attrs.frozen(kw_only=True)
class FilterGroup:
    """Filters OR-ed together."""

    filters: tuple[Filter, ...] = attrs.field(converter=_filters)

    def __attrs_post_init__(self) -> None:
        if not self.filters:
            raise ValueError("FilterGroup.filters: a group needs at least one filter")


@attrs.frozen(kw_only=True)
class SortOrder:
    """Sort by `field`, `ASC` or `DESC`."""

    field: str
    direction: str = attrs.field(default="ASC", converter=_direction)

    def __attrs_post_init__(self) -> None:
        if self.direction not in {"ASC", "DESC"}:
            raise ValueError(f"SortOrder.direction: expected ASC or DESC, got {self.direction!r}")


@attrs.frozen(kw_only=True)
class SearchCriteria:
    """A Magento search: filter groups (AND-ed), sort orders, page size and current page.

    Build it directly or fluently::

        criteria = (
            SearchCriteria()
            .where("status", "processing")
            .where_any(Filter(field="grand_total", value=100, condition="gt"),
                       Filter(field="customer_group_id", value=[2, 3], condition="in"))
            .order_by("created_at", "DESC")
        )
    """

    filter_groups: tuple[FilterGroup, ...] = attrs.field(default=(), converter=_groups)
    sort_orders: tuple[SortOrder, ...] = attrs.field(default=(), converter=_orders)
    page_size: int | None = None
    current_page: int | None = None

    def __attrs_post_init__(self) -> None:
        if self.page_size is not None and (
            not isinstance(self.page_size, int) or self.page_size < 1
        ):
            raise ValueError(f"page_size: expected an int >= 1, got {self.page_size!r}")
        if self.current_page is not None and (
            not isinstance(self.current_page, int) or self.current_page < 1
        ):
            raise ValueError(f"current_page: expected an int >= 1, got {self.current_page!r}")

    def where(
        self, field: str, value: FilterValue = None, condition: Condition | str = Condition.EQ
    ) -> Self:
        """A copy with one more AND-ed condition."""
        group = FilterGroup(
            filters=(Filter(field=field, value=value, condition=Condition(condition)),)
        )
        return attrs.evolve(self, filter_groups=(*self.filter_groups, group))

    def where_any(self, *filters: Filter) -> Self:
        """A copy with one more group whose filters are OR-ed."""
        return attrs.evolve(self, filter_groups=(*self.filter_groups, FilterGroup(filters=filters)))

    def order_by(self, field: str, direction: str = "ASC") -> Self:
        """A copy with one more sort order."""
        order = SortOrder(field=field, direction=direction)
        return attrs.evolve(self, sort_orders=(*self.sort_orders, order))

    def with_page(self, current_page: int, page_size: int) -> Self:
        """A copy asking for one page."""
        return attrs.evolve(self, current_page=current_page, page_size=page_size)

    def updated_since(self, since: datetime) -> Self:
        """A copy with the incremental-sync recipe: `updated_at gteq since`, sorted.

        Sorted by `updated_at ASC` then `entity_id ASC` so paging is stable (research section 5);
        existing sort orders follow.
        """
        return attrs.evolve(
            self,
            filter_groups=(
                *self.filter_groups,
                FilterGroup(
                    filters=(Filter(field="updated_at", value=since, condition=Condition.GTEQ),)
                ),
            ),
            sort_orders=(
                SortOrder(field="updated_at", direction="ASC"),
                SortOrder(field="entity_id", direction="ASC"),
                *(s for s in self.sort_orders if s.field not in {"updated_at", "entity_id"}),
            ),
        )

    def to_params(self) -> list[tuple[str, str]]:
        """The `searchCriteria[...]` query parameters, in a stable order.

        An empty search sends a bare `searchCriteria=`: list endpoints need the key present.
        """
        params: list[tuple[str, str]] = []
        for g, group in enumerate(self.filter_groups):
            for f, flt in enumerate(group.filters):
                prefix = f"searchCriteria[filter_groups][{g}][filters][{f}]"
                params.append((f"{prefix}[field]", flt.field))
                params.append((f"{prefix}[value]", flt.encoded_value()))
                params.append((f"{prefix}[condition_type]", flt.condition.value))
        for i, order in enumerate(self.sort_orders):
            params.append((f"searchCriteria[sortOrders][{i}][field]", order.field))
            params.append((f"searchCriteria[sortOrders][{i}][direction]", order.direction))
        if self.page_size is not None:
            params.append(("searchCriteria[pageSize]", str(self.page_size)))
        if self.current_page is not None:
            params.append(("searchCriteria[currentPage]", str(self.current_page)))
        if not params:
            params.append(("searchCriteria", ""))
        return params
