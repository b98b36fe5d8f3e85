"""What every gateway function shares: a validated `controlid` and a way to write itself."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar, Self, TypeAlias

import attrs

from intacct_sdk import _xml
from intacct_sdk._constants import CONTROL_ID_MAX_LENGTH
from intacct_sdk._xml import write_fields

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
        ValueError: empty, too long, or holding characters XML cannot carry.
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
    #: The fields already rendered (set by the typed constructors, which render once to derive
    #: the controlid; writing then reuses the text instead of rendering again).
    _rendered: str | None = attrs.field(default=None, init=False, repr=False, eq=False)

    def _with_rendered(self, rendered: str) -> Self:
        object.__setattr__(self, "_rendered", rendered)
        return self

    def _write_fields(self, out: list[str], fields: Fields) -> None:
        if self._rendered is not None:
            out.append(self._rendered)
        else:
            write_fields(out, fields)

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
