"""XML in and out for the fake: a hardened request parser and record <-> element conversion.

The fake parses what clients send on its own (lxml, no DTDs, no entities, no network) so that it
checks the SDK's request builder instead of sharing its code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from lxml import etree

__all__ = [
    "LIST_TAGS",
    "MalformedRequestError",
    "append_value",
    "child_text",
    "element_to_record",
    "parse_request_xml",
    "serialize",
]

# Elements that repeat inside their container; kept as lists even when only one is present.
LIST_TAGS = frozenset(
    {"APBILLITEM", "APADJUSTMENTITEM", "PODOCUMENTENTRY", "lineitem", "potransitem", "customfield"}
)
# XML 1.0 forbidden code points (research/intacct.md section 5): stripped before writing.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True
)


class MalformedRequestError(Exception):
    """The request body is not one well-formed XML document the gateway accepts."""


def parse_request_xml(body: bytes) -> etree._Element:
    """Parse a request body, refusing DOCTYPE and entity declarations like a hardened gateway."""
    if not body.strip():
        raise MalformedRequestError("Empty request body")
    try:
        root = etree.fromstring(body, parser=_PARSER)
    except etree.XMLSyntaxError as exc:
        raise MalformedRequestError(f"XML Parse error: {exc}") from None
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise MalformedRequestError("DOCTYPE declarations are not allowed")
    return root


def child_text(element: etree._Element, tag: str) -> str | None:
    """Text of the first child named `tag` ("" when empty), or None when there is no such child."""
    child = element.find(tag)
    if child is None:
        return None
    return child.text or ""


def element_to_record(element: etree._Element) -> dict[str, Any]:
    """Turn an object element (`<VENDOR>...`) into a nested dict; repeated children become lists."""
    out: dict[str, Any] = {}
    for child in element:
        if not isinstance(child.tag, str):
            continue
        value = _element_value(child)
        tag = child.tag
        if tag in out:
            existing = out[tag]
            if isinstance(existing, list):
                existing.append(value)
            else:
                out[tag] = [existing, value]
        elif tag in LIST_TAGS:
            out[tag] = [value]
        else:
            out[tag] = value
    return out


def _element_value(element: etree._Element) -> Any:
    if any(isinstance(c.tag, str) for c in element):
        return element_to_record(element)
    return element.text or ""


def append_value(parent: etree._Element, tag: str, value: Any) -> None:
    """Write `value` as `<tag>` under `parent`: lists repeat, dicts nest, the rest is text."""
    if isinstance(value, list):
        for item in value:
            append_value(parent, tag, item)
        return
    element = etree.SubElement(parent, tag)
    if isinstance(value, Mapping):
        for key, item in value.items():
            append_value(element, key, item)
    elif value is not None:
        element.text = clean_text(str(value))


def append_fields(parent: etree._Element, fields: Iterable[tuple[str, Any]]) -> None:
    """Append several `(tag, value)` pairs in order."""
    for tag, value in fields:
        append_value(parent, tag, value)


def clean_text(text: str) -> str:
    """Strip the XML 1.0 forbidden code points so a seeded value can never break a response."""
    return _FORBIDDEN.sub("", text)


def serialize(root: etree._Element, *, pretty: bool) -> bytes:
    """Serialize a response document with its XML declaration, UTF-8."""
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=pretty))
