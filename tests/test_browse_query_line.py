"""The search box's layout: the query kept in logical order, drawn shaped and reordered."""

from __future__ import annotations

import pytest

from seeds_cli.browse.query_line import (
    clean_typed,
    layout_query,
    next_stop,
    position_at,
    previous_stop,
    window,
)
from seeds_cli.render.bidi.algorithm import reorder_line
from seeds_cli.render.bidi.shaping import shape

ARABIC = "السعودية"


def visual(text: str) -> str:
    shaped, _ = shape(text)
    return reorder_line(shaped, "auto")[0]


def test_an_arabic_query_is_drawn_shaped_and_right_to_left() -> None:
    layout = layout_query(ARABIC, len(ARABIC), "visual")
    assert layout.rtl
    # The end cell (where the next letter goes) is on the left, then the word as read.
    assert layout.text == " " + visual(ARABIC)
    assert layout.cursor == 0
    assert all("\ufe70" <= c.text <= "\ufeff" for c in layout.cells[1:])  # presentation forms


@pytest.mark.parametrize("cursor", range(len(ARABIC)))
def test_the_cursor_sits_on_the_letter_at_the_insertion_point(cursor: int) -> None:
    layout = layout_query(ARABIC, cursor, "visual")
    cell = layout.cells[layout.cursor]
    assert cell.start <= cursor < cell.end
    # Typing a letter there puts it in that very cell: the letters right of it stay.
    typed = ARABIC[:cursor] + "ب" + ARABIC[cursor:]
    after = layout_query(typed, cursor + 1, "visual")
    new_cell = next(c for c in after.cells if c.start <= cursor < c.end)
    # Counted from the right edge, where a right-aligned query is anchored.
    assert len(after.cells) - after.cells.index(new_cell) == len(layout.cells) - layout.cursor


def test_lam_alef_is_one_cell_for_two_letters() -> None:
    layout = layout_query("سلام", 2, "visual")  # between lam and alef
    ligature = layout.cells[layout.cursor]
    assert (ligature.start, ligature.end) == (1, 3)
    assert len(layout.cells) == 1 + 3


def test_vowel_marks_stay_on_their_letter_and_the_cursor_steps_over_them() -> None:
    text = "مُحَمَّد"
    layout = layout_query(text, len(text), "visual")
    assert len(layout.cells) == 1 + 4  # four letters and the end cell
    assert layout.width == 5
    assert next_stop(text, 0) == 2  # م and its damma
    assert next_stop(text, 4) == 7  # م, shadda and fatha
    assert previous_stop(text, 7) == 4
    assert previous_stop(text, 2) == 0


def test_a_click_on_a_letter_puts_the_cursor_before_it() -> None:
    text = "وزير الخارجية"
    layout = layout_query(text, 0, "visual")
    column = 0
    for cell in layout.cells:
        assert position_at(layout, column) == cell.start
        column += cell.width
    assert position_at(layout, column + 5) == len(text)


def test_a_latin_word_ending_an_arabic_query_continues_beside_its_last_letter() -> None:
    text = "السعودية abc"
    layout = layout_query(text, len(text), "visual")
    letters = [c.text for c in layout.cells]
    assert letters.index("c") + 1 == layout.cursor


def test_a_latin_query_is_drawn_as_typed() -> None:
    layout = layout_query("oil prices", 3, "visual")
    assert not layout.rtl
    assert layout.text == "oil prices "
    assert layout.cursor == 3


def test_logical_mode_sends_the_letters_in_reading_order() -> None:
    layout = layout_query(ARABIC, 2, "logical")
    assert layout.text == ARABIC + " "
    assert layout.cells[layout.cursor].text == ARABIC[2]


def test_a_short_right_to_left_query_is_right_aligned_and_a_long_one_scrolls() -> None:
    short = layout_query(ARABIC, 0, "visual")
    assert window(short, 40, 0) == short.width - 40  # blanks before it
    long_text = " ".join([ARABIC] * 10)
    long = layout_query(long_text, 0, "visual")  # the cursor at the start: the right end
    start = window(long, 30, 0)
    assert start <= long.cursor_column() < start + 30


def test_the_box_takes_no_control_or_bidi_override() -> None:
    assert clean_typed("a\u202eb\x1b[31mc\td\ne") == "ab[31mc d e"


