"""The error tree (drawn in `commerce_sdk._exceptions`); also re-exported at top level."""

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
from commerce_sdk.models import ModelParseError

__all__ = [
    "APIError",
    "AuthenticationError",
    "BadRequestError",
    "CommerceError",
    "ConfigurationError",
    "GraphQLError",
    "ModelParseError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "ServerError",
    "TransportError",
    "WebhookVerificationError",
]
