"""The gateway's semantics, without any HTTP library: bytes in, an `Outcome` out.

`Gateway.handle` runs one request under one lock: envelope checks (control, then schema), then
per operation authentication (login or session, research/intacct.md section 2), then the
functions, with uniqueid dedup (section 4) and all-or-nothing transactions (section 3, item 5).
Fault injection (`_faults.py`) wraps that. The transport shells turn an `Outcome` into an httpx
response or exception, or into a real HTTP answer in served mode.
"""

from __future__ import annotations

import itertools
import secrets
import threading
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta, tzinfo
from typing import Any

import attrs
from lxml import etree

from intacct_sdk.testing import _constants as const
from intacct_sdk.testing import _legacy, _reading, _writing
from intacct_sdk.testing._auth import Authenticator, Identity
from intacct_sdk.testing._context import Context, Cursor
from intacct_sdk.testing._envelope import (
    Control,
    EnvelopeError,
    Operation,
    ParsedRequest,
    build_control_failure,
    build_response,
    parse_request,
)
from intacct_sdk.testing._faults import Drawn, Fault, FaultQueue
from intacct_sdk.testing._log import Counters, FunctionRecord, RequestRecord
from intacct_sdk.testing._objects import ObjectStore
from intacct_sdk.testing._results import ErrorInfo, FunctionError, FunctionResult
from intacct_sdk.testing._sessions import SessionStore
from intacct_sdk.testing._xml import append_value

__all__ = ["Gateway", "Outcome"]

_HANDLERS: dict[str, Callable[[Context, etree._Element], Any]] = {
    "create": _writing.create,
    "update": _writing.update,
    "delete": _writing.delete,
    "read": _reading.read,
    "readByName": _reading.read_by_name,
    "readByQuery": _reading.read_by_query,
    "readMore": _reading.read_more,
    "query": _reading.query,
    "create_apadjustment": _legacy.create_apadjustment,
    "create_potransaction": _legacy.create_potransaction,
}
_KEYED = frozenset({"create_apadjustment", "create_potransaction"})
FUNCTIONS = frozenset(_HANDLERS) | {"getAPISession"}


@attrs.frozen(kw_only=True)
class Outcome:
    """What to answer: an HTTP response, or (`error` set) a network failure to raise."""

    status_code: int = 200
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""
    error: str | None = None  # "connect_error" | "timeout" | "drop_response"
    delay: float = 0.0


