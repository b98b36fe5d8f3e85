"""Response parsing (pure): raw bytes in, a `Response` or a typed error out.

Layers, outermost first (research/intacct.md section 3): HTTP status, then `<control>` (nothing
ran), then `<operation><authentication>` (no function ran), then each `<result>`. Per-result
failures are returned, not raised (see `_result.py`).

Hardening (DESIGN section 4: no DTDs, no entity expansion, no external resources). We parse with
lxml, not `defusedxml.lxml` (deprecated, and it warns): the parser below never loads a DTD, never
touches the network and never expands entities, and any document that declares a DOCTYPE (with
or without an internal subset of ENTITY declarations) is refused before its content is used. The
bytes are checked first (cheap, catches billion-laughs before libxml2 sees the subset); the parsed
tree's docinfo is checked second (catches encodings the byte scan cannot read, such as UTF-16).
libxml2's own limits refuse excessive nesting depth (`huge_tree` stays off).
"""

from __future__ import annotations

import email.utils
import threading
from datetime import UTC, datetime
from typing import Any

from lxml import etree

from intacct_sdk._exceptions import (
    AuthenticationError,
    ControlError,
    ErrorDetail,
    HttpStatusError,
    RateLimitError,
    ResponseParseError,
    SessionExpiredError,
)
from intacct_sdk._result import AuthInfo, Response, Result

__all__ = ["parse_http_response", "parse_response", "parse_retry_after", "parse_xml"]

_RATE_LIMIT_ERRORNO = "GW-0010"  # research section 3.7
_local = threading.local()
# DOCTYPE / ENTITY in every encoding a body may come in without an ASCII-compatible byte scan
# seeing it (UTF-16, UTF-32): refused before libxml2 reads the internal subset, so an entity
# bomb never depends on libxml2's amplification limit (tests/reliability/test_hostile_xml.py).
_DECLARATION_MARKERS = tuple(
    marker.encode(encoding)
    for marker in ("<!DOCTYPE", "<!ENTITY")
    for encoding in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
)


def _parser() -> etree.XMLParser:
    # One parser per thread: lxml parsers keep state while parsing.
    parser: etree.XMLParser | None = getattr(_local, "parser", None)
    if parser is None:
        parser = etree.XMLParser(
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            dtd_validation=False,
            huge_tree=False,
            remove_comments=True,
            remove_pis=True,
            collect_ids=False,
        )
        _local.parser = parser
    return parser


def parse_xml(body: bytes) -> etree._Element:
    """Parse gateway bytes (BOM and declared encoding honoured) into an element, safely.

    Raises:
        ResponseParseError: empty, malformed or truncated XML, or any DOCTYPE/ENTITY declaration.
    """
    if not body or not body.strip():
        raise ResponseParseError("empty response body")
    if any(marker in body for marker in _DECLARATION_MARKERS):
        raise ResponseParseError("response declares a DOCTYPE or ENTITY: refused")
    try:
        root = etree.fromstring(body, _parser())
    except etree.XMLSyntaxError as exc:
        # The lxml message names line and column, never the body (which may hold a session id).
        raise ResponseParseError(f"malformed XML response: {exc.msg}") from None
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise ResponseParseError("response declares a DOCTYPE or ENTITY: refused")
    return root


def _text(elem: etree._Element | None) -> str | None:
    if elem is None or elem.text is None:
        return None
    value = elem.text.strip()
    return value or None


def _errors(container: etree._Element | None) -> tuple[ErrorDetail, ...]:
    if container is None:
        return ()
    return tuple(
        ErrorDetail(
            errorno=_text(err.find("errorno")),
            description=_text(err.find("description")),
            description2=_text(err.find("description2")),
            correction=_text(err.find("correction")),
        )
        for err in container.iterfind("error")
    )


def record_to_dict(elem: etree._Element) -> dict[str, Any]:
    """A record element as a dict: leaves are text (empty string for empty elements), nested
    elements are dicts, repeated names become lists. Dotted names (`DISPLAYCONTACT.EMAIL1`) are
    kept as they come."""
    out: dict[str, Any] = {}
    for child in elem:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        value: Any = record_to_dict(child) if len(child) else (child.text or "")
        if tag in out:
            previous = out[tag]
            if isinstance(previous, list):
                previous.append(value)
            else:
                out[tag] = [previous, value]
        else:
            out[tag] = value
    return out


def _int(value: str | None) -> int | None:
    if value is None or value == "":
        return None
    try:
        return int(value)
    except ValueError:
        return None


def _result(elem: etree._Element, request_control_id: str | None) -> Result:
    data = elem.find("data")
    records: tuple[dict[str, Any], ...] = ()
    attrib: Any = {}
    if data is not None:
        records = tuple(record_to_dict(r) for r in data if isinstance(r.tag, str))
        attrib = data.attrib
    legacy = elem.find("listtype")  # 2.1: <listtype total= start= end=>name</listtype>
    list_type = attrib.get("listtype") or _text(legacy)
    total = attrib.get("totalcount")
    if total is None and legacy is not None:
        total = legacy.get("total")
    return Result(
        control_id=_text(elem.find("controlid")),
        function=_text(elem.find("function")),
        status=_text(elem.find("status")),
        errors=_errors(elem.find("errormessage")),
        key=_text(elem.find("key")),
        data=records,
        list_type=list_type,
        count=_int(attrib.get("count")),
        total_count=_int(total),
        num_remaining=_int(attrib.get("numremaining")),
        result_id=attrib.get("resultId") or None,
        offset=_int(attrib.get("offset")),
        request_control_id=request_control_id,
    )


