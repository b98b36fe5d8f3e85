from __future__ import annotations

import pytest

from bridge.cli import EXIT_OK, EXIT_UNREACHABLE, EXIT_USAGE

from .conftest import EXAMPLE_MAPPING, Sandbox


def test_ping_checks_the_session_every_mapped_gl_account_and_one_order(sandbox: Sandbox) -> None:
    code, out = sandbox.run("ping")
    assert code == EXIT_OK, out
    assert "Intacct: session OK" in out
    for account in ("4000", "4100", "2200", "4900", "4950", "4960", "2400", "4050"):
        assert f"GL {account}: active" in out  # by_sku and by_attribute accounts too
    assert "Commerce: paas instance" in out
    assert "one order read" in out
    orders_reads = [r for r in sandbox.commerce.requests if "/V1/orders" in r.path]
    assert len(orders_reads) == 1
    assert "searchCriteria%5BpageSize%5D=1" in orders_reads[0].query


def test_ping_names_an_inactive_gl_account_and_exits_2(sandbox: Sandbox) -> None:
    sandbox.intacct.add_gl_account("4970", "Old refund fees", status="inactive")
    mapping = sandbox.dir / "mapping.toml"
    text = EXAMPLE_MAPPING.read_text(encoding="utf-8")
    mapping.write_text(text.replace('= "4960"', '= "4970"'), encoding="utf-8")
    sandbox.write_config(mapping=mapping)
    code, out = sandbox.run("ping")
    assert code == EXIT_USAGE
    assert "GL 4970: MISSING OR INACTIVE" in out
    assert "4970" in out.splitlines()[-1]


@pytest.mark.parametrize("variable", ["INTACCT_USER_PASSWORD", "COMMERCE_ACCESS_TOKEN_SECRET"])
def test_ping_exits_3_when_a_system_refuses_the_credentials(
    sandbox: Sandbox,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    variable: str,
) -> None:
    monkeypatch.setenv(variable, "wrong-secret")
    code, _ = sandbox.run("ping")
    assert code == EXIT_UNREACHABLE
    err = capsys.readouterr().err
    assert "AuthenticationError" in err
    assert "wrong-secret" not in err
