"""The article view: structure recognition, nothing lost, golden renderings, Markdown, Hijri."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from seeds_cli.render import hijri
from seeds_cli.render.article import (
    article_view,
    body_words,
    reading_minutes,
    render_article,
    render_article_plain,
)
from seeds_cli.render.markdown import render_markdown
from seeds_cli.render.structure import block_text, parse_article
from tests.conftest import SEED_FILE

GOLDEN = Path(__file__).parent / "golden"
SEED_TEXT = SEED_FILE.read_text(encoding="utf-8")
SEED_META = {
    "id": "791b9733c10e92d3",
    "title": "التحالف الدولي ينهي مهمته القتالية في العراق ويبقي مستشارين لدعم القوات العراقية",
    "source": "إيلاف",
    "date": "2021-12-29",
    "lang": "ar",
    "place": "لندن",
}


def _body_words(view) -> list[str]:
    return body_words(view)


# ---------------------------------------------------------------------------------------------
# Structure of the seed article


def test_seed_structure():
    blocks = parse_article(SEED_TEXT)
    kinds = [b.kind for b in blocks]
    assert kinds == [
        "paragraph",
        "paragraph",
        "paragraph",
        "caption",
        "subheading",
        "paragraph",
        "paragraph",
        "paragraph",
        "subheading",
        "paragraph",
        "paragraph",
        "paragraph",
        "paragraph",
        "paragraph",
        "paragraph",
    ]
    texts = [block_text(SEED_TEXT, b)[0] for b in blocks]
    assert texts[4] == "مستشارو التحالف المتبقون قليلون"
    assert texts[8] == "أنصار إيران لا يقبلون بأي وجود قتالي"
    assert texts[3].startswith("تغريدة الكاظمي") and texts[3].endswith("(تويتر)")
    # The dateline of the first paragraph.
    (dateline,) = [s for s in blocks[0].spans if s.kind == "dateline"]
    assert SEED_TEXT[dateline.start : dateline.end] == "إيلاف من لندن:"
    # The credit of the caption.
    (credit,) = [s for s in blocks[3].spans if s.kind == "credit"]
    assert SEED_TEXT[credit.start : credit.end] == "(تويتر)"
    # The paragraph broken by a stray blank line is one block again.
    broken = blocks[11]
    assert len(broken.pieces) == 2
    assert "لوجود المستشارين أو المدربين" in texts[11]
    # Quotations.
    quotes = [SEED_TEXT[s.start : s.end] for s in blocks[1].spans if s.kind == "quote"]
    assert quotes[:2] == ['"تويتر"', '"ايلاف"']


def test_blocks_keep_offsets_into_the_original():
    for block in parse_article(SEED_TEXT):
        shown, src = block_text(SEED_TEXT, block)
        assert len(src) == len(shown)
        for ch, i in zip(shown, src, strict=True):
            assert ch == SEED_TEXT[i] or (ch == " " and SEED_TEXT[i].isspace())


def test_nothing_lost_in_the_seed():
    blocks = parse_article(SEED_TEXT)
    words = [w for b in blocks for w in block_text(SEED_TEXT, b)[0].split()]
    assert words == SEED_TEXT.split()
    for width in (40, 80, 120):
        for mode in ("visual", "logical"):
            view = article_view(SEED_META, SEED_TEXT, width=width, mode=mode)
            assert _body_words(view) == SEED_TEXT.split()


LINES = st.lists(
    st.one_of(
        st.just(""),
        st.just("   "),
        st.sampled_from(
            [
                "إيلاف من لندن: أعلن رئيس الوزراء عن استكمال خروج القوات",
                "مستشارو التحالف المتبقون قليلون",
                "تغريدة الكاظمي عن انسحاب قوات التحالف (تويتر)",
                'وكتب في "تويتر" قائلا «انتهت المهام» كما (قال)',
                "وأكد العامري ان أية حاجة لوجود المستشارين",
                "أو المدربين يجب أن تقدر الحاجة من قبل القيادات",
                "LONDON (Reuters) - The minister said on Tuesday that",
                '"كلها اقتباس من أوله إلى آخره"',
                "\ttabbed\x1b[31m line\u202e with controls",
            ]
        ),
        st.text(st.sampled_from('اب تث (Z) «»":.1\r'), max_size=30),
    ),
    max_size=25,
)


@settings(max_examples=150)
@given(LINES, st.sampled_from(["\n", "\r\n", "\r"]))
def test_structure_never_drops_adds_or_reorders_a_word(lines: list[str], newline: str):
    from seeds_cli.render.safe import clean_block

    text = newline.join(lines)
    blocks = parse_article(text)
    words = [w for b in blocks for w in block_text(text, b)[0].split()]
    assert words == clean_block(text).split()
    view = article_view({"title": "t"}, text, width=30, mode="visual")
    assert _body_words(view) == clean_block(text).split()


def test_conservative_recognition():
    # A first paragraph that starts with speech is not a dateline.
    blocks = parse_article("قال الوزير: إن الاجتماع سيعقد غدا في الرياض")
    assert not blocks[0].spans
    # A short last line is a paragraph, not a subheading.
    blocks = parse_article("نص طويل بما يكفي ليكون فقرة عادية في المقال.\n\nنهاية قصيرة")
    assert [b.kind for b in blocks] == ["paragraph", "paragraph"]
    # A line ending in parentheses right after text is not a caption without evidence.
    blocks = parse_article(
        "فقرة أولى طويلة بما يكفي.\n\nوقال إنه سيعود (غدا)\n\nفقرة أخرى طويلة هنا."
    )
    assert blocks[1].kind == "paragraph"
    # Two complete paragraphs separated by one blank line stay two.
    blocks = parse_article("جملة كاملة هنا وهي طويلة بما يكفي.\n\nوجملة أخرى كاملة أيضا هنا.")
    assert len(blocks) == 2
    # Hard-wrapped lines become one paragraph.
    wrapped = "\n".join(
        [
            "The ministry announced on Tuesday that it would open new libraries",
            "in Riyadh and Jeddah next year, a spokesman said in a statement that",
            "was published by the state news agency and repeated by local papers",
            "on Wednesday.",
        ]
    )
    assert len(parse_article(wrapped)) == 1


def test_whole_quote_and_dateline_variants():
    blocks = parse_article("«هذا اقتباس كامل من أوله إلى آخره»\n\nنص عادي بعده طويل بما يكفي هنا.")
    assert blocks[0].kind == "quote"
    text = "LONDON (Reuters) - The minister said on Tuesday that talks would go on."
    (span,) = parse_article(text)[0].spans
    assert text[span.start : span.end] == "LONDON (Reuters) -"


def test_crlf_offsets():
    text = SEED_TEXT.replace("\n", "\r\n")
    blocks = parse_article(text)
    assert len(blocks) == len(parse_article(SEED_TEXT))
    (dateline,) = [s for s in blocks[0].spans if s.kind == "dateline"]
    assert text[dateline.start : dateline.end] == "إيلاف من لندن:"
    assert [w for b in blocks for w in block_text(text, b)[0].split()] == SEED_TEXT.split()


# ---------------------------------------------------------------------------------------------
# Golden renderings


def _golden_text(width: int, mode: str) -> str:
    view = article_view(SEED_META, SEED_TEXT, width=width, mode=mode)
    return "\n".join(v.text.plain.rstrip() for v in view) + "\n"


@pytest.mark.parametrize("width", [40, 80])
@pytest.mark.parametrize("mode", ["visual", "logical"])
def test_golden(width: int, mode: str, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(hijri, "to_hijri_exact", lambda day: None)  # same with or without hijridate
    path = GOLDEN / f"seed_{mode}_{width}.txt"
    got = _golden_text(width, mode)
    if os.environ.get("SEEDS_UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(got, encoding="utf-8")
    assert got == path.read_text(encoding="utf-8")


def test_logical_golden_has_no_presentation_forms():
    for width in (40, 80):
        text = (GOLDEN / f"seed_logical_{width}.txt").read_text(encoding="utf-8")
        assert not re.search("[\ufb50-\ufdff\ufe70-\ufeff]", text)
        plain = render_article_plain(SEED_META, SEED_TEXT, width=width)
        assert not re.search("[\ufb50-\ufdff\ufe70-\ufeff]", plain)


@pytest.mark.parametrize("width", [40, 80])
def test_every_visual_line_fits(width: int):
    from rich.cells import cell_len

    for v in article_view(SEED_META, SEED_TEXT, width=width, mode="visual"):
        assert cell_len(v.text.plain) <= width


# ---------------------------------------------------------------------------------------------
# Screen-level: through a terminal emulator


def _screen(lines, width: int):
    import io

    import pyte
    from rich.console import Console

    out = io.StringIO()
    console = Console(file=out, width=width, force_terminal=True, color_system="standard")
    for line in lines:
        console.print(line)
    screen = pyte.Screen(width, len(lines) + 2)
    stream = pyte.Stream(screen)
    stream.feed(out.getvalue().replace("\n", "\r\n"))
    return screen, out.getvalue()


@pytest.mark.parametrize("width", [40, 80])
def test_rtl_rows_end_at_the_right_margin(width: int):
    view = article_view(SEED_META, SEED_TEXT, width=width, mode="visual")
    screen, _ = _screen([v.text for v in view], width)
    margin = 2 if width >= 50 else 1
    checked = 0
    for y, v in enumerate(view):
        if v.line is None or not v.line.rtl or v.block is None or v.block.kind == "quote":
            continue
        row = screen.buffer[y]
        filled = [x for x in range(width) if row[x].data.strip()]
        assert max(filled) == width - margin - 1, (y, screen.display[y])
        checked += 1
    assert checked > 30


def test_screen_shows_the_first_words_at_the_right():
    view = article_view(SEED_META, SEED_TEXT, width=80, mode="visual")
    screen, _ = _screen([v.text for v in view], 80)
    import unicodedata

    first_body = next(y for y, v in enumerate(view) if v.block is not None)
    row = screen.display[first_body].rstrip()
    assert unicodedata.normalize("NFKC", row[::-1]).startswith("إيلاف من لندن: أعلن")


# ---------------------------------------------------------------------------------------------
# Safety in the view


HOSTILE_META = {
    "title": "[bold]x[/] [link=http://evil]y[/link] \u202eevil\x1b[2J\x9b31m",
    "source": "[red]src[/red]",
    "place": "\x1b]0;owned\x07",
    "date": "2021-12-29",
    "lang": "ar",
}
HOSTILE_TEXT = (
    "نص [bold]عريض[/] \x1b[31mأحمر\x1b[0m و\u202eمقلوب\u202c [link=x]رابط[/link]\n\nfine."
)


@pytest.mark.parametrize("mode", ["visual", "logical"])
def test_markup_and_escapes_are_shown_not_obeyed(mode: str):
    lines = render_article(HOSTILE_META, HOSTILE_TEXT, width=80, mode=mode)
    _, raw = _screen(lines, 80)
    # rich's own SGR sequences are the only escapes; the text's never get through.
    without_sgr = re.sub(r"\x1b\[[0-9;]*m", "", raw)
    assert "\x1b" not in without_sgr and "\x9b" not in without_sgr and "\x07" not in without_sgr
    assert "\u202e" not in raw and "\u202c" not in raw
    plain = "\n".join(t.plain for t in lines)
    assert "[bold]" in plain and "[/]" in plain and "[red]src[/red]" in plain
    assert "[link=" in plain or "[link=" in plain[::-1] or "=knil[" in plain
    assert "␛[2J" in plain or "J2[␛" in plain
    assert "␛]0;owned␇" in plain


def test_plain_and_markdown_are_safe():
    plain = render_article_plain(HOSTILE_META, HOSTILE_TEXT)
    assert "\x1b" not in plain and "\u202e" not in plain and "\x9b" not in plain
    md = render_markdown(HOSTILE_META, HOSTILE_TEXT)
    assert "\x1b" not in md and "\u202e" not in md
    assert "\\[bold\\]" in md  # escaped, shown literally by Markdown renderers


# ---------------------------------------------------------------------------------------------
# Other forms


def test_plain_rendering_for_pipes():
    plain = render_article_plain(SEED_META, SEED_TEXT)
    lines = plain.splitlines()
    assert lines[0] == SEED_META["title"]
    assert "source    إيلاف" in plain
    assert "مستشارو التحالف المتبقون قليلون" in lines
    body = plain.split("\n\n", 2)[2]
    assert [w for w in body.split() if w][-3:] == SEED_TEXT.split()[-3:]


def test_markdown():
    md = render_markdown({**SEED_META, "url": "https://example.com/a"}, SEED_TEXT)
    assert md.startswith(f"# {SEED_META['title']}\n")
    assert "- **Url:** <https://example.com/a>" in md
    assert "\n## مستشارو التحالف المتبقون قليلون\n" in md
    assert "**إيلاف من لندن:** أعلن" in md
    assert "\n*تغريدة الكاظمي" in md and "(تويتر)*\n" in md
    body = md.split("\n\n", 2)[2]
    unmarked = re.sub(r"^(## |> )|\*\*|(?<!\\)\*|\\(?=.)", "", body, flags=re.M)
    assert unmarked.split() == SEED_TEXT.split()


def test_markdown_escapes():
    md = render_markdown({"title": "# not *a* [link](x)"}, "- item <b>&amp; _x_ `c`\n\n1. one")
    assert md.startswith("# \\# not \\*a\\* \\[link\\](x)\n")
    assert "\\- item \\<b\\>\\&amp; \\_x\\_ \\`c\\`" in md
    assert "\n1\\. one" in md


def test_header_fields():
    view = article_view(
        {**SEED_META, "url": "https://x.example"}, SEED_TEXT, width=80, mode="logical"
    )
    header = "\n".join(v.text.plain for v in view[:12])
    assert "date      2021-12-29 · " in header and "جمادى الأولى 1443 هـ" in header
    assert "language  ar (Arabic)" in header
    assert "length    578 words · 3 min read" in header
    assert "url       https://x.example" in header
    english = article_view(
        {"title": "t", "date": "2021-12-29", "lang": "en"}, "a b", width=80, mode="logical"
    )
    assert "هـ" not in "\n".join(v.text.plain for v in english)


def test_reading_minutes():
    assert reading_minutes(0) == 1
    assert reading_minutes(200) == 1
    assert reading_minutes(201) == 2


def test_hijri_tabular(monkeypatch: pytest.MonkeyPatch):
    assert hijri.to_hijri(dt.date(622, 7, 19)) == (1, 1, 1)
    assert hijri.to_hijri(dt.date(2000, 1, 1)) == (1420, 9, 24)
    assert hijri.to_hijri(dt.date(2023, 3, 23)) == (1444, 9, 1)
    monkeypatch.setattr(hijri, "to_hijri_exact", lambda day: None)
    assert hijri.format_hijri(dt.date(2023, 3, 23)) == "≈ 1 رمضان 1444 هـ"
    assert hijri.format_hijri(dt.date(2023, 3, 23), arabic=False) == "≈ 1 Ramadan 1444 AH"


def test_hijri_umm_al_qura_with_the_extra_installed():
    """pip install 'seeds-cli[hijri]': the seed's date is 25 Jumada al-Ula 1443, as Umm al-Qura
    has it (the tabular calendar says the 24th, marked ≈)."""
    pytest.importorskip("hijridate")
    day = dt.date(2021, 12, 29)
    assert hijri.to_hijri(day) == (1443, 5, 24)
    assert hijri.to_hijri_exact(day) == (1443, 5, 25)
    assert hijri.format_hijri(day) == "25 جمادى الأولى 1443 هـ"


def test_hijri_exact_when_available(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(hijri, "to_hijri_exact", lambda day: (1443, 5, 25))
    assert hijri.format_hijri(dt.date(2021, 12, 29)) == "25 جمادى الأولى 1443 هـ"


@given(st.dates(min_value=dt.date(600, 1, 1), max_value=dt.date(2200, 12, 31)))
def test_hijri_days_follow_each_other(day: dt.date):
    y, m, d = hijri.to_hijri(day)
    ny, nm, nd = hijri.to_hijri(day + dt.timedelta(days=1))
    assert (ny, nm, nd) in {(y, m, d + 1), (y, m + 1, 1), (y + 1, 1, 1)}
    assert 1 <= m <= 12 and 1 <= d <= 30


# ---------------------------------------------------------------------------------------------
# The unwrapped logical view for pipes skips layout: it must equal the general path


def _general_plain(meta, text, mode="logical"):
    view = article_view(meta, text, width=1 << 30, mode=mode, margins=False, rule=False)
    return "\n".join(v.plain.rstrip() for v in view) + "\n"


_MADE_UP = [
    (
        {"id": "crlf", "title": "  عنوان\tمع مسافات  ", "date": "2015-07-21", "lang": "ar"},
        "إيلاف من الرياض: فقرة أولى طويلة بما يكفي لتكون سطر التاريخ.\r\n\r\n"
        "عنوان فرعي\r\n"
        'فقرة ثانية أطول من العنوان الفرعي بكثير وفيها "اقتباس واضح" هنا.\r\n\r\n\r\n'
        "صورة من الحدث (تويتر)\r\n\r\n"
        "«هذه فقرة كلها اقتباس من أولها إلى آخرها»\r\n",
    ),
    (
        {"title": "", "id": "no-title", "source": "\u00a0x\u00a0", "place": " \u2007 "},
        "\u00a0 lead with no-break spaces \u00a0\n\n“A whole quoted paragraph, long enough.”\n"
        "\u2028after a line separator\u2029\rcaption here (AFP)\n\n\x1b[31m\u202eend\u202c\n",
    ),
    (
        {"title": "English", "lang": "en", "date": "2024-02", "words": 3, "url": "http://x"},
        'LONDON (Reuters) - He said "yes" and left.\n\nshort\nA longer line follows it here.\n'
        "\t\n  \n" + "line of a hard wrapped paragraph that goes on and on and on " * 3 + "\n",
    ),
    ({"id": "empty"}, ""),
    ({"id": "spaces", "author": "\n"}, " \n \r\n\t"),
]


@pytest.mark.parametrize(
    ("meta", "text"), [(SEED_META, SEED_TEXT), (HOSTILE_META, HOSTILE_TEXT), *_MADE_UP]
)
def test_unwrapped_logical_plain_equals_the_general_path(meta, text):
    assert render_article_plain(meta, text) == _general_plain(meta, text)
    assert render_article_plain(meta, text, mode="logical") == _general_plain(meta, text)


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list(' \n\r\t\u00a0\u2028«»“”"():.،اب xyعن9')), max_size=80),
    st.text(alphabet=st.sampled_from(list(" \u00a0\n\tab\u0627(1)")), max_size=12),
)
def test_unwrapped_logical_plain_equals_the_general_path_on_any_text(text, value):
    meta = {"id": "x", "title": value, "source": value, "date": "2021-12-29", "lang": "ar"}
    assert render_article_plain(meta, text) == _general_plain(meta, text)