def _timestamp(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None  # an unreadable timeout must not fail a request that succeeded
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _auth_info(auth: etree._Element) -> AuthInfo:
    return AuthInfo(
        status=_text(auth.find("status")),
        user_id=_text(auth.find("userid")),
        company_id=_text(auth.find("companyid")),
        location_id=_text(auth.find("locationid")),
        session_timestamp=_timestamp(_text(auth.find("sessiontimestamp"))),
        session_timeout=_timestamp(_text(auth.find("sessiontimeout"))),
    )


def parse_response(
    body: bytes, *, used_session: bool = False, request_control_id: str | None = None
) -> Response:
    """Parse a gateway response document.

    Raises:
        ResponseParseError: not a gateway response.
        RateLimitError: control failure with GW-0010.
        ControlError: control status failure (nothing ran).
        SessionExpiredError: authentication failed while a session id was sent.
        AuthenticationError: authentication failed for a login.
    """
    root = parse_xml(body)
    if root.tag != "response":
        raise ResponseParseError(f"expected <response>, got {root.tag!r}")
    control = root.find("control")
    if control is None:
        raise ResponseParseError("response has no <control> block")
    control_id = _text(control.find("controlid")) or request_control_id
    if _text(control.find("status")) != "success":
        errors = _errors(root.find("errormessage")) or _errors(control.find("errormessage"))
        if any(e.errorno == _RATE_LIMIT_ERRORNO for e in errors):
            raise RateLimitError(
                "rate limit exceeded", errors=errors, request_control_id=control_id
            )
        raise ControlError("control status failure", errors=errors, request_control_id=control_id)
    operation = root.find("operation")
    if operation is None:
        raise ResponseParseError("control succeeded but the response has no <operation>")
    auth = operation.find("authentication")
    if auth is None:
        raise ResponseParseError("operation has no <authentication> block")
    info = _auth_info(auth)
    if info.status != "success":
        errors = _errors(operation.find("errormessage")) or _errors(auth.find("errormessage"))
        cls = SessionExpiredError if used_session else AuthenticationError
        raise cls("authentication failed", errors=errors, request_control_id=control_id)
    results = tuple(_result(r, control_id) for r in operation.iterfind("result"))
    if not results and operation.find("errormessage") is not None:
        errors = _errors(operation.find("errormessage"))
        raise AuthenticationError("operation failed", errors=errors, request_control_id=control_id)
    return Response(control_id=control_id, results=results, auth=info)


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """Retry-After as seconds: delta-seconds or an HTTP date (RFC 9110 section 10.2.3)."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


def _is_xml(content_type: str, body: bytes) -> bool:
    ctype = content_type.lower()
    if "xml" in ctype:
        return True
    if ctype and "text/plain" not in ctype:
        return False  # e.g. text/html: an error page, never parsed as a response
    head = body.lstrip()[:64]
    return head.startswith((b"<?xml", b"<response", b"\xef\xbb\xbf"))


def parse_http_response(
    status_code: int,
    content_type: str,
    body: bytes,
    *,
    used_session: bool,
    request_control_id: str | None,
    retry_after: str | None = None,
    now: datetime,
    writes: bool = False,
) -> Response:
    """Classify an HTTP answer, then parse it.

    429 is a `RateLimitError` (with the XML errors when the body has them); other non-2xx answers
    with an XML body are parsed (a 401 with a gateway document is an authentication failure, as in
    the PHP SDK); anything else is an `HttpStatusError`. A 5xx on a request with writes leaves the
    outcome unknown (the gateway may have applied it before failing; research 3.6).
    """
    if status_code == 429:
        errors: tuple[ErrorDetail, ...] = ()
        if _is_xml(content_type, body):
            try:
                errors = _errors(parse_xml(body).find("errormessage"))
            except ResponseParseError:
                errors = ()
        raise RateLimitError(
            "HTTP 429: rate limit exceeded",
            errors=errors,
            request_control_id=request_control_id,
            retry_after=parse_retry_after(retry_after, now),
        )
    if 200 <= status_code < 300:
        return parse_response(
            body, used_session=used_session, request_control_id=request_control_id
        )
    if _is_xml(content_type, body):
        try:
            response = parse_response(
                body, used_session=used_session, request_control_id=request_control_id
            )
        except ResponseParseError:
            pass
        else:
            if status_code < 500:
                return response
    raise HttpStatusError(
        f"HTTP {status_code} without a gateway response",
        status_code=status_code,
        request_control_id=request_control_id,
        outcome_unknown=writes and (status_code >= 500 or status_code == 408),
    )
