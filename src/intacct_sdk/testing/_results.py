"""Function results as the gateway writes them, and the failure a function handler raises.

`<result>` children follow `intacct_response.v2.1.dtd`: status, function, controlid,
(listtype | key)?, data?, errormessage? (research/intacct.md section 3).
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs
from lxml import etree

from intacct_sdk.testing._xml import append_value

__all__ = ["ErrorInfo", "FunctionError", "FunctionResult", "write_errors"]


@attrs.frozen
class ErrorInfo:
    """One `<error>`: errorno, description, description2, correction."""

    errorno: str
    description: str = ""
    description2: str = ""
    correction: str = ""


class FunctionError(Exception):
    """Raised by a function handler: the function's result is `failure` with these errors."""

    def __init__(self, *errors: ErrorInfo) -> None:
        super().__init__("; ".join(e.description2 or e.description for e in errors))
        self.errors = list(errors)


def write_errors(parent: etree._Element, errors: Sequence[ErrorInfo]) -> None:
    """Append an `<errormessage>` holding `errors` in order."""
    message = etree.SubElement(parent, "errormessage")
    for error in errors:
        item = etree.SubElement(message, "error")
        append_value(item, "errorno", error.errorno)
        append_value(item, "description", error.description)
        append_value(item, "description2", error.description2)
        append_value(item, "correction", error.correction)


@attrs.frozen(kw_only=True)
class FunctionResult:
    """A function's outcome; `status=None` is the uniqueid-duplicate shape (no `<status>`)."""

    status: str | None
    function: str
    control_id: str
    key: str | None = None
    data: etree._Element | None = attrs.field(default=None, eq=False, repr=False)
    errors: tuple[ErrorInfo, ...] = ()

    def to_element(self) -> etree._Element:
        """Render as a `<result>` element."""
        result = etree.Element("result")
        if self.status is not None:
            append_value(result, "status", self.status)
        append_value(result, "function", self.function)
        append_value(result, "controlid", self.control_id)
        if self.key is not None:
            append_value(result, "key", self.key)
        if self.data is not None:
            result.append(self.data)
        if self.errors:
            write_errors(result, self.errors)
        return result
