"""API sessions: minted by getAPISession (or any login), sliding expiry, forced expiry.

research/intacct.md section 2: a session is tied to company, user, entity (locationid) and an
endpoint URL; every response carries `sessiontimestamp` / `sessiontimeout` (ISO-8601 with an
offset) and each call before the timeout pushes it to now + the session duration.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta, tzinfo

import attrs

__all__ = ["Session", "SessionStore"]


@attrs.define(kw_only=True)
class Session:
    """One live API session."""

    session_id: str = attrs.field(repr=False)
    user_id: str
    company_id: str
    location_id: str | None
    endpoint: str
    expires_at: datetime


class SessionStore:
    """Sessions by id. Not locked itself: the gateway holds its lock around every call."""

    def __init__(self, lifetime: timedelta, tz: tzinfo) -> None:
        self.lifetime = lifetime
        self.tz = tz
        self._sessions: dict[str, Session] = {}

    def create(
        self,
        *,
        user_id: str,
        company_id: str,
        location_id: str | None,
        endpoint: str,
        now: datetime,
    ) -> Session:
        """Mint a new session valid for the configured lifetime."""
        session = Session(
            session_id=secrets.token_urlsafe(24) + "..",
            user_id=user_id,
            company_id=company_id,
            location_id=location_id,
            endpoint=endpoint,
            expires_at=now + self.lifetime,
        )
        self._sessions[session.session_id] = session
        return session

    def lookup(self, session_id: str, now: datetime) -> Session | None:
        """The live session for `session_id`; an expired one is forgotten and gives None."""
        session = self._sessions.get(session_id)
        if session is None:
            return None
        if now >= session.expires_at:
            del self._sessions[session_id]
            return None
        return session

    def touch(self, session: Session, now: datetime) -> None:
        """Sliding expiry: a call before the timeout resets it to now + lifetime."""
        session.expires_at = now + self.lifetime

    def invalidate(self, session_id: str) -> None:
        """Forget one session (forced expiry)."""
        self._sessions.pop(session_id, None)

    def expire_all(self) -> int:
        """Forget every session; returns how many there were."""
        count = len(self._sessions)
        self._sessions.clear()
        return count

    def live_count(self, now: datetime) -> int:
        """How many sessions are still valid at `now`."""
        return sum(1 for s in self._sessions.values() if now < s.expires_at)

    def stamp(self, expires_at: datetime, now: datetime) -> tuple[str, str]:
        """`(sessiontimestamp, sessiontimeout)` as ISO-8601 with the company's UTC offset."""
        return (
            now.astimezone(self.tz).isoformat(timespec="seconds"),
            expires_at.astimezone(self.tz).isoformat(timespec="seconds"),
        )
