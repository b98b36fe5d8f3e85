"""Every default and every error number of the fake gateway, in one place.

Error numbers come from research/intacct.md section 3 ("Known error numbers"). Where no public
source gives the number the real gateway uses, the fake picks a plausible one and says so here, so
tests never depend on it by accident.
"""

from __future__ import annotations

from datetime import UTC, timedelta

DEFAULT_SENDER_ID = "fake-sender"
DEFAULT_SENDER_PASSWORD = "fake-sender-password"  # noqa: S105 - a sandbox credential, not a secret
DEFAULT_COMPANY_ID = "FAKE-COMPANY"
DEFAULT_USER_ID = "fake-user"
DEFAULT_USER_PASSWORD = "fake-user-password"  # noqa: S105 - a sandbox credential, not a secret
# The SDK refuses endpoints outside intacct.com (research/intacct.md section 2), so the fake's
# hand-off host lives under it; nothing ever resolves it because the transport is in-process.
DEFAULT_ENDPOINT_HOST = "api-fake.intacct.com"
ENDPOINT_PATH = "/ia/xml/xmlgw.phtml"
DEFAULT_SESSION_LIFETIME = timedelta(hours=1)
DEFAULT_TIMEZONE = UTC

DTD_VERSION = "3.0"
CONTENT_TYPE = "text/xml; charset=UTF-8"

# Paging limits (research/intacct.md section 7).
READ_BY_QUERY_DEFAULT_PAGE = 100
READ_BY_QUERY_MAX_PAGE = 1000
QUERY_DEFAULT_PAGE = 100
QUERY_MAX_PAGE = 2000
READ_MAX_KEYS = 100
# [unverified] how long a readByQuery resultId lives; the fake keeps the newest 100 open result
# sets per company so abandoned paging cannot grow memory without bound.
MAX_OPEN_RESULT_SETS = 100
CONTROL_ID_MAX = 256

# Intacct's formats: 3.0 dates are mm/dd/yyyy, system timestamps mm/dd/yyyy hh:mm:ss.
DATE_FORMAT = "%m/%d/%Y"
TIMESTAMP_FORMAT = "%m/%d/%Y %H:%M:%S"

# Error numbers (research/intacct.md section 3).
ERR_PARSE = "XL03000003"  # XML parse / schema error (control level)
ERR_CREDENTIALS = "XL03000006"  # bad sender, bad login, invalid session: same number for all three
ERR_ROLLBACK = "XL03000009"  # transaction rolled back
ERR_RATE_LIMIT = "GW-0010"
ERR_GATEWAY = "GW-0011"
ERR_ALREADY_EXISTS = "BL34000061"  # business duplicate (VENDORID), not the uniqueid dedup
# [unverified] the real number for "invalid vendor / account on a bill" and other business rule
# failures; BL01001973 is the generic "Could not create ... record" the docs show.
ERR_BUSINESS = "BL01001973"
# [unverified] the fake's choice for a query it cannot run (bad syntax, bad page size, resultId).
ERR_QUERY = "DL02000001"

MSG_BAD_SENDER = "Incorrect Intacct XML Partner ID or password."
MSG_BAD_LOGIN = "Sign-in information is incorrect"
MSG_INVALID_SESSION = "Invalid session"
MSG_ROLLBACK = "The entire transaction in this operation has been rolled back due to an error."
MSG_RATE_LIMIT = "Rate limit exceeded"
