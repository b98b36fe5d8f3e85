"""Session decisions (pure): when to refresh, which endpoint to trust (research section 2).

A session is refreshed before `sessiontimeout` (minus a margin, tracked from every response,
because the timeout slides) and once it is older than `session_max_age`, whichever comes first.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import attrs

from intacct_sdk._constants import ALLOWED_ENDPOINT_DOMAIN, SESSION_REFRESH_MARGIN
from intacct_sdk._exceptions import AuthenticationError

__all__ = ["Session", "check_endpoint", "local_expiry", "needs_refresh", "slide"]


@attrs.frozen(kw_only=True)
class Session:
    """An API session: its id (secret), endpoint, when we got it and when it runs out."""

    session_id: str = attrs.field(repr=False)
    endpoint: str
    obtained_at: datetime
    expires_at: datetime | None = None
    location_id: str | None = None
    #: False for a session id given by the caller without login credentials (cannot refresh).
    refreshable: bool = True


def needs_refresh(
    session: Session,
    now: datetime,
    *,
    max_age: timedelta,
    margin: timedelta = SESSION_REFRESH_MARGIN,
) -> bool:
    """True when the session is too old or about to time out."""
    if not session.refreshable:
        return False
    if now - session.obtained_at >= max_age:
        return True
    return session.expires_at is not None and now >= session.expires_at - margin


def local_expiry(
    timeout: datetime | None, timestamp: datetime | None, now: datetime
) -> datetime | None:
    """When the session runs out, on our clock.

    With both `sessiontimestamp` and `sessiontimeout` the remaining lifetime is their difference,
    added to our own `now`: a skewed local clock then neither refreshes on every call nor trusts
    a dead session. With the timeout alone it is taken as is.
    """
    if timeout is None:
        return None
    if timestamp is None:
        return timeout
    return now + (timeout - timestamp)


def slide(session: Session, expires_at: datetime | None) -> Session:
    """The session with the expiry a response reported (the timeout slides on every call)."""
    if expires_at is None or expires_at == session.expires_at:
        return session
    return attrs.evolve(session, expires_at=expires_at)


def _host_allowed(host: str, allowed: Iterable[str]) -> bool:
    for rule in allowed:
        rule = rule.lower()
        if rule.startswith(".") and host.endswith(rule):
            return True
        if host == rule:
            return True
    return False


def check_endpoint(url: str, *, configured: str, allowed_hosts: Iterable[str] = ()) -> str:
    """The endpoint getAPISession returned, if we may send credentials there.

    Allowed: https hosts under intacct.com (the PHP SDK's rule), the host of the endpoint the
    caller configured (a sandbox such as the fake), and hosts in `allowed_hosts` (exact names, or
    `.suffix` for a domain). Anything else is refused, so a forged or corrupted response cannot
    redirect the session to another server.

    Raises:
        AuthenticationError: the endpoint is not allowed.
    """
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    configured_host = (urlsplit(configured).hostname or "").lower()
    extra = set(allowed_hosts)
    trusted = host == configured_host or _host_allowed(host, extra)
    under_intacct = host == ALLOWED_ENDPOINT_DOMAIN or host.endswith("." + ALLOWED_ENDPOINT_DOMAIN)
    if parts.scheme == "https" and under_intacct:
        return url
    if trusted and parts.scheme in {"https", "http"}:
        return url
    raise AuthenticationError(
        f"getAPISession returned endpoint host {host!r} ({parts.scheme}), which is not under "
        f"{ALLOWED_ENDPOINT_DOMAIN}: refused (pass allow_endpoint_hosts= for a sandbox)"
    )
