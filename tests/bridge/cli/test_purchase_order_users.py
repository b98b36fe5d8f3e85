from __future__ import annotations

import pytest

from bridge.cli import EXIT_OK, EXIT_USAGE

from .conftest import Sandbox


def _one_user_per_company(sandbox: Sandbox) -> dict[int, str]:
    users: dict[int, str] = {}
    for customer in sandbox.commerce.store.all("customer"):
        company = (customer.get("extension_attributes") or {}).get("company_attributes") or {}
        if company.get("company_id") and customer.get("email"):
            users.setdefault(int(company["company_id"]), str(customer["email"]))
    return users


def _table(users: dict[int, str]) -> str:
    lines = "\n".join(f'{company_id} = "{email}"' for company_id, email in users.items())
    return f"[purchase_order_users]\n{lines}\n"


def test_each_company_purchase_orders_are_read_with_its_own_user(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    users = _one_user_per_company(sandbox)
    assert len(users) > 1
    for company_id, email in users.items():
        sandbox.commerce.set_password(email, f"pw-{company_id}")
        monkeypatch.setenv(f"COMMERCE_COMPANY_{company_id}_PASSWORD", f"pw-{company_id}")
    sandbox.write_config(_table(users))
    code, out = sandbox.run("sync", "--stream", "companies", "--stream", "purchase_orders")
    assert code == EXIT_OK, out
    vendors = {d["CUSTVENDID"] for d in sandbox.intacct.records("PODOCUMENT")}
    expected = {f"B-{po['company_id']}" for po in sandbox.commerce.store.all("purchase_order")}
    assert vendors == expected


def test_a_missing_password_is_a_usage_error_naming_the_variable(
    sandbox: Sandbox, capsys: pytest.CaptureFixture[str]
) -> None:
    users = _one_user_per_company(sandbox)
    sandbox.write_config(_table(users))
    code, _ = sandbox.run("sync")
    assert code == EXIT_USAGE
    first = min(users)
    assert f"COMMERCE_COMPANY_{first}_PASSWORD" in capsys.readouterr().err


@pytest.mark.parametrize("line", ['abc = "x@example.com"', '3 = "not an email"'])
def test_bad_entries_are_refused_with_their_key(sandbox: Sandbox, line: str) -> None:
    sandbox.write_config(f"[purchase_order_users]\n{line}\n")
    code, _ = sandbox.run("sync")
    assert code == EXIT_USAGE
