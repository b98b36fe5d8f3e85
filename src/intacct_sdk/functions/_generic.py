"""The 3.0 generic functions: create, update, delete, read, readByQuery, readMore, query, and
getAPISession (research/intacct.md sections 2, 7 and 8; element order from `v3.0/api.xsd`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from intacct_sdk import _xml
from intacct_sdk._constants import (
    DEFAULT_PAGE_SIZE,
    QUERY_MAX_PAGE_SIZE,
    READ_BY_QUERY_MAX_PAGE_SIZE,
    READ_MAX_KEYS,
)
from intacct_sdk._xml import render_fields
from intacct_sdk.functions._base import Fields, Function
from intacct_sdk.functions._filter import Filter

if TYPE_CHECKING:
    from intacct_sdk.models import APBill, Vendor

__all__ = [
    "Create",
    "Delete",
    "GetAPISession",
    "Query",
    "Read",
    "ReadByQuery",
    "ReadMore",
    "Update",
]


def _object_name(_instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    _xml.check_name(value)


def _page_size(limit: int) -> Callable[[object, attrs.Attribute[int], int], None]:
    def check(_instance: object, attribute: attrs.Attribute[int], value: int) -> None:
        if not 1 <= value <= limit:
            raise ValueError(f"{attribute.name} must be 1..{limit}, got {value!r}")

    return check


def _to_tuple(values: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(values)


def _csv(values: Iterable[object]) -> str:
    return ",".join(str(v) for v in values)


@attrs.frozen
class Create(Function):
    """`<create><OBJECT>fields</OBJECT></create>`: fields are written in the mapping's order."""

    tag: ClassVar[str] = "create"
    is_write: ClassVar[bool] = True

    object: str = attrs.field(validator=_object_name)
    fields: Fields = attrs.field(factory=dict)

    @classmethod
    def for_model(cls, model: Vendor | APBill, *, control_id: str | None = None) -> Create:
        """The 3.0 create for a typed Vendor or APBill, fields in the DTD's order.

        `control_id` defaults to one derived from the object's business key and content (the same
        model gives the same controlid, so a resend is recognised by uniqueid; research 4).
        """
        from intacct_sdk._serialize import create_fields_for, default_control_id

        obj, fields = create_fields_for(model)
        rendered = render_fields(fields)
        cid = control_id or default_control_id("create", obj, fields, rendered=rendered)
        return cls(obj, fields, control_id=cid)._with_rendered(rendered)

    def write_body(self, out: list[str]) -> None:
        """Append `<create>`."""
        out.append(f"<create><{self.object}>")
        self._write_fields(out, self.fields)
        out.append(f"</{self.object}></create>")


@attrs.frozen
class Update(Function):
    """`<update><OBJECT>fields</OBJECT></update>`; fields must name the record (RECORDNO or ID)."""

    tag: ClassVar[str] = "update"
    is_write: ClassVar[bool] = True

    object: str = attrs.field(validator=_object_name)
    fields: Fields = attrs.field(factory=dict)

    @classmethod
    def for_model(cls, model: Vendor, *, control_id: str | None = None) -> Update:
        """The 3.0 update for a typed Vendor (keyed by VENDORID).

        `control_id` defaults to one derived from the VENDORID and the new content, so resending
        the same change is deduplicated while a different change gets a new controlid.
        """
        from intacct_sdk._serialize import default_control_id, update_fields_for

        obj, fields = update_fields_for(model)
        rendered = render_fields(fields)
        cid = control_id or default_control_id("update", obj, fields, rendered=rendered)
        return cls(obj, fields, control_id=cid)._with_rendered(rendered)

    def write_body(self, out: list[str]) -> None:
        """Append `<update>`."""
        out.append(f"<update><{self.object}>")
        self._write_fields(out, self.fields)
        out.append(f"</{self.object}></update>")


@attrs.frozen
class Delete(Function):
    """`<delete><object/><keys/></delete>`: delete records by RECORDNO."""

    tag: ClassVar[str] = "delete"
    is_write: ClassVar[bool] = True

    object: str = attrs.field(validator=_object_name)
    keys: Sequence[str | int] = attrs.field(converter=_to_tuple)

    def write_body(self, out: list[str]) -> None:
        """Append `<delete>`."""
        out.append(
            f"<delete><object>{self.object}</object>"
            f"<keys>{_xml.text(_csv(self.keys))}</keys></delete>"
        )


@attrs.frozen
class Read(Function):
    """`<read>`: records by RECORDNO, at most 100 keys (split larger lists with `Read.split`)."""

    tag: ClassVar[str] = "read"

    object: str = attrs.field(validator=_object_name)
    keys: Sequence[str | int] = attrs.field(converter=_to_tuple)
    fields: Sequence[str] = attrs.field(default=("*",), converter=_to_tuple)
    doc_par_id: str | None = attrs.field(default=None, kw_only=True)

    def __attrs_post_init__(self) -> None:
        if len(self.keys) > READ_MAX_KEYS:
            raise ValueError(
                f"read takes at most {READ_MAX_KEYS} keys, got {len(self.keys)}: use Read.split"
            )

    @classmethod
    def split(
        cls, obj: str, keys: Iterable[str | int], fields: Sequence[str] = ("*",)
    ) -> list[Read]:
        """One Read per 100 keys (PHP `Read::MAX_KEY_COUNT`; research section 7)."""
        all_keys = list(keys)
        return [
            cls(obj, all_keys[i : i + READ_MAX_KEYS], fields)
            for i in range(0, len(all_keys), READ_MAX_KEYS)
        ]

    def write_body(self, out: list[str]) -> None:
        """Append `<read>` (xsd order: object, keys, fields, returnFormat, docparid)."""
        out.append(
            f"<read><object>{self.object}</object><keys>{_xml.text(_csv(self.keys))}</keys>"
            f"<fields>{_xml.text(_csv(self.fields))}</fields><returnFormat>xml</returnFormat>"
        )
        if self.doc_par_id:
            out.append(f"<docparid>{_xml.text(self.doc_par_id)}</docparid>")
        out.append("</read>")


