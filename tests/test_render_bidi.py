"""The bidi layer: mode decision, shaping, per-line reordering, wrapping and highlights."""

from __future__ import annotations

import io
import unicodedata

import pytest
from bidi import get_display
from bidi.mirror import MIRRORED
from hypothesis import given, settings
from hypothesis import strategies as st

from seeds_cli.errors import SeedsError
from seeds_cli.render.bidi.algorithm import base_direction, reorder_line
from seeds_cli.render.bidi.layout import (
    display_inline,
    layout_paragraph,
    line_to_plain,
    line_to_text,
)
from seeds_cli.render.bidi.shaping import shape
from seeds_cli.render.bidi.terminal import decide_bidi, vte_explicit_mode
from tests.conftest import SEED_FILE

# ---------------------------------------------------------------------------------------------
# The auto-mode decision table

DECISIONS = [
    # option, isatty, env, mode, vte_explicit
    (None, False, {}, "logical", False),
    (None, False, {"TERM": "xterm-256color"}, "logical", False),
    ("auto", False, {"VTE_VERSION": "7200"}, "logical", False),
    (None, True, {"TERM": "xterm-256color"}, "visual", False),
    (None, True, {"TERM": "xterm-kitty"}, "visual", False),
    (None, True, {"TERM": "alacritty"}, "visual", False),
    (None, True, {"TERM": "xterm-256color", "WT_SESSION": "x"}, "visual", False),
    (None, True, {}, "visual", False),
    (None, True, {"TERM": "mlterm"}, "logical", False),
    (None, True, {"TERM": "xterm", "MLTERM": "3.9.3"}, "logical", False),
    (None, True, {"TERM": "xterm-256color", "KONSOLE_VERSION": "230804"}, "logical", False),
    (None, True, {"TERM_PROGRAM": "Apple_Terminal"}, "logical", False),
    (None, True, {"TERM": "xterm-256color", "VTE_VERSION": "7200"}, "visual", True),
    (
        None,
        True,
        {"TERM": "tmux-256color", "TMUX": "/tmp/t", "VTE_VERSION": "7200"},
        "visual",
        False,
    ),
    (None, True, {"TERM": "screen", "MLTERM": "3.9.3"}, "visual", False),
    ("visual", False, {}, "visual", False),
    ("visual", True, {"VTE_VERSION": "7200"}, "visual", True),
    ("logical", True, {"TERM": "xterm"}, "logical", False),
    (None, True, {"SEEDS_BIDI": "logical", "TERM": "xterm"}, "logical", False),
    (None, False, {"SEEDS_BIDI": "visual"}, "visual", False),
    (None, True, {"SEEDS_BIDI": "auto", "TERM": "mlterm"}, "logical", False),
    ("visual", True, {"SEEDS_BIDI": "logical"}, "visual", False),  # the option wins
]


@pytest.mark.parametrize(("option", "isatty", "env", "mode", "vte"), DECISIONS)
def test_decision_table(option, isatty, env, mode, vte):
    decision = decide_bidi(option, isatty=isatty, env=env)
    assert (decision.mode, decision.vte_explicit) == (mode, vte), decision.reason


def test_unknown_mode_is_a_usage_error():
    with pytest.raises(SeedsError, match="auto, visual or logical"):
        decide_bidi("sideways", isatty=True, env={})
    with pytest.raises(SeedsError):
        decide_bidi(None, isatty=True, env={"SEEDS_BIDI": "rtl"})


def test_vte_explicit_mode_is_restored_on_errors():
    out = io.StringIO()
    with pytest.raises(RuntimeError), vte_explicit_mode(out):
        out.write("body")
        raise RuntimeError
    assert out.getvalue() == "\x1b[8lbody\x1b[8h"
    quiet = io.StringIO()
    with vte_explicit_mode(quiet, enabled=False):
        quiet.write("x")
    assert quiet.getvalue() == "x"


# ---------------------------------------------------------------------------------------------
# Shaping

ARABIC = st.text(
    st.sampled_from([*"ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإؤئىةـ", "\u064e", "\u064f", " "]),
    max_size=40,
)


def _nfkc(s: str) -> str:
    return unicodedata.normalize("NFKC", s)


def test_shape_keeps_harakat_and_avoids_the_allah_ligature():
    shaped, _ = shape("الله أكبر سُحبت")
    assert "\ufdf2" not in shaped and "\ufdf3" not in shaped
    assert "\u064f" in shaped
    assert all(unicodedata.category(c) != "Lo" or c >= "\ufb50" or c == " " for c in shaped)


