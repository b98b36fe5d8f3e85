"""Adobe I/O Events public keys: path checks, fetching from the configured origin, a TTL cache.

research/commerce.md section 7b: each delivery names its keys by path
(`x-adobe-public-key1-path`, `-2-path`); the receiver fetches `https://static.adobeioevents.com`
+ path and caches the PEM (adobe/aio-lib-events caches 24 hours). The path comes from an unverified
request, so only a plain absolute path is accepted: no scheme, host, `..`, query, fragment,
backslash or percent-escape can steer the fetch to another origin or file.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from datetime import datetime, timedelta

import attrs
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey

from commerce_sdk._exceptions import ConfigurationError
from commerce_sdk._http import Client
from commerce_sdk.webhooks._base import Clock, Reason, fail, load_public_key, utc_now
from commerce_sdk.webhooks._constants import DEFAULT_KEY_CACHE_TTL, DEFAULT_KEY_FETCH_TIMEOUT

__all__ = ["HttpKeyFetcher", "KeyCache", "KeyFetcher", "check_key_path"]

#: Returns the PEM for a path on the configured origin; raise anything on failure.
KeyFetcher = Callable[[str], str | bytes]

_PLAIN_PATH = re.compile(r"^(/[A-Za-z0-9_.~-]+)+$")
_MAX_PATH = 512


def check_key_path(path: str, *, header: str) -> str:
    """Return `path` if it is a plain absolute path; otherwise a bad_key_path error."""
    segments = path.split("/")[1:]
    if (
        len(path) > _MAX_PATH
        or not _PLAIN_PATH.fullmatch(path)
        or any(segment in {".", ".."} for segment in segments)
    ):
        raise fail(Reason.BAD_KEY_PATH, f"header {header!r} is not a plain path on the key origin")
    return path


@attrs.frozen(kw_only=True)
class HttpKeyFetcher:
    """Fetches a PEM over HTTPS from `origin` + path (the default I/O Events key fetcher).

    Pass `http_client` to reuse a client (proxies, custom TLS); otherwise one is made per fetch,
    which is rare thanks to the cache.
    """

    origin: str
    timeout: float = DEFAULT_KEY_FETCH_TIMEOUT
    http_client: Client | None = attrs.field(default=None, repr=False)

    def __call__(self, path: str) -> bytes:
        """GET origin + path and return the body; raises on a non-2xx status."""
        url = self.origin.rstrip("/") + path
        if self.http_client is not None:
            response = self.http_client.get(url, timeout=self.timeout)
        else:
            with Client(timeout=self.timeout, follow_redirects=False) as client:
                response = client.get(url)
        response.raise_for_status()
        return response.content


@attrs.define
class _Entry:
    key: RSAPublicKey
    expires_at: datetime


class KeyCache:
    """Public keys by path, each kept for `ttl`; thread-safe; fetch failures are not cached."""

    def __init__(
        self, fetcher: KeyFetcher, *, ttl: timedelta = DEFAULT_KEY_CACHE_TTL, clock: Clock | None
    ) -> None:
        if ttl <= timedelta(0):
            raise ConfigurationError(f"key_cache_ttl: must be positive, got {ttl!r}")
        self._fetcher = fetcher
        self._ttl = ttl
        self._clock = clock or utc_now
        self._entries: dict[str, _Entry] = {}
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"KeyCache(ttl={self._ttl!r}, cached={len(self._entries)})"

    def get(self, path: str) -> RSAPublicKey:
        """The key at `path`, fetched when absent or expired; key_unavailable when that fails."""
        now = self._clock()
        with self._lock:
            entry = self._entries.get(path)
            if entry is not None and entry.expires_at > now:
                return entry.key
        try:
            pem = self._fetcher(path)
            key = load_public_key(pem, field=f"public key at {path}")
        except Exception as exc:  # the fetcher is user code: any failure means "no key"
            raise fail(
                Reason.KEY_UNAVAILABLE,
                f"could not load the public key at {path!r}: {type(exc).__name__}",
            ) from exc
        with self._lock:
            self._entries[path] = _Entry(key=key, expires_at=now + self._ttl)
        return key
