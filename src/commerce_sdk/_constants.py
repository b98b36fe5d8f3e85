"""Every default of `commerce_sdk` in one place (DESIGN section 5)."""

from __future__ import annotations

from typing import Final

__all__ = [
    "ADMIN_TOKEN_PATH",
    "CUSTOMER_TOKEN_PATH",
    "DEFAULT_IMS_SCOPES",
    "DEFAULT_IMS_TOKEN_URL",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_PAGE_SIZE",
    "DEFAULT_STORE_CODE",
    "DEFAULT_TIMEOUT",
    "ERROR_BODY_SNIPPET",
    "LOGGER_NAME",
    "MAX_CONCURRENT_PAGES",
    "MAX_RETRY_AFTER",
    "RETRY_BACKOFF_BASE",
    "RETRY_BACKOFF_MAX",
    "RETRY_STATUSES",
    "TOKEN_REFRESH_MARGIN",
    "USER_AGENT",
]

#: Store scope used when none is given: `all` is the global/admin scope (research section 1).
DEFAULT_STORE_CODE: Final = "all"
#: Seconds for connect/read/write/pool.
DEFAULT_TIMEOUT: Final = 30.0
#: Retries after the first attempt, for idempotent requests only.
DEFAULT_MAX_RETRIES: Final = 3
#: Page size for `iter()`. Input limiting (when on) caps pages at 300 (research section 5).
DEFAULT_PAGE_SIZE: Final = 100
#: Pages the async client fetches at once once `total_count` is known.
MAX_CONCURRENT_PAGES: Final = 4
#: First backoff step in seconds; doubled per attempt, full jitter.
RETRY_BACKOFF_BASE: Final = 0.5
#: Upper bound of one computed backoff, in seconds.
RETRY_BACKOFF_MAX: Final = 30.0
#: Upper bound on an honoured Retry-After, in seconds (a server may ask for hours).
MAX_RETRY_AFTER: Final = 60.0
#: Statuses retried (research section 6: 429 from Fastly or the SaaS gateway; 502/503/504).
RETRY_STATUSES: Final = frozenset({429, 502, 503, 504})
#: Adobe IMS token endpoint (research section 3).
DEFAULT_IMS_TOKEN_URL: Final = "https://ims-na1.adobelogin.com/ims/token/v3"  # noqa: S105
#: Scopes the SaaS REST API needs; `commerce.accs` is required (research section 3).
DEFAULT_IMS_SCOPES: Final = (
    "AdobeID",
    "openid",
    "email",
    "profile",
    "additional_info.roles",
    "additional_info.projectedProductContext",
    "commerce.accs",
)
#: A cached token counts as expired this many seconds early (aio-lib-ims uses 10 minutes).
TOKEN_REFRESH_MARGIN: Final = 600.0
#: Admin token endpoint, relative to the `/V1/` root (research section 2.3).
ADMIN_TOKEN_PATH: Final = "integration/admin/token"  # noqa: S105
#: Customer token endpoint, relative to the `/V1/` root.
CUSTOMER_TOKEN_PATH: Final = "integration/customer/token"  # noqa: S105
#: How much of a non-JSON error body is kept on the exception.
ERROR_BODY_SNIPPET: Final = 500
#: The logger every module of the package logs through.
LOGGER_NAME: Final = "commerce_sdk"
#: Sent on every request.
USER_AGENT: Final = "commerce-sdk-python/0.1.0"
