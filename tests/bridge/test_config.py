from __future__ import annotations

import pytest

from bridge import ConfigError, MappingConfig, MappingError
from bridge._config import Dimensions

from .conftest import EXAMPLE_TOML


def _vendor_id_by_email(subject):
    return None


def test_the_example_toml_loads_and_round_trips_through_to_dict() -> None:
    config = MappingConfig.from_toml(EXAMPLE_TOML)
    assert config.accounts.by_sku["GIFT-CARD"] == "2400"
    assert config.company.timezone == "America/Chicago"
    assert config.purchase_orders.item_ids["TEE-RED-M"] == "TEE01"
    assert MappingConfig.from_dict(config.to_dict()) == config


def test_defaults_build_a_valid_config_without_any_account() -> None:
    config = MappingConfig()
    assert config.accounts.products is None
    assert config.vendors.vendor_id_attribute == "erp_vendor_number"
    assert config.bills.ready_states == ("processing", "complete")


def test_store_dimensions_fall_through_store_then_website_then_default() -> None:
    config = MappingConfig.from_toml(EXAMPLE_TOML)
    assert config.dimensions.for_store(3) == Dimensions(location_id="EU", department_id="ECOM-DE")
    assert config.dimensions.for_store(2) == Dimensions(location_id="EU", department_id="ECOM")
    assert config.dimensions.for_store(1) == Dimensions(location_id="HQ", department_id="ECOM")
    assert config.dimensions.for_store(None).location_id == "HQ"


@pytest.mark.parametrize(
    ("data", "field", "value"),
    [
        ({"company": {"timezone": "Mars/Olympus"}}, "company.timezone", "Mars/Olympus"),
        ({"company": {"base_currency": "usd"}}, "company.base_currency", "usd"),
        ({"company": {"control_id_prefix": "c m"}}, "company.control_id_prefix", "c m"),
        ({"bills": {"source": "shipment"}}, "bills.source", "shipment"),
        ({"bills": {"due_days": -1}}, "bills.due_days", -1),
        ({"bills": {"refund_sign": "up"}}, "bills.refund_sign", "up"),
        ({"vendors": {"guest_policy": "guess"}}, "vendors.guest_policy", "guess"),
        ({"vendors": {"ownership": {"name": "both"}}}, "vendors.ownership.name", "both"),
        (
            {"vendors": {"ownership": {"shoe_size": "intacct"}}},
            "vendors.ownership.shoe_size",
            "intacct",
        ),
        ({"accounts": {"products": ""}}, "accounts.products", ""),
        ({"accounts": {"colour": "4000"}}, "accounts.colour", "4000"),
        ({"dimensions": {"by_store": {"main": {}}}}, "dimensions.by_store", "main"),
        ({"text_limits": {"vendor_name": 0}}, "text_limits.vendor_name", 0),
        ({"text_limits": {"nickname": 10}}, "text_limits.nickname", 10),
        ({"ledger": {}}, "ledger", {}),
        (
            {"dimensions": {"by_store": {"1": {"location_id": ""}}}},
            "dimensions.by_store.1.location_id",
            "",
        ),
        (
            {"accounts": {"by_attribute": [{"attribute": "a", "value": "b", "account": ""}]}},
            "accounts.by_attribute[0].account",
            "",
        ),
        ({"bills": {"ready_states": "processing"}}, "bills.ready_states", "processing"),
        ({"accounts": {"by_sku": "4000"}}, "accounts.by_sku", "4000"),
        ({"company": {"use_order_rate": "yes"}}, "company.use_order_rate", "yes"),
        ({"vendors": {"ownership": "intacct"}}, "vendors.ownership", "intacct"),
        (
            {"vendors": {"id_function": "nowhere.module:fn"}},
            "vendors.id_function",
            "nowhere.module:fn",
        ),
    ],
)
def test_a_bad_option_raises_config_error_naming_field_and_value(data, field, value) -> None:
    with pytest.raises(ConfigError) as caught:
        MappingConfig.from_dict(data)
    assert caught.value.field == field
    assert caught.value.value == value
    assert field in str(caught.value)


def test_single_vendor_guest_policy_requires_the_vendor_id() -> None:
    with pytest.raises(ConfigError, match=r"vendors\.guest_vendor_id"):
        MappingConfig.from_dict({"vendors": {"guest_policy": "single_vendor"}})


def test_fixed_default_item_requires_the_item_id() -> None:
    with pytest.raises(ConfigError, match=r"purchase_orders\.default_item_id"):
        MappingConfig.from_dict({"purchase_orders": {"default_item": "fixed"}})


def test_config_error_is_not_a_mapping_error_so_per_record_handlers_do_not_swallow_it() -> None:
    assert not issubclass(ConfigError, MappingError)
    assert issubclass(ConfigError, ValueError)


def test_id_function_is_imported_from_a_dotted_name_and_written_back_the_same_way() -> None:
    name = f"{__name__}:_vendor_id_by_email"
    config = MappingConfig.from_dict({"vendors": {"id_function": name}})
    assert config.vendors.id_function is _vendor_id_by_email
    assert config.to_dict()["vendors"]["id_function"] == name


def test_invalid_toml_is_a_config_error(tmp_path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text("[accounts\nproducts = 1")
    with pytest.raises(ConfigError, match="not valid TOML"):
        MappingConfig.from_toml(path)


def test_config_is_frozen() -> None:
    config = MappingConfig()
    with pytest.raises(AttributeError):
        config.bills = config.bills  # type: ignore[misc]


def test_the_docs_show_the_example_toml_verbatim() -> None:
    docs = (EXAMPLE_TOML.parents[1] / "docs" / "mapping.md").read_text()
    block = docs.split("```toml\n", 1)[1].split("```", 1)[0]
    assert block == EXAMPLE_TOML.read_text()
