"""Request URLs and scope headers for each flavor (research/commerce.md section 1).

PaaS: `<base>/rest/<store>/V1/<path>`, GraphQL at `<base>/graphql` with a `Store:` header.
SaaS: `<base>/V1/<path>` with a `Store:` header; GraphQL at `<base>/graphql`.
"""

from __future__ import annotations

from urllib.parse import quote

import attrs

from commerce_sdk._flavor import Flavor

__all__ = ["Endpoints", "path_segment"]


def path_segment(value: object, *, field: str) -> str:
    """One percent-encoded path segment built from an id or code.

    A `/` is refused: Magento decodes `%2F` before it signs, so an OAuth 1.0a signature over a
    path holding one never verifies (research section 2.1 trap 2, magento/magento2#37913), and the
    router would split the segment anyway.

    Raises:
        ValueError: the value is empty or holds a `/`.
    """
    text = str(value).strip()
    if not text:
        raise ValueError(f"{field}: expected a non-empty id, got {value!r}")
    if "/" in text:
        raise ValueError(
            f"{field}: {value!r} contains '/', which Magento cannot route or verify a signature "
            "for (the encoded %2F is decoded twice); look the entity up with a search filter "
            "instead"
        )
    return quote(text, safe="")


@attrs.frozen(kw_only=True)
class Endpoints:
    """Builds absolute URLs and scope headers for one instance."""

    base_url: str
    flavor: Flavor
    store_code: str

    @property
    def rest_root(self) -> str:
        """The URL every REST path is appended to, ending in `/V1/`."""
        if self.flavor is Flavor.SAAS:
            return f"{self.base_url}/V1/"
        return f"{self.base_url}/rest/{quote(self.store_code, safe='')}/V1/"

    @property
    def graphql_url(self) -> str:
        """The GraphQL endpoint."""
        return f"{self.base_url}/graphql"

    def rest(self, path: str) -> str:
        """The absolute URL of a REST path such as `orders` or `creditmemo/5`."""
        return self.rest_root + path.lstrip("/")

    def scope_headers(self, *, graphql: bool = False) -> dict[str, str]:
        """`Store:` header on SaaS REST and on GraphQL; PaaS REST carries the store in the path."""
        if self.flavor is Flavor.SAAS or graphql:
            return {"Store": self.store_code}
        return {}
