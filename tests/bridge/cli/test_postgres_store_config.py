from __future__ import annotations

import pytest

from bridge.cli import EXIT_UNREACHABLE, EXIT_USAGE

from .conftest import Sandbox

pytest.importorskip("psycopg")


def _pg_config(sandbox: Sandbox, store: str) -> None:
    sandbox.config.write_text(
        f'mapping_file = "{sandbox.dir / "m.toml"}"\n\n[store]\n{store}\n', encoding="utf-8"
    )
    (sandbox.dir / "m.toml").write_text("", encoding="utf-8")


def test_a_dsn_env_that_is_not_set_is_exit_2_naming_it(
    sandbox: Sandbox, capsys: pytest.CaptureFixture[str]
) -> None:
    _pg_config(sandbox, 'dsn_env = "BRIDGE_PG_DSN"')
    code, _ = sandbox.run("status")
    assert code == EXIT_USAGE
    assert "BRIDGE_PG_DSN" in capsys.readouterr().err


def test_a_bad_schema_name_is_exit_2(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("BRIDGE_PG_DSN", "postgresql://bridge@127.0.0.1:1/bridge")
    _pg_config(sandbox, 'dsn_env = "BRIDGE_PG_DSN"\nschema = "Bridge; DROP"')
    code, _ = sandbox.run("status")
    assert code == EXIT_USAGE
    assert "schema" in capsys.readouterr().err


def test_an_unreachable_database_is_exit_3_without_the_password(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(
        "BRIDGE_PG_DSN", "postgresql://bridge:pg-secret-pw@127.0.0.1:1/bridge?connect_timeout=2"
    )
    _pg_config(sandbox, 'dsn_env = "BRIDGE_PG_DSN"')
    code, _ = sandbox.run("status")
    assert code == EXIT_UNREACHABLE
    err = capsys.readouterr().err
    assert "PostgreSQL store" in err
    assert "pg-secret-pw" not in err


def test_path_and_dsn_env_together_are_refused(
    sandbox: Sandbox, capsys: pytest.CaptureFixture[str]
) -> None:
    _pg_config(sandbox, 'dsn_env = "BRIDGE_PG_DSN"\npath = "x.sqlite3"')
    code, _ = sandbox.run("status")
    assert code == EXIT_USAGE
    assert "not both" in capsys.readouterr().err
