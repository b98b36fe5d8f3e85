from datetime import date
from decimal import Decimal

import pytest

from intacct_sdk.models import APBill, APBillLine, GLAccount, Vendor


def test_money_refuses_float() -> None:
    with pytest.raises(TypeError, match="float"):
        APBillLine(account_no="4000", trx_amount=1.1)  # type: ignore[arg-type]


def test_bill_total_is_the_sum_of_its_lines() -> None:
    bill = APBill(
        vendor_id="V1",
        when_created=date(2026, 3, 1),
        lines=[
            APBillLine(account_no="4000", trx_amount="10.10"),
            APBillLine(account_no="4100", trx_amount=Decimal("0.20")),
        ],
    )
    assert bill.total == Decimal("10.30")
    assert isinstance(bill.lines, tuple)


def test_models_are_immutable_including_custom_fields() -> None:
    vendor = Vendor(name="Acme", custom_fields={"COMMERCE_ID": "7"})
    with pytest.raises(TypeError):
        vendor.custom_fields["COMMERCE_ID"] = "8"  # type: ignore[index]


def test_gl_account_active_check_is_case_insensitive() -> None:
    assert GLAccount(account_no="4000", status="Active").is_active
    assert not GLAccount(account_no="4000", status="inactive").is_active
