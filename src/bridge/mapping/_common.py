"""Pieces every document mapping shares: names, dates, currency, accounts, dimensions."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import attrs

from bridge import _constants as c
from bridge._config import Dimensions
from bridge._mapping_config import MappingConfig
from bridge.mapping._text import Notes
from commerce_sdk.models import Order, OrderItem

__all__ = [
    "CurrencyFields",
    "account_for_item",
    "currency_fields",
    "custom_fields",
    "local_date",
    "order_name",
    "order_summary",
    "require_account",
]

_CURRENCY = re.compile(r"^[A-Z]{3}$")


def order_name(order: Order) -> str:
    """How errors and warnings name an order: `order 000000041 (id 41)`."""
    return f"order {order.increment_id or '?'} (id {order.entity_id})"


def local_date(value: datetime | None, config: MappingConfig, notes: Notes, field: str) -> date:
    """The date in the Intacct company's timezone of a Commerce UTC timestamp.

    Commerce stores and returns `created_at` in UTC whatever the store timezone
    (research/commerce.md section 5); Intacct dates are calendar dates of the company, so an
    order placed 23:30 UTC may belong to the next (or previous) day there.
    """
    if value is None:
        raise notes.error(field, "is missing; the Intacct date is taken from it")
    return value.astimezone(config.company.zone).date()


def due_date(created: date, config: MappingConfig) -> date:
    """WHENDUE: the transaction date plus `bills.due_days`."""
    return created + timedelta(days=config.bills.due_days)


@attrs.frozen(kw_only=True)
class CurrencyFields:
    """CURRENCY / BASECURR and either a rate type or a rate (never both: research section 8)."""

    currency: str
    base_currency: str
    exchange_rate_date: date | None = None
    exchange_rate_type: str | None = None
    exchange_rate: Decimal | None = None


def currency_fields(
    *,
    currency: str | None,
    commerce_base: str | None,
    base_to_order_rate: Decimal | None,
    when: date,
    config: MappingConfig,
    notes: Notes,
    field: str = "order_currency_code",
) -> CurrencyFields:
    """Currency and exchange rate of a document.

    Same currency as the Intacct base: neither rate nor type. Different: the order's own rate
    (`1 / base_to_order_rate`, as Intacct's rate converts the transaction currency into the
    base currency) when `company.use_order_rate` is on and Commerce's base currency is the
    Intacct base currency; else `company.exchange_rate_type`; else a `MappingError`.
    """
    code = currency or commerce_base
    if not code:
        raise notes.error(field, "no currency on the document")
    code = code.strip().upper()
    if not _CURRENCY.match(code):
        raise notes.error(field, f"{code!r} is not an ISO 4217 currency code")
    base = config.company.base_currency
    if code == base:
        return CurrencyFields(currency=code, base_currency=base)
    rate_usable = (
        config.company.use_order_rate
        and (commerce_base or "").upper() == base
        and base_to_order_rate is not None
        and base_to_order_rate > 0
    )
    if rate_usable and base_to_order_rate is not None:
        rate = (Decimal(1) / base_to_order_rate).quantize(c.RATE_QUANTUM, rounding=ROUND_HALF_UP)
        return CurrencyFields(
            currency=code, base_currency=base, exchange_rate_date=when, exchange_rate=rate
        )
    if config.company.exchange_rate_type:
        return CurrencyFields(
            currency=code,
            base_currency=base,
            exchange_rate_date=when,
            exchange_rate_type=config.company.exchange_rate_type,
        )
    raise notes.error(
        field,
        f"currency {code} differs from the base currency {base} and there is no usable rate "
        f"(base_to_order_rate={base_to_order_rate}, Commerce base {commerce_base}) and no "
        "company.exchange_rate_type configured",
    )


def require_account(account: str | None, name: str, notes: Notes, field: str) -> str:
    """The configured account, or a `MappingError` naming the document field and the option."""
    if not account:
        raise notes.error(field, f"needs a GL account but accounts.{name} is not configured")
    return account


def _item_value(item: OrderItem, attribute: str) -> Any:
    if attribute in {a.name for a in attrs.fields(OrderItem)} and attribute != "extra":
        return getattr(item, attribute)
    return item.extra.get(attribute)


def account_for_item(item: OrderItem, config: MappingConfig, notes: Notes, field: str) -> str:
    """`accounts.by_sku`, else the first matching `accounts.by_attribute` rule, else products."""
    accounts = config.accounts
    if item.sku in accounts.by_sku:
        return accounts.by_sku[item.sku]
    for rule in accounts.by_attribute:
        value = _item_value(item, rule.attribute)
        if value is not None and str(value) == rule.value:
            return rule.account
    return require_account(accounts.products, "products", notes, field)


def dimensions(order: Order, config: MappingConfig) -> Dimensions:
    """Location / department / class for the order's store."""
    return config.dimensions.for_store(order.store_id)


def _lookup(payload: Mapping[str, Any], path: str) -> Any:
    node: Any = payload
    for part in path.split("."):
        if isinstance(node, Mapping) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return None
    return node


def custom_fields(order: Order, config: MappingConfig) -> dict[str, str]:
    """`bills.custom_fields`: Intacct custom field -> value at a dotted path of the order."""
    result: dict[str, str] = {}
    for name, path in config.bills.custom_fields.items():
        value = _lookup(order.raw, path)
        if value is None or isinstance(value, Mapping | list):
            continue
        result[name] = str(value)
    return result


def customer_label(order: Order) -> str:
    """`Ana Ruiz <buyer@example.com>` (or company), for descriptions a person can search."""
    name = " ".join(p for p in (order.customer_firstname, order.customer_lastname) if p)
    if not name and order.billing_address is not None:
        address = order.billing_address
        name = " ".join(p for p in (address.firstname, address.lastname) if p)
    label = name or "guest"
    if order.customer_email:
        label = f"{label} <{order.customer_email.strip()}>"
    if order.company_name:
        label = f"{order.company_name}: {label}"
    return label


def order_summary(order: Order) -> str:
    """`Commerce order 000000041, store 1, Northwind: Ana Ruiz <a@b.example>, PO PO-7781`."""
    text = f"Commerce order {order.increment_id}"
    if order.store_id is not None:
        text += f", store {order.store_id}"
    text += f", {customer_label(order)}"
    if order.po_number:
        text += f", PO {order.po_number}"
    return text