class Gateway:
    """All state of one fake company and the request pipeline over it."""

    def __init__(
        self,
        *,
        sender_id: str,
        sender_password: str,
        company_id: str,
        users: Mapping[str, str],
        session_lifetime: timedelta,
        clock: Callable[[], datetime],
        endpoint_url: str,
        latency: float,
        timezone: tzinfo,
        locations: frozenset[str] | None,
        enforce_endpoint: bool,
        vendor_auto_numbering: bool,
    ) -> None:
        self.lock = threading.RLock()
        self.sender_id = sender_id
        self._sender_password = sender_password
        self.company_id = company_id
        self.clock = clock
        self.endpoint_url = endpoint_url
        self.latency = latency
        self.timezone = timezone
        self.locations = locations
        self.vendor_auto_numbering = vendor_auto_numbering
        self.store = ObjectStore()
        self.sessions = SessionStore(session_lifetime, timezone)
        self.auth = Authenticator(
            company_id=company_id,
            users=users,
            sessions=self.sessions,
            locations=locations,
            enforce_endpoint=enforce_endpoint,
        )
        self.cursors: dict[str, Cursor] = {}
        self.query_cache: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
        self.completed: set[tuple[str, str]] = set()
        self.faults = FaultQueue()
        self.log: list[RequestRecord] = []
        self.counters = Counters()
        self._result_ids = itertools.count(1)

    def reset(self) -> None:
        """Forget every record, session, remembered controlid, result set, log entry and fault."""
        with self.lock:
            self.store = ObjectStore()
            self.sessions.expire_all()
            self.cursors.clear()
            self.query_cache.clear()
            self.completed.clear()
            self.faults.clear()
            self.log.clear()
            self.counters = Counters()

    def now(self) -> datetime:
        """The clock's reading; it must be timezone-aware."""
        now = self.clock()
        if now.tzinfo is None:
            raise ValueError("FakeIntacct clock must return timezone-aware datetimes")
        return now

    def timestamp(self, now: datetime) -> str:
        """`now` as Intacct writes WHENCREATED / WHENMODIFIED: mm/dd/yyyy hh:mm:ss."""
        return now.astimezone(self.timezone).strftime(const.TIMESTAMP_FORMAT)

    def context(self, now: datetime) -> Context:
        """A handler context over the store (also used by seeding)."""
        return Context(
            store=self.store,
            cursors=self.cursors,
            now=now,
            timestamp=self.timestamp(now),
            auto_vendor_id=self.vendor_auto_numbering,
            new_result_id=lambda: f"{next(self._result_ids)}-{secrets.token_hex(6)}",
            query_cache=self.query_cache,
        )

    # -- the pipeline ---------------------------------------------------------------------------

    def handle(self, url: str, body: bytes) -> Outcome:
        """Answer one request (thread-safe)."""
        with self.lock:
            now = self.now()
            parsed: ParsedRequest | None = None
            unreadable = b""  # the control failure for a request that fails the envelope checks
            try:
                parsed = parse_request(body)
            except EnvelopeError as exc:
                unreadable = build_control_failure([exc.error], exc.control)
            record = _describe(url, parsed)
            drawn = self.faults.take(record)
            self.counters.requests += 1
            self.counters.faults_injected += drawn.names is not None
            delay = self.latency + (drawn.latency.delay if drawn.latency else 0.0)
            fault = drawn.response
            if fault is not None and not fault.after_commit:
                outcome = self._fault_outcome(fault, parsed, delay)
            else:
                if parsed is None:
                    answer = unreadable
                else:
                    answer, record = self._process(parsed, url, now, drawn, record)
                outcome = Outcome(
                    headers=(("content-type", const.CONTENT_TYPE),), body=answer, delay=delay
                )
                if fault is not None:
                    outcome = self._fault_outcome(fault, parsed, delay)
            self.log.append(
                attrs.evolve(
                    record,
                    fault=drawn.names,
                    status_code=0 if outcome.error else outcome.status_code,
                )
            )
            return outcome

    def _fault_outcome(self, fault: Fault, parsed: ParsedRequest | None, delay: float) -> Outcome:
        control = parsed.control if parsed else None
        if fault.kind in {"connect_error", "timeout", "drop_response"}:
            return Outcome(status_code=0, error=fault.kind, delay=delay)
        if fault.kind == "rate_limit":
            error = ErrorInfo(const.ERR_RATE_LIMIT, const.MSG_RATE_LIMIT, "", "")
            limited = [("content-type", const.CONTENT_TYPE)]
            if fault.retry_after is not None:
                limited.append(("retry-after", str(fault.retry_after)))
            body = build_control_failure([error], control, bare=True)
            return Outcome(status_code=429, headers=tuple(limited), body=body, delay=delay)
        if fault.kind == "gateway_error":
            error = ErrorInfo(
                const.ERR_GATEWAY, f"Invalid Request [Request ID: {secrets.token_hex(8)}]"
            )
            body = build_control_failure([error], control, bare=True)
            xml = (("content-type", const.CONTENT_TYPE),)
            return Outcome(status_code=fault.status_code, headers=xml, body=body, delay=delay)
        headers = (("content-type", fault.content_type), *fault.headers)
        return Outcome(status_code=fault.status_code, headers=headers, body=fault.body, delay=delay)

    def _process(
        self, parsed: ParsedRequest, url: str, now: datetime, drawn: Drawn, record: RequestRecord
    ) -> tuple[bytes, RequestRecord]:
        control = parsed.control
        if control.sender_id != self.sender_id or control.sender_password != self._sender_password:
            error = ErrorInfo(const.ERR_CREDENTIALS, const.MSG_BAD_SENDER, "", "")
            return build_control_failure([error], control), record
        if control.policy_id:
            # Online requests carry no transport policy; the fake has none (research section 3).
            detail = f"{control.policy_id} is not a valid transport policy."
            error = ErrorInfo(const.ERR_CREDENTIALS, detail, "", "")
            return build_control_failure([error], control), record
        problem = self._schema_problem(parsed)
        if problem is not None:
            error = ErrorInfo(const.ERR_PARSE, "XML Parse schema error", problem, "")
            return build_control_failure([error], control), record
        total = sum(len(op.functions) for op in parsed.operations)
        answers = []
        for operation in parsed.operations:
            auth, errors, identity = self.auth.authenticate(
                operation, url, now, force_expiry=drawn.session is not None
            )
            if identity is not None and record.user_id is None:
                record = attrs.evolve(record, user_id=identity.user_id)
            results: list[FunctionResult] = []
            if identity is not None:
                results = self._run(operation, control, identity, now, total)
            answers.append((auth, errors, results))
        return build_response(control, answers), record

    def _schema_problem(self, parsed: ParsedRequest) -> str | None:
        if parsed.control.dtd_version != const.DTD_VERSION:
            return f"dtdversion must be {const.DTD_VERSION}, got {parsed.control.dtd_version!r}"
        for operation in parsed.operations:
            for call in operation.functions:
                if call.name not in FUNCTIONS:
                    return f"Element '{call.name}': This element is not expected."
                problem = _legacy.schema_error(call.name, call.element)
                if problem is not None:
                    return problem
        return None

    def _run(
        self, operation: Operation, control: Control, identity: Identity, now: datetime, total: int
    ) -> list[FunctionResult]:
        ctx = self.context(now)
        snapshot = self.store.snapshot() if operation.transaction else None
        results: list[FunctionResult | None] = []
        done: set[tuple[str, str]] = set()  # succeeded in this operation, not yet remembered
        failed: int | None = None
        for index, call in enumerate(operation.functions):
            key = (identity.company_id, call.control_id)
            if control.uniqueid and (key in self.completed or key in done):
                # Already executed and completed: not run again. The only public report of the
                # real answer (intacct-sdk-js issue #70) is a <result> without <status>.
                self.counters.duplicates += 1
                results.append(
                    FunctionResult(status=None, function=call.name, control_id=call.control_id)
                )
                continue
            if failed is not None:
                results.append(None)  # never runs: the transaction is already lost
                continue
            outcome = self._execute(ctx, call.name, call.control_id, call.element, identity, total)
            if outcome.status == "failure" and snapshot is not None:
                failed = index
            elif outcome.status == "success" and control.uniqueid:
                done.add(key)
            results.append(outcome)
        if snapshot is not None and failed is not None:
            self.store.restore(snapshot)  # and `done` is dropped: rolled back is not completed
            return self._roll_back(operation, results, failed)
        self.completed |= done
        return [r for r in results if r is not None]

    def _roll_back(
        self, operation: Operation, results: Sequence[FunctionResult | None], failed: int
    ) -> list[FunctionResult]:
        rollback = ErrorInfo(const.ERR_ROLLBACK, const.MSG_ROLLBACK, "", "")
        out = []
        for index, (call, done) in enumerate(zip(operation.functions, results, strict=True)):
            if done is not None and done.status is None:
                out.append(done)
            elif index == failed and done is not None:
                out.append(attrs.evolve(done, errors=(*done.errors, rollback)))
            else:
                self.counters.functions_aborted += 1
                out.append(
                    FunctionResult(
                        status="aborted",
                        function=call.name,
                        control_id=call.control_id,
                        errors=(rollback,),
                    )
                )
        return out

    def _execute(
        self,
        ctx: Context,
        name: str,
        control_id: str,
        element: etree._Element,
        identity: Identity,
        total: int,
    ) -> FunctionResult:
        try:
            if name == "getAPISession":
                data, key = self._get_api_session(element, identity, ctx.now, total), None
            elif name in _KEYED:
                data, key = None, _HANDLERS[name](ctx, element)
            else:
                data, key = _HANDLERS[name](ctx, element), None
        except FunctionError as exc:
            self.counters.functions_failed += 1
            return FunctionResult(
                status="failure", function=name, control_id=control_id, errors=tuple(exc.errors)
            )
        self.counters.functions_executed += 1
        return FunctionResult(
            status="success", function=name, control_id=control_id, data=data, key=key
        )

    def _get_api_session(
        self, element: etree._Element, identity: Identity, now: datetime, total: int
    ) -> etree._Element:
        if total != 1:
            # research/intacct.md section 2: "Always send getAPISession alone in its request".
            raise FunctionError(
                ErrorInfo(
                    const.ERR_BUSINESS, "getAPISession must be the only function in its request."
                )
            )
        location_el = element.find("locationid")
        location = identity.location_id
        if location_el is not None:
            location = (location_el.text or "").strip() or None  # empty: back to the top level
        if self.locations is not None and location is not None and location not in self.locations:
            raise FunctionError(
                ErrorInfo(const.ERR_CREDENTIALS, "", f"Invalid location '{location}'.")
            )
        session = self.sessions.create(
            user_id=identity.user_id,
            company_id=identity.company_id,
            location_id=location,
            endpoint=self.endpoint_url,
            now=now,
        )
        self.counters.sessions_created += 1
        data = etree.Element("data")
        api = etree.SubElement(data, "api")
        append_value(api, "sessionid", session.session_id)
        append_value(api, "endpoint", session.endpoint)
        append_value(api, "locationid", location or "")
        return data


def _describe(url: str, parsed: ParsedRequest | None) -> RequestRecord:
    if parsed is None:
        return RequestRecord(endpoint=url, auth_kind=None)
    first = parsed.operations[0]
    return RequestRecord(
        endpoint=url,
        control_id=parsed.control.control_id,
        auth_kind="login" if first.login is not None else "session",
        user_id=first.login.user_id if first.login is not None else None,
        uniqueid=parsed.control.uniqueid,
        transaction=any(op.transaction for op in parsed.operations),
        functions=tuple(
            FunctionRecord(name=call.name, control_id=call.control_id, object=call.object_name)
            for op in parsed.operations
            for call in op.functions
        ),
    )
