"""The GraphQL endpoint: B2B purchase orders for a company user, and customer tokens.

Recognised (research/commerce.md section 4): `customer { firstname lastname email
purchase_orders(currentPage, pageSize, filter) { total_count page_info items {...} }
purchase_order(uid) {...} }` with a customer token (`Authorization: Bearer`), and the mutation
`generateCustomerToken(email, password) { token }`. Answers carry only the fields asked for.
Errors use GraphQL's `{"errors": [{"message", "path", "extensions": {"category"}}]}` shape;
like Magento, they come with HTTP 200 except a bad or expired token (401).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import parse_qsl

import attrs

from commerce_sdk.testing._gql_parse import Field, GraphQLSyntaxError, parse_document
from commerce_sdk.testing._gql_schema import ROOTS, validate
from commerce_sdk.testing._login import find_customer
from commerce_sdk.testing._responses import MSG_SIGN_IN, Reply, json_reply
from commerce_sdk.testing._store import Store
from commerce_sdk.testing._tokens import TokenRegistry

__all__ = ["GraphQLContext", "handle_graphql"]

NOT_AUTHORIZED = "The current customer isn't authorized."
NOT_COMPANY_USER = "Customer is not a company user."
_PAGE_TOO_FAR = "currentPage value %d specified is greater than the %d page(s) available."


@attrs.frozen(kw_only=True)
class GraphQLContext:
    """What the GraphQL handler reads and writes."""

    store: Store
    tokens: TokenRegistry
    passwords: Mapping[str, str]
    customer_token_lifetime: float
    page_size: int = 20


class _FieldError(Exception):
    def __init__(self, message: str, category: str) -> None:
        super().__init__(message)
        self.message = message
        self.category = category


def _error(message: str, category: str, path: Sequence[str | int] | None = None) -> dict[str, Any]:
    error: dict[str, Any] = {"message": message, "extensions": {"category": category}}
    if path:
        error["path"] = list(path)
    return error


def _request(method: str, raw_query: str, body: bytes) -> tuple[str, dict[str, Any], str | None]:
    if method == "GET":
        params = dict(parse_qsl(raw_query, keep_blank_values=True))
        variables = json.loads(params["variables"]) if params.get("variables") else {}
        return params.get("query", ""), variables, params.get("operationName")
    payload = json.loads(body or b"{}")
    if not isinstance(payload, Mapping):
        raise ValueError("the request body is not a JSON object")  # noqa: TRY004 - reported as GraphQL error
    return (
        str(payload.get("query") or ""),
        dict(payload.get("variables") or {}),
        payload.get("operationName"),
    )


def handle_graphql(
    method: str, raw_query: str, headers: Mapping[str, str], body: bytes, context: GraphQLContext
) -> tuple[Reply, str]:
    """Answer a GraphQL request; returns the reply and the auth kind seen (customer or none)."""
    customer, auth = None, "none"
    scheme, _, token_value = headers.get("authorization", "").strip().partition(" ")
    if scheme.lower() == "bearer" and token_value.strip():
        token = context.tokens.lookup(token_value.strip())
        if token is None:
            return json_reply(
                401, {"errors": [_error(NOT_AUTHORIZED, "graphql-authentication")]}
            ), "none"
        if token.kind == "customer":
            customer, auth = context.store.get("customer", int(token.subject)), "customer"
    if method not in ("GET", "POST"):
        return json_reply(
            405, {"errors": [_error(f"Method {method} not allowed", "graphql")]}
        ), auth
    try:
        query, variables, operation_name = _request(method, raw_query, body)
        operation = parse_document(query, variables, operation_name)
    except (ValueError, GraphQLSyntaxError) as exc:
        return json_reply(200, {"errors": [_error(str(exc), "graphql")]}), auth
    root = _Root(context, customer)
    data: dict[str, Any] = {}
    errors: list[dict[str, Any]] = []
    if operation.kind not in ROOTS:
        message = f"{operation.kind.capitalize()} operations are not supported."
        return json_reply(200, {"errors": [_error(message, "graphql")]}), auth
    problems = validate(operation.fields, ROOTS[operation.kind])
    if problems:
        return json_reply(200, {"errors": [_error(m, "graphql") for m in problems]}), auth
    for field in operation.fields:
        resolver = root.resolver(operation.kind, field.name)
        try:
            data[field.key] = project(resolver(field), field.selections)
        except _FieldError as exc:
            data[field.key] = None
            errors.append(_error(exc.message, exc.category, [field.key]))
    payload: dict[str, Any] = {"data": data}
    if errors:
        payload = {"errors": errors, "data": data}
    return json_reply(200, payload), auth


def project(value: Any, selections: Sequence[Field]) -> Any:
    """Keep only the selected fields of a value (recursively, lists mapped)."""
    if not selections or value is None:
        return value
    if isinstance(value, list):
        return [project(v, selections) for v in value]
    if not isinstance(value, Mapping):
        return value
    out: dict[str, Any] = {}
    for field in selections:
        raw = value.get(field.name)
        if callable(raw):
            raw = raw(field)
        out[field.key] = project(raw, field.selections)
    return out


class _Root:
    def __init__(self, context: GraphQLContext, customer: dict[str, Any] | None) -> None:
        self.context = context
        self.customer = customer

    def resolver(self, kind: str, name: str) -> Any:
        table: dict[str, dict[str, Any]] = {
            "query": {"customer": self.customer_field, "__typename": lambda f: "Query"},
            "mutation": {"generateCustomerToken": self.generate_token},
        }
        return table.get(kind, {}).get(name)

    def generate_token(self, field: Field) -> dict[str, Any]:
        email, password = str(field.args.get("email") or ""), str(field.args.get("password") or "")
        customer = find_customer(self.context.store, email)
        expected = self.context.passwords.get(email.lower())
        if customer is None or expected is None or expected != password:
            raise _FieldError(MSG_SIGN_IN, "graphql-authentication")
        token = self.context.tokens.issue(
            "customer", str(customer["id"]), self.context.customer_token_lifetime
        )
        return {"token": token.value}

    def customer_field(self, field: Field) -> dict[str, Any]:
        if self.customer is None:
            raise _FieldError(NOT_AUTHORIZED, "graphql-authorization")
        node: dict[str, Any] = dict(self.customer)
        node["__typename"] = "Customer"
        node["purchase_orders"] = self.purchase_orders
        node["purchase_order"] = self.purchase_order
        return node

    def _company_id(self) -> int:
        assert self.customer is not None  # noqa: S101 - checked by customer_field
        ext = self.customer.get("extension_attributes") or {}
        company_id = int((ext.get("company_attributes") or {}).get("company_id") or 0)
        if not company_id:
            raise _FieldError(NOT_COMPANY_USER, "graphql-authorization")
        return company_id

    def _visible(self, company_only: bool) -> list[dict[str, Any]]:
        company_id = self._company_id()
        me = self.customer["id"] if self.customer else None
        return [
            po
            for po in self.context.store.all("purchase_order")
            if int(po.get("company_id") or 0) == company_id
            and (company_only or po.get("created_by_customer_id") == me)
        ]

    def purchase_orders(self, field: Field) -> dict[str, Any]:
        args = field.args
        flt = args.get("filter") or {}
        found = self._visible(bool(flt.get("company_purchase_orders")))
        if flt.get("status"):
            found = [po for po in found if po.get("status") == flt["status"]]
        dates = flt.get("created_date") or {}
        if dates.get("from"):
            found = [po for po in found if str(po.get("created_at", "")) >= str(dates["from"])]
        if dates.get("to"):
            found = [
                po
                for po in found
                if str(po.get("created_at", ""))[: len(str(dates["to"]))] <= str(dates["to"])
            ]
        found.sort(
            key=lambda po: (str(po.get("created_at", "")), str(po.get("number", ""))), reverse=True
        )
        page_size = int(args.get("pageSize") or self.context.page_size)
        page = int(args.get("currentPage") or 1)
        if page_size < 1:
            raise _FieldError("pageSize value must be greater than 0.", "graphql-input")
        if page < 1:
            raise _FieldError("currentPage value must be greater than 0.", "graphql-input")
        total_pages = math.ceil(len(found) / page_size)
        if found and page > total_pages:
            raise _FieldError(_PAGE_TOO_FAR % (page, total_pages), "graphql-input")
        start = (page - 1) * page_size
        return {
            "total_count": len(found),
            "page_info": {"current_page": page, "page_size": page_size, "total_pages": total_pages},
            "items": [_po_node(po) for po in found[start : start + page_size]],
        }

    def purchase_order(self, field: Field) -> dict[str, Any] | None:
        uid = field.args.get("uid")
        for po in self._visible(company_only=True):
            if po.get("uid") == uid:
                return _po_node(po)
        raise _FieldError(
            f'Purchase order with uid "{uid}" does not exist.', "graphql-no-such-entity"
        )


def _po_node(po: Mapping[str, Any]) -> dict[str, Any]:
    node = dict(po)
    node["__typename"] = "PurchaseOrder"
    return node
