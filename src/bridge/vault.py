"""`CredentialVault`: Intacct and Commerce credentials and cached sessions, encrypted at rest.

The whole vault (entry names included) is one Fernet token (AES-128-CBC + HMAC-SHA256, from
`cryptography`), so the file on disk holds no secret and no name in clear. The key comes from an
environment variable or from a key file that only its owner can read (0600). Writes go to a
temporary file in the same directory (created 0600), are fsynced, then atomically renamed over the
vault, so a crash leaves the old vault or the new one, never half of either; writers in several
processes take turns on an exclusive `flock` of `<vault>.lock`.

Typical entries: `"intacct"` (sender id/password, company, user, password) and
`"intacct.session"` (session id, endpoint, expiry); `"commerce"` (OAuth 1.0a consumer/access
tokens, or IMS client id/secret) and `"commerce.token"` (access token, expiry).
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import tempfile
import threading
from collections.abc import Iterator, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: the thread lock still serialises this process
    fcntl = None  # type: ignore[assignment]

DEFAULT_KEY_ENV = "BRIDGE_VAULT_KEY"
"""The environment variable `CredentialVault.from_env` reads the key from."""

_FORMAT_VERSION = 1
_DATETIME_TAG = "$datetime"


class VaultError(Exception):
    """Base class of the vault's errors."""


class VaultKeyError(VaultError):
    """The key is missing, malformed, or not the key this vault was written with."""


class VaultPermissionError(VaultError):
    """A key file is readable by other users than its owner."""


