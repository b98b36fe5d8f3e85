"""Every error the Adobe Commerce SDK raises.

::

    CommerceError
    ├── ConfigurationError          wrong or missing settings, found before any request
    ├── TransportError              network failure or timeout: no HTTP response
    ├── APIError                    an HTTP error response (.status_code, .message, .parameters)
    │   ├── BadRequestError         400
    │   ├── AuthenticationError     401 (bad signature, consumer not authorised, expired token)
    │   ├── PermissionDeniedError   403
    │   ├── NotFoundError           404
    │   ├── RateLimitError          429 (.retry_after)
    │   ├── ServerError             5xx (HTML maintenance pages included)
    │   └── GraphQLError            a GraphQL answer carrying `errors` (.errors; HTTP 200 usually)
    └── WebhookVerificationError    a webhook whose signature or recipient does not check out

Messages never carry tokens, secrets or signatures.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

__all__ = [
    "APIError",
    "AuthenticationError",
    "BadRequestError",
    "CommerceError",
    "ConfigurationError",
    "GraphQLError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "ServerError",
    "TransportError",
    "WebhookVerificationError",
]


class CommerceError(Exception):
    """Root of every error raised by `commerce_sdk`."""


class ConfigurationError(CommerceError, ValueError):
    """The client was configured in a way that cannot work (for example OAuth 1.0a on SaaS)."""


class TransportError(CommerceError):
    """No HTTP response: connection refused or reset, DNS failure, timeout."""


class APIError(CommerceError):
    """An HTTP error response from Commerce.

    `message` is Magento's message with its `%1` / `%name` placeholders filled from `parameters`.
    """

    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        parameters: Sequence[Any] | Mapping[str, Any] | None = None,
        body: Any = None,
    ) -> None:
        super().__init__(f"HTTP {status_code}: {message}")
        self.message = message
        self.status_code = status_code
        self.parameters = parameters
        #: The decoded JSON body, or the text of a non-JSON body (truncated).
        self.body = body


class BadRequestError(APIError):
    """400: the request did not validate."""


class AuthenticationError(APIError):
    """401: bad or expired credentials, a bad signature, or a consumer not authorised."""


class PermissionDeniedError(APIError):
    """403: the credentials are valid but not allowed (SaaS: wrong org or product profile)."""


class NotFoundError(APIError):
    """404: no such route or entity."""


class RateLimitError(APIError):
    """429: too many requests; `retry_after` holds the server's wait in seconds when it sent one."""

    def __init__(
        self,
        message: str,
        *,
        status_code: int = 429,
        parameters: Sequence[Any] | Mapping[str, Any] | None = None,
        body: Any = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message, status_code=status_code, parameters=parameters, body=body)
        self.retry_after = retry_after


class ServerError(APIError):
    """5xx: a server error or maintenance mode."""


class GraphQLError(APIError):
    """A GraphQL response with `errors`; `errors` keeps them as sent, `category` the first one's.

    `category` is Magento's `extensions.category`, e.g. `graphql-authorization` for a missing or
    expired customer token.
    """

    def __init__(
        self,
        message: str,
        *,
        status_code: int = 200,
        errors: Sequence[Mapping[str, Any]] = (),
        category: str | None = None,
        body: Any = None,
    ) -> None:
        super().__init__(message, status_code=status_code, body=body)
        self.errors = tuple(errors)
        self.category = category


class WebhookVerificationError(CommerceError):
    """A webhook failed verification; `reason` says which check failed."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(f"{reason}: {message}")
        #: A short machine-readable reason: missing_header, bad_encoding, bad_signature,
        #: wrong_recipient, stale, malformed_body, bad_key_path, key_unavailable,
        #: body_too_large, unsupported_media_type (see `commerce_sdk.webhooks.Reason`).
        self.reason = reason
