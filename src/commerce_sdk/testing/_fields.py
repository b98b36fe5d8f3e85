"""Partial responses: the `fields` query parameter (research/commerce.md section 5).

`fields=items[entity_id,increment_id,items[sku]],total_count` keeps only the named keys, nested
with brackets; lists are filtered element by element. Magento applies it to any REST response.
"""

from __future__ import annotations

from typing import Any

from commerce_sdk.testing._responses import FakeHTTPError, fail

__all__ = ["FieldSpec", "apply_fields", "parse_fields"]

#: name -> nested spec (None keeps the whole value).
FieldSpec = dict[str, "FieldSpec | None"]


def _invalid(text: str) -> FakeHTTPError:
    message = 'Invalid value of "%value" provided for the %fieldName field.'
    return fail(400, message, {"value": text, "fieldName": "fields"})


def parse_fields(text: str) -> FieldSpec:
    """Parse a `fields` value; a 400 naming it when the brackets do not balance."""
    spec, pos = _parse(text, 0)
    if pos != len(text):
        raise _invalid(text)
    return spec


def _parse(text: str, pos: int) -> tuple[FieldSpec, int]:
    spec: FieldSpec = {}
    name = ""
    while pos < len(text):
        char = text[pos]
        if char == "[":
            nested, pos = _parse(text, pos + 1)
            if pos >= len(text) or text[pos] != "]":
                raise _invalid(text)
            spec[name.strip()] = nested
            name = ""
        elif char == "]":
            break
        elif char == ",":
            if name.strip():
                spec[name.strip()] = None
            name = ""
        else:
            name += char
        pos += 1
    if name.strip():
        spec[name.strip()] = None
    return spec, pos


def apply_fields(value: Any, spec: FieldSpec) -> Any:
    """Keep only what `spec` names."""
    if isinstance(value, list):
        return [apply_fields(v, spec) for v in value]
    if not isinstance(value, dict):
        return value
    return {
        key: value[key] if sub is None else apply_fields(value[key], sub)
        for key, sub in spec.items()
        if key in value
    }
