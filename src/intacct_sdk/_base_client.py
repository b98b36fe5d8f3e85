"""What the sync and async clients share: configuration and the request flow.

The flow is a generator that yields actions (`Send`, `Sleep`, `EnsureSession`) and receives their
outcomes; `IntacctClient` and `AsyncIntacctClient` drive the same generator and differ only in how
they send, sleep and lock. All decisions (build, parse, retry, refresh) happen here or below.
"""

from __future__ import annotations

import logging
import os
import random
import threading
import uuid
from collections.abc import Callable, Generator, Iterable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, TypeAlias

import attrs

from intacct_sdk._constants import (
    DEFAULT_ENDPOINT,
    DEFAULT_MAX_CONCURRENCY,
    DEFAULT_MAX_RETRIES,
    DEFAULT_SESSION_MAX_AGE,
    DEFAULT_TIMEOUT,
    ENV_PREFIX,
)
from intacct_sdk._exceptions import (
    AuthenticationError,
    IntacctError,
    SessionExpiredError,
)
from intacct_sdk._http import HttpAnswer
from intacct_sdk._logging import logger, redact
from intacct_sdk._request import Login, SenderCredentials, SessionAuth, build_request
from intacct_sdk._response import parse_http_response
from intacct_sdk._result import Response
from intacct_sdk._retry import RetryPolicy, TransportFailure
from intacct_sdk._session import Session, check_endpoint, local_expiry, needs_refresh, slide
from intacct_sdk.functions import (
    Function,
    GetAPISession,
)

__all__ = ["BaseClient", "EnsureSession", "Send", "Sleep"]


@attrs.frozen
class Send:
    """Action: POST `body` to `url`; the driver sends back an HttpAnswer or TransportFailure."""

    url: str
    body: bytes = attrs.field(repr=False)


@attrs.frozen
class Sleep:
    """Action: wait `seconds`."""

    seconds: float


@attrs.frozen
class EnsureSession:
    """Action: give back a usable session, refreshing it (once, under a lock) when needed.

    `stale` names a session id the gateway just refused: it must be replaced even if it looks
    fresh, unless another caller already replaced it.
    """

    stale: str | None = attrs.field(default=None, repr=False)


Action: TypeAlias = Send | Sleep | EnsureSession
Flow: TypeAlias = Generator[Action, Any, Any]


def _utcnow() -> datetime:
    return datetime.now(UTC)


