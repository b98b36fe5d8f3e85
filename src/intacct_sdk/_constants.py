"""Every default of the Intacct SDK, with the protocol fact behind it."""

from __future__ import annotations

from datetime import timedelta
from typing import Final

#: The XML gateway (research/intacct.md, scope). A session may hand us another endpoint.
DEFAULT_ENDPOINT: Final = "https://api.intacct.com/ia/xml/xmlgw.phtml"

#: getAPISession may only switch us to hosts under this domain (PHP `Credentials/Endpoint.php`
#: rejects others; research section 2). Sandboxes add their hosts with `allow_endpoint_hosts=`.
ALLOWED_ENDPOINT_DOMAIN: Final = "intacct.com"

#: dtdversion 3.0 gives the generic functions and still accepts the legacy ones (research 1).
DTD_VERSION: Final = "3.0"

#: Seconds per HTTP request. The official SDKs use 30 s (JS) to 300 s (PHP); a synchronous request
#: may run up to 15 minutes server side (research section 6), so 60 s is a middle ground.
DEFAULT_TIMEOUT: Final = 60.0

#: Retries after the first attempt (DESIGN section 4). The official SDKs do 5 on 5xx only.
DEFAULT_MAX_RETRIES: Final = 3

#: Backoff: base * 2**attempt, capped, with full jitter.
BACKOFF_BASE: Final = 0.5
BACKOFF_MAX: Final = 16.0

#: The most we wait for a Retry-After header (a hostile or buggy value must not stall us for hours).
RETRY_AFTER_MAX: Final = 60.0

#: A session older than this is refreshed even if the gateway says it is still valid (DESIGN 4).
DEFAULT_SESSION_MAX_AGE: Final = timedelta(minutes=50)

#: Refresh this long before `sessiontimeout`, so a request never races the expiry.
SESSION_REFRESH_MARGIN: Final = timedelta(seconds=60)

#: Requests in flight at once per client (a concurrency limit per company, DESIGN 4).
DEFAULT_MAX_CONCURRENCY: Final = 4

#: Function controlid length (xsd maxLength 256; PHP SDK enforces 1..256; research 1).
CONTROL_ID_MAX_LENGTH: Final = 256

#: `read` takes at most 100 keys per function (PHP `Read::MAX_KEY_COUNT`; research 7).
READ_MAX_KEYS: Final = 100

#: readByQuery pagesize 1..1000, default 100; query pagesize 1..2000, default 100 (research 7).
READ_BY_QUERY_MAX_PAGE_SIZE: Final = 1000
QUERY_MAX_PAGE_SIZE: Final = 2000
DEFAULT_PAGE_SIZE: Final = 1000

#: Elements whose text is replaced in DEBUG logs (what the PHP and .NET SDKs redact; research 10).
REDACTED_ELEMENTS: Final = (
    "password",
    "sessionid",
    "accountnumber",
    "cardnum",
    "ssn",
    "achaccountnumber",
    "wireaccountnumber",
    "taxid",
)

USER_AGENT: Final = "intacct-commerce-python/0.1.0"

#: Environment variables read by `from_env()`.
ENV_PREFIX: Final = "INTACCT_"
