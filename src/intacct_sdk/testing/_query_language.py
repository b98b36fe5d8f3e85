"""Conditions over records: the readByQuery query language and the evaluator shared with `query`.

readByQuery takes an SQL-like `<query>` (research/intacct.md section 7): `= != <> < > <= >=`,
`like` / `not like`, `in (...)` / `not in (...)`, `IS NULL` / `IS NOT NULL`, `AND`, `OR` and
parentheses; string literals are single-quoted with a backslash escaping a quote
(`'Jane\\'s Deli'`). The 3.0 `query` function's `<filter>` elements compile to the same nodes.

Values compare as numbers when both sides are numbers, as dates when both are `mm/dd/yyyy`, else
as text. An empty or missing field is NULL: every comparison with it is false, as in SQL.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any

import attrs

__all__ = [
    "And",
    "Between",
    "Compare",
    "Condition",
    "In",
    "IsNull",
    "Like",
    "Or",
    "QuerySyntaxError",
    "evaluate",
    "field_value",
    "parse_query",
    "sort_key",
]


class QuerySyntaxError(ValueError):
    """The query text or filter cannot be understood."""


@attrs.frozen
class Compare:
    """`field op value` with op one of = != < > <= >=."""

    field: str
    op: str
    value: str


@attrs.frozen
class In:
    """`field [not] in (values)`."""

    field: str
    values: tuple[str, ...]
    negate: bool = False


@attrs.frozen
class Like:
    """`field [not] like 'pattern'` (% any run, _ one character)."""

    field: str
    pattern: str
    negate: bool = False


@attrs.frozen
class IsNull:
    """`field IS [NOT] NULL`."""

    field: str
    negate: bool = False


@attrs.frozen
class Between:
    """`field between low and high` (inclusive), from the 3.0 filter."""

    field: str
    low: str
    high: str


@attrs.frozen
class And:
    """All conditions hold."""

    items: tuple[Condition, ...]


@attrs.frozen
class Or:
    """At least one condition holds."""

    items: tuple[Condition, ...]


Condition = Compare | In | Like | IsNull | Between | And | Or

_TOKEN = re.compile(
    r"""\s*(?:
        (?P<string>'(?:\\.|''|[^'\\])*'|"(?:\\.|[^"\\])*")
      | (?P<op><>|!=|<=|>=|=|<|>)
      | (?P<paren>[(),])
      | (?P<number>-?\d+(?:\.\d+)?(?![\w.]))
      | (?P<word>[A-Za-z_][\w.]*)
    )""",
    re.VERBOSE,
)


def _tokenize(text: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    pos = 0
    text = text.rstrip()
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None or match.end() == pos:
            raise QuerySyntaxError(f"Unexpected text at position {pos}: {text[pos : pos + 20]!r}")
        kind = match.lastgroup or ""
        value = match.group(kind)
        if kind == "string":
            quote, body = value[0], value[1:-1]
            value = re.sub(r"\\(.)", r"\1", body).replace(quote * 2, quote)
        tokens.append((kind, value))
        pos = match.end()
    return tokens


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.tokens = tokens
        self.pos = 0

    def peek_word(self) -> str:
        if self.pos < len(self.tokens) and self.tokens[self.pos][0] == "word":
            return self.tokens[self.pos][1].upper()
        return ""

    def take(self, kind: str, value: str | None = None) -> str:
        if self.pos >= len(self.tokens):
            raise QuerySyntaxError(f"Unexpected end of query, expected {value or kind}")
        tok_kind, tok_value = self.tokens[self.pos]
        if tok_kind != kind or (value is not None and tok_value.upper() != value):
            raise QuerySyntaxError(f"Unexpected {tok_value!r}, expected {value or kind}")
        self.pos += 1
        return tok_value

    def parse(self) -> Condition:
        node = self.or_expr()
        if self.pos != len(self.tokens):
            raise QuerySyntaxError(f"Unexpected {self.tokens[self.pos][1]!r}")
        return node

    def or_expr(self) -> Condition:
        items = [self.and_expr()]
        while self.peek_word() == "OR":
            self.pos += 1
            items.append(self.and_expr())
        return items[0] if len(items) == 1 else Or(tuple(items))

    def and_expr(self) -> Condition:
        items = [self.primary()]
        while self.peek_word() == "AND":
            self.pos += 1
            items.append(self.primary())
        return items[0] if len(items) == 1 else And(tuple(items))

    def primary(self) -> Condition:
        if self.pos < len(self.tokens) and self.tokens[self.pos] == ("paren", "("):
            self.pos += 1
            node = self.or_expr()
            self.take("paren", ")")
            return node
        return self.predicate(self.take("word"))

    def literal(self) -> str:
        if self.pos >= len(self.tokens):
            raise QuerySyntaxError("Unexpected end of query, expected a value")
        kind, value = self.tokens[self.pos]
        if kind not in {"string", "number"}:
            raise QuerySyntaxError(f"Unexpected {value!r}, expected a value")
        self.pos += 1
        return value

    def predicate(self, field: str) -> Condition:
        word = self.peek_word()
        if word == "IS":
            self.pos += 1
            negate = self.peek_word() == "NOT"
            self.pos += negate
            self.take("word", "NULL")
            return IsNull(field, negate)
        negate = word == "NOT"
        if negate:
            self.pos += 1
            word = self.peek_word()
        if word == "LIKE":
            self.pos += 1
            return Like(field, self.literal(), negate)
        if word == "IN":
            self.pos += 1
            self.take("paren", "(")
            values = [self.literal()]
            while self.tokens[self.pos : self.pos + 1] == [("paren", ",")]:
                self.pos += 1
                values.append(self.literal())
            self.take("paren", ")")
            return In(field, tuple(values), negate)
        if negate:
            raise QuerySyntaxError("NOT must be followed by LIKE or IN")
        op = self.take("op")
        return Compare(field, "!=" if op == "<>" else op, self.literal())


def parse_query(text: str) -> Condition | None:
    """Parse readByQuery text; an empty query (all records) is None."""
    tokens = _tokenize(text or "")
    if not tokens:
        return None
    return _Parser(tokens).parse()


def field_value(record: Mapping[str, Any], path: str) -> Any:
    """A possibly dotted field (`DISPLAYCONTACT.EMAIL1`) of a record; field names ignore case."""
    value: Any = record
    for part in path.split("."):
        if not isinstance(value, Mapping):
            return None
        if part in value:
            value = value[part]
            continue
        upper = part.upper()
        value = next((v for k, v in value.items() if k.upper() == upper), None)
    return value


def _scalar(value: Any) -> str | None:
    if value is None or isinstance(value, Mapping | list):
        return None
    text = str(value)
    return text if text != "" else None


_NUMBER = re.compile(r"-?(?:\d+\.?\d*|\.\d+)")
_DATE = re.compile(r"(\d{2})/(\d{2})/(\d{4})(?:\s.*)?", re.DOTALL)


@functools.lru_cache(maxsize=65536)
def _typed(text: str) -> tuple[int, Any]:
    # Regex checks first: exceptions are slow, and the fake scans 100k-record tables.
    if _NUMBER.fullmatch(text):
        return (0, Decimal(text))
    date = _DATE.fullmatch(text)
    if date:
        month, day, year = date.groups()
        return (1, (int(year), int(month), int(day)))
    return (2, text)


def _cmp(left: str, right: str, fold: bool) -> int:
    a, b = _typed(left), _typed(right)
    if a[0] != b[0]:
        a, b = (2, left), (2, right)
    x, y = a[1], b[1]
    if fold and a[0] == 2:
        x, y = str(x).lower(), str(y).lower()
    return int(x > y) - int(x < y)


_OPS: dict[str, Callable[[int], bool]] = {
    "=": lambda c: c == 0,
    "!=": lambda c: c != 0,
    "<": lambda c: c < 0,
    ">": lambda c: c > 0,
    "<=": lambda c: c <= 0,
    ">=": lambda c: c >= 0,
}


def _like(value: str, pattern: str, fold: bool) -> bool:
    regex = "".join(".*" if ch == "%" else "." if ch == "_" else re.escape(ch) for ch in pattern)
    flags = re.DOTALL | (re.IGNORECASE if fold else 0)
    return re.fullmatch(regex, value, flags) is not None


def evaluate(node: Condition | None, record: Mapping[str, Any], *, fold: bool = False) -> bool:
    """Whether `record` satisfies `node`; `fold` compares text case-insensitively."""
    if node is None:
        return True
    if isinstance(node, And):
        return all(evaluate(item, record, fold=fold) for item in node.items)
    if isinstance(node, Or):
        return any(evaluate(item, record, fold=fold) for item in node.items)
    value = _scalar(field_value(record, node.field))
    if isinstance(node, IsNull):
        return (value is None) != node.negate
    if value is None:
        return False
    if isinstance(node, Compare):
        if node.op not in _OPS:
            raise QuerySyntaxError(f"Unknown operator {node.op!r}")
        return _OPS[node.op](_cmp(value, node.value, fold))
    if isinstance(node, In):
        found = any(_cmp(value, v, fold) == 0 for v in node.values)
        return found != node.negate
    if isinstance(node, Like):
        return _like(value, node.pattern, fold) != node.negate
    return _cmp(value, node.low, fold) >= 0 and _cmp(value, node.high, fold) <= 0


def sort_key(record: Mapping[str, Any], fields: Sequence[str], *, fold: bool = False) -> Any:
    """A key ordering records by `fields`; NULLs sort last, numbers and dates by value."""
    key = []
    for field in fields:
        value = _scalar(field_value(record, field))
        if value is None:
            key.append((1, 0, ""))
            continue
        kind, typed = _typed(value)
        if kind == 2 and fold:
            typed = str(typed).lower()
        key.append((0, kind, typed))
    return tuple(key)
