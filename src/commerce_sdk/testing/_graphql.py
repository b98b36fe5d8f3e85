"""GraphQL endpoint (placeholder until the purchase-order handling lands)."""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from commerce_sdk.testing._responses import Reply, json_reply
from commerce_sdk.testing._store import Store
from commerce_sdk.testing._tokens import TokenRegistry

__all__ = ["GraphQLContext", "handle_graphql"]


@attrs.frozen(kw_only=True)
class GraphQLContext:
    """What the GraphQL handler reads."""

    store: Store
    tokens: TokenRegistry
    passwords: Mapping[str, str]
    customer_token_lifetime: float


def handle_graphql(
    method: str, raw_query: str, headers: Mapping[str, str], body: bytes, context: GraphQLContext
) -> tuple[Reply, str]:
    """Answer a GraphQL request."""
    return json_reply(200, {"errors": [{"message": "not implemented"}]}), "none"
