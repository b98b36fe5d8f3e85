from __future__ import annotations

import pytest

from bridge import MappingError
from bridge.mapping import (
    MatchKind,
    company_to_vendor,
    customer_to_vendor,
    guest_vendor_id,
    is_ready,
    match_vendor,
    order_to_vendor,
    skip_reason,
    vendor_id_for_company,
    vendor_id_for_customer,
    vendor_id_for_order,
    vendor_to_company_update,
    vendor_to_customer_update,
)
from commerce_sdk.models import Company, Customer, Order
from intacct_sdk.models import Address, Contact, Vendor

from .conftest import load, make_config

CUSTOMER = Customer.from_api(load("customer.json"))
COMPANY = Company.from_api(load("company.json"))
GUEST = Order.from_api(load("order_guest.json"))
B2B = Order.from_api(load("order_b2b_eur.json"))


def vendor(vendor_id: str | None, email: str | None = None, **contact) -> Vendor:
    return Vendor(
        name=contact.pop("name", "Someone"),
        vendor_id=vendor_id,
        display_contact=Contact(email1=email, **contact),
    )


def intacct_vendor() -> Vendor:
    return Vendor(
        name="Northwind Trading",
        vendor_id="B-3",
        tax_id="US-11-1111111",
        display_contact=Contact(
            first_name="Ana",
            last_name="Ruiz-Lopez",
            email1="finance@northwind.example",
            phone1="555-0200",
            mail_address=Address(
                address1="2 Side St", city="Dallas", zip="75201", country_code="US"
            ),
        ),
    )


def test_customer_becomes_a_vendor_with_contact_and_billing_address(config) -> None:
    mapped = customer_to_vendor(CUSTOMER, config)
    result = mapped.vendor
    assert (result.vendor_id, result.name, result.status) == ("C-7", "Ana Ruiz", "active")
    contact = result.display_contact
    assert contact is not None
    assert (contact.email1, contact.phone1, contact.company_name) == (
        "buyer@northwind.example",
        "555-0100",
        "Northwind",
    )
    assert contact.mail_address == Address(
        address1="1 Main St",
        address2="Unit 2",
        city="Austin",
        state="TX",
        zip="78701",
        country_code="US",
    )
    assert mapped.control_id == "cm-customer-7-vendor"


def test_company_becomes_a_vendor_with_tax_id_and_status(config) -> None:
    mapped = company_to_vendor(COMPANY, config)
    result = mapped.vendor
    assert (result.vendor_id, result.name, result.tax_id, result.status) == (
        "B-3",
        "Northwind",
        "US-98-7654321",
        "active",
    )
    assert result.display_contact is not None
    assert result.display_contact.company_name == "Northwind Traders LLC"
    assert result.display_contact.email1 == "ap@northwind.example"
    assert mapped.control_id == "cm-company-3-vendor"


def test_blocked_company_becomes_an_inactive_vendor(config) -> None:
    blocked = Company.from_api({**load("company.json"), "status": 3})
    assert company_to_vendor(blocked, config).vendor.status == "inactive"


def test_guest_vendor_id_is_stable_per_email_whatever_the_case_and_spaces(config) -> None:
    assert guest_vendor_id(" Guest@Example.COM ", config) == guest_vendor_id(
        "guest@example.com", config
    )
    # A literal value: the id must not depend on the process (no hash() randomisation).
    assert guest_vendor_id("guest@example.com", config) == "G-513935C4D2DB"
    mapped = order_to_vendor(GUEST, config)
    assert mapped.vendor.vendor_id == "G-513935C4D2DB"
    assert mapped.vendor.name == "Gus Guest"
    assert mapped.control_id == "cm-guest-G-513935C4D2DB-vendor"


def test_customer_without_email_cannot_become_a_vendor(config) -> None:
    nameless = Customer.from_api({**load("customer.json"), "email": ""})
    with pytest.raises(MappingError) as caught:
        customer_to_vendor(nameless, config)
    assert caught.value.field == "email"


def test_vendor_name_is_clipped_with_a_warning() -> None:
    config = make_config(text_limits={"vendor_name": 5})
    mapped = company_to_vendor(COMPANY, config)
    assert mapped.vendor.name == "North"
    assert any(w.field == "company_name" and w.original_length == 9 for w in mapped.warnings)


def test_customer_update_keeps_everything_and_writes_only_intacct_owned_fields() -> None:
    config = make_config(vendors={"ownership": {"name": "intacct", "phone": "intacct"}})
    payload = vendor_to_customer_update(intacct_vendor(), CUSTOMER, config)
    body = payload["customer"]
    raw = load("customer.json")
    assert body["lastname"] == "Ruiz-Lopez"
    assert body["email"] == raw["email"]  # e-mail stays Commerce-owned
    assert body["addresses"][1]["telephone"] == "555-0200"  # the default billing address
    assert body["addresses"][0] == raw["addresses"][0]
    assert body["extension_attributes"] == raw["extension_attributes"]
    assert body["disable_auto_group_change"] == 0
    assert body["taxvat"] == "US-11-1111111"  # tax_id is Intacct-owned by default
    assert body["custom_attributes"] == [
        {"attribute_code": "loyalty_tier", "value": "gold"},
        {"attribute_code": "erp_vendor_number", "value": "B-3"},
    ]


