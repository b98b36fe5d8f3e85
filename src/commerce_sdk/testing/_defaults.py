"""Every default of the fake Commerce instance, in one place.

Credentials here are well-known test values: they only ever open the in-memory fake.
"""

from __future__ import annotations

from typing import Final

PAAS_BASE_URL: Final = "https://shop.example.test"
SAAS_TENANT: Final = "FakeTenant01"
SAAS_BASE_URL: Final = f"https://na1-sandbox.api.commerce.adobe.com/{SAAS_TENANT}"
IMS_TOKEN_URL: Final = "https://ims-na1.adobelogin.com/ims/token/v3"  # noqa: S105 - a URL
IMS_TOKEN_PATH: Final = "/ims/token/v3"  # noqa: S105 - a path

CONSUMER_KEY: Final = "fake-consumer-key-0000000000000000"
CONSUMER_SECRET: Final = "fake-consumer-secret-000000000000"  # noqa: S105 - test credential
ACCESS_TOKEN: Final = "fake-access-token-00000000000000000"  # noqa: S105 - test credential
ACCESS_TOKEN_SECRET: Final = "fake-access-token-secret-00000000"  # noqa: S105 - test credential
#: Magento numbers its OAuth consumers; error messages name the id (research section 2.1).
CONSUMER_ID: Final = 1

IMS_CLIENT_ID: Final = "fake-ims-client-id"
IMS_CLIENT_SECRET: Final = "fake-ims-client-secret"  # noqa: S105 - test credential
#: IMS answers with ~24 h (research/commerce.md section 3).
IMS_EXPIRES_IN: Final = 86399
IMS_REQUIRED_SCOPE: Final = "commerce.accs"

ADMIN_USERS: Final = {"admin": "Admin123!"}
#: `oauth/access_token_lifetime/admin` is 4 h, customer tokens 1 h (research section 2.3).
ADMIN_TOKEN_LIFETIME: Final = 4 * 3600.0
CUSTOMER_TOKEN_LIFETIME: Final = 3600.0

#: Magento's `TIME_DEVIATION`: a timestamp more than 600 s ahead is refused (research 2.1).
OAUTH_TIME_DEVIATION: Final = 600

STORE_CODES: Final = ("default", "all")
GRAPHQL_PAGE_SIZE: Final = 20
