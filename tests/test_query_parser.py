"""The query language: what parses to what, and where malformed queries are reported."""

from __future__ import annotations

import pytest

from seeds_cli.errors import QueryError
from seeds_cli.index.query import (
    DateFilter,
    FieldFilter,
    Group,
    Or,
    Phrase,
    Prefix,
    Word,
    parse_query,
)


def shape(node: object) -> object:
    """A compact, comparable form of a parse tree."""
    if isinstance(node, Group):
        return [(c.occur, shape(c.node)) for c in node.clauses]
    if isinstance(node, Or):
        return ("or", [shape(i) for i in node.items])
    if isinstance(node, Word):
        return ("w", node.text) if node.field is None else ("w", node.field, node.text)
    if isinstance(node, Prefix):
        return ("p", node.text)
    if isinstance(node, Phrase):
        return ("ph", node.text) if node.field is None else ("ph", node.field, node.text)
    if isinstance(node, FieldFilter):
        return ("f", node.field, node.value)
    if isinstance(node, DateFilter):
        return ("d", node.op, node.value)
    raise AssertionError(node)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("كتاب", [("should", ("w", "كتاب"))]),
        ("a b", [("should", ("w", "a")), ("should", ("w", "b"))]),
        ('"وزارة الصحة"', [("should", ("ph", "وزارة الصحة"))]),
        ("+a -b", [("must", ("w", "a")), ("not", ("w", "b"))]),
        ("a NOT b", [("should", ("w", "a")), ("not", ("w", "b"))]),
        ("a OR b c", [("should", ("or", [("w", "a"), ("w", "b")])), ("should", ("w", "c"))]),
        ("+(a OR b)", [("must", [("should", ("or", [("w", "a"), ("w", "b")]))])]),
        ("الكاظ*", [("should", ("p", "الكاظ"))]),
        ("source:okaz a", [("must", ("f", "source", "okaz")), ("should", ("w", "a"))]),
        ("lang:ar", [("must", ("f", "lang", "ar"))]),
        ("id:ab12", [("must", ("f", "id", "ab12"))]),
        ("-source:okaz a", [("not", ("f", "source", "okaz")), ("should", ("w", "a"))]),
        ("title:مطر", [("should", ("w", "title", "مطر"))]),
        ('title:"a b"', [("should", ("ph", "title", "a b"))]),
        ("date:2021-12", [("must", ("d", "=", "2021-12"))]),
        ("date>=2021-12-01", [("must", ("d", ">=", "2021-12-01"))]),
        ("date<2022", [("must", ("d", "<", "2022"))]),
        (
            "date<=2021-12-31 date>2021",
            [("must", ("d", "<=", "2021-12-31")), ("must", ("d", ">", "2021"))],
        ),
        ("source:a OR source:b", [("must", ("or", [("f", "source", "a"), ("f", "source", "b")]))]),
        ("covid-19", [("should", ("w", "covid-19"))]),
        ("“a b”", [("should", ("ph", "a b"))]),
        ("or and", [("should", ("w", "or")), ("should", ("w", "and"))]),
        ("a - b + c", [("should", ("w", "a")), ("should", ("w", "b")), ("should", ("w", "c"))]),
    ],
)
def test_parse(query: str, expected: object) -> None:
    assert shape(parse_query(query)) == expected


@pytest.mark.parametrize(
    ("query", "position"),
    [
        ("", 0),
        ("   ", 0),
        ("(a b", 0),
        ("a b)", 3),
        ('a "b c', 2),
        ("a OR", 2),
        ("OR a", 0),
        ("+", 0),
        ("-", 0),
        ("()", 0),
        ('""', 0),
        ("date:2021-13x", 5),
        ("date:soon", 5),
        ("source:", 7),
        ("a*b", 1),
        ("*", 0),
        ("NOT", 0),
        ("+-a", 1),
        ("source>=x", 6),
    ],
)
def test_malformed_queries_point_at_the_problem(query: str, position: int) -> None:
    with pytest.raises(QueryError) as info:
        parse_query(query)
    assert info.value.position == position
    assert info.value.query == query
    assert info.value.exit_code == 2
