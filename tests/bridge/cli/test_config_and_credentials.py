from __future__ import annotations

import pytest

from bridge.cli import EXIT_OK, EXIT_UNREACHABLE, EXIT_USAGE, main
from bridge.vault import CredentialVault

from .conftest import Sandbox


def _err(capsys: pytest.CaptureFixture[str]) -> str:
    return capsys.readouterr().err


def test_a_missing_config_file_is_exit_2_naming_the_file(
    sandbox: Sandbox, capsys: pytest.CaptureFixture[str]
) -> None:
    sandbox.config.unlink()
    code, _ = sandbox.run("sync")
    assert code == EXIT_USAGE
    assert "config file not found" in _err(capsys)


@pytest.mark.parametrize(
    ("extra", "named"),
    [
        ("[sync]\nbatch_size = 0\n", "batch_size"),
        ("[sync]\nbatch_sise = 10\n", "batch_sise"),
        ("[schedule]\ninterval_minutes = -5\n", "interval"),
        ("[schedule]\ndaily_at = ['25:00']\n", "25:00"),
        ("[intacct]\nuser_password = 'x'\n", "INTACCT_USER_PASSWORD"),
        ("[commerce]\nconsumer_secret = 'x'\n", "COMMERCE_CONSUMER_SECRET"),
        ("[commerce]\nbase_ur = 'x'\n", "base_ur"),
        ("[stor]\npath = 'x'\n", "stor"),
    ],
)
def test_a_bad_config_value_is_exit_2_and_named(
    sandbox: Sandbox, capsys: pytest.CaptureFixture[str], extra: str, named: str
) -> None:
    sandbox.write_config(extra)
    code, _ = sandbox.run("sync")
    assert code == EXIT_USAGE
    assert named in _err(capsys)


def test_a_bad_mapping_value_is_exit_2_and_named(
    sandbox: Sandbox, capsys: pytest.CaptureFixture[str]
) -> None:
    sandbox.config.write_text("[mapping.bills]\nsource = 'receipt'\n", encoding="utf-8")
    code, _ = sandbox.run("ping")
    assert code == EXIT_USAGE
    err = _err(capsys)
    assert "bills.source" in err
    assert "receipt" in err


def test_a_missing_credential_variable_is_exit_2_naming_it(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("INTACCT_SENDER_ID")
    code, _ = sandbox.run("sync")
    assert code == EXIT_USAGE
    assert "INTACCT_SENDER_ID" in _err(capsys)


def test_usage_errors_from_argparse_are_exit_2_not_an_exception(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["sync", "--stream", "nope"]) == EXIT_USAGE
    assert main(["--help"]) == EXIT_OK
    capsys.readouterr()


def test_non_secret_settings_may_come_from_the_file(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("INTACCT_COMPANY_ID")
    sandbox.write_config(f"[intacct]\ncompany_id = '{sandbox.env['INTACCT_COMPANY_ID']}'\n")
    code, out = sandbox.run("ping")
    assert code == EXIT_OK, out


def _secrets_into_vault(sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch, key: str) -> None:
    vault = CredentialVault(sandbox.dir / "vault.bin", key=key)
    for system in ("intacct", "commerce"):
        prefix = f"{system.upper()}_"
        entry = {
            k[len(prefix) :].lower(): v for k, v in sandbox.env.items() if k.startswith(prefix)
        }
        vault.put(system, entry)
        for name in entry:
            monkeypatch.delenv(prefix + name.upper())
    sandbox.write_config('[vault]\npath = "vault.bin"\n')


def test_credentials_come_from_the_vault_end_to_end(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = CredentialVault.generate_key()
    _secrets_into_vault(sandbox, monkeypatch, key)
    monkeypatch.setenv("BRIDGE_VAULT_KEY", key)
    code, out = sandbox.run("sync", "--stream", "customers", "--stream", "orders")
    assert code == EXIT_OK, out
    assert sandbox.intacct.records("APBILL")
    assert b"consumer" not in (sandbox.dir / "vault.bin").read_bytes()


def test_a_wrong_vault_key_is_a_clear_exit_3(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _secrets_into_vault(sandbox, monkeypatch, CredentialVault.generate_key())
    wrong = CredentialVault.generate_key()
    monkeypatch.setenv("BRIDGE_VAULT_KEY", wrong)
    code, _ = sandbox.run("sync")
    assert code == EXIT_UNREACHABLE
    err = _err(capsys)
    assert "cannot be decrypted with this key" in err
    assert wrong not in err


def test_a_vault_without_its_key_variable_is_exit_2(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _secrets_into_vault(sandbox, monkeypatch, CredentialVault.generate_key())
    code, _ = sandbox.run("sync")
    assert code == EXIT_USAGE
    assert "BRIDGE_VAULT_KEY" in _err(capsys)


def test_the_intacct_session_is_cached_in_the_vault_and_reused_by_the_next_run(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = CredentialVault.generate_key()
    _secrets_into_vault(sandbox, monkeypatch, key)
    monkeypatch.setenv("BRIDGE_VAULT_KEY", key)
    assert sandbox.run("sync", "--stream", "orders")[0] == EXIT_OK
    logins = sandbox.intacct.counters.sessions_created
    vault = CredentialVault.from_env(sandbox.dir / "vault.bin")
    cached = vault.get("intacct_session")
    assert cached["endpoint"].startswith("https://")
    assert cached["session_id"].encode() not in (sandbox.dir / "vault.bin").read_bytes()
    requests = sandbox.intacct.counters.requests
    # vendors_to_commerce always asks Intacct what changed: the run needs a session.
    assert sandbox.run("sync", "--stream", "vendors_to_commerce")[0] == EXIT_OK
    assert sandbox.intacct.counters.requests > requests
    assert sandbox.intacct.counters.sessions_created == logins  # no new login


def test_an_expired_cached_session_costs_one_login_not_a_failure(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = CredentialVault.generate_key()
    _secrets_into_vault(sandbox, monkeypatch, key)
    monkeypatch.setenv("BRIDGE_VAULT_KEY", key)
    assert sandbox.run("sync", "--stream", "orders")[0] == EXIT_OK
    sandbox.intacct.expire_sessions()
    logins = sandbox.intacct.counters.sessions_created
    code, out = sandbox.run("sync", "--stream", "vendors_to_commerce")
    assert code == EXIT_OK, out
    assert sandbox.intacct.counters.sessions_created == logins + 1
