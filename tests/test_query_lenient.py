"""The lenient reading of queries: pasted text is read as plain words, with a note for each
place where the reading differs from the syntax; the strict reading keeps the errors."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from seeds_cli.errors import QueryError
from seeds_cli.index.query import (
    Clause,
    DateFilter,
    FieldFilter,
    Group,
    Or,
    Phrase,
    Prefix,
    Word,
    read_query,
    with_filters,
)

from .test_query_parser import shape

# query -> (the tree it is read as, a fragment of its note; None: no note)
LENIENT = [
    (
        "“آيفون 7″ الجديد",
        [("should", ("w", "آيفون")), ("should", ("w", "7")), ("should", ("w", "الجديد"))],
        "unclosed “ read as punctuation",
    ),
    (
        'مكة "الرياض',
        [("should", ("w", "مكة")), ("should", ("w", "الرياض"))],
        'unclosed " read as punctuation',
    ),
    (
        "«الاتفاق النووي",
        [("should", ("w", "الاتفاق")), ("should", ("w", "النووي"))],
        "unclosed « read as punctuation",
    ),
    (
        "قال» الوزير",
        [("should", ("w", "قال")), ("should", ("w", "الوزير"))],
        "unclosed » read as punctuation",
    ),
    ("(a b", [("should", ("w", "a")), ("should", ("w", "b"))], "unclosed ( ignored"),
    ("a b)", [("should", ("w", "a")), ("should", ("w", "b"))], "unmatched ) ignored"),
    ("a OR", [("should", ("w", "a")), ("should", ("w", "OR"))], "dangling OR read as a plain word"),
    ("OR a", [("should", ("w", "OR")), ("should", ("w", "a"))], "dangling OR read as a plain word"),
    ("a NOT", [("should", ("w", "a")), ("should", ("w", "NOT"))], "NOT with no word after it"),
    ("x +)", [("should", ("w", "x"))], "'+' with no word after it ignored"),
    ("+-a", [("not", ("w", "a"))], "'+' before '-' ignored"),
    (
        "a OR -b",
        [("should", ("w", "a")), ("should", ("w", "OR")), ("not", ("w", "b"))],
        "dangling OR",
    ),
    ("* مطر", [("should", ("w", "مطر"))], "lone * ignored"),
    ("a*b", [("should", ("w", "a*b"))], "'*' inside a word read as plain text"),
    (
        "source: مطر",
        [("should", ("w", "source")), ("should", ("w", "مطر"))],
        "empty source: read as a plain word",
    ),
    ("foo:bar", [("should", ("w", "foo:bar"))], "unknown field 'foo:' read as plain text"),
    ("http://example.com", [("should", ("w", "http://example.com"))], "unknown field 'http:'"),
    ("source>=okaz", [("should", ("w", "source>=okaz"))], "source>= read as plain text"),
    ("date:soon", [("should", ("w", "date:soon"))], "read as plain text (not a date)"),
    ("() مطر", [("should", ("w", "مطر"))], "empty parentheses ignored"),
    ('"" مطر', [("should", ("w", "مطر"))], "empty quotation marks ignored"),
    ("… ؟؟", [], "nothing left to search for"),
    ("*", [], "lone * ignored"),
    # Not syntax at all: no note.
    ("النفط: يرتفع", [("should", ("w", "النفط")), ("should", ("w", "يرتفع"))], None),
    ("BBC: news", [("should", ("w", "BBC")), ("should", ("w", "news"))], None),
    ("الرياض - واس", [("should", ("w", "الرياض")), ("should", ("w", "واس"))], None),
]


@pytest.mark.parametrize(("query", "expected", "note"), LENIENT)
def test_lenient_reading(query: str, expected: object, note: str | None) -> None:
    read = read_query(query)
    assert shape(read.tree) == expected
    messages = [n.message for n in read.notes]
    if note is None:
        assert messages == []
    else:
        assert any(note in m for m in messages), messages
    if note is not None and note != "nothing left to search for":
        with pytest.raises(QueryError):
            read_query(query, strict=True)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "«الاتفاق النووي» وإيران",
            [("should", ("ph", "الاتفاق النووي")), ("should", ("w", "وإيران"))],
        ),
        ("»مقلوب« كلمة", [("should", ("ph", "مقلوب")), ("should", ("w", "كلمة"))]),
        ("„a b“", [("should", ("ph", "a b"))]),
        ("“a b″ c”", [("should", ("ph", "a b″ c"))]),
        ("لـ«الشرق الأوسط»", [("should", ("w", "لـ")), ("should", ("ph", "الشرق الأوسط"))]),
        (
            'a "b «c» d" e',
            [("should", ("w", "a")), ("should", ("ph", "b «c» d")), ("should", ("w", "e"))],
        ),
        ("title:«a b»", [("should", ("ph", "title", "a b"))]),
        ('source:"okaz"', [("must", ("f", "source", "okaz"))]),
        ("url:aawsat.com/home,", [("must", ("f", "url", "aawsat.com/home"))]),
        ("source:okaz،", [("must", ("f", "source", "okaz"))]),
        ("date>=٢٠٢١-١-٥", [("must", ("d", ">=", "2021-01-05"))]),
        ("date:2021-3", [("must", ("d", "=", "2021-03"))]),
        ("اقتصاد*،", [("should", ("p", "اقتصاد"))]),
    ],
)
def test_phrases_fields_and_values(query: str, expected: object) -> None:
    """Read the same in both readings: none of these is malformed."""
    for strict in (False, True):
        read = read_query(query, strict=strict)
        assert shape(read.tree) == expected
        assert read.notes == ()


def test_a_word_keeps_its_position_after_punctuation() -> None:
    node = read_query("«النفط»: يرتفع").tree.clauses[0].node
    assert isinstance(node, Phrase) and node.pos == 1
    word = read_query("(النفط:)").tree.clauses[0].node.clauses[0].node  # type: ignore[union-attr]
    assert word == Word("النفط", 1)


@pytest.mark.parametrize(
    "query", ["date>=2021-13-45", "date:2021-02-30", "date<2021-13x", "x date:9999-99"]
)
def test_impossible_values_are_errors_in_both_readings(query: str) -> None:
    for strict in (False, True):
        with pytest.raises(QueryError) as info:
            read_query(query, strict=strict)
        assert "is not a date" in info.value.message


def test_deep_nesting_is_flattened_when_lenient() -> None:
    query = "(" * 70 + "مطر" + ")" * 70
    read = read_query(query)
    assert "nested more than 64 deep" in read.notes[0].message
    words = []

    def walk(node: object) -> None:
        if isinstance(node, Group):
            for c in node.clauses:
                walk(c.node)
        elif isinstance(node, Word):
            words.append(node.text)

    walk(read.tree)
    assert words == ["مطر"]
    with pytest.raises(QueryError, match="nested more than 64"):
        read_query(query, strict=True)


def test_notes_are_in_query_order_and_not_repeated() -> None:
    read = read_query('a OR ) "b OR')
    positions = [n.pos for n in read.notes]
    assert positions == sorted(positions)
    assert len(set(read.notes)) == len(read.notes)


def test_with_filters_adds_required_clauses() -> None:
    tree = with_filters(
        read_query("مطر").tree,
        sources=("okaz", "sabq"),
        langs=("ar",),
        since="2015-07",
        until="2015-08-01",
    )
    assert tree.clauses[0] == Clause("should", Word("مطر", 0), 0)
    assert [c.occur for c in tree.clauses[1:]] == ["must"] * 4
    assert tree.clauses[1].node == Or(
        [FieldFilter("source", "okaz", 0), FieldFilter("source", "sabq", 0)], 0
    )
    assert tree.clauses[2].node == FieldFilter("lang", "ar", 0)
    assert tree.clauses[3].node == DateFilter(">=", "2015-07", 0)
    assert tree.clauses[4].node == DateFilter("<=", "2015-08-01", 0)


def test_nodes_are_typed_values() -> None:
    assert Prefix("ab", 0) == Prefix("ab", 0, None)
    assert not hasattr(Word("a", 0), "__dict__")  # slots


_ALPHABET = st.sampled_from(list('ab مطر()"“”«»„″*+-:<>=OR NOT source:date>=title:url:*\t٢0-9'))


@settings(max_examples=1000, deadline=None)
@given(
    st.lists(
        st.one_of(
            _ALPHABET,
            st.sampled_from([" OR ", " NOT ", " +", " -", "date:", "source:", "title:", "id:"]),
        ),
        max_size=30,
    ).map("".join)
)
def test_lenient_reading_never_fails_but_on_impossible_dates(query: str) -> None:
    try:
        read = read_query(query)
    except QueryError as exc:
        assert "is not a date" in exc.message, (query, exc.message)
        return
    for note in read.notes:
        assert 0 <= note.pos <= len(query)
