"""Adobe Commerce REST (and the GraphQL it needs) client, for PaaS and SaaS instances.

The public surface is re-exported here; modules whose names start with an underscore are private.
"""

from commerce_sdk._exceptions import (
    APIError,
    AuthenticationError,
    BadRequestError,
    CommerceError,
    ConfigurationError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
    TransportError,
    WebhookVerificationError,
)

__all__ = [
    "APIError",
    "AuthenticationError",
    "BadRequestError",
    "CommerceError",
    "ConfigurationError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "ServerError",
    "TransportError",
    "WebhookVerificationError",
]
