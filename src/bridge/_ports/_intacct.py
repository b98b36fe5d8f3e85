"""`IntacctPort` over `IntacctClient` (run in a worker thread) or `AsyncIntacctClient` (awaited).

Batches go out as one `execute` of many functions with `uniqueid` on; each function's outcome is
read from its own `<result>` by control id. A whole-request failure becomes the same outcome for
every function of the request: `unknown` when the request may have been applied (timeout, 524,
dropped response), `retryable` when it certainly was not (429, 5xx, connection refused).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Sequence
from datetime import datetime
from operator import attrgetter
from typing import Any, TypeVar

from bridge._ports._types import PostOutcome
from intacct_sdk import (
    AsyncIntacctClient,
    ControlError,
    IntacctClient,
    RateLimitError,
    ResponseParseError,
    Result,
    TransportError,
)
from intacct_sdk.functions import (
    Create,
    CreateAPAdjustment,
    CreatePOTransaction,
    Function,
    Query,
    Update,
    in_,
)
from intacct_sdk.models import APAdjustment, APBill, PurchaseOrder, Vendor

T = TypeVar("T")
_IN_CHUNK = 100  # values per IN (...) clause: keeps each query short


def _chunks(values: Sequence[str], size: int = _IN_CHUNK) -> list[Sequence[str]]:
    return [values[i : i + size] for i in range(0, len(values), size)]


def _key_query(
    obj: str, field: str, key: str, values: Sequence[str], doc_par_id: str | None
) -> Callable[[Any], Any]:
    def produce(client: Any) -> Any:
        return client.query(
            obj, [field, key], filter=in_(field, list(values)), doc_par_id=doc_par_id
        )

    return produce


def _key_of(result: Result, key_field: str) -> str | None:
    if result.key:
        return result.key
    for record in result.data:
        value = record.get(key_field) or record.get("RECORDNO")
        if value:
            return str(value)
    return None


class IntacctAdapter:
    """The orchestrator's Intacct operations over either client flavour."""

    def __init__(self, client: IntacctClient | AsyncIntacctClient) -> None:
        self._client = client
        self._async = isinstance(client, AsyncIntacctClient)

    def __repr__(self) -> str:
        return f"IntacctAdapter({type(self._client).__name__})"

    @property
    def request_count(self) -> int:
        """HTTP requests the client has sent."""
        return int(getattr(self._client, "request_count", 0))

    async def _call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        """Call the client's method `name` (dotted for helpers: `vendors.find_many`)."""
        method = attrgetter(name)(self._client)
        if self._async:
            return await method(*args, **kwargs)
        return await asyncio.to_thread(method, *args, **kwargs)

    async def _collect(self, produce: Callable[[Any], Any]) -> list[Any]:
        """Drain an iterator the client returns (sync in a thread, async directly)."""
        if self._async:
            return [item async for item in produce(self._client)]
        return await asyncio.to_thread(lambda: list(produce(self._client)))

    # -- vendors ---------------------------------------------------------------------------

    async def find_vendors(self, vendor_ids: Sequence[str], emails: Sequence[str]) -> list[Vendor]:
        """One request for the whole batch (one readByQuery per 100 ids/e-mails inside it)."""
        if not vendor_ids and not emails:
            return []
        found: list[Vendor] = await self._call("vendors.find_many", list(vendor_ids), list(emails))
        return found

    async def create_vendors(self, vendors: Sequence[tuple[Vendor, str]]) -> list[PostOutcome]:
        """All vendors of a batch in one request."""
        return await self._post([Create.for_model(v, control_id=c) for v, c in vendors], "VENDORID")

    async def update_vendor(self, vendor: Vendor, control_id: str) -> PostOutcome:
        """One vendor update."""
        outcomes = await self._post([Update.for_model(vendor, control_id=control_id)], "VENDORID")
        return outcomes[0]

    async def vendors_changed_since(self, since: datetime | None) -> AsyncIterator[Vendor]:
        """Vendors modified at or after `since` (all vendors on the first run)."""
        if since is None:
            vendors = await self._collect(lambda c: c.vendors.iter(""))
        else:
            vendors = await self._collect(lambda c: c.vendors.changed_since(since))
        for vendor in vendors:
            yield vendor

    # -- documents -------------------------------------------------------------------------

    async def _existing(
        self, obj: str, field: str, key: str, values: Sequence[str], doc_par_id: str | None = None
    ) -> dict[str, str]:
        found: dict[str, str] = {}
        chunks = _chunks(list(dict.fromkeys(v for v in values if v)))
        if not chunks:
            return found
        # Every chunk's query travels in one request (a batch costs one round trip, not one per
        # 100 numbers); a chunk never matches more than a page, the rest is paged just in case.
        fns = [
            Query(obj, [field, key], filter=in_(field, list(c)), doc_par_id=doc_par_id)
            for c in chunks
        ]
        response = await self._call("execute", fns)
        for fn, chunk in zip(fns, chunks, strict=True):
            result = response.result(fn.control_id).raise_for_status()
            records: Sequence[Any] = result.data
            if result.num_remaining:
                records = await self._collect(_key_query(obj, field, key, chunk, doc_par_id))
            for record in records:
                if record.get(field) and record.get(key):
                    found[str(record[field])] = str(record[key])
        return found

    async def existing_bills(self, record_ids: Sequence[str]) -> dict[str, str]:
        """RECORDID -> RECORDNO of the bills that exist."""
        return await self._existing("APBILL", "RECORDID", "RECORDNO", record_ids)

    async def post_bills(self, bills: Sequence[tuple[APBill, str]]) -> list[PostOutcome]:
        """Many `create` APBILL functions in one request."""
        return await self._post([Create.for_model(b, control_id=c) for b, c in bills], "RECORDNO")

    async def existing_adjustments(self, adjustment_nos: Sequence[str]) -> dict[str, str]:
        """Adjustment number (RECORDID) -> RECORDNO."""
        return await self._existing("APADJUSTMENT", "RECORDID", "RECORDNO", adjustment_nos)

    async def post_adjustments(
        self, adjustments: Sequence[tuple[APAdjustment, str]]
    ) -> list[PostOutcome]:
        """Many `create_apadjustment` functions in one request."""
        fns = [CreateAPAdjustment(a, control_id=c) for a, c in adjustments]
        return await self._post(fns, "RECORDNO")

    async def existing_purchase_orders(self, document_nos: Sequence[str]) -> dict[str, str]:
        """PO document number (DOCNO) -> DOCID."""
        return await self._existing("PODOCUMENT", "DOCNO", "DOCID", document_nos)

    async def post_purchase_orders(
        self, orders: Sequence[tuple[PurchaseOrder, str]]
    ) -> list[PostOutcome]:
        """Many `create_potransaction` functions in one request."""
        fns = [CreatePOTransaction(p, control_id=c) for p, c in orders]
        return await self._post(fns, "DOCID")

    async def inactive_or_missing_accounts(self, account_nos: Sequence[str]) -> list[str]:
        """Account numbers that do not exist or are not active."""
        status = await self._call("gl_accounts.exists_active", list(account_nos))
        return [a for a, active in status.items() if not active]

    async def _post(self, functions: Sequence[Function], key_field: str) -> list[PostOutcome]:
        if not functions:
            return []
        try:
            response = await self._call("execute", list(functions))
        except RateLimitError as exc:
            return _all(functions, retryable=True, error=exc)
        except TransportError as exc:
            return _all(functions, retryable=True, unknown=exc.outcome_unknown, error=exc)
        except ControlError as exc:
            # A control failure means no function ran (research/intacct.md section 3).
            return _all(functions, retryable=False, error=exc)
        except ResponseParseError as exc:
            # An answer we cannot read says nothing about what ran: the pipeline reads the
            # documents back, then retries what is not there (same control ids, uniqueid).
            return _all(functions, retryable=True, unknown=True, error=exc)
        outcomes = []
        for fn in functions:
            result = response.result(fn.control_id)
            error = result.error
            outcomes.append(
                PostOutcome(
                    control_id=fn.control_id,
                    ok=result.ok,
                    key=_key_of(result, key_field) if result.ok else None,
                    duplicate=result.is_duplicate,
                    error=error,
                    errornos=tuple(e.errorno for e in result.errors if e.errorno),
                    message=str(error) if error else None,
                )
            )
        return outcomes


def _all(
    functions: Sequence[Function], *, retryable: bool, error: Exception, unknown: bool = False
) -> list[PostOutcome]:
    errornos = tuple(getattr(error, "errornos", ()) or ())
    return [
        PostOutcome(
            control_id=fn.control_id,
            ok=False,
            unknown=unknown,
            retryable=retryable,
            error=error if hasattr(error, "message") else None,  # type: ignore[arg-type]
            errornos=errornos,
            message=f"{type(error).__name__}: {error}",
        )
        for fn in functions
    ]
