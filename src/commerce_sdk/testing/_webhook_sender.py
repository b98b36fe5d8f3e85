"""`WebhookSender`: signs webhook deliveries of all three shapes, for tests and the demo.

It plays Adobe Commerce (Webhooks module, research/commerce.md section 7a), Adobe I/O Events
(section 7b) and a custom HMAC sender (section 7c, the scheme of
`commerce_sdk.webhooks.HMACVerifier`), with key pairs generated on construction unless given.
Configure verifiers from its public halves: `commerce_public_key_pem`, `io_public_key_pems` /
`public_key_fetcher`, `hmac_secret`.

Bodies are compact JSON with non-ASCII kept as UTF-8, so tests exercise raw-byte signing.
"""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any, Literal, NamedTuple

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from commerce_sdk._http import AsyncClient, Client, Response, httpx
from commerce_sdk.webhooks._hmac import hmac_signature

__all__ = ["Delivery", "WebhookSender"]

_IO_PREFIX = "com.adobe.commerce."
_DEFAULT_KEY_PATHS = ("/prod/keys/pub-key-fake-1.pem", "/prod/keys/pub-key-fake-2.pem")


class Delivery(NamedTuple):
    """One signed delivery: unpacks as `headers, body`."""

    headers: dict[str, str]
    body: bytes


def _private_key(value: rsa.RSAPrivateKey | str | bytes | None, size: int) -> rsa.RSAPrivateKey:
    if value is None:
        return rsa.generate_private_key(public_exponent=65537, key_size=size)
    if isinstance(value, rsa.RSAPrivateKey):
        return value
    data = value.encode("ascii") if isinstance(value, str) else value
    key = serialization.load_pem_private_key(data, password=None)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise TypeError(f"expected an RSA private key, got {type(key).__name__}")
    return key


def _public_pem(key: rsa.RSAPrivateKey) -> str:
    return (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode("ascii")
    )


def _rsa_sign(key: rsa.RSAPrivateKey, message: bytes) -> str:
    signature = key.sign(message, padding.PKCS1v15(), hashes.SHA256())
    return base64.b64encode(signature).decode("ascii")


def _dump(payload: Any) -> bytes:
    if isinstance(payload, bytes):
        return payload
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


