"""`MappingConfig`: how Commerce documents become Intacct records, validated on construction.

Each section is a frozen attrs class; a bad value raises `ConfigError` naming the dotted field
(`company.timezone`) and the value. Loading from TOML or a dict lives in
`_mapping_config.py`, the checks in `_config_checks.py`.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, ClassVar, Literal
from zoneinfo import ZoneInfo

import attrs

from bridge import _config_checks as ck
from bridge import _constants as c
from bridge._config_checks import VendorIdFunction
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


@attrs.frozen(kw_only=True)
class AttributeAccountRule:
    """Post an item line to `account` when the item's `attribute` equals `value`.

    `attribute` is an `OrderItem` field (e.g. `product_type`) or a key of its `extra`.
    """

    SECTION: ClassVar[str] = "accounts.by_attribute"
    attribute: str = attrs.field(validator=ck.opt_text)
    value: str = attrs.field(validator=ck.text)
    account: str = attrs.field(validator=ck.opt_text)


@attrs.frozen(kw_only=True)
class Accounts:
    """GL account numbers (ACCOUNTNO) per kind of line.

    Every account is optional here: a document that needs a missing one raises `MappingError`
    naming it (issue 5 point 6), so a store without shipping needs no shipping account.
    An item's account is `by_sku[sku]`, else the first matching `by_attribute` rule, else
    `products`.
    """

    SECTION: ClassVar[str] = "accounts"
    products: str | None = attrs.field(default=None, validator=ck.opt_text)
    shipping: str | None = attrs.field(default=None, validator=ck.opt_text)
    tax: str | None = attrs.field(default=None, validator=ck.opt_text)
    discount: str | None = attrs.field(default=None, validator=ck.opt_text)
    adjustment_positive: str | None = attrs.field(default=None, validator=ck.opt_text)
    adjustment_negative: str | None = attrs.field(default=None, validator=ck.opt_text)
    by_sku: Mapping[str, str] = attrs.field(
        factory=dict, converter=ck.conv_accounts_by_sku, validator=ck.str_map
    )
    by_attribute: tuple[AttributeAccountRule, ...] = attrs.field(
        default=(), converter=ck.conv_accounts_by_attribute
    )

    @by_attribute.validator
    def _check_rules(self, attribute: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
        for index, rule in enumerate(value):
            if not isinstance(rule, AttributeAccountRule):
                raise ConfigError(f"accounts.by_attribute[{index}]", rule, "expected a rule")


@attrs.frozen(kw_only=True)
class Dimensions:
    """Intacct dimensions for the lines of one store (or website, or the default)."""

    SECTION: ClassVar[str] = "dimensions"
    location_id: str | None = attrs.field(default=None, validator=ck.opt_text)
    department_id: str | None = attrs.field(default=None, validator=ck.opt_text)
    class_id: str | None = attrs.field(default=None, validator=ck.opt_text)

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
                f"{ck.name(instance, attribute)}.{key}", item, "expected int ids and dimensions"
            )


@attrs.frozen(kw_only=True)
class DimensionConfig:
    """Location / department / class per Commerce store and website, over a default.

    For an order of store S: `by_store[S]`, then `by_website[store_websites[S]]`, then the
    default fields, each dimension falling through separately.
    """

    SECTION: ClassVar[str] = "dimensions"
    location_id: str | None = attrs.field(default=None, validator=ck.opt_text)
    department_id: str | None = attrs.field(default=None, validator=ck.opt_text)
    class_id: str | None = attrs.field(default=None, validator=ck.opt_text)
    by_store: Mapping[int, Dimensions] = attrs.field(
        factory=dict, converter=ck.conv_dimensions_by_store, validator=_dims_map
    )
    by_website: Mapping[int, Dimensions] = attrs.field(
        factory=dict,
        converter=ck.conv_dimensions_by_website,
        validator=_dims_map,
    )
    store_websites: Mapping[int, int] = attrs.field(
        factory=dict,
        converter=ck.conv_dimensions_store_websites,
        validator=ck.int_map,
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


def _ownership(value: Mapping[str, str] | None) -> Mapping[str, str]:
    merged = dict(c.DEFAULT_OWNERSHIP)
    merged.update(ck.to_mapping("vendors.ownership", value))
    return MappingProxyType(merged)


@attrs.frozen(kw_only=True)
class VendorPolicy:
    """Vendor ids, guest orders and the vendor master's field ownership."""

    SECTION: ClassVar[str] = "vendors"
    customer_prefix: str = attrs.field(default=c.DEFAULT_CUSTOMER_VENDOR_PREFIX, validator=ck.text)
    company_prefix: str = attrs.field(default=c.DEFAULT_COMPANY_VENDOR_PREFIX, validator=ck.text)
    guest_prefix: str = attrs.field(default=c.DEFAULT_GUEST_VENDOR_PREFIX, validator=ck.text)
    b2b_vendor: Literal["company", "customer"] = attrs.field(
        default="company", validator=ck.choice("company", "customer")
    )
    id_function: VendorIdFunction | None = attrs.field(default=None, converter=ck.resolve_function)
    guest_policy: Literal["match_by_email_and_create", "single_vendor", "skip"] = attrs.field(
        default="match_by_email_and_create",
        validator=ck.choice("match_by_email_and_create", "single_vendor", "skip"),
    )
    guest_vendor_id: str | None = attrs.field(default=None, validator=ck.opt_text)
    vendor_id_attribute: str = attrs.field(
        default=c.DEFAULT_VENDOR_ID_ATTRIBUTE, validator=ck.opt_text
    )
    ownership: Mapping[str, str] = attrs.field(factory=dict, converter=_ownership)
    term_name: str | None = attrs.field(default=None, validator=ck.opt_text)
    vendor_type: str | None = attrs.field(default=None, validator=ck.opt_text)

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


