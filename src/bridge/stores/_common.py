"""Helpers every store shares: JSON columns, identifier checks, the claim token."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from bridge.stores._models import Record


def dumps(value: Any, field: str) -> str:
    """JSON-encode a value for a column, naming the field when it is not JSON-serialisable."""
    try:
        return json.dumps(value, sort_keys=True, separators=(",", ":"), allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{field} must be JSON-serialisable: {exc}") from exc


def loads(text: str | None) -> Any:
    """Decode a JSON column (NULL stays None)."""
    return None if text is None else json.loads(text)


def require_text(name: str, value: object) -> str:
    """Refuse an empty or non-string identifier, naming it."""
    if not isinstance(value, str) or not value:
        raise ValueError(f"{name} must be a non-empty string, got {value!r}")
    return value


def claim_token_of(record: Record) -> str:
    """The claim token a finisher fences on; a record that was never claimed is a clear error."""
    if record.claim_token is None:
        raise ValueError(
            f"record {record.stream}/{record.source_id} carries no claim; "
            "finish only records returned by claim()"
        )
    return record.claim_token


def webhook_body_bytes(body: bytes | Mapping[str, Any] | None) -> bytes:
    """The raw bytes of a webhook body: bytes as given, a parsed JSON object re-encoded
    canonically, None as empty (the caller kept no body)."""
    if body is None:
        return b""
    if isinstance(body, bytes | bytearray):
        return bytes(body)
    if isinstance(body, Mapping):
        return dumps(dict(body), "body").encode("utf-8")
    raise TypeError(
        f"body must be bytes, a JSON object (mapping) or None, got {type(body).__name__}"
    )
