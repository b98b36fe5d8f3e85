"""The read functions: `read`, `readByName`, `readByQuery` + `readMore`, and the 3.0 `query`.

Shapes from research/intacct.md section 7: readByQuery pages of at most 1000 with a resultId that
readMore continues, lowercase record elements, `count`/`totalcount`/`numremaining`/`resultId` on
`<data>` (the last page has `resultId=""`); `query` pages of at most 2000 by offset, UPPERCASE
record elements and no resultId; `read` takes at most 100 keys. Fields are `*` (the whole stored
record, nested elements included) or a list; a dotted field such as `DISPLAYCONTACT.EMAIL1` comes
back as one flat element of that name, empty when the record has no value.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lxml import etree

from intacct_sdk.testing import _constants as const
from intacct_sdk.testing._context import Context, Cursor
from intacct_sdk.testing._objects import ID_FIELDS, OBJECTS, SUPPORTED
from intacct_sdk.testing._query_language import (
    And,
    Between,
    Compare,
    Condition,
    In,
    IsNull,
    Like,
    Or,
    QuerySyntaxError,
    evaluate,
    field_value,
    parse_query,
    sort_key,
)
from intacct_sdk.testing._results import ErrorInfo, FunctionError
from intacct_sdk.testing._xml import append_value, child_text

__all__ = [
    "check_object",
    "query",
    "read",
    "read_by_name",
    "read_by_query",
    "read_more",
]

_QUERY_CACHE_SIZE = 16
_COMPARE_TAGS = {
    "equalto": "=",
    "notequalto": "!=",
    "lessthan": "<",
    "lessthanoreqto": "<=",
    "greaterthan": ">",
    "greaterthanoreqto": ">=",
}


def _fail(detail: str) -> FunctionError:
    return FunctionError(ErrorInfo(const.ERR_QUERY, "Query Failed", detail, ""))


def check_object(element: etree._Element, function: str) -> str:
    """The `<object>` a function names, upper-cased, which must support `function`."""
    obj = (child_text(element, "object") or "").strip().upper()
    if not obj:
        raise _fail("Required element object is missing.")
    if obj not in OBJECTS:
        raise _fail(f"Object '{obj}' is not supported by FakeIntacct.")
    if function not in SUPPORTED[obj]:
        raise _fail(f"{function} is not supported for {obj}.")
    return obj


def _fields(text: str | None) -> list[str] | None:
    names = [f.strip() for f in (text or "*").split(",") if f.strip()]
    return None if not names or names == ["*"] else names


def _page_size(element: etree._Element, default: int, maximum: int) -> int:
    text = (child_text(element, "pagesize") or "").strip()
    if not text:
        return default
    try:
        size = int(text)
    except ValueError:
        raise _fail(f"pagesize {text!r} is not a number.") from None
    if not 1 <= size <= maximum:
        raise _fail(f"pagesize {size} is out of range 1..{maximum}.")
    return size


def _check_format(element: etree._Element) -> None:
    fmt = child_text(element, "returnFormat") or child_text(element, "returnformat") or "xml"
    if fmt.strip().lower() != "xml":
        raise _fail(f"returnFormat {fmt!r}: FakeIntacct answers xml only.")


def _append_record(data: etree._Element, tag: str, record: dict[str, Any], fields: Any) -> None:
    element = etree.SubElement(data, tag)
    if fields is None:
        for key, value in record.items():
            append_value(element, key, value)
        return
    for field in fields:
        value = field_value(record, field)
        append_value(element, field.upper(), value if value is not None else "")


def _data(listtype: str, **attrs: int | str) -> etree._Element:
    data = etree.Element("data", listtype=listtype)
    for name, value in attrs.items():
        data.set(name, str(value))
    return data


def _indexed(obj: str, condition: Condition | None) -> str | None:
    """The business ID an `ID = 'value'` condition (alone or ANDed) pins, if any."""
    id_field = ID_FIELDS.get(obj)
    if isinstance(condition, Compare) and condition.op == "=":
        return condition.value if condition.field.upper() == id_field else None
    if isinstance(condition, And):
        return next((v for v in (_indexed(obj, c) for c in condition.items) if v), None)
    return None


def _matching(
    ctx: Context, obj: str, element: etree._Element, condition: Condition | None, fold: bool
) -> list[dict[str, Any]]:
    """Records satisfying `condition`, in RECORDNO order; `<docparid>` narrows PODOCUMENT."""
    key = None if fold else _indexed(obj, condition)
    if key is not None:
        found = ctx.store.by_id(obj, key)
        rows: list[dict[str, Any]] = [found] if found is not None else []
    else:
        rows = list(ctx.store.rows(obj))
    docpar = (child_text(element, "docparid") or "").strip()
    if docpar and obj == "PODOCUMENT":
        rows = [r for r in rows if r.get("DOCPARID") == docpar]
    return [r for r in rows if evaluate(condition, r, fold=fold)]


def read(ctx: Context, element: etree._Element) -> etree._Element:
    """`read`: records by RECORDNO (or business ID) keys, CSV, at most 100."""
    obj = check_object(element, "read")
    _check_format(element)
    keys = [k.strip() for k in (child_text(element, "keys") or "").split(",") if k.strip()]
    if len(keys) > const.READ_MAX_KEYS:
        raise _fail(f"read accepts at most {const.READ_MAX_KEYS} keys, got {len(keys)}.")
    fields = _fields(child_text(element, "fields"))
    found = []
    for key in keys:
        record = ctx.store.get(obj, int(key)) if key.isdigit() else None
        if record is None and obj in ID_FIELDS:
            record = ctx.store.by_id(obj, key)
        if record is not None:
            found.append(record)
    data = _data(obj.lower(), count=len(found))
    for record in found:
        _append_record(data, obj.lower(), record, fields)
    return data


def read_by_name(ctx: Context, element: etree._Element) -> etree._Element:
    """`readByName`: like `read`, keyed by the business ID (VENDORID, ACCOUNTNO, DOCID)."""
    obj = check_object(element, "readByName")
    _check_format(element)
    keys = [k.strip() for k in (child_text(element, "keys") or "").split(",") if k.strip()]
    if len(keys) > const.READ_MAX_KEYS:
        raise _fail(f"readByName accepts at most {const.READ_MAX_KEYS} keys, got {len(keys)}.")
    fields = _fields(child_text(element, "fields"))
    found = [r for r in (ctx.store.by_id(obj, key) for key in keys) if r is not None]
    data = _data(obj.lower(), count=len(found))
    for record in found:
        _append_record(data, obj.lower(), record, fields)
    return data


def read_by_query(ctx: Context, element: etree._Element) -> etree._Element:
    """`readByQuery`: first page plus a resultId for readMore when more remain."""
    obj = check_object(element, "readByQuery")
    _check_format(element)
    fields = _fields(child_text(element, "fields"))
    size = _page_size(element, const.READ_BY_QUERY_DEFAULT_PAGE, const.READ_BY_QUERY_MAX_PAGE)
    try:
        condition = parse_query(child_text(element, "query") or "")
        # The result set is fixed when the query runs; records are never mutated in place.
        rows = _matching(ctx, obj, element, condition, fold=False)
    except QuerySyntaxError as exc:
        raise _fail(f"Invalid query: {exc}") from None
    cursor = Cursor(obj=obj, rows=rows, fields=fields, page_size=size, position=0, total=len(rows))
    return _next_page(ctx, cursor, None)


def read_more(ctx: Context, element: etree._Element) -> etree._Element:
    """`readMore`: the next page of a readByQuery result set."""
    result_id = (child_text(element, "resultId") or "").strip()
    cursor = ctx.cursors.get(result_id)
    if cursor is None:
        raise _fail(f"Invalid or expired resultId '{result_id}'.")
    return _next_page(ctx, cursor, result_id)


def _next_page(ctx: Context, cursor: Cursor, result_id: str | None) -> etree._Element:
    page = cursor.rows[cursor.position : cursor.position + cursor.page_size]
    cursor.position += len(page)
    remaining = cursor.total - cursor.position
    if remaining and result_id is None:
        result_id = ctx.new_result_id()
        if len(ctx.cursors) >= const.MAX_OPEN_RESULT_SETS:
            del ctx.cursors[next(iter(ctx.cursors))]  # the oldest abandoned result set goes
        ctx.cursors[result_id] = cursor
    elif not remaining and result_id is not None:
        del ctx.cursors[result_id]
    data = _data(
        cursor.obj.lower(),
        count=len(page),
        totalcount=cursor.total,
        numremaining=remaining,
        resultId=result_id if remaining and result_id else "",
    )
    for record in page:
        _append_record(data, cursor.obj.lower(), record, cursor.fields)
    return data


def compile_filter(element: etree._Element) -> Condition:
    """A 3.0 `<filter>` child (and/or/equalto/.../between) as a condition."""
    tag = str(element.tag).lower()
    children = [c for c in element if isinstance(c.tag, str)]
    if tag in {"and", "or"}:
        if not children:
            raise _fail(f"<{tag}> needs at least one condition.")
        items = tuple(compile_filter(child) for child in children)
        return And(items) if tag == "and" else Or(items)
    field = (child_text(element, "field") or "").strip()
    if not field:
        raise _fail(f"<{tag}> needs a <field>.")
    values = [v.text or "" for v in element.findall("value")]
    if tag in _COMPARE_TAGS:
        return Compare(field, _COMPARE_TAGS[tag], _single(tag, values))
    if tag in {"in", "notin"}:
        if not values:
            raise _fail(f"<{tag}> needs at least one <value>.")
        return In(field, tuple(values), tag == "notin")
    if tag in {"like", "notlike"}:
        return Like(field, _single(tag, values), tag == "notlike")
    if tag in {"isnull", "isnotnull"}:
        return IsNull(field, tag == "isnotnull")
    if tag == "between":
        if len(values) != 2:
            raise _fail("<between> needs exactly two <value> elements.")
        return Between(field, values[0], values[1])
    raise _fail(f"Unknown filter operator <{tag}>.")


def _single(tag: str, values: Sequence[str]) -> str:
    if len(values) != 1:
        raise _fail(f"<{tag}> needs exactly one <value>.")
    return values[0]


def query(ctx: Context, element: etree._Element) -> etree._Element:
    """The 3.0 `query`: select, filter, orderby, caseinsensitive, offset paging."""
    obj = check_object(element, "query")
    select = element.find("select")
    if select is None or not len(select):
        raise _fail("Required element select is missing.")
    fields = []
    for item in select:
        if item.tag != "field":
            raise _fail(f"<{item.tag!s}> in select is not supported by FakeIntacct.")
        name = (item.text or "").strip()
        if not name or name == "*":
            raise _fail("select * is not supported: name each field.")
        fields.append(name)
    options = element.find("options")
    fold = options is not None and (child_text(options, "caseinsensitive") or "").strip() == "true"
    size = _page_size(element, const.QUERY_DEFAULT_PAGE, const.QUERY_MAX_PAGE)
    offset_text = (child_text(element, "offset") or "0").strip()
    if not offset_text.isdigit():
        raise _fail(f"offset {offset_text!r} must be a number >= 0.")
    offset = int(offset_text)
    condition: Condition | None = None
    filter_el = element.find("filter")
    if filter_el is not None:
        conditions = [c for c in filter_el if isinstance(c.tag, str)]
        if len(conditions) != 1:
            raise _fail("<filter> takes exactly one condition (use <and>/<or> to combine).")
        condition = compile_filter(conditions[0])
    orderby = element.find("orderby")
    cache_key = (
        obj,
        child_text(element, "docparid"),
        etree.tostring(filter_el) if filter_el is not None else b"",
        etree.tostring(orderby) if orderby is not None else b"",
        fold,
        ctx.store.version,
    )
    rows = ctx.query_cache.get(cache_key)
    if rows is None:
        rows = _order(_matching(ctx, obj, element, condition, fold), orderby, fold)
        if len(ctx.query_cache) >= _QUERY_CACHE_SIZE:
            ctx.query_cache.clear()
        ctx.query_cache[cache_key] = rows
    page = rows[offset : offset + size]
    data = _data(
        obj,
        totalcount=len(rows),
        offset=offset,
        count=len(page),
        numremaining=max(len(rows) - offset - len(page), 0),
    )
    for record in page:
        _append_record(data, obj, record, fields)
    return data


def _order(rows: list[dict[str, Any]], orderby: etree._Element | None, fold: bool) -> list[Any]:
    if orderby is None:
        return rows
    orders = []
    for order in orderby.findall("order"):
        field = (child_text(order, "field") or "").strip()
        if not field:
            raise _fail("<order> needs a <field>.")
        orders.append((field, order.find("descending") is not None))
    # Stable sorts from the last key to the first give a multi-key order with mixed directions.
    for field, descending in reversed(orders):
        rows = sorted(rows, key=lambda r: sort_key(r, [field], fold=fold), reverse=descending)
    return rows
