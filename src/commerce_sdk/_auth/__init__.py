"""Authentication strategies, each an `httpx.Auth` (research/commerce.md sections 2 and 3)."""

from commerce_sdk._auth.ims import IMSCredentials
from commerce_sdk._auth.oauth1 import OAuth1
from commerce_sdk._auth.tokens import AdminToken, BearerToken

__all__ = ["AdminToken", "BearerToken", "IMSCredentials", "OAuth1"]
