"""CredentialVault: round trips, nothing in clear on disk, wrong keys, key files, 0600 writes."""

from __future__ import annotations

import os
import stat
from datetime import UTC, datetime

import pytest

from bridge.vault import (
    CredentialVault,
    SecretDict,
    VaultEntryNotFoundError,
    VaultError,
    VaultKeyError,
    VaultPermissionError,
)

INTACCT = {
    "sender_id": "acme_sender",
    "sender_password": "s3nder-P@ss",
    "company_id": "ACME",
    "user_id": "bridge",
    "user_password": "us3r-P@ss",
}
SESSION = {
    "session_id": "SESSION-abcdef0123456789",
    "endpoint": "https://api.intacct.com/ia/xml/xmlgw.phtml",
    "expires_at": datetime(2026, 3, 1, 13, 0, tzinfo=UTC),
}
OAUTH1 = {
    "consumer_key": "ck-111",
    "consumer_secret": "cs-222",
    "access_token": "at-333",
    "access_token_secret": "ats-444",
}


@pytest.fixture
def key() -> str:
    return CredentialVault.generate_key()


@pytest.fixture
def vault(tmp_path, key) -> CredentialVault:
    return CredentialVault(tmp_path / "vault.bin", key=key)


def test_entries_round_trip_including_aware_datetimes(vault):
    vault.put("intacct", INTACCT)
    vault.put("intacct.session", SESSION)
    vault.put("commerce", {"kind": "oauth1", **OAUTH1})
    assert vault.get("intacct") == INTACCT
    assert vault.get("intacct.session") == SESSION
    assert vault.names() == ["commerce", "intacct", "intacct.session"]


def test_a_new_vault_object_with_the_same_key_reads_what_was_written(vault, key):
    vault.put("commerce.token", {"access_token": "tok", "expires_at": SESSION["expires_at"]})
    again = CredentialVault(vault.path, key=key)
    assert again.get("commerce.token")["access_token"] == "tok"


def test_the_file_on_disk_contains_no_secret_and_no_name_in_clear(vault):
    vault.put("intacct", INTACCT)
    vault.put("intacct.session", SESSION)
    vault.put("commerce", OAUTH1)
    raw = vault.path.read_bytes()
    needles = [*INTACCT.values(), str(SESSION["session_id"]), *OAUTH1.values(), "intacct"]
    for needle in [*needles, "commerce"]:
        assert needle.encode() not in raw


def test_the_vault_file_is_written_owner_only(vault):
    vault.put("intacct", INTACCT)
    assert stat.S_IMODE(vault.path.stat().st_mode) == 0o600
    leftovers = [p.name for p in vault.path.parent.iterdir() if p.name.startswith(".vault-")]
    assert leftovers == []  # the temporary file was renamed over the vault


def test_a_wrong_key_is_a_clear_vault_key_error(vault):
    vault.put("intacct", INTACCT)
    other = CredentialVault(vault.path, key=CredentialVault.generate_key())
    with pytest.raises(VaultKeyError, match="cannot be decrypted with this key"):
        other.get("intacct")


def test_a_tampered_file_is_refused(vault):
    vault.put("intacct", INTACCT)
    data = bytearray(vault.path.read_bytes())
    data[40] ^= 1
    vault.path.write_bytes(bytes(data))
    with pytest.raises(VaultKeyError):
        vault.names()


def test_a_malformed_key_is_refused_without_echoing_it(tmp_path):
    with pytest.raises(VaultKeyError, match="malformed") as info:
        CredentialVault(tmp_path / "v", key="not-a-key-hunter2")
    assert "hunter2" not in str(info.value)


def test_a_missing_entry_is_a_key_error_naming_it(vault):
    with pytest.raises(VaultEntryNotFoundError, match="'nope'"):
        vault.get("nope")
    with pytest.raises(KeyError):
        vault.get("nope")


def test_delete_removes_an_entry(vault):
    vault.put("a", {"x": 1})
    assert vault.delete("a")
    assert not vault.delete("a")
    assert vault.names() == []


def test_reprs_never_show_values_or_the_key(vault, key):
    vault.put("intacct", INTACCT)
    creds = vault.get("intacct")
    assert isinstance(creds, SecretDict)
    for text in (repr(vault), repr(creds), str(creds)):
        assert "P@ss" not in text
        assert key not in text
    assert "sender_password" in repr(creds)


def test_values_must_be_json_like_and_datetimes_aware(vault):
    with pytest.raises(TypeError, match=r"intacct\.blob"):
        vault.put("intacct", {"blob": object()})
    with pytest.raises(ValueError, match="expires_at"):
        vault.put("s", {"expires_at": datetime(2026, 1, 1)})  # noqa: DTZ001


def test_from_env_reads_the_key_and_says_which_variable_is_missing(tmp_path, key, monkeypatch):
    monkeypatch.setenv("BRIDGE_VAULT_KEY", key)
    CredentialVault.from_env(tmp_path / "v").put("a", {"x": 1})
    assert CredentialVault(tmp_path / "v", key=key).get("a") == {"x": 1}
    monkeypatch.delenv("BRIDGE_VAULT_KEY")
    with pytest.raises(VaultKeyError, match="BRIDGE_VAULT_KEY"):
        CredentialVault.from_env(tmp_path / "v")


def test_from_key_file_accepts_an_owner_only_key_file(tmp_path, key):
    key_file = tmp_path / "vault.key"
    key_file.write_text(key + "\n")
    key_file.chmod(0o600)
    CredentialVault.from_key_file(tmp_path / "v", key_file).put("a", {"x": 1})
    assert CredentialVault(tmp_path / "v", key=key).get("a") == {"x": 1}


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604, 0o660])
def test_from_key_file_refuses_a_key_file_others_can_read(tmp_path, key, mode):
    key_file = tmp_path / "vault.key"
    key_file.write_text(key)
    key_file.chmod(mode)
    with pytest.raises(VaultPermissionError, match="chmod 600"):
        CredentialVault.from_key_file(tmp_path / "v", key_file)


def test_from_key_file_with_a_missing_file_names_it(tmp_path):
    with pytest.raises(VaultKeyError, match="nokey"):
        CredentialVault.from_key_file(tmp_path / "v", tmp_path / "nokey")


def test_rekey_rotates_the_key(vault, key):
    vault.put("a", {"x": 1})
    new_key = CredentialVault.generate_key()
    vault.rekey(new_key)
    assert CredentialVault(vault.path, key=new_key).get("a") == {"x": 1}
    with pytest.raises(VaultKeyError):
        CredentialVault(vault.path, key=key).get("a")


def test_concurrent_writers_on_one_file_lose_no_entry(tmp_path, key):
    import threading

    def writer(prefix: str) -> None:
        vault = CredentialVault(tmp_path / "vault.bin", key=key)  # its own object, like a process
        for i in range(15):
            vault.put(f"{prefix}{i}", {"i": i})

    threads = [threading.Thread(target=writer, args=(p,)) for p in "abc"]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    names = CredentialVault(tmp_path / "vault.bin", key=key).names()
    assert len(names) == 45


def test_every_vault_error_is_a_vault_error():
    assert issubclass(VaultKeyError, VaultError)
    assert issubclass(VaultPermissionError, VaultError)
    assert os.environ.get("BRIDGE_VAULT_KEY_UNUSED") is None
