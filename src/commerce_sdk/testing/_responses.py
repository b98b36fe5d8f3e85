"""What the fake answers, as plain values, and Magento's error messages.

Error bodies follow Magento's shape `{"message": "...%1 / %name...", "parameters": [...] | {...}}`
(research/commerce.md section 6). The signature, not-authorised, nonce, signature-method, 2FA,
"no such entity" and "Too Many Requests" texts are the ones research sections 2, 4 and 6 quote;
the others (timestamp, unknown store, sign-in, route) follow Magento's phrasing but were not
checked against a live 2.4 instance.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any, Final

import attrs

__all__ = ["FakeHTTPError", "Reply", "error_reply", "html_reply", "json_reply"]

MSG_SIGNATURE_INVALID: Final = "The signature is invalid. Verify and try again."
MSG_NOT_AUTHORIZED: Final = "The consumer isn't authorized to access %resources."
MSG_NONCE_USED: Final = "The nonce is already being used by the consumer with ID %1"
MSG_TIMESTAMP_INVALID: Final = "The timestamp is invalid. Verify and try again."
MSG_TIMESTAMP_FUTURE: Final = "The timestamp is too far in the future. Verify and try again."
MSG_CONSUMER_UNKNOWN: Final = "A consumer having the specified key does not exist"
MSG_TOKEN_UNKNOWN: Final = "Specified token does not exist"  # noqa: S105 - a message
MSG_SIGNATURE_METHOD: Final = "Signature method %1 is not supported"
MSG_OAUTH_VERSION: Final = "OAuth version %1 is not supported"
MSG_REQUIRED: Final = '"%fieldName" is required. Enter and try again.'
MSG_NO_ROUTE: Final = "Request does not match any route."
MSG_NO_ENTITY: Final = (
    "The entity that was requested doesn't exist. Verify the entity and try again."
)
MSG_NO_SUCH_ENTITY: Final = "No such entity with %fieldName = %fieldValue"
MSG_BAD_TYPE: Final = (
    'The "%value" value\'s type is invalid. The "%type" type was expected. Verify and try again.'
)
MSG_SIGN_IN: Final = (
    "The account sign-in was incorrect or your account is disabled temporarily. "
    "Please wait and try again later."
)
MSG_TWO_FACTOR: Final = "Please use the 2fa provider-specific endpoints to obtain a token."
MSG_STORE_UNKNOWN: Final = (
    "The store that was requested wasn't found. Verify the store and try again."
)
MSG_BAD_JSON: Final = "Decoding error: Syntax error"
MSG_TOO_MANY: Final = "Too Many Requests"
#: The Adobe API gateway in front of SaaS answers in its own shape.
SAAS_BAD_TOKEN: Final = {"error_code": "401013", "message": "Oauth token is not valid"}
SAAS_BAD_API_KEY: Final = {"error_code": "403003", "message": "Api Key is invalid"}

MAINTENANCE_HTML: Final = (
    "<!doctype html><html><head><title>Service Unavailable</title></head><body>"
    "<h1>Service Temporarily Unavailable</h1><p>The server is temporarily unable to service your "
    "request due to maintenance downtime. Please try again later.</p></body></html>"
)


@attrs.frozen(kw_only=True)
class Reply:
    """One HTTP answer: status, headers and body bytes.

    `drop` means the connection closes without any response; `delay` is how long the shell waits
    (latency) before answering.
    """

    status: int
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = ()
    drop: bool = False
    delay: float = 0.0

    def json(self) -> Any:
        """The body decoded as JSON (a helper for tests and logs)."""
        return json.loads(self.body)


class FakeHTTPError(Exception):
    """Raised inside a handler to end the request with an error reply."""

    def __init__(self, reply: Reply) -> None:
        super().__init__(reply.status)
        self.reply = reply


def json_reply(status: int, payload: Any, headers: Sequence[tuple[str, str]] = ()) -> Reply:
    """A JSON answer."""
    body = json.dumps(payload, separators=(",", ":")).encode()
    return Reply(
        status=status,
        body=body,
        headers=(("content-type", "application/json; charset=utf-8"), *headers),
    )


def error_reply(
    status: int,
    message: str,
    parameters: Sequence[Any] | Mapping[str, Any] | None = None,
    headers: Sequence[tuple[str, str]] = (),
) -> Reply:
    """A Magento error body; `parameters` is a list (`%1`) or an object (`%name`)."""
    payload: dict[str, Any] = {"message": message}
    if parameters is not None:
        payload["parameters"] = list(parameters) if isinstance(parameters, tuple) else parameters
    return json_reply(status, payload, headers)


def html_reply(status: int, html: str, headers: Sequence[tuple[str, str]] = ()) -> Reply:
    """An HTML answer, as proxies and maintenance mode give."""
    return Reply(
        status=status,
        body=html.encode(),
        headers=(("content-type", "text/html; charset=utf-8"), *headers),
    )


def fail(
    status: int, message: str, parameters: Sequence[Any] | Mapping[str, Any] | None = None
) -> FakeHTTPError:
    """An exception carrying a Magento error reply (`raise fail(404, ...)`)."""
    return FakeHTTPError(error_reply(status, message, parameters))
