"""Telling PaaS from SaaS by the base URL, and normalising pasted endpoint URLs.

Rule from Adobe's own SDK (research/commerce.md section 1, aio-commerce-sdk
`resolveCommerceFlavorFromApiUrl`): `hostname + pathname` of the base URL matching
`^([a-zA-Z0-9-]+\\.)?api\\.commerce\\.adobe\\.com/[a-zA-Z0-9-]+/?$` is SaaS; anything else PaaS.
The regex fits only a base URL, so a pasted endpoint URL is cut back before `/V1/` (and, on PaaS,
before `/rest/`) first.
"""

from __future__ import annotations

import enum
import re
from urllib.parse import urlsplit, urlunsplit

from commerce_sdk._exceptions import ConfigurationError

__all__ = ["Flavor", "detect_flavor", "normalize_base_url", "parse_flavor"]

_SAAS = re.compile(r"^([a-zA-Z0-9-]+\.)?api\.commerce\.adobe\.com/[a-zA-Z0-9-]+/?$")


class Flavor(enum.StrEnum):
    """Which kind of Adobe Commerce instance a base URL points at."""

    #: On-premises or Commerce on cloud infrastructure: `/rest/<store>/V1/...`, any auth.
    PAAS = "paas"
    #: Adobe Commerce as a Cloud Service: `<base>/V1/...`, `Store:` header, IMS only.
    SAAS = "saas"


def normalize_base_url(url: str) -> str:
    """The instance base URL (no query, no trailing slash) for a base or pasted endpoint URL.

    `https://shop.example.com/rest/default/V1/orders?x=1` becomes `https://shop.example.com`;
    `https://na1.api.commerce.adobe.com/T1/V1/orders` becomes `https://na1.api.commerce.adobe.com/T1`.

    Raises:
        ConfigurationError: the URL has no http(s) scheme or no host.
    """
    if not isinstance(url, str) or not url.strip():
        raise ConfigurationError(f"base_url: expected an http(s) URL, got {url!r}")
    parts = urlsplit(url.strip())
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ConfigurationError(f"base_url: expected an http(s) URL with a host, got {url!r}")
    segments = [s for s in parts.path.split("/") if s]
    # Cut `/V1/...` (and what follows), then a `/rest` or `/rest/<store>` left before it,
    # or a trailing `/graphql`: what remains is the instance root.
    if "V1" in segments:
        segments = segments[: segments.index("V1")]
    if "rest" in segments[-2:]:
        segments = segments[: len(segments) - segments[::-1].index("rest") - 1]
    elif segments and segments[-1] == "graphql":
        segments = segments[:-1]
    path = "/" + "/".join(segments) if segments else ""
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def detect_flavor(base_url: str) -> Flavor:
    """`Flavor.SAAS` for `https://<region>[-env].api.commerce.adobe.com/<tenant>`, else PAAS.

    A pasted endpoint URL (`.../V1/orders`, `/rest/default/V1/...`) is normalised first.

    Raises:
        ConfigurationError: the URL is not an http(s) URL.
    """
    parts = urlsplit(normalize_base_url(base_url))
    candidate = (parts.hostname or "") + (parts.path or "/")
    return Flavor.SAAS if _SAAS.match(candidate) else Flavor.PAAS


def parse_flavor(value: Flavor | str | None) -> Flavor | None:
    """A `Flavor` from a user value (`"paas"`, `"SaaS"`, a `Flavor`, None for auto)."""
    if value is None or isinstance(value, Flavor):
        return value
    try:
        return Flavor(str(value).strip().lower())
    except ValueError:
        raise ConfigurationError(f"flavor: expected 'paas' or 'saas', got {value!r}") from None
