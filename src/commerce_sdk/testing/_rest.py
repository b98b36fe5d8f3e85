"""The REST resources: routes, lists with searchCriteria, gets, and full-replace updates.

Routes and shapes from research/commerce.md section 4: `GET /V1/orders[/{id}]`,
`/V1/invoices[/{id}]`, `/V1/creditmemos` and the singular `/V1/creditmemo/{id}`,
`/V1/customers/search`, `GET|PUT /V1/customers/{id}`, `GET /V1/company`, `GET|PUT /V1/company/{id}`.
A PUT replaces the record: a field left out is cleared (the customer/company models document it).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any, Final

import attrs

from commerce_sdk.testing import _responses as msg
from commerce_sdk.testing._responses import Reply, fail, json_reply
from commerce_sdk.testing._search import parse_search_criteria, run_search
from commerce_sdk.testing._store import Store

__all__ = ["RestRequest", "Route", "match_route"]

_CUSTOMER_REQUIRED: Final = ("email", "firstname", "lastname")
_COMPANY_REQUIRED: Final = (
    "company_name",
    "company_email",
    "street",
    "city",
    "country_id",
    "postcode",
    "telephone",
    "customer_group_id",
    "super_user_id",
)
_DUPLICATE_EMAIL: Final = (
    "A customer with the same email address already exists in an associated website."
)


@attrs.frozen(kw_only=True)
class RestRequest:
    """What a handler needs: decoded query pairs, the JSON body, the path ids, the time."""

    query: list[tuple[str, str]]
    body: Any
    ids: tuple[str, ...]
    now_text: str


Handler = Callable[[Store, RestRequest], Reply]


@attrs.frozen(kw_only=True)
class Route:
    """One REST route and the ACL resource Magento checks for it."""

    method: str
    pattern: re.Pattern[str]
    handler: Handler
    resource: str


def _int_id(raw: str) -> int:
    if not raw.isdigit():
        raise fail(400, msg.MSG_BAD_TYPE, {"value": raw, "type": "int"})
    return int(raw)


def _lister(kind: str) -> Handler:
    def handle(store: Store, req: RestRequest) -> Reply:
        criteria = parse_search_criteria(req.query)
        if criteria is None:
            # searchCriteria is a required argument of every getList (no default value).
            raise fail(400, msg.MSG_REQUIRED, {"fieldName": "searchCriteria"})
        page, total = run_search(store.all(kind), criteria)
        return json_reply(
            200, {"items": list(page), "search_criteria": criteria.echo(), "total_count": total}
        )

    return handle


def _getter(kind: str, field_name: str | None = None) -> Handler:
    def handle(store: Store, req: RestRequest) -> Reply:
        ident = _int_id(req.ids[0])
        record = store.get(kind, ident)
        if record is None:
            if field_name is None:
                raise fail(404, msg.MSG_NO_ENTITY)
            raise fail(404, msg.MSG_NO_SUCH_ENTITY, {"fieldName": field_name, "fieldValue": ident})
        return json_reply(200, record)

    return handle


def _body_object(body: Any, key: str) -> dict[str, Any]:
    if not isinstance(body, Mapping) or not isinstance(body.get(key), Mapping):
        raise fail(400, msg.MSG_REQUIRED, {"fieldName": key})
    return dict(body[key])


def _require(record: Mapping[str, Any], names: tuple[str, ...]) -> None:
    for name in names:
        if record.get(name) in (None, "", []):
            raise fail(400, msg.MSG_REQUIRED, {"fieldName": name})


def _put_customer(store: Store, req: RestRequest) -> Reply:
    ident = _int_id(req.ids[0])
    current = store.get("customer", ident)
    if current is None:
        raise fail(404, msg.MSG_NO_SUCH_ENTITY, {"fieldName": "customerId", "fieldValue": ident})
    new = _body_object(req.body, "customer")
    _require(new, _CUSTOMER_REQUIRED)
    website = new.get("website_id", current.get("website_id"))
    for other in store.all("customer"):
        same_site = other.get("website_id") == website
        if (
            other["id"] != ident
            and same_site
            and str(other.get("email")).lower() == str(new["email"]).lower()
        ):
            raise fail(400, _DUPLICATE_EMAIL)
    # Full replace: only system fields survive from the stored record.
    new["id"] = ident
    new["created_at"] = current.get("created_at")
    new["updated_at"] = req.now_text
    for index, address in enumerate(new.get("addresses") or []):
        if isinstance(address, dict):
            address.setdefault("id", ident * 100 + index + 1)
            address["customer_id"] = ident
    return json_reply(200, store.replace("customer", ident, new))


def _put_company(store: Store, req: RestRequest) -> Reply:
    ident = _int_id(req.ids[0])
    current = store.get("company", ident)
    if current is None:
        raise fail(404, msg.MSG_NO_SUCH_ENTITY, {"fieldName": "id", "fieldValue": ident})
    new = _body_object(req.body, "company")
    _require(new, _COMPANY_REQUIRED)
    if store.get("customer", _int_id(str(new["super_user_id"]))) is None:
        raise fail(
            404,
            msg.MSG_NO_SUCH_ENTITY,
            {"fieldName": "customerId", "fieldValue": new["super_user_id"]},
        )
    new["id"] = ident
    new["created_at"] = current.get("created_at")
    new["updated_at"] = req.now_text
    return json_reply(200, store.replace("company", ident, new))


def _customer_companies(store: Store, req: RestRequest) -> Reply:
    ident = _int_id(req.ids[0])
    customer = store.get("customer", ident)
    if customer is None:
        raise fail(404, msg.MSG_NO_SUCH_ENTITY, {"fieldName": "customerId", "fieldValue": ident})
    attributes = (customer.get("extension_attributes") or {}).get("company_attributes") or {}
    company = store.get("company", int(attributes.get("company_id") or 0))
    items = [{"id": company["id"], "company_name": company.get("company_name")}] if company else []
    return json_reply(200, items)


def _r(method: str, path: str, handler: Handler, resource: str) -> Route:
    return Route(method=method, pattern=re.compile(f"^{path}$"), handler=handler, resource=resource)


_SALES = "Magento_Sales::actions_view"
_CUSTOMERS = "Magento_Customer::customer"
_COMPANIES = "Magento_Company::index"
ROUTES: Final = (
    _r("GET", "/V1/orders", _lister("order"), _SALES),
    _r("GET", "/V1/orders/([^/]+)", _getter("order"), _SALES),
    _r("GET", "/V1/invoices", _lister("invoice"), "Magento_Sales::sales_invoice"),
    _r("GET", "/V1/invoices/([^/]+)", _getter("invoice"), "Magento_Sales::sales_invoice"),
    _r("GET", "/V1/creditmemos", _lister("credit_memo"), "Magento_Sales::sales_creditmemo"),
    _r("GET", "/V1/creditmemo/([^/]+)", _getter("credit_memo"), "Magento_Sales::sales_creditmemo"),
    _r("GET", "/V1/customers/search", _lister("customer"), _CUSTOMERS),
    _r("GET", "/V1/customers/([^/]+)/companies", _customer_companies, _COMPANIES),
    _r("GET", "/V1/customers/([^/]+)", _getter("customer", "customerId"), _CUSTOMERS),
    _r("PUT", "/V1/customers/([^/]+)", _put_customer, "Magento_Customer::manage"),
    _r("GET", "/V1/company", _lister("company"), _COMPANIES),
    _r("GET", "/V1/company/([^/]+)", _getter("company", "id"), _COMPANIES),
    _r("PUT", "/V1/company/([^/]+)", _put_company, "Magento_Company::manage"),
)


def match_route(method: str, v1_path: str) -> tuple[Route, tuple[str, ...]]:
    """The route for a `/V1/...` path; a Magento 404 when none (wrong method included)."""
    path = v1_path.rstrip("/") or "/"
    for route in ROUTES:
        found = route.pattern.match(path)
        if found and route.method == method:
            return route, found.groups()
    raise fail(404, msg.MSG_NO_ROUTE)
