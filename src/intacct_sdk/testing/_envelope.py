"""The request envelope (control, operation, authentication, content) in, the response out.

Shapes follow research/intacct.md sections 1 and 3 (`intacct_request.v2.1.dtd`,
`intacct_response.v2.1.dtd`, `v3.0/api.xsd`). Only the request side is validated: a broken
envelope is a control-level XL03000003 failure, as the real gateway's schema check answers.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs
from lxml import etree

from intacct_sdk.testing import _constants as const
from intacct_sdk.testing._results import ErrorInfo, FunctionResult, write_errors
from intacct_sdk.testing._xml import (
    MalformedRequestError,
    append_value,
    child_text,
    parse_request_xml,
    serialize,
)

__all__ = [
    "AuthBlock",
    "Control",
    "EnvelopeError",
    "FunctionCall",
    "Login",
    "Operation",
    "ParsedRequest",
    "build_control_failure",
    "build_response",
    "parse_request",
]


class EnvelopeError(Exception):
    """A control-level failure: nothing in the request runs."""

    def __init__(self, error: ErrorInfo, control: Control | None = None) -> None:
        super().__init__(error.description2 or error.description)
        self.error = error
        self.control = control


@attrs.frozen(kw_only=True)
class Control:
    """The request's `<control>` block."""

    sender_id: str
    sender_password: str = attrs.field(repr=False)
    control_id: str
    uniqueid: bool
    dtd_version: str
    include_whitespace: bool
    policy_id: str = ""


@attrs.frozen(kw_only=True)
class Login:
    """`<login>` credentials."""

    user_id: str
    company_id: str
    password: str = attrs.field(repr=False)
    location_id: str | None


@attrs.frozen(kw_only=True)
class FunctionCall:
    """One `<function controlid="...">` and its single child element."""

    control_id: str
    name: str
    element: etree._Element = attrs.field(eq=False, repr=False)

    @property
    def object_name(self) -> str | None:
        """The object a function works on, when it names one (for the request log)."""
        obj = child_text(self.element, "object")
        if obj is not None:
            return obj.strip()
        first = next((c for c in self.element if isinstance(c.tag, str)), None)
        if self.name in {"create", "update"} and first is not None:
            return str(first.tag)
        return None


@attrs.frozen(kw_only=True)
class Operation:
    """One `<operation>`: how it authenticates and what it runs."""

    transaction: bool
    login: Login | None
    session_id: str | None = attrs.field(repr=False)
    functions: tuple[FunctionCall, ...]


@attrs.frozen(kw_only=True)
class ParsedRequest:
    """A whole request that passed the envelope checks."""

    control: Control
    operations: tuple[Operation, ...]


@attrs.frozen(kw_only=True)
class AuthBlock:
    """What the response's `<authentication>` block says."""

    ok: bool
    user_id: str
    company_id: str
    location_id: str | None
    session_timestamp: str | None = None
    session_timeout: str | None = None


def _schema_error(detail: str, control: Control | None = None) -> EnvelopeError:
    return EnvelopeError(ErrorInfo(const.ERR_PARSE, "XML Parse schema error", detail), control)


def parse_request(body: bytes) -> ParsedRequest:
    """Parse and check a request body; raise `EnvelopeError` for control-level failures."""
    try:
        root = parse_request_xml(body)
    except MalformedRequestError as exc:
        raise _schema_error(str(exc)) from None
    if root.tag != "request":
        raise _schema_error(f"Element '{root.tag!s}': No matching global declaration available")
    control_el = root.find("control")
    if control_el is None:
        raise _schema_error("Element 'request': Missing child element(s). Expected is ( control )")
    control = _parse_control(control_el)
    operations = tuple(_parse_operation(op, control) for op in root.findall("operation"))
    if not operations:
        raise _schema_error("Element 'request': Missing child element(s): operation", control)
    return ParsedRequest(control=control, operations=operations)


