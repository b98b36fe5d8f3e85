"""Readers over the SDK clients: a period's Commerce documents and Intacct AP records.

Both stream a page at a time in the order the merge needs, `(object, number)`: adjustments
(credit memos) first, then bills (orders or invoices), numbers ascending, sorted by the server
(`increment_id` in Commerce, `RECORDID` in Intacct; research/commerce.md section 5 and
research/intacct.md section 7). Memory is one page per side. What to ask and how to read the
answer is here, pure; `_sync_readers.py` and `_async_readers.py` only send.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime, time, timedelta
from typing import Any, TypeVar

from bridge._mapping_config import MappingConfig
from bridge.mapping import skip_reason
from bridge.reconcile._convert import from_ap_adjustment, from_ap_bill
from bridge.reconcile._model import IntacctDocument, Period
from commerce_sdk import SearchCriteria
from commerce_sdk.models import Order

# The record -> model parsers the SDK's typed helpers use. [private API of intacct_sdk: it has
# no public batch read of bills with their lines; `client.ap_bills.get` reads one per request.]
from intacct_sdk._serialize import ap_adjustment_from_record, ap_bill_from_record
from intacct_sdk.functions import Filter, between, is_not_null, like

__all__ = [
    "DEFAULT_COMMERCE_PAGE",
    "DEFAULT_INTACCT_PAGE",
    "INTACCT_OBJECTS",
    "chunks",
    "commerce_search",
    "intacct_document",
    "intacct_query",
    "is_expected",
    "orders_search",
]

_T = TypeVar("_T")

#: Intacct `query` pages up to 2,000 records; `read` takes 100 keys per function, several
#: functions per request (research/intacct.md section 7).
DEFAULT_INTACCT_PAGE = 1000
#: Commerce pages of 200 keep a response around a megabyte for large orders.
DEFAULT_COMMERCE_PAGE = 200
#: Order states that were posted once and still count although no longer "ready": a closed
#: order was complete, then refunded (research/commerce.md section 4).
_POSTED_STATES = frozenset({"closed"})
#: Objects in merge order (plain string order: APADJUSTMENT < APBILL).
INTACCT_OBJECTS = ("APADJUSTMENT", "APBILL")


def chunks(items: Iterable[_T], size: int) -> Iterator[list[_T]]:
    """`items` in lists of `size` (the last may be shorter)."""
    chunk: list[_T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def commerce_search(period: Period, config: MappingConfig) -> SearchCriteria:
    """Documents created in the period's days in the company timezone, by increment id.

    Commerce stores `created_at` in UTC (research/commerce.md section 5), so the bounds are the
    company's midnights converted to UTC: the same days the mapping dates the records with.
    """
    zone = config.company.zone
    start = datetime.combine(period.start, time(), zone)
    end = datetime.combine(period.end + timedelta(days=1), time(), zone)
    return (
        SearchCriteria()
        .where("created_at", start, "gteq")
        .where("created_at", end, "lt")
        .order_by("increment_id", "ASC")
    )


def orders_search(order_ids: Iterable[int]) -> SearchCriteria:
    """One page holding every order of `order_ids`."""
    ids = sorted(set(order_ids))
    return SearchCriteria().where("entity_id", ids, "in").with_page(1, max(len(ids), 1))


def is_expected(order: Order, config: MappingConfig) -> bool:
    """Whether the sync posts (or posted) this order: ready, or closed after it was posted."""
    return skip_reason(order, config) is None or (order.state or "") in _POSTED_STATES


def intacct_query(
    obj: str, period: Period, config: MappingConfig, extra: Filter | None
) -> tuple[list[str], Filter, list[str]]:
    """`select`, `filter` and `order_by` of the query listing the period's records.

    With a number prefix configured only the bridge's numbers are listed; records without a
    number cannot be matched to anything and are not listed.
    """
    bills = config.bills
    prefix = bills.adjustment_number_prefix if obj == "APADJUSTMENT" else bills.number_prefix
    where = between("WHENCREATED", period.start, period.end) & is_not_null("RECORDID")
    if prefix:
        where = where & like("RECORDID", f"{prefix}%")
    if extra is not None:
        where = where & extra
    return ["RECORDNO", "RECORDID"], where, ["RECORDID"]


def intacct_document(obj: str, record: Mapping[str, Any], config: MappingConfig) -> IntacctDocument:
    """A record read with its lines, as reconciliation sees it."""
    if obj == "APBILL":
        return from_ap_bill(ap_bill_from_record(record), config)
    return from_ap_adjustment(ap_adjustment_from_record(record), config)
