"""Request building (pure): control, operation, authentication, content in the DTD's order.

research/intacct.md section 1: `request = control, operation`; `control = senderid, password,
controlid, uniqueid, dtdversion, includewhitespace`; `operation = authentication, content` with the
`transaction` attribute; `login = userid, companyid, password, clientid?, locationid?`.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from intacct_sdk import _xml
from intacct_sdk._constants import DTD_VERSION
from intacct_sdk.functions import Function, GetAPISession

__all__ = ["Login", "SenderCredentials", "SessionAuth", "build_request"]

_HEADER = '<?xml version="1.0" encoding="UTF-8"?><request><control>'


@attrs.frozen(kw_only=True)
class SenderCredentials:
    """Web Services sender credentials (the `<control>` block)."""

    sender_id: str
    sender_password: str = attrs.field(repr=False)


@attrs.frozen(kw_only=True)
class Login:
    """User login; `entity_id` is written as `<locationid>` (an entity login, research 9)."""

    user_id: str
    company_id: str
    user_password: str = attrs.field(repr=False)
    entity_id: str | None = None
    client_id: str | None = None


@attrs.frozen(kw_only=True)
class SessionAuth:
    """An API session from getAPISession (or given by the caller)."""

    session_id: str = attrs.field(repr=False)


def build_request(
    functions: Sequence[Function],
    *,
    sender: SenderCredentials,
    auth: Login | SessionAuth,
    control_id: str,
    uniqueid: bool,
    transaction: bool = False,
) -> bytes:
    """The request document as UTF-8 bytes.

    Raises:
        ValueError: no functions, two functions with one controlid (results are matched by
            controlid, so they must be unique), or getAPISession mixed with other functions.
    """
    if not functions:
        raise ValueError("a request needs at least one function")
    seen: set[str] = set()
    for fn in functions:
        if fn.control_id in seen:
            raise ValueError(f"duplicate function control_id {fn.control_id!r} in one request")
        seen.add(fn.control_id)
    if len(functions) > 1 and any(isinstance(fn, GetAPISession) for fn in functions):
        raise ValueError("getAPISession must be alone in its request (research section 2)")
    out = [
        _HEADER,
        f"<senderid>{_xml.text(sender.sender_id)}</senderid>",
        f"<password>{_xml.text(sender.sender_password)}</password>",
        f"<controlid>{_xml.text(control_id)}</controlid>",
        f"<uniqueid>{'true' if uniqueid else 'false'}</uniqueid>",
        f"<dtdversion>{DTD_VERSION}</dtdversion>",
        # Compact responses: smaller and faster to parse (the official SDKs send false too).
        "<includewhitespace>false</includewhitespace></control>",
        f'<operation transaction="{"true" if transaction else "false"}"><authentication>',
    ]
    if isinstance(auth, SessionAuth):
        out.append(f"<sessionid>{_xml.text(auth.session_id)}</sessionid>")
    else:
        out.append(
            f"<login><userid>{_xml.text(auth.user_id)}</userid>"
            f"<companyid>{_xml.text(auth.company_id)}</companyid>"
            f"<password>{_xml.text(auth.user_password)}</password>"
        )
        if auth.client_id:
            out.append(f"<clientid>{_xml.text(auth.client_id)}</clientid>")
        if auth.entity_id:
            out.append(f"<locationid>{_xml.text(auth.entity_id)}</locationid>")
        out.append("</login>")
    out.append("</authentication><content>")
    for fn in functions:
        fn.write(out)
    out.append("</content></operation></request>")
    return "".join(out).encode("utf-8")
