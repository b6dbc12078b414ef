"""The search box's text: kept in logical order, shown as a reader of Arabic expects it.

The query is edited as a plain string in logical (reading) order: a key inserts at the
cursor, Backspace deletes the character before it, Delete the one after it, whatever the
direction of the text around them. Only the display changes with the bidi mode:

* visual mode (terminals without bidi): the line is shaped (joined letters, lam-alef) and
  reordered by seeds' own bidi layer, a right-to-left query is right-aligned, and the
  cursor is drawn on the cell where the next letter will appear;
* logical mode (the terminal does bidi): the characters are sent in logical order and the
  cursor marks the character at the insertion point; the terminal reorders the line. At the
  end of the query the cursor is a blank cell where the next letter will appear: for a
  right-to-left query, on its left (the widget sends it before the query: a terminal would
  draw a blank sent after it on its right, as trailing blanks go to the row's direction);
  after a closing run of the other direction, on the character beside that run.

The arrow keys move one letter (a letter and its vowel marks) along the logical order, in
the direction of the query's script: in a right-to-left query Left moves forward (towards
the end of the text, which is drawn on the left) and Right back, so the cursor goes the way
the arrow points over Arabic text while never skipping or jumping over a letter.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

__all__ = [
    "BoxCell",
    "BoxLayout",
    "clean_typed",
    "is_rtl",
    "layout_query",
    "next_stop",
    "position_at",
    "previous_stop",
    "window",
]


@dataclass(frozen=True, slots=True)
class BoxCell:
    """One drawn unit: a letter with its marks, a ligature, or the blank cell at the end.

    ``start``/``end`` is the range of the query it shows (``start == end`` for the end cell);
    ``width`` is how many terminal cells it takes.
    """

    text: str
    start: int
    end: int
    width: int = 1


@dataclass(frozen=True, slots=True)
class BoxLayout:
    """The query as drawn, left to right, and which cell holds the cursor."""

    cells: tuple[BoxCell, ...]
    cursor: int  # index into ``cells``
    rtl: bool

    @property
    def width(self) -> int:
        return sum(c.width for c in self.cells)

    @property
    def text(self) -> str:
        return "".join(c.text for c in self.cells)

    def cursor_column(self) -> int:
        """The terminal column (from the left of the layout) of the cursor's cell."""
        return sum(c.width for c in self.cells[: self.cursor])


def clean_typed(text: str) -> str:
    """What the box accepts of typed or pasted text: one line, no control characters.

    Line breaks and tabs become spaces; other controls and the bidi embedding, override and
    isolate controls are dropped (they could reorder the box and are never needed in a query).
    """
    from seeds_cli.render.safe import BIDI_CONTROLS

    out = []
    for ch in text:
        if ch in "\t\n\r\u2028\u2029":
            out.append(" ")
        elif ch in BIDI_CONTROLS or unicodedata.category(ch) == "Cc":
            continue
        else:
            out.append(ch)
    return "".join(out)


def is_rtl(text: str) -> bool:
    """Whether the query reads right to left (its first strong letter is Arabic or Hebrew)."""
    from seeds_cli.render.bidi.algorithm import base_direction

    return base_direction(text) == "rtl"


def _is_mark(ch: str) -> bool:
    return unicodedata.combining(ch) != 0 or unicodedata.category(ch) in ("Mn", "Me")


def next_stop(text: str, pos: int) -> int:
    """The cursor position one letter after ``pos`` (vowel marks go with their letter)."""
    n = len(text)
    if pos >= n:
        return n
    pos += 1
    while pos < n and _is_mark(text[pos]):
        pos += 1
    return pos


def previous_stop(text: str, pos: int) -> int:
    """The cursor position one letter before ``pos``."""
    if pos <= 0:
        return 0
    pos -= 1
    while pos > 0 and _is_mark(text[pos]):
        pos -= 1
    return pos


def _cell_width(s: str) -> int:
    from rich.cells import cell_len

    return max(1, cell_len(s))


def _last_strong(text: str) -> str | None:
    """``"rtl"``/``"ltr"`` for the last strong character of ``text``, None if there is none."""
    for ch in reversed(text):
        cls = unicodedata.bidirectional(ch)
        if cls == "L":
            return "ltr"
        if cls in ("R", "AL"):
            return "rtl"
    return None


