"""Property-based hostile input: the INDEX.md parser, the YAML loader, the query parser, the
analyzer and the renderers raise nothing but the project's own errors on any input; analyzer
offsets point into the original text; rendering loses no word and lets no control through."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from seeds_cli.errors import SeedsError

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Characters that break parsers and terminals, mixed with ordinary Arabic and Latin text.
NASTY = (
    "\x00\x07\x08\t\n\r\x0b\x0c\x1b\x7f\x85\x9b\x9c\u00a0\u200b\u200c\u200d\u200e\u200f"
    "\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff\ufffd"
    "[]{}()<>:*\"'\\/#-_.,;!?&|=%@`~^$+ "
)
ARABIC = "ابتثجحخدذرسشصضطظعغفقكلمنهويءآأإؤئةىًٌٍَُِّْـ٠١٢٣٤٥٦٧٨٩،؛؟"
LATIN = "abcdefghijklmnopqrstuvwxyzABCXYZ0123456789"
text_chars = st.sampled_from(NASTY + ARABIC + LATIN) | st.characters(codec="utf-8")
hostile_text = st.text(text_chars, max_size=300)
# Lone surrogates and every code point, including non-characters
any_text = st.text(st.characters(min_codepoint=0, max_codepoint=0x10FFFF), max_size=200)

ACTIVE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


# --- INDEX.md ------------------------------------------------------------------------------

INDEX_LINES = [
    "---",
    "...",
    "title: T",
    "title: [a, b",
    "lang: ar",
    "lang: &a x",
    "x: *a",
    "x: !!python/object/apply:os.system [ls]",
    "x: 2020-13-45",
    "description: >-",
    "  folded",
    "## a",
    "## a",
    "## ../x",
    "##",
    "- file: a.txt",
    "- file: ../a.txt",
    "- file: /etc/passwd",
    "- title: t",
    "- date: 2021-02-30",
    "- date: 2021-02",
    "- lang: ar-SA",
    "- sha256: " + "0" * 64,
    "- unknown: u",
    "* tags: a, b",
    "<!-- comment",
    "-->",
    "",
    "free text",
]
index_text = st.lists(
    st.sampled_from(INDEX_LINES) | hostile_text.map(lambda s: s.replace("\n", " ")),
    max_size=40,
).flatmap(
    lambda lines: st.lists(
        st.sampled_from(["\n", "\r\n", "\r"]), min_size=len(lines), max_size=len(lines)
    ).map(lambda ends: "".join(line + end for line, end in zip(lines, ends, strict=True)))
)


@SETTINGS
@given(index_text)
def test_index_parser_returns_problems_never_raises(text: str) -> None:
    from seeds_cli.catalogue.indexmd import format_index, parse_index

    parsed = parse_index(text)
    for problem in parsed.problems:
        assert problem.line is None or problem.line >= 1
        assert problem.severity in ("error", "warning")
    if not [p for p in parsed.problems if p.severity == "error"]:
        again = parse_index(format_index(parsed.header, parsed.entries))
        assert [e.id for e in again.entries] == [e.id for e in parsed.entries]


@SETTINGS
@given(any_text)
def test_index_parser_on_any_text(text: str) -> None:
    from seeds_cli.catalogue.indexmd import parse_index

    parse_index(text)
    parse_index("---\ntitle: T\n---\n" + text)
    parse_index("---\n" + text + "\n---\n")


@SETTINGS
@given(st.lists(st.sampled_from(INDEX_LINES[:11]) | hostile_text, max_size=12))
def test_yaml_loader_raises_only_yaml_problems(lines: list[str]) -> None:
    from seeds_cli.catalogue.safe_yaml import YamlProblem, load_mapping

    try:
        data = load_mapping("\n".join(lines))
    except YamlProblem as exc:
        assert exc.line >= 1
    else:
        assert isinstance(data, dict)


@SETTINGS
@given(st.binary(max_size=300))
def test_decoding_any_bytes(data: bytes) -> None:
    from seeds_cli.catalogue.files import FileProblem, decode_text

    try:
        text = decode_text(data)
    except FileProblem as exc:
        match = re.search(r"byte (\d+) is 0x([0-9a-f]{2})", exc.message)
        if match:
            assert data[int(match.group(1))] == int(match.group(2), 16)
    else:
        assert text.encode("utf-8") in (data, data[3:])


# --- queries -------------------------------------------------------------------------------

QUERY_PIECES = ["(", ")", '"', "*", "-", "title:", "source:", "date:", "date:2021-02-30", "OR"]
query_text = st.text(st.sampled_from(NASTY + ARABIC[:10] + "ab"), max_size=60) | st.lists(
    st.sampled_from([*QUERY_PIECES, "AND", "NOT", "كتاب", "x", "lang:", "date:2021..2022"]),
    max_size=30,
).map(" ".join)


@SETTINGS
@given(query_text)
def test_query_parser_raises_only_query_errors(query: str) -> None:
    query_module = pytest.importorskip("seeds_cli.index.query")
    from seeds_cli.errors import QueryError

    try:
        query_module.parse_query(query)
    except QueryError as exc:
        assert 0 <= exc.position <= len(query)
    except SeedsError:
        pass


# --- the analyzer --------------------------------------------------------------------------


@SETTINGS
@given(hostile_text, st.sampled_from(["ar", "en", "fr", "", "und", "x" * 9]))
def test_analyzer_offsets_point_into_the_original_text(text: str, lang: str) -> None:
    from seeds_cli.analysis.analyzer import analyze

    last_position = -1
    for term, start, end, position in analyze(text, lang):
        assert 0 <= start < end <= len(text)
        assert term
        assert text[start:end].strip() == text[start:end]
        assert position > last_position
        last_position = position
    for stemmed in (True, False):
        analyze(text, lang, stem=stemmed)


@SETTINGS
@given(any_text)
def test_analyzer_on_any_code_point(text: str) -> None:
    from seeds_cli.analysis.analyzer import analyze

    for _, start, end, _ in analyze(text):
        assert 0 <= start < end <= len(text)


# --- rendering -----------------------------------------------------------------------------

WORD = re.compile(r"\w+")


def is_subsequence(needles: list[str], haystack: list[str]) -> bool:
    it = iter(haystack)
    return all(any(n == h for h in it) for n in needles)


@SETTINGS
@given(any_text)
def test_cleaning_lets_no_control_through(text: str) -> None:
    from seeds_cli.render.safe import clean_block, clean_inline

    inline = clean_inline(text)
    block = clean_block(text)
    assert not ACTIVE.search(inline) and "\n" not in inline
    assert not ACTIVE.search(block.replace("\n", ""))
    assert "\r" not in block


@SETTINGS
@given(
    hostile_text, st.integers(min_value=1, max_value=120), st.sampled_from(["logical", "visual"])
)
def test_article_rendering_loses_no_word_and_lets_no_control_through(
    text: str, width: int, mode: str
) -> None:
    article = pytest.importorskip("seeds_cli.render.article")
    from seeds_cli.render.safe import clean_block

    meta = {"id": "x", "title": text[:40], "source": text[-20:], "date": "2021-12-29"}
    lines = article.render_article(meta, text, width=width, mode=mode)
    shown = "\n".join(line.plain for line in lines)
    assert not ACTIVE.search(shown.replace("\n", ""))
    plain = article.render_article_plain(meta, text)
    assert not ACTIVE.search(plain.replace("\n", ""))
    words = WORD.findall(clean_block(text))
    assert is_subsequence(words, WORD.findall(plain)), (words, plain)


@SETTINGS
@given(
    hostile_text, st.integers(min_value=0, max_value=200), st.sampled_from(["logical", "visual"])
)
def test_inline_display_never_raises(text: str, width: int, mode: str) -> None:
    bidi = pytest.importorskip("seeds_cli.render.bidi.layout")
    shown = bidi.display_inline(text, mode)
    assert not ACTIVE.search(shown)
    bidi.display_inline(text, mode, max_cells=width)


def test_zwj_before_lam_alef_is_displayed() -> None:
    from seeds_cli.render.bidi.layout import display_inline

    assert "ل" in display_inline("\u200dلأ", "visual") or "ﻷ" in display_inline(
        "\u200dلأ", "visual"
    )
