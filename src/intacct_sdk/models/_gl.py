"""GLACCOUNT (read only in this project)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from intacct_sdk.models._fields import frozen_mapping


@attrs.frozen(kw_only=True)
class GLAccount:
    """A GL account as read by `query` / `readByQuery` on GLACCOUNT."""

    account_no: str
    title: str | None = None
    account_type: str | None = None
    normal_balance: str | None = None
    status: str | None = None
    record_no: str | None = None
    extra: Mapping[str, Any] = attrs.field(factory=dict, converter=frozen_mapping)

    @property
    def is_active(self) -> bool:
        """STATUS is `active` (Intacct answers lower case)."""
        return (self.status or "").lower() == "active"
