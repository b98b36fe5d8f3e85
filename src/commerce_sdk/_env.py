"""Reading client settings from environment variables (`CommerceClient.from_env`).

Which auth: the flavor decides when both credential sets are present (SaaS takes only IMS;
PaaS prefers the integration's OAuth 1.0a). Unlike Adobe's starter kit (research section 8),
a partly set credential group is an error naming what is missing, not a silent fallback. Values
that are still a literal `$NAME` (what `aio app dev` passes for unset inputs) count as unset.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from commerce_sdk._auth import AdminToken, BearerToken, IMSCredentials, OAuth1
from commerce_sdk._exceptions import ConfigurationError
from commerce_sdk._flavor import Flavor, detect_flavor, parse_flavor

__all__ = ["CompanyUser", "settings_from_env"]

_OAUTH1 = (
    "COMMERCE_CONSUMER_KEY",
    "COMMERCE_CONSUMER_SECRET",
    "COMMERCE_ACCESS_TOKEN",
    "COMMERCE_ACCESS_TOKEN_SECRET",
)
_IMS = ("COMMERCE_IMS_CLIENT_ID", "COMMERCE_IMS_CLIENT_SECRET")
_ADMIN = ("COMMERCE_ADMIN_USERNAME", "COMMERCE_ADMIN_PASSWORD")
_COMPANY_USER = ("COMMERCE_COMPANY_USER_EMAIL", "COMMERCE_COMPANY_USER_PASSWORD")


@attrs.frozen(kw_only=True)
class CompanyUser:
    """A B2B company user's login, used to get the customer token GraphQL purchase orders need."""

    email: str
    password: str = attrs.field(repr=False)

    def credentials_body(self) -> dict[str, str]:
        """The body of `POST /V1/integration/customer/token`."""
        return {"username": self.email, "password": self.password}


def _get(environ: Mapping[str, str], name: str) -> str | None:
    value = environ.get(name, "").strip()
    if not value or value == f"${name}":
        return None
    return value


def _group(environ: Mapping[str, str], names: tuple[str, ...]) -> dict[str, str] | None:
    """The group's values when all are set, None when none are; an error when only some are."""
    values = {n: _get(environ, n) for n in names}
    present = {n: v for n, v in values.items() if v is not None}
    if not present:
        return None
    missing = [n for n in names if n not in present]
    if missing:
        raise ConfigurationError(
            f"{', '.join(sorted(present))} set but {', '.join(missing)} missing"
        )
    return present


def _ims(environ: Mapping[str, str], values: dict[str, str]) -> IMSCredentials:
    kwargs: dict[str, Any] = {"org_id": _get(environ, "COMMERCE_IMS_ORG_ID")}
    scopes = _get(environ, "COMMERCE_IMS_SCOPES")
    if scopes:
        kwargs["scopes"] = [s.strip() for s in scopes.split(",") if s.strip()]
    token_url = _get(environ, "COMMERCE_IMS_TOKEN_URL")
    if token_url:
        kwargs["token_url"] = token_url
    return IMSCredentials(
        values["COMMERCE_IMS_CLIENT_ID"], values["COMMERCE_IMS_CLIENT_SECRET"], **kwargs
    )


def settings_from_env(environ: Mapping[str, str]) -> dict[str, Any]:
    """Keyword arguments for `CommerceClient(...)` from COMMERCE_* variables.

    Raises:
        ConfigurationError: COMMERCE_BASE_URL is missing, no usable credentials are set, or a
            credential group is only partly set.
    """
    base_url = _get(environ, "COMMERCE_BASE_URL")
    if base_url is None:
        raise ConfigurationError("COMMERCE_BASE_URL is not set")
    flavor = parse_flavor(_get(environ, "COMMERCE_FLAVOR")) or detect_flavor(base_url)
    oauth1 = _group(environ, _OAUTH1)
    ims = _group(environ, _IMS)
    admin = _group(environ, _ADMIN)
    bearer = _get(environ, "COMMERCE_BEARER_TOKEN")
    auth: Any
    if flavor is Flavor.SAAS:
        if ims is None:
            raise ConfigurationError(
                f"{base_url} is a SaaS (Cloud Service) instance, which takes only IMS "
                "credentials: set COMMERCE_IMS_CLIENT_ID and COMMERCE_IMS_CLIENT_SECRET"
            )
        auth = _ims(environ, ims)
    elif oauth1 is not None:
        auth = OAuth1(*(oauth1[n] for n in _OAUTH1))
    elif ims is not None:
        auth = _ims(environ, ims)
    elif admin is not None:
        auth = AdminToken(admin["COMMERCE_ADMIN_USERNAME"], admin["COMMERCE_ADMIN_PASSWORD"])
    elif bearer is not None:
        auth = BearerToken(bearer)
    else:
        raise ConfigurationError(
            "no Commerce credentials in the environment: set the four COMMERCE_CONSUMER_KEY / "
            "_SECRET / COMMERCE_ACCESS_TOKEN / _SECRET (PaaS integration), or "
            "COMMERCE_IMS_CLIENT_ID and COMMERCE_IMS_CLIENT_SECRET (SaaS)"
        )
    settings: dict[str, Any] = {"base_url": base_url, "auth": auth, "flavor": flavor}
    store = _get(environ, "COMMERCE_STORE_CODE")
    if store:
        settings["store_code"] = store
    company = _group(environ, _COMPANY_USER)
    if company is not None:
        settings["company_user"] = CompanyUser(
            email=company["COMMERCE_COMPANY_USER_EMAIL"],
            password=company["COMMERCE_COMPANY_USER_PASSWORD"],
        )
    customer_token = _get(environ, "COMMERCE_CUSTOMER_TOKEN")
    if customer_token:
        settings["customer_token"] = customer_token
    for name, key, kind in (
        ("COMMERCE_TIMEOUT", "timeout", float),
        ("COMMERCE_MAX_RETRIES", "max_retries", int),
    ):
        raw = _get(environ, name)
        if raw is not None:
            try:
                settings[key] = kind(raw)
            except ValueError:
                raise ConfigurationError(f"{name}: expected a number, got {raw!r}") from None
    return settings