class BaseClient:
    """Configuration and flows shared by `IntacctClient` and `AsyncIntacctClient`."""

    #: HTTP requests sent by this client (retries included), for reports and benchmarks.
    request_count: int = 0

    def __init__(
        self,
        *,
        sender_id: str,
        sender_password: str,
        company_id: str | None = None,
        user_id: str | None = None,
        user_password: str | None = None,
        entity_id: str | None = None,
        endpoint_url: str = DEFAULT_ENDPOINT,
        session_id: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        session_max_age: timedelta = DEFAULT_SESSION_MAX_AGE,
        max_concurrency: int = DEFAULT_MAX_CONCURRENCY,
        allow_endpoint_hosts: Iterable[str] = (),
        clock: Callable[[], datetime] | None = None,
        rand: Callable[[], float] | None = None,
    ) -> None:
        has_login = bool(user_id and company_id and user_password)
        if not has_login and not session_id:
            raise ValueError("give user_id, company_id and user_password (login), or session_id")
        if max_concurrency < 1:
            raise ValueError(f"max_concurrency must be >= 1, got {max_concurrency!r}")
        if max_retries < 0:
            raise ValueError(f"max_retries must be >= 0, got {max_retries!r}")
        self._sender = SenderCredentials(sender_id=sender_id, sender_password=sender_password)
        self._login = (
            Login(
                user_id=user_id or "",
                company_id=company_id or "",
                user_password=user_password or "",
                entity_id=entity_id,
            )
            if has_login
            else None
        )
        self.endpoint_url = endpoint_url
        self.timeout = timeout
        self.max_concurrency = max_concurrency
        self.session_max_age = session_max_age
        self._allow_hosts = tuple(allow_endpoint_hosts)
        self._retry = RetryPolicy(max_retries=max_retries)
        self._clock = clock or _utcnow
        self._rand = rand or random.random
        self._session: Session | None = None
        self._state_lock = threading.Lock()
        if session_id:
            self._session = Session(
                session_id=session_id,
                endpoint=endpoint_url,
                obtained_at=self._clock(),
                refreshable=has_login,
            )

    def __repr__(self) -> str:
        user = self._login.user_id if self._login else None
        return (
            f"{type(self).__name__}(sender_id={self._sender.sender_id!r}, user_id={user!r}, "
            f"endpoint_url={self.endpoint_url!r})"
        )

    @staticmethod
    def _env_kwargs(environ: dict[str, str] | None = None) -> dict[str, Any]:
        env = dict(os.environ if environ is None else environ)

        def need(name: str) -> str:
            value = env.get(ENV_PREFIX + name)
            if not value:
                raise ValueError(f"environment variable {ENV_PREFIX + name} is not set")
            return value

        kwargs: dict[str, Any] = {
            "sender_id": need("SENDER_ID"),
            "sender_password": need("SENDER_PASSWORD"),
            "company_id": need("COMPANY_ID"),
            "user_id": need("USER_ID"),
            "user_password": need("USER_PASSWORD"),
            "entity_id": env.get(ENV_PREFIX + "ENTITY_ID") or None,
        }
        if env.get(ENV_PREFIX + "ENDPOINT_URL"):
            kwargs["endpoint_url"] = env[ENV_PREFIX + "ENDPOINT_URL"]
        return kwargs

    # -- sessions -------------------------------------------------------------------------------

    @property
    def session(self) -> Session | None:
        """The current API session (id, endpoint, expiry), to cache between processes.

        Give it back as `session_id=` and `endpoint_url=` to a new client: a still valid session
        saves a login; an expired one is replaced by one login on its first use. Treat it as a
        secret (the id is hidden from the repr).
        """
        with self._state_lock:
            return self._session

    def _store_session(self, session: Session) -> None:
        with self._state_lock:
            self._session = session

    def _session_usable(self, stale: str | None) -> Session | None:
        """The current session if it can be used as is (call under the refresh lock)."""
        session = self._session
        if session is None:
            return None
        if stale is not None and session.session_id == stale:
            return None
        if needs_refresh(session, self._clock(), max_age=self.session_max_age):
            return None
        return session

    def _login_flow(self) -> Flow:
        """getAPISession, alone in its request, with the login; returns the new Session."""
        if self._login is None:
            raise SessionExpiredError(
                "the session expired and no login credentials were given to renew it"
            )
        fn = GetAPISession()
        response: Response = yield from self._send_flow(
            [fn], auth=self._login, url=self.endpoint_url, uniqueid=False, transaction=False
        )
        result = response.result(fn.control_id).raise_for_status()
        data = result.session
        if data is None or not data.session_id:
            raise AuthenticationError("getAPISession returned no session id")
        endpoint = check_endpoint(
            data.endpoint or self.endpoint_url,
            configured=self.endpoint_url,
            allowed_hosts=self._allow_hosts,
        )
        now = self._clock()
        timeout = self._expiry(response, now)
        session = Session(
            session_id=data.session_id,
            endpoint=endpoint,
            obtained_at=now,
            expires_at=timeout,
            location_id=data.location_id,
        )
        logger.info("intacct session obtained (endpoint %s, expires %s)", endpoint, timeout)
        return session

    @staticmethod
    def _expiry(response: Response, now: datetime) -> datetime | None:
        auth = response.auth
        if auth is None:
            return None
        return local_expiry(auth.session_timeout, auth.session_timestamp, now)

    # -- the request flow -----------------------------------------------------------------------

    def _execute_flow(
        self,
        functions: Sequence[Function],
        *,
        transaction: bool,
        uniqueid: bool | None,
    ) -> Flow:
        """Send `functions` in one request with the session; refresh once on expiry."""
        functions = list(functions)
        writes = any(fn.is_write for fn in functions)
        unique = writes if uniqueid is None else uniqueid
        control_id = str(uuid.uuid4())  # one per call, kept across resends
        refreshed = False
        while True:
            session: Session = yield EnsureSession()
            try:
                response: Response = yield from self._send_flow(
                    functions,
                    auth=SessionAuth(session_id=session.session_id),
                    url=session.endpoint,
                    uniqueid=unique,
                    transaction=transaction,
                    control_id=control_id,
                )
            except SessionExpiredError:
                # Nothing ran (authentication failed before any function); a write is resent
                # only with uniqueid, so even a confused gateway cannot apply it twice.
                if refreshed or not session.refreshable or (writes and not unique):
                    raise
                refreshed = True
                logger.info("intacct session expired; refreshing once and resending")
                yield EnsureSession(stale=session.session_id)
                continue
            # The timeout slides with every call (research section 2): keep it current, unless
            # another caller replaced the session meanwhile (compare and set, never held across
            # I/O, so the same lock serves threads and asyncio).
            if response.auth is not None:
                expiry = self._expiry(response, self._clock())
                with self._state_lock:
                    current = self._session
                    if current is not None and current.session_id == session.session_id:
                        self._session = slide(current, expiry)
            return response

    def _send_flow(
        self,
        functions: Sequence[Function],
        *,
        auth: Login | SessionAuth,
        url: str,
        uniqueid: bool,
        transaction: bool,
        control_id: str | None = None,
    ) -> Flow:
        """One request, resent per the retry policy; returns the parsed Response."""
        control_id = control_id or str(uuid.uuid4())
        body = build_request(
            functions,
            sender=self._sender,
            auth=auth,
            control_id=control_id,
            uniqueid=uniqueid,
            transaction=transaction,
        )
        writes = any(fn.is_write for fn in functions)
        idempotent = not writes or uniqueid
        attempt = 0
        while True:
            if logger.isEnabledFor(logging.DEBUG):  # no redaction cost unless someone reads it
                logger.debug("intacct request %s to %s: %s", control_id, url, redact(body))
            answer: HttpAnswer | TransportFailure = yield Send(url, body)
            error: IntacctError | TransportFailure
            if isinstance(answer, TransportFailure):
                error = answer
            else:
                if logger.isEnabledFor(logging.DEBUG):
                    logger.debug(
                        "intacct response %s (HTTP %s): %s",
                        control_id,
                        answer.status_code,
                        redact(answer.body),
                    )
                try:
                    return parse_http_response(
                        answer.status_code,
                        answer.content_type,
                        answer.body,
                        used_session=isinstance(auth, SessionAuth),
                        request_control_id=control_id,
                        retry_after=answer.retry_after,
                        now=self._clock(),
                        writes=writes,
                    )
                except SessionExpiredError:
                    raise
                except IntacctError as exc:
                    error = exc
            delay = self._retry.delay(attempt, error, idempotent=idempotent, rand=self._rand)
            if delay is None:
                if isinstance(error, TransportFailure):
                    raise error.to_error(writes=writes, request_control_id=control_id)
                raise error
            attempt += 1
            logger.warning(
                "intacct request %s failed (%s); retry %d of %d in %.2fs",
                control_id,
                error.message,
                attempt,
                self._retry.max_retries,
                delay,
            )
            yield Sleep(delay)