def test_lam_alef_is_one_ligature_for_both_letters():
    shaped, dst = shape("لا")
    assert shaped == "\ufefb" and dst == [0, 0]
    shaped, dst = shape("الاعلان")
    assert len(shaped) == len("الاعلان") - 2
    assert _nfkc(shaped) == _nfkc("الاعلان")


def test_non_arabic_text_is_untouched():
    assert shape("Twitter 2021 (x)") == ("Twitter 2021 (x)", list(range(16)))


@given(ARABIC)
def test_shape_map_is_complete(text: str):
    shaped, dst = shape(text)
    assert len(dst) == len(text)
    # In order, except that a mark between lam and alef comes after their ligature.
    assert [d for d, ch in zip(dst, text, strict=True) if not unicodedata.combining(ch)] == sorted(
        d for d, ch in zip(dst, text, strict=True) if not unicodedata.combining(ch)
    )
    assert set(dst) == set(range(len(shaped)))

    # The same letters in the same order, and the same marks (a mark on the lam of a lam-alef
    # is drawn after the ligature).
    def letters(s: str) -> str:
        return "".join(c for c in _nfkc(s) if not unicodedata.combining(c) and c != "\u0640")

    def marks(s: str) -> list[str]:
        return sorted(c for c in _nfkc(s) if unicodedata.combining(c))

    assert letters(shaped) == letters(text)
    assert marks(shaped) == marks(text)


# ---------------------------------------------------------------------------------------------
# Reordering agrees with python-bidi


def _comparable(s: str) -> str:
    """Drop combining marks (we keep them after their base, rule L3) and invisible BN
    characters, and fold mirrored pairs (we mirror, rule L4; get_display does not)."""
    return "".join(
        min(c, MIRRORED.get(c, c))
        for c in s
        if not unicodedata.combining(c) and unicodedata.bidirectional(c) != "BN"
    )


def _agrees(line: str, base: str) -> bool:
    mine, _ = reorder_line(line, base)
    theirs = get_display(line, base_dir="R" if base == "rtl" else "L")
    return _comparable(mine) == _comparable(theirs)


_MIXED_CHARS = 'abZ ب ع ـ 1 2 ٣ ١ ۱ . , - + % $ ( ) [ ] « » " : / ! # ؟ ، א'
MIXED = st.text(
    st.sampled_from([*_MIXED_CHARS, "\u064f", "\u200c", "\u200f", "\u200e", "\xa0"]),
    max_size=24,
)


@settings(max_examples=600)
@given(MIXED, st.sampled_from(["rtl", "ltr"]))
def test_reordering_agrees_with_python_bidi(line: str, base: str):
    assert _agrees(line, base)


def test_reordering_agrees_on_the_seed_article():
    text = SEED_FILE.read_text(encoding="utf-8")
    for para in filter(None, (p.strip() for p in text.split("\n"))):
        for width in (20, 40, 80):
            for line in layout_paragraph(para, width, "visual"):
                shaped, _ = shape(para[line.start : line.end])
                assert _agrees(shaped, "rtl")


def test_brackets_are_mirrored_and_latin_and_numbers_stay_readable():
    shown, _ = reorder_line("قال (Twitter) عام 2021", "rtl")
    assert shown == "2021 ماع (Twitter) لاق"
    shown, _ = reorder_line("«نص» [أ]", "rtl")
    assert shown == "[أ] «صن»"
    shown, _ = reorder_line("see (عربي) now", "ltr")
    assert shown == "see (يبرع) now"


def test_marks_follow_their_letter():
    shown, order = reorder_line("سُحبت", "rtl")
    assert shown == "تبحسُ"
    assert order == [4, 3, 2, 0, 1]


def test_base_direction():
    assert base_direction("2021 عام") == "rtl"
    assert base_direction("CNN قالت") == "ltr"
    assert base_direction("2021 (1)") == "ltr"
    assert base_direction("", default="rtl") == "rtl"


# ---------------------------------------------------------------------------------------------
# Layout


def _read_back(line) -> str:
    """The visual line's characters put back in logical order, unshaped."""
    ordered = sorted(zip(line.source, line.text, strict=True), key=lambda p: p[0])
    return _fold(_nfkc("".join(c for _, c in ordered)))


def _fold(s: str) -> str:
    return "".join(min(c, MIRRORED.get(c, c)) for c in s)


