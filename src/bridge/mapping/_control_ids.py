"""Deterministic function controlids: the idempotency key of every write.

Intacct dedups on the function `controlid` when `uniqueid=true` (research/intacct.md section 4);
it allows 256 characters and no charset rule is documented, so we keep to `[A-Za-z0-9._:-]`
(section 1). The same document always gives the same id, across runs and processes: no `hash()`
(randomised per process), only `hashlib`.
"""

from __future__ import annotations

import hashlib
import re

from bridge import _constants as c
from bridge._mapping_config import MappingConfig

__all__ = ["control_id", "digest"]

_UNSAFE = re.compile(r"[^A-Za-z0-9._:-]")


def digest(text: str, length: int = 16) -> str:
    """A stable lowercase hex digest of `text` (sha256, first `length` characters)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]


def _part(value: str | int) -> str:
    text = str(value)
    cleaned = _UNSAFE.sub("_", text)
    if cleaned != text or not cleaned:
        # Replacing characters could make two ids equal: add a digest of the original.
        cleaned = f"{cleaned}.{digest(text, 12)}"
    return cleaned


def control_id(config: MappingConfig, kind: str, ident: str | int, *suffix: str | int) -> str:
    """`<prefix>-<kind>-<ident>[-<suffix>...]`, e.g. `cm-order-41-bill`, `cm-creditmemo-9-adj-1`."""
    parts = [config.company.control_id_prefix, kind, _part(ident), *(_part(s) for s in suffix)]
    result = "-".join(parts)
    if len(result) > c.CONTROL_ID_MAX:
        result = f"{result[: c.CONTROL_ID_MAX - 17]}.{digest(result)}"
    return result
