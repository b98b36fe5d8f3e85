"""A small GraphQL document parser: enough for the queries a Commerce client sends.

It reads operations (query/mutation, variables with defaults), fields with aliases and arguments,
nested selections, fragments (named and inline, type conditions ignored) and `@include`/`@skip`.
It does not validate against a schema; the resolver (`_graphql.py`) decides what exists.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

import attrs

__all__ = ["Field", "GraphQLSyntaxError", "Operation", "parse_document"]

_TOKEN = re.compile(
    r"""
    (?P<skip>[\s,\ufeff]+|\#[^\n]*)
  | (?P<spread>\.\.\.)
  | (?P<punct>[!$&()\:=@\[\]{}|])
  | (?P<name>[_A-Za-z][_0-9A-Za-z]*)
  | (?P<number>-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)
  | (?P<block>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\")
  | (?P<string>"(?:[^"\\\n]|\\.)*")
    """,
    re.VERBOSE,
)


class GraphQLSyntaxError(ValueError):
    """The document does not parse."""


@attrs.frozen(kw_only=True)
class Field:
    """A selected field: `alias: name(args) { selections }` with arguments already resolved."""

    name: str
    alias: str | None = None
    args: Mapping[str, Any] = attrs.field(factory=dict)
    selections: tuple[Field, ...] = ()

    @property
    def key(self) -> str:
        """The response key (alias or name)."""
        return self.alias or self.name


@attrs.frozen(kw_only=True)
class Operation:
    """The operation to run."""

    kind: str
    name: str | None
    fields: tuple[Field, ...]


def _tokens(source: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    while pos < len(source):
        found = _TOKEN.match(source, pos)
        if found is None:
            raise GraphQLSyntaxError(f"Syntax Error: Unexpected character {source[pos]!r}")
        kind = found.lastgroup or ""
        if kind != "skip":
            out.append((kind, found.group()))
        pos = found.end()
    out.append(("eof", ""))
    return out


class _Parser:
    def __init__(self, source: str, variables: Mapping[str, Any]) -> None:
        self.tokens = _tokens(source)
        self.pos = 0
        self.given = variables
        self.variables: dict[str, Any] = {}
        self.fragments: dict[str, list[Any]] = {}

    def peek(self) -> tuple[str, str]:
        return self.tokens[self.pos]

    def take(self, text: str | None = None, kind: str | None = None) -> str:
        tok_kind, value = self.tokens[self.pos]
        if (text is not None and value != text) or (kind is not None and tok_kind != kind):
            want = text or kind
            shown = value or "<EOF>"
            raise GraphQLSyntaxError(f"Syntax Error: Expected {want}, found {shown}")
        self.pos += 1
        return value

    def skip(self, text: str) -> bool:
        if self.peek()[1] == text and self.peek()[0] != "string":
            self.pos += 1
            return True
        return False

    def document(self) -> list[tuple[str, str | None, list[Any], dict[str, Any]]]:
        operations: list[tuple[str, str | None, list[Any], dict[str, Any]]] = []
        while self.peek()[0] != "eof":
            if self.peek()[1] == "fragment":
                self.take("fragment")
                fragment = self.take(kind="name")
                self.take("on")
                self.take(kind="name")
                self.fragments[fragment] = self.selection_set()
                continue
            kind: str = "query"  # the shorthand `{ ... }` is an anonymous query
            name: str | None = None
            self.variables = {}
            if self.peek()[1] in ("query", "mutation", "subscription"):
                kind = self.take()
                if self.peek()[0] == "name":
                    name = self.take()
                if self.skip("("):
                    self.variable_definitions()
            operations.append((kind, name, self.selection_set(), dict(self.variables)))
        return operations

    def variable_definitions(self) -> None:
        while not self.skip(")"):
            self.take("$")
            name = self.take(kind="name")
            self.take(":")
            self.type_ref()
            default = self.value(const=True) if self.skip("=") else None
            self.variables[name] = self.given.get(name, default)
            self.directives()

    def type_ref(self) -> None:
        if self.skip("["):
            self.type_ref()
            self.take("]")
        else:
            self.take(kind="name")
        self.skip("!")

    def selection_set(self) -> list[Any]:
        self.take("{")
        items: list[Any] = []
        while not self.skip("}"):
            if self.skip("..."):
                if self.peek()[1] == "on" or self.peek()[1] in ("{", "@"):
                    if self.skip("on"):
                        self.take(kind="name")
                    include = self.directives()
                    selections = self.selection_set()
                    if include:
                        items.extend(selections)
                else:
                    name = self.take(kind="name")
                    if self.directives():
                        items.append(("spread", name))
                continue
            items.append(self.field())
        return items

    def field(self) -> Any:
        name = self.take(kind="name")
        alias = None
        if self.skip(":"):
            alias, name = name, self.take(kind="name")
        args: dict[str, Any] = {}
        if self.skip("("):
            while not self.skip(")"):
                arg = self.take(kind="name")
                self.take(":")
                args[arg] = self.value()
        include = self.directives()
        selections = self.selection_set() if self.peek()[1] == "{" else []
        return ("field", name, alias, args, selections, include)

    def directives(self) -> bool:
        include = True
        while self.skip("@"):
            name = self.take(kind="name")
            args: dict[str, Any] = {}
            if self.skip("("):
                while not self.skip(")"):
                    arg = self.take(kind="name")
                    self.take(":")
                    args[arg] = self.value()
            if name == "include" and not args.get("if"):
                include = False
            if name == "skip" and args.get("if"):
                include = False
        return include

    def value(self, *, const: bool = False) -> Any:
        kind, text = self.peek()
        if text == "$" and kind == "punct" and not const:
            self.take("$")
            return self.variables.get(self.take(kind="name"))
        if text == "[" and kind == "punct":
            self.take("[")
            items = []
            while not self.skip("]"):
                items.append(self.value(const=const))
            return items
        if text == "{" and kind == "punct":
            self.take("{")
            obj = {}
            while not self.skip("}"):
                key = self.take(kind="name")
                self.take(":")
                obj[key] = self.value(const=const)
            return obj
        self.pos += 1
        if kind == "number":
            return float(text) if any(c in text for c in ".eE") else int(text)
        if kind == "string":
            return json.loads(text)
        if kind == "block":
            return text[3:-3]
        if kind == "name":
            return {"true": True, "false": False, "null": None}.get(text, text)
        raise GraphQLSyntaxError(f"Syntax Error: Unexpected {text or '<EOF>'}")

    def build(self, items: list[Any], seen: frozenset[str] = frozenset()) -> tuple[Field, ...]:
        fields: list[Field] = []
        for item in items:
            if item[0] == "spread":
                if item[1] not in self.fragments:
                    raise GraphQLSyntaxError(f'Unknown fragment "{item[1]}".')
                if item[1] in seen:
                    raise GraphQLSyntaxError(f'Cannot spread fragment "{item[1]}" within itself.')
                fields.extend(self.build(self.fragments[item[1]], seen | {item[1]}))
                continue
            _, name, alias, args, selections, include = item
            if include:
                fields.append(
                    Field(
                        name=name, alias=alias, args=args, selections=self.build(selections, seen)
                    )
                )
        return tuple(fields)


def parse_document(
    source: str, variables: Mapping[str, Any] | None = None, operation_name: str | None = None
) -> Operation:
    """Parse a document and pick the operation to run (by name when there are several)."""
    parser = _Parser(source, variables or {})
    operations = parser.document()
    if not operations:
        raise GraphQLSyntaxError("Syntax Error: Unexpected <EOF>")
    if operation_name is not None:
        chosen = [op for op in operations if op[1] == operation_name]
        if not chosen:
            raise GraphQLSyntaxError(f'Unknown operation named "{operation_name}".')
    elif len(operations) > 1:
        raise GraphQLSyntaxError(
            "Must provide operation name if query contains multiple operations."
        )
    else:
        chosen = operations
    kind, name, selections, _ = chosen[0]
    return Operation(kind=kind, name=name, fields=parser.build(selections))