def _parse_control(element: etree._Element) -> Control:
    values = {tag: child_text(element, tag) for tag in ("senderid", "password", "controlid")}
    missing = [tag for tag, value in values.items() if value is None]
    if missing:
        raise _schema_error(f"Element 'control': Missing child element(s): {', '.join(missing)}")
    control = Control(
        sender_id=values["senderid"] or "",
        sender_password=values["password"] or "",
        control_id=values["controlid"] or "",
        # "When set to true, which is the default" (research/intacct.md section 1).
        uniqueid=(child_text(element, "uniqueid") or "true").strip().lower() == "true",
        dtd_version=(child_text(element, "dtdversion") or "").strip(),
        include_whitespace=(child_text(element, "includewhitespace") or "true").strip().lower()
        != "false",
        policy_id=(child_text(element, "policyid") or "").strip(),
    )
    if len(control.control_id) > const.CONTROL_ID_MAX:
        raise _schema_error("Element 'controlid': longer than 256 characters", control)
    return control


def _parse_operation(element: etree._Element, control: Control) -> Operation:
    transaction = (element.get("transaction") or "false").strip().lower() == "true"
    auth = element.find("authentication")
    if auth is None:
        raise _schema_error(
            "Element 'operation': Missing child element(s): authentication", control
        )
    login_el = auth.find("login")
    session_id = child_text(auth, "sessionid")
    login = None
    if login_el is not None:
        fields = {t: child_text(login_el, t) for t in ("userid", "companyid", "password")}
        if any(v is None for v in fields.values()):
            raise _schema_error("Element 'login': Missing child element(s)", control)
        location = child_text(login_el, "locationid")
        login = Login(
            user_id=fields["userid"] or "",
            company_id=fields["companyid"] or "",
            password=fields["password"] or "",
            location_id=location.strip() if location else None,
        )
    elif session_id is None:
        raise _schema_error("Element 'authentication': expected login or sessionid", control)
    functions: list[FunctionCall] = []
    for content in element.findall("content"):
        functions.extend(_parse_function(function, control) for function in content)
    return Operation(
        transaction=transaction, login=login, session_id=session_id, functions=tuple(functions)
    )


def _parse_function(element: etree._Element, control: Control) -> FunctionCall:
    if element.tag != "function":
        raise _schema_error(f"Element '{element.tag!s}': This element is not expected.", control)
    control_id = element.get("controlid")
    if control_id is None:
        raise _schema_error("Element 'function': The attribute 'controlid' is required", control)
    if len(control_id) > const.CONTROL_ID_MAX:
        raise _schema_error("Attribute 'controlid': longer than 256 characters", control)
    children = [c for c in element if isinstance(c.tag, str)]
    if len(children) != 1:
        raise _schema_error("Element 'function': expected exactly one child element", control)
    return FunctionCall(control_id=control_id, name=str(children[0].tag), element=children[0])


def _control_block(parent: etree._Element, status: str, control: Control | None) -> None:
    block = etree.SubElement(parent, "control")
    append_value(block, "status", status)
    if control is None:
        # A request the gateway could not read has no sender or controlid to echo (php #141).
        return
    append_value(block, "senderid", control.sender_id)
    append_value(block, "controlid", control.control_id)
    append_value(block, "uniqueid", "true" if control.uniqueid else "false")
    append_value(block, "dtdversion", control.dtd_version)


def build_control_failure(
    errors: Sequence[ErrorInfo], control: Control | None, *, bare: bool = False
) -> bytes:
    """A control-level failure document; `bare` gives the gateway's status-only control block."""
    root = etree.Element("response")
    _control_block(root, "failure", None if bare else control)
    write_errors(root, errors)
    return serialize(root, pretty=control.include_whitespace if control else False)


def build_response(
    control: Control,
    operations: Sequence[tuple[AuthBlock, Sequence[ErrorInfo], Sequence[FunctionResult]]],
) -> bytes:
    """A full response: control success, then each operation's authentication and results."""
    root = etree.Element("response")
    _control_block(root, "success", control)
    for auth, auth_errors, results in operations:
        op = etree.SubElement(root, "operation")
        block = etree.SubElement(op, "authentication")
        append_value(block, "status", "success" if auth.ok else "failure")
        append_value(block, "userid", auth.user_id)
        append_value(block, "companyid", auth.company_id)
        append_value(block, "locationid", auth.location_id or "")
        if auth.session_timestamp is not None:
            append_value(block, "sessiontimestamp", auth.session_timestamp)
            append_value(block, "sessiontimeout", auth.session_timeout)
        if not auth.ok:
            write_errors(op, auth_errors)
            continue
        for result in results:
            op.append(result.to_element())
    return serialize(root, pretty=control.include_whitespace)
