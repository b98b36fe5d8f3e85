"""Pick the adapter for whatever the user passed: a sync client, an async client, or a port."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from bridge._ports._commerce import CommerceAdapter
from bridge._ports._intacct import IntacctAdapter
from bridge._ports._types import CommercePort, IntacctPort
from commerce_sdk import AsyncCommerceClient, CommerceClient, CompanyUser
from intacct_sdk import AsyncIntacctClient, IntacctClient


def intacct_port(client: Any) -> IntacctPort:
    """An `IntacctPort` for an Intacct client (or the port itself)."""
    if isinstance(client, IntacctClient | AsyncIntacctClient):
        return IntacctAdapter(client)
    return cast(IntacctPort, client)


def commerce_port(
    client: Any, *, company_users: Mapping[int, CompanyUser] | None = None
) -> CommercePort:
    """A `CommercePort` for a Commerce client (or the port itself)."""
    if isinstance(client, CommerceClient | AsyncCommerceClient):
        return CommerceAdapter(client, company_users=company_users)
    return cast(CommercePort, client)
