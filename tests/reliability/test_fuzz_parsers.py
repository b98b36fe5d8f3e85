"""Fault: malformed or mutated input reaches the parsers (a broken proxy, a buggy extension).

Hypothesis generates gateway-shaped XML documents and mutates real ones byte by byte, and
generates JSON values and mutates real Commerce payloads field by field. Checked: the Intacct
response parser either returns a `Response` (whose results can be read) or raises an
`IntacctError`; the Commerce model parsers either return a model or raise a `CommerceError`
(`ModelParseError` for a bad field). Never a bare `KeyError`, `TypeError`, `ValueError`,
`InvalidOperation`, `RecursionError`... Example counts stay modest so the suite stays fast.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commerce_sdk.errors import CommerceError
from commerce_sdk.models import Company, CreditMemo, Customer, Invoice, Order, PurchaseOrder
from intacct_sdk import IntacctError
from intacct_sdk._response import parse_http_response

TESTS = Path(__file__).parents[1]
XML_FIXTURES = sorted((TESTS / "intacct_sdk" / "fixtures").glob("*.xml"))
NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def parse_gateway(body: bytes, status: int = 200, content_type: str = "text/xml") -> None:
    """Parse as the client does, then read every result the way callers do."""
    try:
        response = parse_http_response(
            status,
            content_type,
            body,
            used_session=True,
            request_control_id="req-1",
            now=NOW,
            writes=True,
        )
        for result in response.results:
            _ = (result.ok, result.errors, result.key, result.data, result.is_duplicate)
            result.raise_for_status()
    except IntacctError:
        pass


# -- Intacct: generated documents -----------------------------------------------------------

_texts = st.text(st.characters(codec="utf-8"), max_size=20)
_names = st.sampled_from(
    [
        "response", "control", "status", "senderid", "controlid", "uniqueid", "dtdversion",
        "operation", "authentication", "userid", "companyid", "sessiontimeout",
        "sessiontimestamp", "result", "function", "data", "errormessage", "error", "errorno",
        "description", "description2", "correction", "key", "listtype", "api", "sessionid",
        "endpoint", "RECORDNO", "VENDORID",
    ]
)  # fmt: skip


def _element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.builds(
        lambda name, attrs, inner: f"<{name}{attrs}>{inner}</{name}>",
        _names,
        st.sampled_from(["", ' count="1"', ' listtype="objects" totalcount="x"', ' a="&amp;"']),
        st.lists(children, max_size=4).map("".join),
    )


_leaf = st.one_of(
    _texts.map(lambda t: t.replace("&", "&amp;").replace("<", "&lt;")),
    st.sampled_from(["success", "failure", "aborted", "true", "false", "", "2026-03-01T10:00:00Z"]),
)
_documents = st.recursive(_leaf, _element, max_leaves=30).map(
    lambda inner: f'<?xml version="1.0" encoding="UTF-8"?><response>{inner}</response>'.encode()
)


@FUZZ
@given(_documents, st.sampled_from([200, 400, 429, 500, 502, 524]))
def test_generated_gateway_documents_parse_or_raise_intacct_errors(body, status) -> None:
    parse_gateway(body, status)


# -- Intacct: mutated real responses --------------------------------------------------------


@st.composite
def mutated_fixture(draw: st.DrawFn) -> bytes:
    body = bytearray(draw(st.sampled_from(XML_FIXTURES)).read_bytes())
    for _ in range(draw(st.integers(1, 6))):
        if not body:
            break
        at = draw(st.integers(0, len(body) - 1))
        action = draw(st.sampled_from(["flip", "insert", "delete", "truncate", "duplicate"]))
        if action == "flip":
            body[at] ^= draw(st.integers(1, 255))
        elif action == "insert":
            body[at:at] = draw(st.sampled_from([b"<", b"&", b"]]>", b"\x00", b"<x>", b"\xff\xfe"]))
        elif action == "delete":
            del body[at : at + draw(st.integers(1, 20))]
        elif action == "truncate":
            del body[at:]
        else:
            body[at:at] = body[at : at + draw(st.integers(1, 200))]
    return bytes(body)


@FUZZ
@given(mutated_fixture())
def test_mutated_gateway_responses_parse_or_raise_intacct_errors(body) -> None:
    parse_gateway(body)


# -- Commerce: generated and mutated payloads -----------------------------------------------

_json_leaf = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(["", "0", "-1", "1e999", "NaN", "2026-02-30 25:61:00", "abc", "[]"]),
)
_json = st.recursive(
    _json_leaf,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)

FIXTURES: dict[str, tuple[Callable[[Any], Any], Path]] = {
    "order": (Order.from_api, TESTS / "commerce_sdk" / "fixtures" / "order_configurable_b2b.json"),
    "order_guest": (Order.from_api, TESTS / "bridge" / "fixtures" / "order_guest.json"),
    "invoice": (Invoice.from_api, TESTS / "bridge" / "fixtures" / "invoice_partial.json"),
    "credit_memo": (
        CreditMemo.from_api,
        TESTS / "bridge" / "fixtures" / "creditmemo_partial_fee.json",
    ),
    "customer": (
        Customer.from_api,
        TESTS / "commerce_sdk" / "fixtures" / "customer_with_company.json",
    ),
    "company": (Company.from_api, TESTS / "commerce_sdk" / "fixtures" / "company.json"),
    "purchase_order": (
        PurchaseOrder.from_graphql,
        TESTS / "bridge" / "fixtures" / "purchase_order.json",
    ),
}
_PARSERS = [parse for parse, _ in FIXTURES.values()]


def parse_commerce(parse: Callable[[Any], Any], payload: Any) -> None:
    try:
        model = parse(payload)
    except CommerceError:
        return
    repr(model)  # a parsed model can at least be shown


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            out += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            out += _paths(item, (*prefix, index))
    return out


def _replace(document: Any, path: tuple[Any, ...], new: Any, delete: bool) -> Any:
    if not path:
        return new
    parent = document
    for step in path[:-1]:
        parent = parent[step]
    if delete:
        del parent[path[-1]]
    else:
        parent[path[-1]] = new
    return document


@st.composite
def mutated_payload(draw: st.DrawFn) -> tuple[Callable[[Any], Any], Any]:
    parse, path = FIXTURES[draw(st.sampled_from(sorted(FIXTURES)))]
    document = json.loads(path.read_text())
    for _ in range(draw(st.integers(1, 4))):
        paths = _paths(document)
        where = draw(st.sampled_from(paths))
        delete = bool(where) and draw(st.booleans())
        document = _replace(copy.deepcopy(document), where, draw(_json), delete)
    return parse, document


@FUZZ
@given(mutated_payload())
def test_mutated_commerce_payloads_parse_or_raise_commerce_errors(case) -> None:
    parse, payload = case
    parse_commerce(parse, payload)


@FUZZ
@given(st.sampled_from(_PARSERS), _json)
def test_generated_json_values_parse_or_raise_commerce_errors(parse, payload) -> None:
    parse_commerce(parse, payload)