def test_customer_update_never_changes_the_model_it_started_from(config) -> None:
    vendor_to_customer_update(intacct_vendor(), CUSTOMER, config)
    assert dict(CUSTOMER.raw) == load("customer.json")


def test_company_update_replaces_the_vendor_attribute_and_owned_address() -> None:
    config = make_config(
        vendors={"ownership": {"address": "intacct"}, "vendor_id_attribute": "erp_vendor_number"}
    )
    body = vendor_to_company_update(intacct_vendor(), COMPANY, config)["company"]
    assert body["custom_attributes"] == [{"attribute_code": "erp_vendor_number", "value": "B-3"}]
    assert (body["street"], body["city"], body["postcode"]) == (["2 Side St"], "Dallas", "75201")
    assert body["company_name"] == "Northwind"  # name stays Commerce-owned
    assert body["vat_tax_id"] == "US-11-1111111"
    assert body["super_user_id"] == 7
    assert body["extension_attributes"] == load("company.json")["extension_attributes"]


def test_update_without_the_payload_as_read_is_refused(config) -> None:
    bare = Company(id=3, company_name="Northwind")
    with pytest.raises(MappingError) as caught:
        vendor_to_company_update(intacct_vendor(), bare, config)
    assert caught.value.field == "raw"


def test_vendor_ids_follow_the_prefix_scheme(config) -> None:
    assert vendor_id_for_customer(CUSTOMER, config) == "C-7"
    assert vendor_id_for_company(COMPANY, config) == "B-3"
    assert vendor_id_for_order(B2B, config) == "B-3"
    per_buyer = make_config(vendors={"b2b_vendor": "customer"})
    assert vendor_id_for_order(B2B, per_buyer) == "C-7"


def _by_email_domain(subject):
    email = getattr(subject, "customer_email", None) or getattr(subject, "email", None)
    return f"X-{email.split('@')[1][:10]}" if email else None


def test_custom_vendor_id_function_wins_and_none_falls_back() -> None:
    config = make_config(vendors={"id_function": f"{__name__}:_by_email_domain"})
    assert vendor_id_for_order(B2B, config) == "X-northwind."
    assert vendor_id_for_company(COMPANY, config) == "B-3"


def test_guest_orders_follow_the_guest_policy(config) -> None:
    assert vendor_id_for_order(GUEST, config) is None
    single = make_config(vendors={"guest_policy": "single_vendor", "guest_vendor_id": "WEB"})
    assert vendor_id_for_order(GUEST, single) == "WEB"
    skip = make_config(vendors={"guest_policy": "skip"})
    assert skip_reason(GUEST, skip) == "guest order and vendors.guest_policy is skip"
    assert skip_reason(GUEST, config) is None


def test_guest_order_without_email_is_a_mapping_error(config) -> None:
    anonymous = Order.from_api({**load("order_guest.json"), "customer_email": "  "})
    with pytest.raises(MappingError) as caught:
        vendor_id_for_order(anonymous, config)
    assert caught.value.field == "customer_email"


def test_only_configured_states_are_ready(config) -> None:
    assert is_ready(GUEST, config)
    pending = Order.from_api({**load("order_guest.json"), "state": "pending_payment"})
    assert not is_ready(pending, config)
    assert skip_reason(pending, config) == "state 'pending_payment' is not in bills.ready_states"


def test_match_by_vendor_id_first() -> None:
    by_id = vendor("C-7", "a@b.example")
    result = match_vendor(
        [by_id], [vendor("X", "a@b.example")], vendor_id="C-7", email="a@b.example"
    )
    assert (result.kind, result.vendor) == (MatchKind.MATCH, by_id)


def test_match_by_email_is_case_insensitive_and_trimmed() -> None:
    found = vendor("G-1", "  Guest@Example.com")
    result = match_vendor([], [found], vendor_id=None, email="guest@EXAMPLE.com ")
    assert (result.kind, result.vendor) == (MatchKind.MATCH, found)


def test_two_vendors_sharing_the_email_are_ambiguous_never_guessed() -> None:
    result = match_vendor(
        {},
        [vendor("V2", "a@b.example"), vendor("V1", "A@B.example")],
        vendor_id=None,
        email="a@b.example",
    )
    assert result.kind is MatchKind.AMBIGUOUS
    assert result.vendor is None
    assert result.candidates == ("V1", "V2")


def test_the_same_vendor_returned_twice_is_one_match() -> None:
    same = vendor("V1", "a@b.example")
    result = match_vendor([], [same, same], vendor_id="C-9", email="a@b.example")
    assert result.kind is MatchKind.MATCH


def test_no_vendor_means_create_and_a_looser_lookup_is_rechecked() -> None:
    result = match_vendor(
        [vendor("OTHER")], [vendor("V1", "ab@b.example")], vendor_id="C-9", email="a@b.example"
    )
    assert result.kind is MatchKind.CREATE
    assert match_vendor([], [], vendor_id=None, email=None).kind is MatchKind.CREATE
