"""Text for XML: strip what XML 1.0 forbids, then escape (research/intacct.md section 5).

The request is built by joining escaped strings: for the small documents the gateway takes this is
several times faster than building an lxml tree and serialising it (DESIGN section 7), and every
piece of caller text passes through `text()` or `attr()` below, which cannot emit markup.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from typing import Any

__all__ = ["attr", "check_name", "clean", "render_fields", "text", "value_text", "write_fields"]

# XML 1.0 `Char` excludes U+0000-0008, 000B, 000C, 000E-001F, surrogates, FFFE and FFFF. A character
# reference such as `&#x1;` is just as illegal, so these are removed, never encoded.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# One scan tells whether a string needs any work at all (the common case is no).
_TEXT_SPECIAL = re.compile("[\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff&<>]")
_ATTR_SPECIAL = re.compile('[\x00-\x1f\ud800-\udfff\ufffe\uffff&<>"]')
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]*\Z")


def clean(value: str) -> str:
    """Remove the code points XML 1.0 forbids; everything else is kept."""
    return _FORBIDDEN.sub("", value)


def text(value: str) -> str:
    """Element text: forbidden code points removed, then `& < >` escaped.

    A carriage return is written as `&#13;`: a parser turns a literal CR into LF, so the reference
    is the only way the gateway receives what the caller gave.
    """
    if _TEXT_SPECIAL.search(value) is None:
        return value
    value = _FORBIDDEN.sub("", value)
    return (
        value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    )


def attr(value: str) -> str:
    """Attribute value (to be put between double quotes): like `text`, plus `"` and whitespace.

    Attribute-value normalisation would turn TAB/LF/CR into spaces, so they are written as
    character references (legal in XML 1.0, unlike references to forbidden code points).
    """
    if _ATTR_SPECIAL.search(value) is None:
        return value
    return (
        text(value)
        .replace('"', "&quot;")
        .replace("\t", "&#9;")
        .replace("\n", "&#10;")
        .replace("\r", "&#13;")
    )


@lru_cache(maxsize=4096)
def check_name(name: str) -> str:
    """An element name taken from caller data (field names): refuse anything that is not a name.

    Raises:
        ValueError: the name could inject markup or is empty.
    """
    if not _NAME.match(name):
        raise ValueError(f"invalid XML element name {name!r}: use letters, digits, _ . -")
    return name


def value_text(value: object) -> str:
    """A field value as gateway text (escaped).

    Dates use `mm/dd/yyyy`, the 3.0 format (research section 8); booleans are `true`/`false`;
    Decimals are written without exponent. Floats are refused because money must be exact.
    """
    if isinstance(value, str):
        return text(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime):
        return text(value.isoformat())
    if isinstance(value, date):
        return f"{value.month:02d}/{value.day:02d}/{value.year:04d}"
    if isinstance(value, float):
        raise TypeError(f"float value {value!r}: pass Decimal or str (money must be exact)")
    raise TypeError(f"unsupported field value {value!r} of type {type(value).__name__}")


def write_fields(out: list[str], fields: Mapping[str, Any]) -> None:
    """Write `fields` as elements, in the mapping's order (callers order them per the DTD/XSD).

    None values are skipped (an absent element leaves the server default alone); mappings become
    nested elements and lists or tuples repeat the element once per item. Plain strings, the
    common case, take the shortest path (DESIGN section 7: CPU per order).
    """
    append = out.append
    for name, value in fields.items():
        if value is None:
            continue
        name = check_name(name)
        if type(value) is str:
            append(f"<{name}>{text(value)}</{name}>" if value else f"<{name}/>")
        else:
            _write_value(out, name, value)


def _write_value(out: list[str], name: str, value: Any) -> None:
    # `type(...) is dict` first: the ABC check behind `isinstance(..., Mapping)` costs more than
    # the rest of a field, and serialised models hold plain dicts (DESIGN section 7).
    if type(value) is dict or isinstance(value, Mapping):
        out.append(f"<{name}>")
        write_fields(out, value)
        out.append(f"</{name}>")
    elif isinstance(value, list | tuple):
        for item in value:
            if item is not None:
                _write_value(out, name, item)
    else:
        body = value_text(value)
        out.append(f"<{name}>{body}</{name}>" if body else f"<{name}/>")


def render_fields(fields: Mapping[str, Any]) -> str:
    """`write_fields` into one string."""
    out: list[str] = []
    write_fields(out, fields)
    return "".join(out)
