"""A defensive redaction pass over anything JSON the store is asked to keep.

The orchestrator already passes redacted summaries; this second pass makes sure a key that names a
secret never reaches disk even when a caller forgets (DESIGN.md section 4, "Logs redact ...").
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

REDACTED = "[REDACTED]"
"""What a redacted value is replaced with."""

# Matched as substrings of the lower-cased key with `-` and `_` removed, so `x-adobe-commerce-
# webhook-signature`, `Authorization`, `sessionId`, `user_password`, `access_token` all match.
SECRET_KEY_PARTS: tuple[str, ...] = (
    "password",
    "passwd",
    "secret",
    "token",
    "sessionid",
    "signature",
    "authorization",
    "cookie",
    "apikey",
    "privatekey",
    "accountnumber",
    "cardnum",
    "ssn",
    "taxid",
)


def is_secret_key(key: str) -> bool:
    """True when a mapping key names something secret (see `SECRET_KEY_PARTS`)."""
    folded = key.lower().replace("-", "").replace("_", "")
    return any(part in folded for part in SECRET_KEY_PARTS)


def redact(value: Any) -> Any:
    """Return a copy of a JSON-like value with every secret-named key's value replaced."""
    if isinstance(value, Mapping):
        return {
            str(k): (REDACTED if is_secret_key(str(k)) else redact(v)) for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return [redact(v) for v in value]
    return value
