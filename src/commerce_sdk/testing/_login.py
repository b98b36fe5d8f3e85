"""Token endpoints: `POST /V1/integration/admin/token` and `POST /V1/integration/customer/token`.

Both take `{"username", "password"}` and answer a JSON string token; admin tokens last 4 h,
customer tokens 1 h. With two-factor auth on (the default of 2.4+ stores), the admin endpoint
refuses with Magento's 2FA message (research/commerce.md section 2.3).
"""

from __future__ import annotations

import hmac
from collections.abc import Mapping
from typing import Any

from commerce_sdk.testing import _responses as msg
from commerce_sdk.testing._responses import Reply, fail, json_reply
from commerce_sdk.testing._store import Store
from commerce_sdk.testing._tokens import TokenRegistry

__all__ = ["handle_admin_token", "handle_customer_token"]


def _credentials(body: Any) -> tuple[str, str]:
    if not isinstance(body, Mapping):
        raise fail(400, msg.MSG_REQUIRED, {"fieldName": "username"})
    for name in ("username", "password"):
        if not isinstance(body.get(name), str) or not body[name]:
            raise fail(400, msg.MSG_REQUIRED, {"fieldName": name})
    return body["username"], body["password"]


def _password_ok(given: str, expected: str | None) -> bool:
    return expected is not None and hmac.compare_digest(given.encode(), expected.encode())


def handle_admin_token(
    body: Any,
    *,
    users: Mapping[str, str],
    two_factor: bool,
    tokens: TokenRegistry,
    lifetime: float,
) -> Reply:
    """Issue an admin token for a known admin user."""
    username, password = _credentials(body)
    if not _password_ok(password, users.get(username)):
        raise fail(401, msg.MSG_SIGN_IN)
    if two_factor:
        raise fail(401, msg.MSG_TWO_FACTOR)
    return json_reply(200, tokens.issue("admin", username, lifetime).value)


def handle_customer_token(
    body: Any,
    *,
    store: Store,
    passwords: Mapping[str, str],
    tokens: TokenRegistry,
    lifetime: float,
) -> Reply:
    """Issue a customer token for a customer with a known password."""
    email, password = _credentials(body)
    customer = find_customer(store, email)
    if customer is None or not _password_ok(password, passwords.get(email.lower())):
        raise fail(401, msg.MSG_SIGN_IN)
    return json_reply(200, tokens.issue("customer", str(customer["id"]), lifetime).value)


def find_customer(store: Store, email: str) -> dict[str, Any] | None:
    """The customer with this email (case-insensitive), or None."""
    for customer in store.all("customer"):
        if str(customer.get("email", "")).lower() == email.lower():
            return dict(customer)
    return None
