"""Validators and converters of `MappingConfig`: each bad value is a `ConfigError` naming it."""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs

from bridge._errors import ConfigError

#: A custom vendor id scheme: gets the Commerce Order, Customer or Company, returns a VENDORID
#: (or None to fall back to the prefix scheme).
VendorIdFunction = Callable[[Any], "str | None"]


CURRENCY = re.compile(r"^[A-Z]{3}$")

SAFE = re.compile(r"^[A-Za-z0-9._:-]+$")


def name(instance: Any, attribute: attrs.Attribute[Any]) -> str:
    return f"{type(instance).SECTION}.{attribute.name}"


def opt_text(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise ConfigError(name(instance, attribute), value, "expected a non-empty string or none")


def text(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, str):
        raise ConfigError(name(instance, attribute), value, "expected a string")


def choice(*choices: str) -> Callable[[Any, attrs.Attribute[Any], Any], None]:
    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value not in choices:
            raise ConfigError(name(instance, attribute), value, f"expected one of {choices}")

    return check


def str_map(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    for key, item in value.items():
        if not isinstance(key, str) or not isinstance(item, str) or not item.strip():
            raise ConfigError(
                f"{name(instance, attribute)}.{key}", item, "expected text keys and values"
            )


def to_mapping(field: str, value: Any) -> Mapping[Any, Any]:
    """A read-only copy of a table; anything else is a `ConfigError` naming `field`."""
    if value is None:
        return MappingProxyType({})
    if not isinstance(value, Mapping):
        raise ConfigError(field, value, "expected a table")
    return MappingProxyType(dict(value))


def to_tuple(field: str, value: Any) -> tuple[Any, ...]:
    """A tuple of a list; a bare string (which would become its characters) is refused."""
    if isinstance(value, str | bytes | Mapping) or not hasattr(value, "__iter__"):
        raise ConfigError(field, value, "expected a list")
    return tuple(value)


def conv_accounts_by_sku(value: Any) -> Mapping[Any, Any]:
    return to_mapping("accounts.by_sku", value)


def boolean(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, bool):
        raise ConfigError(name(instance, attribute), value, "expected true or false")


def int_map(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    for key, item in value.items():
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in (key, item)):
            raise ConfigError(f"{name(instance, attribute)}.{key}", item, "expected int ids")


def resolve_function(value: Any) -> VendorIdFunction | None:
    # A TOML file names the function as "package.module:function"; importing it is the only
    # I/O here and happens once, when the config is built.
    if value is None or callable(value):
        return value  # type: ignore[no-any-return]
    if not isinstance(value, str) or ":" not in value:
        raise ConfigError("vendors.id_function", value, "expected 'package.module:function'")
    module_name, _, attr = value.partition(":")
    try:
        function = getattr(importlib.import_module(module_name), attr)
    except (ImportError, AttributeError) as exc:
        raise ConfigError("vendors.id_function", value, f"cannot import it ({exc})") from exc
    if not callable(function):
        raise ConfigError("vendors.id_function", value, "is not callable")
    return function  # type: ignore[no-any-return]


def non_negative(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ConfigError(name(instance, attribute), value, "expected an integer >= 0")


def states(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not value or not all(isinstance(s, str) and s for s in value):
        raise ConfigError(name(instance, attribute), value, "expected a list of order states")


def timezone(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError, TypeError) as exc:
        raise ConfigError(name(instance, attribute), value, "unknown zoneinfo name") from exc


def currency(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, str) or not CURRENCY.match(value):
        raise ConfigError(name(instance, attribute), value, "expected an ISO 4217 code")


def conv_bills_custom_fields(value: Any) -> Mapping[Any, Any]:
    return to_mapping("bills.custom_fields", value)


def conv_dimensions_by_store(value: Any) -> Mapping[Any, Any]:
    return to_mapping("dimensions.by_store", value)


def conv_dimensions_by_website(value: Any) -> Mapping[Any, Any]:
    return to_mapping("dimensions.by_website", value)


def conv_dimensions_store_websites(value: Any) -> Mapping[Any, Any]:
    return to_mapping("dimensions.store_websites", value)


def conv_purchase_orders_item_ids(value: Any) -> Mapping[Any, Any]:
    return to_mapping("purchase_orders.item_ids", value)


def conv_accounts_by_attribute(value: Any) -> tuple[Any, ...]:
    return to_tuple("accounts.by_attribute", value)


def conv_bills_ready_states(value: Any) -> tuple[Any, ...]:
    return to_tuple("bills.ready_states", value)
