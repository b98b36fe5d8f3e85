"""Adobe Commerce REST (and the GraphQL it needs) client, for PaaS and SaaS instances.

The public surface is re-exported here; modules whose names start with an underscore are private.
"""

from commerce_sdk._async_client import AsyncCommerceClient
from commerce_sdk._auth import AdminToken, BearerToken, IMSCredentials, OAuth1
from commerce_sdk._auth.ims import DEFAULT_SCOPES
from commerce_sdk._client import CommerceClient
from commerce_sdk._env import CompanyUser
from commerce_sdk._exceptions import (
    APIError,
    AuthenticationError,
    BadRequestError,
    CommerceError,
    ConfigurationError,
    GraphQLError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
    TransportError,
    WebhookVerificationError,
)
from commerce_sdk._flavor import Flavor, detect_flavor, normalize_base_url
from commerce_sdk._search import Condition, Filter, FilterGroup, SearchCriteria, SortOrder

__all__ = [
    "DEFAULT_SCOPES",
    "APIError",
    "AdminToken",
    "AsyncCommerceClient",
    "AuthenticationError",
    "BadRequestError",
    "BearerToken",
    "CommerceClient",
    "CommerceError",
    "CompanyUser",
    "Condition",
    "ConfigurationError",
    "Filter",
    "FilterGroup",
    "Flavor",
    "GraphQLError",
    "IMSCredentials",
    "NotFoundError",
    "OAuth1",
    "PermissionDeniedError",
    "RateLimitError",
    "SearchCriteria",
    "ServerError",
    "SortOrder",
    "TransportError",
    "WebhookVerificationError",
    "detect_flavor",
    "normalize_base_url",
]
