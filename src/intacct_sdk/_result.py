"""What `execute` returns: a Response with one Result per function, matched by controlid.

Per-function failures are values, not exceptions (research section 3: without a transaction each
function succeeds or fails alone, and the caller must see every outcome). `Result.error` gives
the exception that describes a failure; `Result.raise_for_status()` raises it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

import attrs

from intacct_sdk._constants import REDACTED_ELEMENTS
from intacct_sdk._exceptions import (
    DuplicateRequestError,
    ErrorDetail,
    ResultError,
    TransactionAbortedError,
)

__all__ = ["AuthInfo", "Response", "Result", "SessionData"]

REDACTED = "***"

# No public source gives the errorno of a uniqueid duplicate (research section 3); the one report
# is a <result> without <status>. These descriptions are also treated as "duplicate" so a gateway
# (or the fake) that answers with a failure naming the controlid is read back, not reposted.
_DUPLICATE_TEXT = re.compile(
    r"(control ?id.*(already|duplicate|been (used|executed|processed)))|"
    r"(duplicate.*control ?id)|(already (been )?(executed|processed))",
    re.IGNORECASE,
)


def _redact_value(key: str, value: Any) -> Any:
    if key.lower() in REDACTED_ELEMENTS:
        return REDACTED
    if isinstance(value, Mapping):
        return {k: _redact_value(k, v) for k, v in value.items()}
    if isinstance(value, list):
        return [_redact_value(key, v) for v in value]
    return value


def _redacted_repr(data: tuple[dict[str, Any], ...]) -> str:
    # Records may hold a session id (getAPISession) or bank fields: the same elements the logs
    # redact are hidden from repr (research section 10, item 9).
    return repr(tuple(_redact_value("", record) for record in data))


@attrs.frozen(kw_only=True)
class SessionData:
    """`<data><api>` of a getAPISession result."""

    session_id: str = attrs.field(repr=False)
    endpoint: str | None
    location_id: str | None


@attrs.frozen(kw_only=True)
class Result:
    """One function's `<result>`.

    Attributes:
        control_id: the function's controlid (results are matched by it, never by position).
        function: the function name the gateway echoed (`create`, `readByQuery`, ...).
        status: `success`, `failure`, `aborted`, or None when the gateway sent no status.
        errors: every `<error>` in order, entities decoded.
        key: the legacy `<key>` (created record key of 2.1 functions).
        data: the records in `<data>` as dicts (nested elements as dicts, repeats as lists).
        list_type, count, total_count, num_remaining, result_id, offset: `<data>` attributes.
    """

    control_id: str | None
    function: str | None
    status: str | None
    errors: tuple[ErrorDetail, ...] = ()
    key: str | None = None
    data: tuple[dict[str, Any], ...] = attrs.field(default=(), repr=lambda d: _redacted_repr(d))
    list_type: str | None = None
    count: int | None = None
    total_count: int | None = None
    num_remaining: int | None = None
    result_id: str | None = None
    offset: int | None = None
    request_control_id: str | None = None

    @property
    def ok(self) -> bool:
        """True when the status is `success`."""
        return self.status == "success"

    @property
    def is_duplicate(self) -> bool:
        """The outcome is a uniqueid duplicate or indeterminate: read back, do not repost."""
        if self.status is None:
            return True
        return self.status == "failure" and any(
            _DUPLICATE_TEXT.search(f"{e.description or ''} {e.description2 or ''}")
            for e in self.errors
        )

    @property
    def error(self) -> ResultError | None:
        """The exception describing this result's failure (None on success).

        `TransactionAbortedError` for `aborted`, `DuplicateRequestError` for a duplicate or a
        result without status, `ResultError` otherwise.
        """
        if self.ok:
            return None
        cls: type[ResultError] = ResultError
        if self.status == "aborted":
            cls = TransactionAbortedError
        elif self.is_duplicate:
            cls = DuplicateRequestError
        return cls(
            f"{self.function or 'function'} {self.status or 'without status'} "
            f"for control id {self.control_id}",
            control_id=self.control_id,
            function=self.function,
            status=self.status,
            errors=self.errors,
            request_control_id=self.request_control_id,
        )

    def raise_for_status(self) -> Result:
        """Raise `self.error` when the result is not success; return self otherwise."""
        error = self.error
        if error is not None:
            raise error
        return self

    @property
    def session(self) -> SessionData | None:
        """The getAPISession data of this result, if it is one."""
        for record in self.data:
            if "sessionid" in record:
                return SessionData(
                    session_id=str(record.get("sessionid") or ""),
                    endpoint=str(record.get("endpoint") or "") or None,
                    location_id=str(record.get("locationid") or "") or None,
                )
        return None


@attrs.frozen(kw_only=True)
class AuthInfo:
    """`<operation><authentication>`: who we are and when the session runs out."""

    status: str | None
    user_id: str | None = None
    company_id: str | None = None
    location_id: str | None = None
    session_timestamp: datetime | None = None
    session_timeout: datetime | None = None


@attrs.frozen(kw_only=True)
class Response:
    """A successful gateway exchange (control and authentication succeeded).

    Individual functions may still have failed: check `ok`, iterate `results`, or look one up
    with `result(control_id)`.
    """

    control_id: str | None
    results: tuple[Result, ...]
    auth: AuthInfo | None = None
    _by_id: Mapping[str, Result] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        by_id = {r.control_id: r for r in self.results if r.control_id is not None}
        object.__setattr__(self, "_by_id", by_id)

    def result(self, control_id: str) -> Result:
        """The result of the function with this controlid.

        Raises:
            KeyError: the gateway returned no result for it.
        """
        try:
            return self._by_id[control_id]
        except KeyError:
            raise KeyError(f"no result for control id {control_id!r}") from None

    @property
    def ok(self) -> bool:
        """True when every result is success."""
        return all(r.ok for r in self.results)

    @property
    def failures(self) -> tuple[Result, ...]:
        """The results that are not success, in order."""
        return tuple(r for r in self.results if not r.ok)

    def raise_for_status(self) -> Response:
        """Raise the first failed result's error (a failure before an `aborted` one)."""
        failed = self.failures
        if failed:
            first = next((r for r in failed if r.status != "aborted"), failed[0])
            first.raise_for_status()
        return self

    def __iter__(self) -> Iterator[Result]:
        return iter(self.results)

    def __len__(self) -> int:
        return len(self.results)
