"""The defensive redaction pass over JSON the store keeps."""

from __future__ import annotations

import pytest

from bridge.stores import redact
from bridge.stores._redact import REDACTED, is_secret_key


@pytest.mark.parametrize(
    "key",
    [
        "password",
        "user_password",
        "sessionId",
        "session-id",
        "access_token",
        "consumer_secret",
        "x-adobe-commerce-webhook-signature",
        "Authorization",
        "Cookie",
        "api_key",
        "accountnumber",
        "taxid",
    ],
)
def test_secret_named_keys_are_recognised(key):
    assert is_secret_key(key)


@pytest.mark.parametrize("key", ["vendor_id", "control_id", "status", "entity_id", "total"])
def test_ordinary_keys_are_kept(key):
    assert not is_secret_key(key)


def test_redact_walks_nested_mappings_and_lists_without_mutating_the_input():
    value = {"login": {"password": "p"}, "items": [{"token": "t", "sku": "A"}], "n": 1}
    assert redact(value) == {
        "login": {"password": REDACTED},
        "items": [{"token": REDACTED, "sku": "A"}],
        "n": 1,
    }
    assert value["login"] == {"password": "p"}


def test_a_secret_key_holding_a_structure_is_redacted_whole():
    assert redact({"authorization": {"scheme": "Bearer", "value": "x"}}) == {
        "authorization": REDACTED
    }
