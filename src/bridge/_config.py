"""`MappingConfig`: how Commerce documents become Intacct records, validated on construction.

Each section is a frozen attrs class; a bad value raises `ConfigError` naming the dotted field
(`company.timezone`) and the value. Loading from TOML or a dict lives in `_config_io.py`.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any, ClassVar, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs

from bridge import _constants as c
from bridge._errors import ConfigError

__all__ = [
    "Accounts",
    "AttributeAccountRule",
    "Bills",
    "CompanySettings",
    "Dimensions",
    "PurchaseOrders",
    "VendorIdFunction",
    "VendorPolicy",
]

#: A custom vendor id scheme: gets the Commerce Order, Customer or Company, returns a VENDORID
#: (or None to fall back to the prefix scheme).
VendorIdFunction = Callable[[Any], "str | None"]

_CURRENCY = re.compile(r"^[A-Z]{3}$")
_SAFE = re.compile(r"^[A-Za-z0-9._:-]+$")


def _name(instance: Any, attribute: attrs.Attribute[Any]) -> str:
    return f"{type(instance).SECTION}.{attribute.name}"


def _opt_text(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise ConfigError(_name(instance, attribute), value, "expected a non-empty string or none")


def _text(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, str):
        raise ConfigError(_name(instance, attribute), value, "expected a string")


def _choice(*choices: str) -> Callable[[Any, attrs.Attribute[Any], Any], None]:
    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value not in choices:
            raise ConfigError(_name(instance, attribute), value, f"expected one of {choices}")

    return check


def _str_map(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    for key, item in value.items():
        if not isinstance(key, str) or not isinstance(item, str) or not item.strip():
            raise ConfigError(
                f"{_name(instance, attribute)}.{key}", item, "expected text keys and values"
            )


def _frozen(value: Mapping[Any, Any] | None) -> Mapping[Any, Any]:
    return MappingProxyType(dict(value or {}))


@attrs.frozen(kw_only=True)
class AttributeAccountRule:
    """Post an item line to `account` when the item's `attribute` equals `value`.

    `attribute` is an `OrderItem` field (e.g. `product_type`) or a key of its `extra`.
    """

    SECTION: ClassVar[str] = "accounts.by_attribute"
    attribute: str = attrs.field(validator=_opt_text)
    value: str = attrs.field(validator=_text)
    account: str = attrs.field(validator=_opt_text)


@attrs.frozen(kw_only=True)
class Accounts:
    """GL account numbers (ACCOUNTNO) per kind of line.

    Every account is optional here: a document that needs a missing one raises `MappingError`
    naming it (issue 5 point 6), so a store without shipping needs no shipping account.
    An item's account is `by_sku[sku]`, else the first matching `by_attribute` rule, else
    `products`.
    """

    SECTION: ClassVar[str] = "accounts"
    products: str | None = attrs.field(default=None, validator=_opt_text)
    shipping: str | None = attrs.field(default=None, validator=_opt_text)
    tax: str | None = attrs.field(default=None, validator=_opt_text)
    discount: str | None = attrs.field(default=None, validator=_opt_text)
    adjustment_positive: str | None = attrs.field(default=None, validator=_opt_text)
    adjustment_negative: str | None = attrs.field(default=None, validator=_opt_text)
    by_sku: Mapping[str, str] = attrs.field(factory=dict, converter=_frozen, validator=_str_map)
    by_attribute: tuple[AttributeAccountRule, ...] = attrs.field(default=(), converter=tuple)

    @by_attribute.validator
    def _check_rules(self, attribute: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
        for index, rule in enumerate(value):
            if not isinstance(rule, AttributeAccountRule):
                raise ConfigError(f"accounts.by_attribute[{index}]", rule, "expected a rule")


@attrs.frozen(kw_only=True)
class Dimensions:
    """Intacct dimensions for the lines of one store (or website, or the default)."""

    SECTION: ClassVar[str] = "dimensions"
    location_id: str | None = attrs.field(default=None, validator=_opt_text)
    department_id: str | None = attrs.field(default=None, validator=_opt_text)
    class_id: str | None = attrs.field(default=None, validator=_opt_text)

    def over(self, fallback: Dimensions) -> Dimensions:
        """These dimensions, each missing one taken from `fallback`."""
        return Dimensions(
            location_id=self.location_id or fallback.location_id,
            department_id=self.department_id or fallback.department_id,
            class_id=self.class_id or fallback.class_id,
        )


def _dims_map(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    for key, item in value.items():
        if isinstance(key, bool) or not isinstance(key, int) or not isinstance(item, Dimensions):
            raise ConfigError(
                f"{_name(instance, attribute)}.{key}", item, "expected int ids and dimensions"
            )


def _int_map(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    for key, item in value.items():
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in (key, item)):
            raise ConfigError(f"{_name(instance, attribute)}.{key}", item, "expected int ids")


@attrs.frozen(kw_only=True)
class DimensionConfig:
    """Location / department / class per Commerce store and website, over a default.

    For an order of store S: `by_store[S]`, then `by_website[store_websites[S]]`, then the
    default fields, each dimension falling through separately.
    """

    SECTION: ClassVar[str] = "dimensions"
    location_id: str | None = attrs.field(default=None, validator=_opt_text)
    department_id: str | None = attrs.field(default=None, validator=_opt_text)
    class_id: str | None = attrs.field(default=None, validator=_opt_text)
    by_store: Mapping[int, Dimensions] = attrs.field(
        factory=dict, converter=_frozen, validator=_dims_map
    )
    by_website: Mapping[int, Dimensions] = attrs.field(
        factory=dict, converter=_frozen, validator=_dims_map
    )
    store_websites: Mapping[int, int] = attrs.field(
        factory=dict, converter=_frozen, validator=_int_map
    )

    def for_store(self, store_id: int | None) -> Dimensions:
        """The dimensions for an order of `store_id`."""
        result = Dimensions(
            location_id=self.location_id,
            department_id=self.department_id,
            class_id=self.class_id,
        )
        if store_id is None:
            return result
        website = self.store_websites.get(store_id)
        if website is not None and website in self.by_website:
            result = self.by_website[website].over(result)
        if store_id in self.by_store:
            result = self.by_store[store_id].over(result)
        return result


def _resolve_function(value: Any) -> VendorIdFunction | None:
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


def _ownership(value: Mapping[str, str] | None) -> Mapping[str, str]:
    merged = dict(c.DEFAULT_OWNERSHIP)
    merged.update(value or {})
    return MappingProxyType(merged)


@attrs.frozen(kw_only=True)
class VendorPolicy:
    """Vendor ids, guest orders and the vendor master's field ownership."""

    SECTION: ClassVar[str] = "vendors"
    customer_prefix: str = attrs.field(default=c.DEFAULT_CUSTOMER_VENDOR_PREFIX, validator=_text)
    company_prefix: str = attrs.field(default=c.DEFAULT_COMPANY_VENDOR_PREFIX, validator=_text)
    guest_prefix: str = attrs.field(default=c.DEFAULT_GUEST_VENDOR_PREFIX, validator=_text)
    b2b_vendor: Literal["company", "customer"] = attrs.field(
        default="company", validator=_choice("company", "customer")
    )
    id_function: VendorIdFunction | None = attrs.field(default=None, converter=_resolve_function)
    guest_policy: Literal["match_by_email_and_create", "single_vendor", "skip"] = attrs.field(
        default="match_by_email_and_create",
        validator=_choice("match_by_email_and_create", "single_vendor", "skip"),
    )
    guest_vendor_id: str | None = attrs.field(default=None, validator=_opt_text)
    vendor_id_attribute: str = attrs.field(
        default=c.DEFAULT_VENDOR_ID_ATTRIBUTE, validator=_opt_text
    )
    ownership: Mapping[str, str] = attrs.field(factory=dict, converter=_ownership)
    term_name: str | None = attrs.field(default=None, validator=_opt_text)
    vendor_type: str | None = attrs.field(default=None, validator=_opt_text)

    def __attrs_post_init__(self) -> None:
        if self.guest_policy == "single_vendor" and not self.guest_vendor_id:
            raise ConfigError(
                "vendors.guest_vendor_id", None, "required when guest_policy is single_vendor"
            )
        for key, owner in self.ownership.items():
            if key not in c.OWNERSHIP_FIELDS:
                raise ConfigError(
                    f"vendors.ownership.{key}", owner, f"unknown field; use {c.OWNERSHIP_FIELDS}"
                )
            if owner not in ("commerce", "intacct"):
                raise ConfigError(
                    f"vendors.ownership.{key}", owner, "expected 'commerce' or 'intacct'"
                )

    def owned_by_intacct(self, field: str) -> bool:
        """Whether Intacct is the source of this vendor-master field."""
        return self.ownership.get(field) == "intacct"