class VaultEntryNotFoundError(VaultError, KeyError):
    """No entry of that name in the vault."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class SecretDict(dict[str, Any]):
    """A plain dict whose repr shows its keys only (values are credentials)."""

    def __repr__(self) -> str:
        return f"SecretDict(keys={sorted(self)!r})"

    __str__ = __repr__


def _fernet(key: bytes | str) -> Fernet:
    raw = key.encode("ascii") if isinstance(key, str) else key
    try:
        return Fernet(raw.strip())
    except (ValueError, TypeError) as exc:
        raise VaultKeyError(
            "the vault key is malformed: expected 32 url-safe base64-encoded bytes, as made by "
            "CredentialVault.generate_key()"
        ) from exc


def _encode(value: Any, where: str) -> Any:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError(f"{where} must be a timezone-aware datetime, got a naive one")
        return {_DATETIME_TAG: value.isoformat()}
    if isinstance(value, Mapping):
        return {str(k): _encode(v, f"{where}.{k}") for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_encode(v, f"{where}[{i}]") for i, v in enumerate(value)]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"{where} must be JSON-like (str, number, bool, None, list, dict, datetime)")


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        if set(value) == {_DATETIME_TAG}:
            return datetime.fromisoformat(value[_DATETIME_TAG])
        return {k: _decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value


class CredentialVault:
    """Named credential sets, encrypted at rest with Fernet.

    Args:
        path: the vault file (created on the first `put`).
        key: a Fernet key (`CredentialVault.generate_key()`); never stored, never shown.

    Example:
        ```python
        vault = CredentialVault.from_env("var/vault.bin")   # key in BRIDGE_VAULT_KEY
        vault.put("intacct.session", {"session_id": sid, "endpoint": url, "expires_at": when})
        creds = vault.get("intacct")
        ```
    """

    def __init__(self, path: str | os.PathLike[str], *, key: bytes | str) -> None:
        self._path = Path(path)
        self._fernet = _fernet(key)
        self._lock = threading.Lock()
        self._lock_path = self._path.with_name(self._path.name + ".lock")

    def __repr__(self) -> str:
        return f"CredentialVault(path={str(self._path)!r})"

    @property
    def path(self) -> Path:
        """The vault file."""
        return self._path

    @staticmethod
    def generate_key() -> str:
        """A new random key (url-safe base64 text); keep it out of the repository."""
        return Fernet.generate_key().decode("ascii")

    @classmethod
    def from_env(cls, path: str | os.PathLike[str], env: str = DEFAULT_KEY_ENV) -> CredentialVault:
        """Open a vault with the key held in environment variable `env`."""
        key = os.environ.get(env)
        if not key:
            raise VaultKeyError(
                f"environment variable {env} is not set; put a key made by "
                "CredentialVault.generate_key() in it"
            )
        return cls(path, key=key)

    @classmethod
    def from_key_file(
        cls, path: str | os.PathLike[str], key_file: str | os.PathLike[str]
    ) -> CredentialVault:
        """Open a vault with the key in `key_file` (refused if group or others may read it)."""
        key_path = Path(key_file)
        try:
            mode = key_path.stat().st_mode
        except FileNotFoundError as exc:
            raise VaultKeyError(f"key file {str(key_path)!r} does not exist") from exc
        if mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise VaultPermissionError(
                f"key file {str(key_path)!r} has permissions {stat.S_IMODE(mode):04o}; it must be "
                f"readable by its owner only: chmod 600 {key_path}"
            )
        return cls(path, key=key_path.read_bytes())

    # -- entries ---------------------------------------------------------------------------
    def put(self, name: str, mapping: Mapping[str, Any]) -> None:
        """Store (or replace) the entry `name`; values are JSON-like or aware datetimes."""
        if not isinstance(name, str) or not name:
            raise ValueError(f"name must be a non-empty string, got {name!r}")
        encoded = _encode(mapping, name)
        with self._writing():
            entries = self._load()
            entries[name] = encoded
            self._save(entries)

    def get(self, name: str) -> SecretDict:
        """The entry `name` (a dict whose repr hides its values)."""
        with self._lock:
            entries = self._load()
        if name not in entries:
            raise VaultEntryNotFoundError(f"no vault entry named {name!r}")
        return SecretDict(_decode(entries[name]))

    def delete(self, name: str) -> bool:
        """Remove the entry `name`; False when there was none."""
        with self._writing():
            entries = self._load()
            if entries.pop(name, None) is None:
                return False
            self._save(entries)
        return True

    def names(self) -> list[str]:
        """The entry names, sorted."""
        with self._lock:
            return sorted(self._load())

    def rekey(self, new_key: bytes | str) -> None:
        """Re-encrypt the vault with `new_key` (rotate a key); the old key stops working."""
        new = _fernet(new_key)
        with self._writing():
            entries = self._load()
            self._fernet = new
            self._save(entries)

    # -- file ------------------------------------------------------------------------------
    @contextlib.contextmanager
    def _writing(self) -> Iterator[None]:
        # Read-modify-write under a thread lock and, across processes (several workers caching
        # sessions), an exclusive flock on a sibling lock file, so no update is lost.
        with self._lock:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self._lock_path, os.O_RDWR | os.O_CREAT, 0o600)
            try:
                if fcntl is not None:
                    fcntl.flock(fd, fcntl.LOCK_EX)
                yield
            finally:
                os.close(fd)  # closing the descriptor releases the flock

    def _load(self) -> dict[str, Any]:
        try:
            token = self._path.read_bytes()
        except FileNotFoundError:
            return {}
        try:
            clear = self._fernet.decrypt(token)
        except InvalidToken as exc:
            raise VaultKeyError(
                f"the vault {str(self._path)!r} cannot be decrypted with this key (a wrong key, "
                "or the file was altered)"
            ) from exc
        document = json.loads(clear)
        if document.get("version") != _FORMAT_VERSION:
            raise VaultError(f"unknown vault format version {document.get('version')!r}")
        entries: dict[str, Any] = document["entries"]
        return entries

    def _save(self, entries: Mapping[str, Any]) -> None:
        clear = json.dumps({"version": _FORMAT_VERSION, "entries": entries}).encode("utf-8")
        token = self._fernet.encrypt(clear)
        self._path.parent.mkdir(parents=True, exist_ok=True)
        # mkstemp creates the file 0600 (O_EXCL), so no other user can ever open it.
        fd, tmp = tempfile.mkstemp(prefix=".vault-", dir=self._path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(token)
                handle.flush()
                os.fsync(handle.fileno())
            Path(tmp).replace(self._path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                Path(tmp).unlink()
            raise
        _fsync_dir(self._path.parent)


def _fsync_dir(directory: Path) -> None:
    # The rename is durable only once the directory entry is flushed (POSIX; not on Windows).
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
