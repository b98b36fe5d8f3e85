"""The readByQuery query language parser and the shared evaluator, on plain records."""

from __future__ import annotations

import pytest

from intacct_sdk.testing._query_language import (
    QuerySyntaxError,
    evaluate,
    parse_query,
    sort_key,
)

RECORD = {
    "NAME": "Jane's Deli",
    "TOTAL": "100.50",
    "WHENDUE": "03/31/2026",
    "EMPTY": "",
    "DISPLAYCONTACT": {"EMAIL1": "A@Example.com"},
}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", True),
        ("NAME = 'Jane\\'s Deli'", True),
        ('NAME = "Jane\'s Deli"', True),
        ("name = 'Jane''s Deli'", True),  # field names ignore case; doubled quote also escapes
        ("TOTAL > 99.9", True),  # numbers compare as numbers, not text
        ("TOTAL > 100.5", False),
        ("TOTAL <> 100.50", False),
        ("WHENDUE > '12/31/2025'", True),  # mm/dd/yyyy compare as dates
        ("EMPTY IS NULL AND MISSING IS NULL", True),
        ("EMPTY = ''", False),  # NULL never equals anything
        ("EMPTY != 'x'", False),
        ("DISPLAYCONTACT.EMAIL1 like '%@example.com'", False),  # case-sensitive by default
        ("DISPLAYCONTACT.EMAIL1 like 'A_Example%'", True),
        ("TOTAL in (1, 100.5)", True),
        ("NOT_THERE not in ('x')", False),
        ("(TOTAL = 1 OR TOTAL = 2) or NAME like 'J%'", True),
        ("TOTAL = 1 OR TOTAL = 100.5 AND NAME = 'x'", False),  # AND binds tighter than OR
    ],
)
def test_query_text_evaluates_like_intacct_sql(query, expected):
    assert evaluate(parse_query(query), RECORD) is expected


def test_case_folding_applies_to_text_comparisons():
    node = parse_query("DISPLAYCONTACT.EMAIL1 = 'a@example.COM'")
    assert evaluate(node, RECORD) is False
    assert evaluate(node, RECORD, fold=True) is True


@pytest.mark.parametrize(
    "query",
    ["NAME =", "NAME = 'open", "(NAME = 'x'", "NAME in ()", "NAME ~ 1", "AND", "NAME NOT = 1"],
)
def test_malformed_queries_raise_query_syntax_error(query):
    with pytest.raises(QuerySyntaxError):
        parse_query(query)


def test_sort_key_orders_numbers_numerically_and_nulls_last():
    rows = [{"N": "10"}, {"N": ""}, {"N": "9"}]
    assert [r["N"] for r in sorted(rows, key=lambda r: sort_key(r, ["N"]))] == ["9", "10", ""]
