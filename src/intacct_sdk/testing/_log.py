"""What the fake remembers about traffic: one `RequestRecord` per request, and counters."""

from __future__ import annotations

import attrs

__all__ = ["Counters", "FunctionRecord", "RequestRecord"]


@attrs.frozen(kw_only=True)
class FunctionRecord:
    """One function of a logged request."""

    name: str
    control_id: str
    object: str | None = None


@attrs.frozen(kw_only=True)
class RequestRecord:
    """A request as the fake saw it (no credentials or session ids are kept).

    Attributes:
        endpoint: the full URL the request was sent to (assert the getAPISession hand-off on it).
        control_id: the request-level `<controlid>` ("" when the body could not be read).
        auth_kind: "login", "session", or None when the envelope was unreadable.
        user_id: the login user, or the session's user when the session was valid.
        uniqueid: the `<uniqueid>` flag.
        transaction: whether any operation had `transaction="true"`.
        functions: every function, in request order.
        fault: the name of the fault injected into this request, if any.
        status_code: the HTTP status answered (0 when a network error was raised instead).
    """

    endpoint: str
    control_id: str = ""
    auth_kind: str | None = None
    user_id: str | None = None
    uniqueid: bool = False
    transaction: bool = False
    functions: tuple[FunctionRecord, ...] = ()
    fault: str | None = None
    status_code: int = 200

    @property
    def function_names(self) -> tuple[str, ...]:
        """Function element names in order (`create`, `readByQuery`, ...)."""
        return tuple(f.name for f in self.functions)

    @property
    def control_ids(self) -> tuple[str, ...]:
        """Function controlids in order."""
        return tuple(f.control_id for f in self.functions)


@attrs.define(kw_only=True)
class Counters:
    """Running totals; read a frozen copy through `FakeIntacct.counters`.

    Attributes:
        requests: HTTP requests received (faulted ones included).
        functions_executed: functions that ran and succeeded (committed or not).
        functions_failed: functions whose result was `failure`.
        functions_aborted: functions answered `aborted` in a rolled-back transaction.
        duplicates: functions skipped by uniqueid dedup.
        sessions_created: sessions minted by getAPISession.
        faults_injected: requests that consumed a response, latency or session fault.
    """

    requests: int = 0
    functions_executed: int = 0
    functions_failed: int = 0
    functions_aborted: int = 0
    duplicates: int = 0
    sessions_created: int = 0
    faults_injected: int = 0