# -- logical mode: where a bidi terminal draws the cursor ------------------------------------


def terminal_order(sent: str) -> list[int]:
    """A terminal that does bidi (mlterm), drawing one row of the app: the index in ``sent``
    of each character it draws, left to right. The row is left to right; the Unicode bidi
    algorithm with embeddings and rule L1 (trailing blanks take the row's direction) is
    python-bidi's reference implementation."""
    from bidi import algorithm as uba

    storage = uba.get_empty_storage()
    storage["base_level"], storage["base_dir"] = 0, "L"
    uba.get_embedding_levels(sent, storage, False, False)
    for i, ch in enumerate(storage["chars"]):
        ch["index"] = i
    uba.explicit_embed_and_overrides(storage, False)  # drops the embedding marks (rule X9)
    uba.resolve_weak_types(storage, False)
    uba.resolve_neutral_types(storage, False)
    uba.resolve_implicit_levels(storage, False)
    uba.reorder_resolved_levels(storage, False)
    return [ch["index"] for ch in storage["chars"]]


def letter(ch: str) -> str:
    """The letter a character sent is: logical mode sends Arabic shaped (presentation forms)."""
    import unicodedata

    return unicodedata.normalize("NFKC", ch)


def box_line(value: str, cursor: int, mode: str) -> tuple[str, range]:
    """What the search box sends for its text line, and where in it the cursor cell is."""
    import asyncio

    from textual.app import App, ComposeResult

    from seeds_cli.browse.widgets import CURSOR, QueryBox

    class Box(App[None]):
        def compose(self) -> ComposeResult:
            yield QueryBox(value, mode=mode)

    out: list[tuple[str, range]] = []

    async def main() -> None:
        app = Box()
        async with app.run_test(size=(60, 5)) as pilot:
            box = app.query_one(QueryBox)
            box.cursor = cursor
            box.focus()
            await pilot.pause()
            sent, where = "", range(0)
            for segment in box.render_line(0):
                if segment.style and segment.style.reverse == CURSOR.reverse is True:
                    where = range(len(sent), len(sent) + len(segment.text))
                sent += segment.text
            out.append((sent, where))

    asyncio.run(main())
    return out[0]


def test_logical_mode_the_cursor_at_the_end_of_an_arabic_query_is_on_its_left() -> None:
    text = "وزير الخارجية"
    sent, cursor = box_line(text, len(text), "logical")
    assert sent[cursor.start] == " "
    order = terminal_order(sent)
    letters = [order.index(i) for i, ch in enumerate(sent) if "\u0600" <= letter(ch) <= "\u06ff"]
    # mlterm drew it on the right, where the next letter does not go (issue 15).
    assert order.index(cursor.start) == min(letters) - 1


@pytest.mark.parametrize("cursor", [0, 4, 9])
def test_logical_mode_the_cursor_inside_a_query_is_on_the_letter_at_the_insertion_point(
    cursor: int,
) -> None:
    text = "وزير الخارجية"
    sent, where = box_line(text, cursor, "logical")
    assert letter(sent[where.start]) == text[cursor]


@pytest.mark.parametrize(
    ("text", "beside"),
    [
        ("oil وزير", 3),  # an Arabic word closing a Latin query: the blank on its left
        ("وزير oil", 4),  # a Latin word closing an Arabic query: the blank on its right
    ],
)
def test_logical_mode_a_closing_run_of_the_other_direction_is_continued(
    text: str, beside: int
) -> None:
    layout = layout_query(text, len(text), "logical")
    assert layout.cells[layout.cursor].start == beside
    sent, where = box_line(text, len(text), "logical")
    order = terminal_order(sent)
    run = [order.index(i) for i, ch in enumerate(sent) if letter(ch) in text[beside + 1 :]]
    column = order.index(where.start)
    assert column in (min(run) - 1, max(run) + 1)  # right beside the run it continues


def test_logical_mode_the_cursor_between_lam_and_alef_is_on_their_ligature() -> None:
    # Logical mode sends Arabic shaped: a lam-alef is one character, and the cursor on its
    # alef (← from the letter after it) was on nothing, so not drawn at all.
    text = "الأمن"
    sent, where = box_line(text, 2, "logical")
    assert where, "no cursor drawn"
    assert letter(sent[where.start]) == "لأ"
