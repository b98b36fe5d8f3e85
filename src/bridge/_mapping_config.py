"""`MappingConfig` and its loading from TOML or a dict (the layout docs/mapping.md shows)."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from os import PathLike
from pathlib import Path
from typing import Any, ClassVar, Self, TypeVar

import attrs

from bridge._config import (
    Accounts,
    AttributeAccountRule,
    Bills,
    CompanySettings,
    DimensionConfig,
    Dimensions,
    PurchaseOrders,
    VendorPolicy,
    text_limits,
)
from bridge._errors import ConfigError

__all__ = ["MappingConfig"]

_T = TypeVar("_T")

_SECTIONS: dict[str, type[Any]] = {
    "accounts": Accounts,
    "dimensions": DimensionConfig,
    "vendors": VendorPolicy,
    "bills": Bills,
    "company": CompanySettings,
    "purchase_orders": PurchaseOrders,
}


def _section(name: str, value: Any) -> Any:
    cls = _SECTIONS[name]
    if isinstance(value, cls):
        return value
    if not isinstance(value, Mapping):
        raise ConfigError(name, value, "expected a table of options")
    known = {a.name for a in attrs.fields(cls)}
    for key in value:
        if key not in known:
            raise ConfigError(
                f"{name}.{key}", value[key], f"unknown option; known: {sorted(known)}"
            )
    kwargs = dict(value)
    if name == "accounts" and "by_attribute" in kwargs:
        rules = kwargs["by_attribute"] or []
        if not isinstance(rules, list | tuple):
            raise ConfigError("accounts.by_attribute", rules, "expected a list of tables")
        kwargs["by_attribute"] = [_rule(i, r) for i, r in enumerate(rules)]
    if name == "dimensions":
        for key in ("by_store", "by_website"):
            if key in kwargs:
                kwargs[key] = {
                    _int_key(f"dimensions.{key}", k): _dimensions(f"dimensions.{key}.{k}", v)
                    for k, v in _table(f"dimensions.{key}", kwargs[key]).items()
                }
        if "store_websites" in kwargs:
            kwargs["store_websites"] = {
                _int_key("dimensions.store_websites", k): _int_key(
                    f"dimensions.store_websites.{k}", v
                )
                for k, v in _table("dimensions.store_websites", kwargs["store_websites"]).items()
            }
    return cls(**kwargs)


def _table(field: str, value: Any) -> Mapping[Any, Any]:
    if not isinstance(value, Mapping):
        raise ConfigError(field, value, "expected a table")
    return value


def _int_key(field: str, value: Any) -> int:
    if isinstance(value, bool):
        raise ConfigError(field, value, "expected an integer id")
    try:
        return int(value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(field, value, "expected an integer id") from exc


def _dimensions(field: str, value: Any) -> Dimensions:
    if isinstance(value, Dimensions):
        return value
    table = _table(field, value)
    known = {"location_id", "department_id", "class_id"}
    for key in table:
        if key not in known:
            raise ConfigError(
                f"{field}.{key}", table[key], f"unknown option; known: {sorted(known)}"
            )
    return _build(field, Dimensions, table)


def _rule(index: int, value: Any) -> AttributeAccountRule:
    if isinstance(value, AttributeAccountRule):
        return value
    field = f"accounts.by_attribute[{index}]"
    table = _table(field, value)
    try:
        return _build(field, AttributeAccountRule, table)
    except TypeError as exc:
        raise ConfigError(field, dict(table), str(exc)) from exc


def _build(field: str, cls: type[_T], table: Mapping[str, Any]) -> _T:
    # The class names its own section; an entry of a table names its place in it.
    try:
        return cls(**table)
    except ConfigError as exc:
        option = exc.field.rsplit(".", 1)[-1]
        raise ConfigError(f"{field}.{option}", exc.value, exc.message) from exc


def _plain(value: Any) -> Any:
    # TOML has no null and only string keys: drop None, stringify int keys, lists for tuples.
    if attrs.has(type(value)):
        return {
            a.name: _plain(getattr(value, a.name))
            for a in attrs.fields(type(value))
            if getattr(value, a.name) is not None
        }
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items() if v is not None}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if callable(value):
        return f"{value.__module__}:{value.__qualname__}"
    return value


@attrs.frozen(kw_only=True)
class MappingConfig:
    """Everything the mapping functions need to know about the finance team's choices.

    Validated on construction: a bad option raises `ConfigError` naming the dotted field and the
    value. Sections: `accounts`, `dimensions`, `vendors`, `bills`, `company`, `purchase_orders`,
    `text_limits` (see docs/mapping.md for every option and a full example).
    """

    SECTION: ClassVar[str] = ""
    accounts: Accounts = attrs.field(factory=Accounts)
    dimensions: DimensionConfig = attrs.field(factory=DimensionConfig)
    vendors: VendorPolicy = attrs.field(factory=VendorPolicy)
    bills: Bills = attrs.field(factory=Bills)
    company: CompanySettings = attrs.field(factory=CompanySettings)
    purchase_orders: PurchaseOrders = attrs.field(factory=PurchaseOrders)
    text_limits: Mapping[str, int] = attrs.field(factory=dict, converter=text_limits)

    def __attrs_post_init__(self) -> None:
        for name, cls in _SECTIONS.items():
            if not isinstance(getattr(self, name), cls):
                raise ConfigError(name, getattr(self, name), f"expected {cls.__name__}")

    @classmethod
    def from_dict(cls, mapping: Mapping[str, Any]) -> Self:
        """Build from nested tables as in the TOML file; unknown options are refused by name."""
        if not isinstance(mapping, Mapping):
            raise ConfigError("<root>", mapping, "expected a table of sections")
        kwargs: dict[str, Any] = {}
        for key, value in mapping.items():
            if key in _SECTIONS:
                kwargs[key] = _section(key, value)
            elif key == "text_limits":
                kwargs[key] = _table("text_limits", value)
            else:
                raise ConfigError(
                    key, value, f"unknown section; known: {[*_SECTIONS, 'text_limits']}"
                )
        return cls(**kwargs)

    @classmethod
    def from_toml(cls, path: str | PathLike[str]) -> Self:
        """Load a TOML file (see `examples/bridge.example.toml`)."""
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError("<file>", str(path), f"not valid TOML ({exc})") from exc
        return cls.from_dict(data)

    def to_dict(self) -> dict[str, Any]:
        """The config as nested plain tables; `from_dict(to_dict())` gives an equal config."""
        result: dict[str, Any] = _plain(self)
        return result

    def text_limit(self, name: str) -> int:
        """The Intacct length of the text field `name` (a key of `text_limits`)."""
        return self.text_limits[name]