def layout_query(text: str, cursor: int, mode: str) -> BoxLayout:
    """The query ``text`` (logical order) as drawn, with the cursor at logical ``cursor``."""
    cursor = max(0, min(cursor, len(text)))
    rtl = is_rtl(text)
    if mode != "visual":
        cells = [BoxCell(ch, i, i + 1, _cell_width(ch)) for i, ch in enumerate(text)]
        cells = _merge_marks(cells, text)
        cells.append(BoxCell(" ", len(text), len(text)))
        at = _logical_cursor_cell(text, cursor, cells, rtl)
        return BoxLayout(tuple(cells), at, rtl)

    from seeds_cli.render.bidi.algorithm import reorder_line
    from seeds_cli.render.bidi.shaping import shape

    shaped, dst = shape(text)
    shown, order = reorder_line(shaped, "rtl" if rtl else "ltr")
    # The logical characters each shaped character stands for (a ligature: two).
    sources: dict[int, list[int]] = {}
    for i, j in enumerate(dst):
        sources.setdefault(j, []).append(i)
    cells: list[BoxCell] = []
    for ch, j in zip(shown, order, strict=True):
        logical = sources.get(j, [])
        start = min(logical) if logical else 0
        end = max(logical) + 1 if logical else 0
        if cells and _is_mark(ch) and cells[-1].width:
            last = cells[-1]  # a vowel mark is drawn on its letter's cell
            cells[-1] = BoxCell(
                last.text + ch, min(last.start, start), max(last.end, end), last.width
            )
        else:
            cells.append(BoxCell(ch, start, end, _cell_width(ch)))
    end_cell = BoxCell(" ", len(text), len(text))
    if rtl:
        cells.insert(0, end_cell)
    else:
        cells.append(end_cell)
    return BoxLayout(tuple(cells), _cursor_cell(text, cursor, cells, rtl), rtl)


def _merge_marks(cells: list[BoxCell], text: str) -> list[BoxCell]:
    out: list[BoxCell] = []
    for c in cells:
        if out and _is_mark(c.text):
            last = out[-1]
            out[-1] = BoxCell(last.text + c.text, last.start, c.end, last.width)
        else:
            out.append(c)
    return out


def _cursor_cell(text: str, cursor: int, cells: list[BoxCell], rtl: bool) -> int:
    """Where the next letter typed at ``cursor`` will appear.

    Inside the text: on the letter now at the insertion point (the new one takes its place
    and pushes it along). At the end: the blank end cell, unless the text ends with a run of
    the other direction (a Latin word closing an Arabic query), whose letters continue
    beside its last letter.
    """
    n = len(text)
    if cursor < n:
        for k, c in enumerate(cells):
            if c.start <= cursor < c.end:
                return k
    end_cell = 0 if rtl else len(cells) - 1
    if n == 0 or text[-1].isspace():
        return end_cell
    last = _last_strong(text)
    if last is None or (last == "rtl") == rtl:
        return end_cell
    # The closing run reads the other way: the cell just past its last letter, on its side.
    for k, c in enumerate(cells):
        if c.start <= n - 1 < c.end:
            step = 1 if last == "ltr" else -1
            return max(0, min(len(cells) - 1, k + step))
    return end_cell


def _logical_cursor_cell(text: str, cursor: int, cells: list[BoxCell], rtl: bool) -> int:
    """Logical mode: the cell (in logical order) that holds the cursor.

    Inside the text, the letter at the insertion point, wherever the terminal draws it. At the
    end, the blank end cell, unless the text ends with a run of the other direction: the next
    letter continues that run, beside its last letter, which is where the terminal draws the
    character just before the run (a Latin word closing an Arabic query: to the right of its
    last letter; an Arabic word closing a Latin query: to the left of it).
    """
    n = len(text)
    end_cell = len(cells) - 1
    if cursor < n:
        return next((k for k, c in enumerate(cells) if c.start <= cursor < c.end), end_cell)
    if n == 0 or text[-1].isspace():
        return end_cell
    last = _last_strong(text)
    if last is None or (last == "rtl") == rtl:
        return end_cell
    run = n  # where the closing run of the other direction starts
    for i in range(n - 1, -1, -1):
        cls = unicodedata.bidirectional(text[i])
        strong = "ltr" if cls == "L" else "rtl" if cls in ("R", "AL") else None
        if strong == last:
            run = i
        elif strong is not None:
            break
    before = run - 1
    return next((k for k, c in enumerate(cells) if c.start <= before < c.end), end_cell)


def position_at(layout: BoxLayout, column: int) -> int:
    """The logical cursor position for a click on ``column`` (cells from the layout's left)."""
    used = 0
    for c in layout.cells:
        if used <= column < used + c.width:
            return c.start
        used += c.width
    # Past the drawn text: the end of the query.
    return max((c.end for c in layout.cells), default=0)


def window(layout: BoxLayout, width: int, offset: int) -> int:
    """The first column to show of ``layout`` in a box ``width`` cells wide.

    A layout that fits is aligned (right-to-left queries to the right: a negative result
    means blank columns before it); a longer one scrolls as little as needed from
    ``offset`` to keep the cursor in view.
    """
    total = layout.width
    if total <= width:
        return total - width if layout.rtl else 0
    column = layout.cursor_column()
    offset = max(0, min(offset, total - width))
    if column < offset:
        offset = column
    elif column >= offset + width:
        offset = column - width + 1
    return offset
