"""What every gateway function shares: a validated `controlid` and a way to write itself."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar, TypeAlias

import attrs

from intacct_sdk import _xml
from intacct_sdk._constants import CONTROL_ID_MAX_LENGTH

__all__ = [
    "FieldValue",
    "Fields",
    "Function",
    "new_control_id",
    "validate_control_id",
    "write_fields",
]

#: A field value: scalars become text, mappings nested elements, lists repeated elements.
FieldValue: TypeAlias = (
    "str | int | Decimal | bool | date | Mapping[str, FieldValue] | Sequence[FieldValue] | None"
)
Fields: TypeAlias = Mapping[str, Any]


def new_control_id() -> str:
    """A fresh uuid4, the default function controlid (as the official SDKs do; research 1)."""
    return str(uuid.uuid4())


def validate_control_id(_instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    """Controlids are 1..256 characters (xsd maxLength 256; research section 1).

    Raises:
        ValueError: empty, too long, or made only of characters XML cannot carry.
    """
    if not isinstance(value, str):
        raise TypeError(f"{attribute.name} must be str, not {type(value).__name__}: {value!r}")
    if not 1 <= len(value) <= CONTROL_ID_MAX_LENGTH:
        raise ValueError(
            f"{attribute.name} must be 1..{CONTROL_ID_MAX_LENGTH} characters, got {len(value)}: "
            f"{value[:40]!r}"
        )
    if _xml.clean(value) != value:
        raise ValueError(f"{attribute.name} contains characters XML cannot carry: {value!r}")


@attrs.frozen(kw_only=True)
class Function:
    """Base of every function: one `<function controlid=...>` of a request's `<content>`."""

    #: Element name inside `<function>` and the name the gateway echoes in `<result><function>`.
    tag: ClassVar[str] = ""
    #: Whether the function changes data (drives uniqueid and which retries are safe; research 4).
    is_write: ClassVar[bool] = False

    control_id: str = attrs.field(factory=new_control_id, validator=validate_control_id)

    def write(self, out: list[str]) -> None:
        """Append this function's XML (the `<function>` wrapper included) to `out`."""
        out.append(f'<function controlid="{_xml.attr(self.control_id)}">')
        self.write_body(out)
        out.append("</function>")

    def write_body(self, out: list[str]) -> None:
        """Append the element inside `<function>`; each function writes its own."""
        raise NotImplementedError

    def to_xml(self) -> str:
        """This function as an XML fragment (for logs, tests and curiosity)."""
        out: list[str] = []
        self.write(out)
        return "".join(out)


def write_fields(out: list[str], fields: Fields) -> None:
    """Write `fields` as elements, in the mapping's order (callers order them per the DTD/XSD).

    None values are skipped (an absent element leaves the server default alone); mappings become
    nested elements and lists or tuples repeat the element once per item.
    """
    for name, value in fields.items():
        if value is None:
            continue
        _write_one(out, _xml.check_name(name), value)


def _write_one(out: list[str], name: str, value: Any) -> None:
    if isinstance(value, Mapping):
        out.append(f"<{name}>")
        write_fields(out, value)
        out.append(f"</{name}>")
    elif isinstance(value, list | tuple):
        for item in value:
            if item is not None:
                _write_one(out, name, item)
    else:
        body = _xml.value_text(value)
        out.append(f"<{name}>{body}</{name}>" if body else f"<{name}/>")
