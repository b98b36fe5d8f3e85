"""Operation authentication: login credentials or an API session id.

research/intacct.md section 2: a bad login is an authentication failure that echoes userid and
companyid; an invalid or expired session is control success + authentication failure with
XL03000006, description2 "Invalid session" and empty userid/companyid. Successful answers carry
`sessiontimestamp` / `sessiontimeout`, and a session call slides the timeout forward.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from datetime import datetime
from urllib.parse import urlsplit

import attrs

from intacct_sdk.testing import _constants as const
from intacct_sdk.testing._envelope import AuthBlock, Operation
from intacct_sdk.testing._results import ErrorInfo
from intacct_sdk.testing._sessions import Session, SessionStore

__all__ = ["Authenticator", "Identity"]

AuthOutcome = tuple[AuthBlock, list[ErrorInfo], "Identity | None"]


@attrs.frozen(kw_only=True)
class Identity:
    """Who an operation runs as."""

    user_id: str
    company_id: str
    location_id: str | None


class Authenticator:
    """Checks an operation's credentials against the fake company's users and sessions."""

    def __init__(
        self,
        *,
        company_id: str,
        users: Mapping[str, str],
        sessions: SessionStore,
        locations: frozenset[str] | None,
        enforce_endpoint: bool,
    ) -> None:
        self.company_id = company_id
        self._users = dict(users)
        self.sessions = sessions
        self.locations = locations
        self.enforce_endpoint = enforce_endpoint

    def authenticate(
        self, operation: Operation, url: str, now: datetime, *, force_expiry: bool
    ) -> AuthOutcome:
        """Authenticate by login or session; `force_expiry` is the injected expiry fault."""
        login = operation.login
        if login is None:
            return self._by_session(operation.session_id or "", url, now, force_expiry)
        known = self._users.get(login.user_id)
        location_ok = self.locations is None or login.location_id in (None, *self.locations)
        if (
            known is None
            or not secrets.compare_digest(known, login.password)
            or login.company_id.lower() != self.company_id.lower()
            or not location_ok
        ):
            error = ErrorInfo(const.ERR_CREDENTIALS, const.MSG_BAD_LOGIN, "", "")
            auth = AuthBlock(
                ok=False,
                user_id=login.user_id,
                company_id=login.company_id,
                location_id=login.location_id,
            )
            return auth, [error], None
        identity = Identity(
            user_id=login.user_id, company_id=self.company_id, location_id=login.location_id
        )
        return _ok(identity, *self.sessions.stamp(now + self.sessions.lifetime, now)), [], identity

    def _by_session(
        self, session_id: str, url: str, now: datetime, force_expiry: bool
    ) -> AuthOutcome:
        session = self._live_session(session_id, url, now, force_expiry)
        if session is None:
            error = ErrorInfo(const.ERR_CREDENTIALS, "", const.MSG_INVALID_SESSION, "")
            return AuthBlock(ok=False, user_id="", company_id="", location_id=None), [error], None
        self.sessions.touch(session, now)
        identity = Identity(
            user_id=session.user_id, company_id=session.company_id, location_id=session.location_id
        )
        return _ok(identity, *self.sessions.stamp(session.expires_at, now)), [], identity

    def _live_session(
        self, session_id: str, url: str, now: datetime, force_expiry: bool
    ) -> Session | None:
        if force_expiry:
            self.sessions.invalidate(session_id)
            return None
        session = self.sessions.lookup(session_id, now)
        if (
            session is not None
            and self.enforce_endpoint
            and not _same_endpoint(url, session.endpoint)
        ):
            return None
        return session


def _ok(identity: Identity, stamp: str, timeout: str) -> AuthBlock:
    return AuthBlock(
        ok=True,
        user_id=identity.user_id,
        company_id=identity.company_id,
        location_id=identity.location_id,
        session_timestamp=stamp,
        session_timeout=timeout,
    )


def _same_endpoint(url: str, endpoint: str) -> bool:
    a, b = urlsplit(url), urlsplit(endpoint)
    return (a.hostname, a.port, a.path) == (b.hostname, b.port, b.path)