@attrs.frozen(kw_only=True)
class Bills:
    """AP bills and adjustments: source document, numbering, terms, states, custom fields.

    `custom_fields` maps an Intacct custom field name to a dotted path into the Commerce order
    payload (`extension_attributes.channel`); missing values are left out.
    `refund_sign` is the sign credit-memo refunds carry in AP adjustments (docs/mapping.md).
    """

    SECTION: ClassVar[str] = "bills"
    source: Literal["order", "invoice"] = attrs.field(
        default="order", validator=ck.choice("order", "invoice")
    )
    number_prefix: str = attrs.field(default="", validator=ck.text)
    adjustment_number_prefix: str = attrs.field(default="", validator=ck.text)
    payment_terms: str | None = attrs.field(default=None, validator=ck.opt_text)
    due_days: int = attrs.field(default=c.DEFAULT_DUE_DAYS, validator=ck.non_negative)
    ready_states: tuple[str, ...] = attrs.field(
        default=c.DEFAULT_READY_STATES,
        converter=ck.conv_bills_ready_states,
        validator=ck.states,
    )
    custom_fields: Mapping[str, str] = attrs.field(
        factory=dict, converter=ck.conv_bills_custom_fields, validator=ck.str_map
    )
    refund_sign: Literal["negative", "positive"] = attrs.field(
        default="negative", validator=ck.choice("negative", "positive")
    )
    action: Literal["Submit", "Draft"] | None = attrs.field(
        default=None, validator=attrs.validators.optional(ck.choice("Submit", "Draft"))
    )


@attrs.frozen(kw_only=True)
class CompanySettings:
    """The Intacct company: timezone for dates, base currency, exchange rates, controlids."""

    SECTION: ClassVar[str] = "company"
    timezone: str = attrs.field(default=c.DEFAULT_TIMEZONE, validator=ck.timezone)
    base_currency: str = attrs.field(default=c.DEFAULT_BASE_CURRENCY, validator=ck.currency)
    exchange_rate_type: str | None = attrs.field(default=None, validator=ck.opt_text)
    use_order_rate: bool = attrs.field(default=True, validator=ck.boolean)
    control_id_prefix: str = attrs.field(default=c.DEFAULT_CONTROL_ID_PREFIX)

    @control_id_prefix.validator
    def _check_prefix(self, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, str) or not ck.SAFE.match(value) or len(value) > 32:
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
    transaction_type: str = attrs.field(
        default=c.DEFAULT_PO_TRANSACTION_TYPE, validator=ck.opt_text
    )
    item_ids: Mapping[str, str] = attrs.field(
        factory=dict,
        converter=ck.conv_purchase_orders_item_ids,
        validator=ck.str_map,
    )
    default_item: Literal["sku", "fixed", "error"] = attrs.field(
        default="sku", validator=ck.choice("sku", "fixed", "error")
    )
    default_item_id: str | None = attrs.field(default=None, validator=ck.opt_text)
    unit: str | None = attrs.field(default=None, validator=ck.opt_text)
    state: str | None = attrs.field(default=None, validator=ck.opt_text)

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