@attrs.frozen
class ReadByQuery(Function):
    """`<readByQuery>`: the first page of records matching an SQL-like `query` (may be empty).

    Quote values with `intacct_sdk.functions.quote`. Page on with `ReadMore(result_id)`.
    """

    tag: ClassVar[str] = "readByQuery"

    object: str = attrs.field(validator=_object_name)
    query: str = ""
    fields: Sequence[str] = attrs.field(default=("*",), converter=_to_tuple)
    page_size: int = attrs.field(
        default=DEFAULT_PAGE_SIZE,
        validator=_page_size(READ_BY_QUERY_MAX_PAGE_SIZE),
    )
    doc_par_id: str | None = attrs.field(default=None, kw_only=True)

    def write_body(self, out: list[str]) -> None:
        """Append `<readByQuery>` (object, fields, query, pagesize, returnFormat, docparid)."""
        query = f"<query>{_xml.text(self.query)}</query>" if self.query else "<query/>"
        out.append(
            f"<readByQuery><object>{self.object}</object>"
            f"<fields>{_xml.text(_csv(self.fields))}</fields>{query}"
            f"<pagesize>{self.page_size}</pagesize><returnFormat>xml</returnFormat>"
        )
        if self.doc_par_id:
            out.append(f"<docparid>{_xml.text(self.doc_par_id)}</docparid>")
        out.append("</readByQuery>")


@attrs.frozen
class ReadMore(Function):
    """`<readMore><resultId/></readMore>`: the next page of a readByQuery."""

    tag: ClassVar[str] = "readMore"

    result_id: str

    def write_body(self, out: list[str]) -> None:
        """Append `<readMore>`."""
        out.append(f"<readMore><resultId>{_xml.text(self.result_id)}</resultId></readMore>")


@attrs.frozen
class Query(Function):
    """`<query>`: the 3.0 query with a typed filter and offset paging (no resultId).

    `select` names the fields (the gateway does not support `*`); `order_by` items are field
    names, prefixed with `-` for descending.
    """

    tag: ClassVar[str] = "query"

    object: str = attrs.field(validator=_object_name)
    select: Sequence[str] = attrs.field(converter=_to_tuple)
    filter: Filter | None = None
    order_by: Sequence[str] = attrs.field(default=(), converter=_to_tuple)
    page_size: int = attrs.field(
        default=DEFAULT_PAGE_SIZE,
        validator=_page_size(QUERY_MAX_PAGE_SIZE),
    )
    offset: int = 0
    case_insensitive: bool = attrs.field(default=False, kw_only=True)
    doc_par_id: str | None = attrs.field(default=None, kw_only=True)

    def __attrs_post_init__(self) -> None:
        if not self.select or "*" in self.select:
            raise ValueError(f"query needs explicit select fields (no '*'), got {self.select!r}")
        if self.offset < 0:
            raise ValueError(f"offset must be >= 0, got {self.offset!r}")

    def write_body(self, out: list[str]) -> None:
        """Append `<query>` (xsd order: select, object, docparid, filter, orderby, options,
        pagesize, offset)."""
        out.append("<query><select>")
        out.extend(f"<field>{_xml.text(f)}</field>" for f in self.select)
        out.append(f"</select><object>{self.object}</object>")
        if self.doc_par_id:
            out.append(f"<docparid>{_xml.text(self.doc_par_id)}</docparid>")
        if self.filter is not None:
            out.append("<filter>")
            self.filter.write(out)
            out.append("</filter>")
        if self.order_by:
            out.append("<orderby>")
            for item in self.order_by:
                desc = item.startswith("-")
                name = _xml.text(item[1:] if desc else item)
                direction = "<descending/>" if desc else "<ascending/>"
                out.append(f"<order><field>{name}</field>{direction}</order>")
            out.append("</orderby>")
        if self.case_insensitive:
            out.append("<options><caseinsensitive>true</caseinsensitive></options>")
        out.append(f"<pagesize>{self.page_size}</pagesize><offset>{self.offset}</offset></query>")


@attrs.frozen
class GetAPISession(Function):
    """`<getAPISession/>`: always sent alone in its request (research section 2).

    `location_id` asks for an entity session; an empty string asks for a top-level session.
    """

    tag: ClassVar[str] = "getAPISession"

    location_id: str | None = None

    def write_body(self, out: list[str]) -> None:
        """Append `<getAPISession>`."""
        if self.location_id is None:
            out.append("<getAPISession/>")
        elif self.location_id == "":
            out.append("<getAPISession><locationid/></getAPISession>")
        else:
            out.append(
                f"<getAPISession><locationid>{_xml.text(self.location_id)}</locationid>"
                "</getAPISession>"
            )
