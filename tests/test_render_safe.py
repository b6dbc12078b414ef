"""Text safety: control characters, escape sequences and bidi controls never reach a terminal."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from seeds_cli.render.safe import (
    BIDI_CONTROLS,
    C1_PLACEHOLDER,
    clean_block,
    clean_block_mapped,
    clean_inline,
)

# Anything that a terminal could act on: C0 (but the line feed kept by clean_block), DEL, C1.
_ACTIVE = {chr(c) for c in [*range(0x20), 0x7F, *range(0x80, 0xA0)]}
_SURROGATES = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)
_ANY_TEXT = st.text(st.one_of(st.characters(), _SURROGATES, st.sampled_from(sorted(_ACTIVE))))


def test_escape_sequences_become_visible():
    assert clean_inline("\x1b[31mred\x1b[0m") == "␛[31mred␛[0m"
    assert clean_inline("\x1b]8;;http://x\x07link\x1b]8;;\x07") == "␛]8;;http://x␇link␛]8;;␇"
    assert clean_inline("a\x9b2Jb") == f"a{C1_PLACEHOLDER}2Jb"  # the one-byte CSI


def test_c0_del_c1_placeholders():
    assert clean_inline("\x00\x07\x08\x7f") == "␀␇␈␡"
    assert clean_inline("\x85") == C1_PLACEHOLDER
    assert clean_block("\x0b\x0c") == "␋␌"


def test_line_breaks_and_tabs():
    assert clean_inline("a\nb\r\nc\td\u2028e") == "a b  c d e"
    assert clean_block("a\r\nb\rc\nd\u2029e\tf") == "a\nb\nc\nd\ne f"


def test_bidi_controls_are_removed_but_marks_stay():
    evil = "\u202eevil\u202c \u2067x\u2069 \u202a\u202b\u202d\u2066\u2068"
    assert clean_inline(evil) == "evil x "
    assert clean_inline("\u200fقال\u200e \u061c") == "\u200fقال\u200e \u061c"


def test_lone_surrogates_become_replacement_characters():
    assert clean_inline("a\udc80b") == "a\ufffdb"
    clean_block("\udcff").encode("utf-8")  # printable on any UTF-8 stream


def test_ordinary_text_is_unchanged():
    text = "إيلاف من لندن: أعلن «الكاظمي» (تويتر) 2021 [bold] café 漢字 🙂"
    assert clean_inline(text) == text
    assert clean_block(text + "\n\n" + text) == text + "\n\n" + text


@given(_ANY_TEXT)
def test_inline_output_is_inert(s: str):
    out = clean_inline(s)
    assert not (set(out) & _ACTIVE)
    assert not (set(out) & BIDI_CONTROLS)
    assert not any(0xD800 <= ord(c) <= 0xDFFF for c in out)
    assert clean_inline(out) == out


@given(_ANY_TEXT)
def test_block_output_is_inert_but_keeps_lines(s: str):
    out = clean_block(s)
    assert not (set(out) & (_ACTIVE - {"\n"}))
    assert not (set(out) & BIDI_CONTROLS)
    assert clean_block(out) == out
    expected_lines = s.replace("\r\n", "\n").translate(
        {ord("\r"): "\n", 0x2028: "\n", 0x2029: "\n"}
    )
    assert out.count("\n") == expected_lines.count("\n")


@given(_ANY_TEXT)
def test_block_map_points_at_the_source(s: str):
    out, where = clean_block_mapped(s)
    assert out == clean_block(s)
    assert len(where) == len(out) + 1 and where[-1] == len(s)
    assert where == sorted(where)
    for ch, i in zip(out, where, strict=False):
        src = s[i]
        if ch == src:
            continue
        # Changed characters are exactly the cleaned ones.
        assert src in _ACTIVE or src in "\u2028\u2029" or 0xD800 <= ord(src) <= 0xDFFF


def test_words_survive_cleaning():
    text = "وكتب الكاظمي\r\nفي تغريدة\u202e على حسابه\tفي تويتر"
    assert clean_block(text).split() == [w.replace("\u202e", "") for w in text.split()]


def test_placeholders_are_single_visible_cells():
    from rich.cells import cell_len

    for ch in sorted(_ACTIVE - {"\n", "\r", "\t"}):
        shown = clean_block(ch)
        assert cell_len(shown) == 1, repr(ch)
        assert unicodedata.category(shown) not in ("Cc", "Cf")