def _non_negative(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ConfigError(_name(instance, attribute), value, "expected an integer >= 0")


def _states(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not value or not all(isinstance(s, str) and s for s in value):
        raise ConfigError(_name(instance, attribute), value, "expected a list of order states")


@attrs.frozen(kw_only=True)
class Bills:
    """AP bills and adjustments: source document, numbering, terms, states, custom fields.

    `custom_fields` maps an Intacct custom field name to a dotted path into the Commerce order
    payload (`extension_attributes.channel`); missing values are left out.
    `refund_sign` is the sign credit-memo refunds carry in AP adjustments (docs/mapping.md).
    """

    SECTION: ClassVar[str] = "bills"
    source: Literal["order", "invoice"] = attrs.field(
        default="order", validator=_choice("order", "invoice")
    )
    number_prefix: str = attrs.field(default="", validator=_text)
    adjustment_number_prefix: str = attrs.field(default="", validator=_text)
    payment_terms: str | None = attrs.field(default=None, validator=_opt_text)
    due_days: int = attrs.field(default=c.DEFAULT_DUE_DAYS, validator=_non_negative)
    ready_states: tuple[str, ...] = attrs.field(
        default=c.DEFAULT_READY_STATES, converter=tuple, validator=_states
    )
    custom_fields: Mapping[str, str] = attrs.field(
        factory=dict, converter=_frozen, validator=_str_map
    )
    refund_sign: Literal["negative", "positive"] = attrs.field(
        default="negative", validator=_choice("negative", "positive")
    )
    action: Literal["Submit", "Draft"] | None = attrs.field(
        default=None, validator=attrs.validators.optional(_choice("Submit", "Draft"))
    )


def _timezone(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError, TypeError) as exc:
        raise ConfigError(_name(instance, attribute), value, "unknown zoneinfo name") from exc


def _currency(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, str) or not _CURRENCY.match(value):
        raise ConfigError(_name(instance, attribute), value, "expected an ISO 4217 code")


@attrs.frozen(kw_only=True)
class CompanySettings:
    """The Intacct company: timezone for dates, base currency, exchange rates, controlids."""

    SECTION: ClassVar[str] = "company"
    timezone: str = attrs.field(default=c.DEFAULT_TIMEZONE, validator=_timezone)
    base_currency: str = attrs.field(default=c.DEFAULT_BASE_CURRENCY, validator=_currency)
    exchange_rate_type: str | None = attrs.field(default=None, validator=_opt_text)
    use_order_rate: bool = attrs.field(default=True, validator=attrs.validators.instance_of(bool))
    control_id_prefix: str = attrs.field(default=c.DEFAULT_CONTROL_ID_PREFIX)

    @control_id_prefix.validator
    def _check_prefix(self, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, str) or not _SAFE.match(value) or len(value) > 32:
            raise ConfigError(
                "company.control_id_prefix", value, "expected 1-32 characters of [A-Za-z0-9._:-]"
            )

    @property
    def zone(self) -> ZoneInfo:
        """The company timezone as a `ZoneInfo`."""
        return ZoneInfo(self.timezone)


@attrs.frozen(kw_only=True)
class PurchaseOrders:
    """B2B purchase orders into `create_potransaction`.

    `default_item` says what ITEMID a SKU missing from `item_ids` gets: `sku` (the SKU itself),
    `fixed` (`default_item_id`) or `error` (a `MappingError`).
    """

    SECTION: ClassVar[str] = "purchase_orders"
    transaction_type: str = attrs.field(default=c.DEFAULT_PO_TRANSACTION_TYPE, validator=_opt_text)
    item_ids: Mapping[str, str] = attrs.field(factory=dict, converter=_frozen, validator=_str_map)
    default_item: Literal["sku", "fixed", "error"] = attrs.field(
        default="sku", validator=_choice("sku", "fixed", "error")
    )
    default_item_id: str | None = attrs.field(default=None, validator=_opt_text)
    unit: str | None = attrs.field(default=None, validator=_opt_text)
    state: str | None = attrs.field(default=None, validator=_opt_text)

    def __attrs_post_init__(self) -> None:
        if self.default_item == "fixed" and not self.default_item_id:
            raise ConfigError(
                "purchase_orders.default_item_id", None, "required when default_item is fixed"
            )


def text_limits(value: Mapping[str, int] | None) -> Mapping[str, int]:
    """The default limits updated with `value`; unknown names and non-positive limits refused."""
    merged = dict(c.DEFAULT_TEXT_LIMITS)
    for key, limit in (value or {}).items():
        if key not in c.DEFAULT_TEXT_LIMITS:
            raise ConfigError(f"text_limits.{key}", limit, "unknown text field")
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
            raise ConfigError(f"text_limits.{key}", limit, "expected an integer >= 1")
        merged[key] = limit
    return MappingProxyType(merged)
