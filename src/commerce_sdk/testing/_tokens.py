"""Bearer tokens the fake hands out: admin, customer and Adobe IMS tokens, with expiry by clock.

Admin tokens last 4 h and customer tokens 1 h (research/commerce.md section 2.3); IMS tokens
`expires_in` seconds, about 24 h (section 3). IMS access tokens are JWT-shaped with `created_at`
and `expires_in` claims in milliseconds, as Adobe's are (section 3); their signature is fake.
"""

from __future__ import annotations

import base64
import json
import secrets
from collections.abc import Callable
from typing import Literal

import attrs

__all__ = ["Token", "TokenKind", "TokenRegistry"]

TokenKind = Literal["admin", "customer", "ims"]


@attrs.frozen(kw_only=True)
class Token:
    """An issued token; `subject` is the admin username, customer id or IMS client id."""

    value: str = attrs.field(repr=False)
    kind: TokenKind
    subject: str
    issued_at: float
    expires_at: float

    def expired(self, now: float) -> bool:
        """Whether the token is past its lifetime at `now`."""
        return now >= self.expires_at


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def fake_jwt(client_id: str, scope: str, issued_at: float, expires_in: float) -> str:
    """A JWT-shaped IMS token (header.claims.signature); the signature is random bytes."""
    header = {"alg": "RS256", "typ": "JWT", "kid": "ims_na1-key-at-1"}
    claims = {
        "id": secrets.token_hex(8),
        "type": "access_token",
        "client_id": client_id,
        "scope": scope,
        "created_at": str(int(issued_at * 1000)),
        "expires_in": str(int(expires_in * 1000)),
        "as": "ims-na1",
    }
    parts = (json.dumps(header).encode(), json.dumps(claims).encode(), secrets.token_bytes(32))
    return ".".join(_b64url(p) for p in parts)


class TokenRegistry:
    """Issued tokens by value. Not locked itself: the fake calls it under its own lock."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        self._tokens: dict[str, Token] = {}

    def now(self) -> float:
        """The registry's clock reading."""
        return self._clock()

    def issue(
        self, kind: TokenKind, subject: str, lifetime: float, *, value: str | None = None
    ) -> Token:
        """Issue a token valid for `lifetime` seconds from now."""
        now = self._clock()
        value = value or secrets.token_hex(16)
        token = Token(
            value=value, kind=kind, subject=subject, issued_at=now, expires_at=now + lifetime
        )
        self._tokens[value] = token
        return token

    def lookup(self, value: str) -> Token | None:
        """The token if it exists and has not expired."""
        token = self._tokens.get(value)
        if token is None or token.expired(self._clock()):
            return None
        return token

    def known(self, value: str) -> Token | None:
        """The token if it was ever issued (expired or not)."""
        return self._tokens.get(value)

    def expire(self, value: str) -> None:
        """Make one token expire now."""
        token = self._tokens.get(value)
        if token is not None:
            self._tokens[value] = attrs.evolve(token, expires_at=self._clock())

    def expire_all(self, kind: TokenKind | None = None) -> int:
        """Expire every token (of one kind); returns how many were live."""
        now = self._clock()
        count = 0
        for value, token in list(self._tokens.items()):
            if (kind is None or token.kind == kind) and not token.expired(now):
                self._tokens[value] = attrs.evolve(token, expires_at=now)
                count += 1
        return count

    def live(self, kind: TokenKind | None = None) -> list[Token]:
        """Tokens not yet expired (of one kind)."""
        now = self._clock()
        return [
            t
            for t in self._tokens.values()
            if (kind is None or t.kind == kind) and not t.expired(now)
        ]