def _check_layout(para: str, width: int) -> None:
    lines = layout_paragraph(para, width, "visual")
    for line in lines:
        from rich.cells import cell_len

        assert cell_len(line.text) == line.cells
        logical = para[line.start : line.end]
        if " " in logical or line.cells <= width:
            assert line.cells <= width
        if line.rtl:
            assert line.indent + line.cells == max(width, line.cells)
        assert _read_back(line).split() == _fold(_nfkc(logical)).split()
    # Nothing lost: the lines' logical words are the paragraph's words.
    words = [w for line in lines for w in para[line.start : line.end].split()]
    assert words == para.split() or "".join(words) == "".join(para.split())


def test_seed_paragraphs_fit_and_read_back():
    text = SEED_FILE.read_text(encoding="utf-8")
    for para in filter(None, (p.strip() for p in text.split("\n"))):
        for width in (12, 40, 80):
            _check_layout(para, width)


PARAGRAPH = st.lists(
    st.sampled_from(
        [
            "الكاظمي",
            "أعلن",
            "(تويتر)",
            "2021",
            "Twitter",
            "«قال»",
            "سُحبت",
            "لا",
            "الله",
            "9",
            "إيلاف",
            "من",
            "لندن:",
            "https://example.com/a/very/long/path/that/needs/cutting",
            "ـ",
            '"داعش"',
            "(Reuters)",
            "50%",
            "..",
            "،",
            "x",
            "بـ",
        ]
    ),
    max_size=40,
).map(" ".join)


@settings(max_examples=200)
@given(PARAGRAPH, st.integers(min_value=8, max_value=90))
def test_random_paragraphs_fit_and_read_back(para: str, width: int):
    _check_layout(para, width)


def test_first_line_holds_the_start_of_the_paragraph():
    para = "وكتب الكاظمي في تغريدة على حسابه في تويتر قائلا انتهت المهام القتالية"
    lines = layout_paragraph(para, 30, "visual")
    assert len(lines) > 1
    assert lines[0].start == 0
    assert _read_back(lines[0]).startswith("وكتب الكاظمي")
    assert line_to_plain(lines[0]).endswith("ﺐﺘﻛﻭ")  # the first word at the right margin


def test_logical_mode_only_wraps():
    para = "إيلاف من لندن: أعلن رئيس الوزراء (Twitter) 2021"
    lines = layout_paragraph(para, 20, "logical")
    assert [line.text for line in lines] == [
        "إيلاف من لندن: أعلن",
        "رئيس الوزراء",
        "(Twitter) 2021",
    ]
    assert all(line.indent == 0 for line in lines)


def test_ltr_paragraphs_are_not_right_aligned():
    lines = layout_paragraph("The ministry announced new libraries", 20, "visual")
    assert [line.text for line in lines] == ["The ministry", "announced new", "libraries"]
    assert [line.indent for line in lines] == [0, 0, 0]


def test_highlights_survive_shaping_and_reordering():
    para = "أعلن الكاظمي رسميا استكمال خروج قوات التحالف"
    start = para.index("الكاظمي")
    lines = layout_paragraph(para, 80, "visual", [(start, start + len("الكاظمي"), "match")])
    (line,) = lines
    marked = [text for text, style in line.segments if style == "match"]
    assert len(marked) == 1
    assert _nfkc(marked[0][::-1]) == "الكاظمي"
    text = line_to_text(line, {"match": "reverse"})
    assert text.plain == line_to_plain(line)
    assert any(str(span.style) == "reverse" for span in text.spans)


def test_highlight_on_half_a_ligature_marks_the_ligature():
    para = "الاعلان"
    (line,) = layout_paragraph(para, 20, "visual", [(2, 3, "match")])  # the alef of "لا"
    assert [t for t, s in line.segments if s == "match"] == ["\ufefb"]


def test_highlights_in_logical_mode_are_plain_offsets():
    (line,) = layout_paragraph("abc def", 20, "logical", [(4, 7, "match")])
    assert line.segments == (("abc ", None), ("def", "match"))


def test_display_inline():
    title = "التحالف الدولي (Twitter) 2021"
    assert display_inline(title, "logical") == title
    shown = display_inline(title, "visual")
    assert shown.startswith("2021 (Twitter)")
    assert display_inline("a\x1b[31m\u202eb", "logical") == "a␛[31mb"
    cut = display_inline("التحالف الدولي ينهي مهمته", "logical", max_cells=10)
    assert cut.startswith("التحالف") and cut.endswith("…")
    assert display_inline("", "visual") == ""