class WebhookSender:
    """Builds signed deliveries and posts them to a URL, an httpx transport, or a WSGI/ASGI app.

    Args:
        commerce_private_key: the Commerce webhooks key pair (generated when None).
        io_private_keys: the two I/O Events key pairs (generated when None).
        io_key_paths: the paths the I/O deliveries name for those keys.
        client_id: the I/O Events `recipient_client_id` put on deliveries.
        hmac_secret: the shared secret for `hmac()` deliveries.
        legacy_client_secret: when set, I/O deliveries also carry the legacy `x-adobe-signature`.
        key_size: RSA size for generated keys.
        clock: the time for I/O `time` fields and HMAC timestamps (tests inject one).
    """

    def __init__(
        self,
        *,
        commerce_private_key: rsa.RSAPrivateKey | str | bytes | None = None,
        io_private_keys: tuple[rsa.RSAPrivateKey | str | bytes, rsa.RSAPrivateKey | str | bytes]
        | None = None,
        io_key_paths: tuple[str, str] = _DEFAULT_KEY_PATHS,
        client_id: str = "fake-io-client-id",
        hmac_secret: str = "fake-webhook-secret",  # noqa: S107 - a test fixture value
        legacy_client_secret: str | None = None,
        key_size: int = 2048,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self._commerce_key = _private_key(commerce_private_key, key_size)
        given = io_private_keys or (None, None)
        self._io_keys = (_private_key(given[0], key_size), _private_key(given[1], key_size))
        self.io_key_paths = io_key_paths
        self.client_id = client_id
        self._hmac_secret = hmac_secret
        self._legacy_secret = legacy_client_secret
        self._clock = clock or (lambda: datetime.now(UTC))
        self.commerce_public_key_pem = _public_pem(self._commerce_key)
        self.io_public_key_pems = (_public_pem(self._io_keys[0]), _public_pem(self._io_keys[1]))

    def __repr__(self) -> str:
        return f"WebhookSender(client_id={self.client_id!r}, io_key_paths={self.io_key_paths!r})"

    @property
    def hmac_secret(self) -> str:
        """The shared secret `hmac()` signs with (to configure an `HMACVerifier`)."""
        return self._hmac_secret

    def public_key_fetcher(self, path: str) -> str:
        """A key fetcher for `IOEventsVerifier(key_fetcher=...)`: the PEM at one of our paths."""
        for known, pem in zip(self.io_key_paths, self.io_public_key_pems, strict=True):
            if path == known:
                return pem
        raise LookupError(f"no public key at {path!r}")

    # Deliveries ---------------------------------------------------------------------------

    def commerce_webhook(
        self,
        event_name: str,
        data: Mapping[str, Any],
        *,
        request_id: str | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> Delivery:
        """A Commerce webhooks call for a hook (`observer.x`, bare `x`, or `plugin.y`).

        Observer hooks send `{"eventName": "<event without observer.>", "data": data}`
        (research 7a); plugin hooks send `{"data": data}` (receivers pass `event_type=`).
        The signature is RSA-SHA256 over base64(body) in `x-adobe-commerce-webhook-signature`.
        """
        name = event_name.strip()
        if name.startswith("plugin."):
            payload: dict[str, Any] = {"data": dict(data)}
        else:
            payload = {"eventName": name.removeprefix("observer."), "data": dict(data)}
        body = _dump(payload)
        headers = {
            "content-type": "application/json",
            "x-adobe-commerce-request-id": request_id or str(uuid.uuid4()),
            "x-adobe-commerce-webhook-signature": _rsa_sign(
                self._commerce_key, base64.b64encode(body)
            ),
            **dict(extra_headers or {}),
        }
        return Delivery(headers, body)

    def io_event(
        self,
        event_code: str,
        data: Mapping[str, Any],
        *,
        client_id: str | None = None,
        event_id: str | None = None,
        key: str | None = None,
        break_signature: Literal[1, 2] | None = None,
    ) -> Delivery:
        """An Adobe I/O Events delivery: CloudEvents envelope with `data.value = data`.

        `event_code` may omit the `com.adobe.commerce.` prefix. Both digital signatures and key
        paths are set; `break_signature=1` or `2` makes that one sign other bytes.
        """
        code = event_code if event_code.startswith(_IO_PREFIX) else _IO_PREFIX + event_code
        event_id = event_id or str(uuid.uuid4())
        payload = {
            "specversion": "1.0",
            "id": str(uuid.uuid4()),
            "source": "urn:uuid:fake-provider",
            "type": code,
            "datacontenttype": "application/json",
            "time": self._clock().astimezone(UTC).isoformat().replace("+00:00", "Z"),
            "event_id": event_id,
            "recipient_client_id": client_id or self.client_id,
            "data": {
                "key": key or str(uuid.uuid4()),
                "value": dict(data),
                "source": "fake.commerce",
                "_metadata": {"commerceEdition": "Adobe Commerce", "storeId": "1"},
            },
        }
        body = _dump(payload)
        signatures = []
        for number, private in enumerate(self._io_keys, start=1):
            # A broken signature is a real signature over other bytes: well-formed, but wrong.
            signed = body + b" " if number == break_signature else body
            signatures.append(_rsa_sign(private, signed))
        headers = {
            "content-type": "application/json",
            "x-adobe-event-code": code,
            "x-adobe-event-id": event_id,
            "x-adobe-provider": "fake-provider",
            "x-adobe-delivery-id": str(uuid.uuid4()),
            "x-adobe-digital-signature-1": signatures[0],
            "x-adobe-digital-signature-2": signatures[1],
            "x-adobe-public-key1-path": self.io_key_paths[0],
            "x-adobe-public-key2-path": self.io_key_paths[1],
        }
        if self._legacy_secret is not None:
            headers["x-adobe-signature"] = hmac_signature(self._legacy_secret, body)
        return Delivery(headers, body)

    def hmac(
        self,
        payload: Mapping[str, Any] | bytes,
        *,
        secret: str | None = None,
        header: str = "x-signature",
        encoding: Literal["base64", "hex"] = "base64",
        prefix: str | None = None,
        timestamp_header: str | None = None,
        timestamp: int | None = None,
    ) -> Delivery:
        """A custom HMAC-SHA256 delivery (the `HMACVerifier` scheme); with `timestamp_header`
        the signed message is `f"{timestamp}.".encode() + body` (timestamp defaults to now)."""
        body = _dump(payload)
        headers = {"content-type": "application/json"}
        stamp: str | None = None
        if timestamp_header is not None:
            stamp = str(timestamp if timestamp is not None else int(self._clock().timestamp()))
            headers[timestamp_header] = stamp
        headers[header] = hmac_signature(
            secret or self._hmac_secret, body, encoding=encoding, prefix=prefix, timestamp=stamp
        )
        return Delivery(headers, body)

    # Sending ------------------------------------------------------------------------------

    def post(
        self,
        delivery: Delivery,
        url: str = "http://testserver/webhooks",
        *,
        client: Client | None = None,
        transport: httpx.BaseTransport | None = None,
        wsgi_app: Any = None,
    ) -> Response:
        """POST `delivery` through `client`, an httpx `transport`, a WSGI app, or the network."""
        if client is not None:
            return client.post(url, content=delivery.body, headers=delivery.headers)
        if wsgi_app is not None:
            transport = httpx.WSGITransport(app=wsgi_app)
        with Client(transport=transport) as own:
            return own.post(url, content=delivery.body, headers=delivery.headers)

    async def apost(
        self,
        delivery: Delivery,
        url: str = "http://testserver/webhooks",
        *,
        client: AsyncClient | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        asgi_app: Any = None,
    ) -> Response:
        """Async `post`: through `client`, an async `transport`, an ASGI app, or the network."""
        if client is not None:
            return await client.post(url, content=delivery.body, headers=delivery.headers)
        if asgi_app is not None:
            transport = httpx.ASGITransport(app=asgi_app)
        async with AsyncClient(transport=transport) as own:
            return await own.post(url, content=delivery.body, headers=delivery.headers)
