"""Logging through the stdlib logger `intacct_sdk`, with secrets redacted.

Bodies are logged at DEBUG only, after the elements the official SDKs redact (research section
10, item 9) have their text replaced. The SDK never configures handlers: the application does.
"""

from __future__ import annotations

import logging
import re

from intacct_sdk._constants import REDACTED_ELEMENTS

__all__ = ["REDACTED", "logger", "redact"]

logger = logging.getLogger("intacct_sdk")

REDACTED = "***"
_SECRET = re.compile(
    r"<(?P<tag>" + "|".join(REDACTED_ELEMENTS) + r")(?P<attrs>\s[^>]*)?>.*?</(?P=tag)\s*>",
    re.IGNORECASE | re.DOTALL,
)


def redact(body: bytes | str) -> str:
    """The body as text with every secret element's content replaced by `***`."""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    return _SECRET.sub(lambda m: f"<{m['tag']}{m['attrs'] or ''}>{REDACTED}</{m['tag']}>", text)
