"""From seeds' laid-out lines to what Textual paints: strips of styled cells.

Textual, like rich, does no bidi: it paints the cells it is given. So every line with Arabic
in it is laid out by :mod:`seeds_cli.render.bidi` first:

* visual mode: the pieces arrive shaped and in display order; they are painted as they are,
  a right-to-left line right-aligned in its pane;
* logical mode (the terminal does bidi, as mlterm does): the text goes out in logical order,
  and the terminal reorders each screen row as a whole. A row of this app holds several
  panes, so a line whose first strong letter is right to left starts with a left-to-right
  mark (the row stays left to right, its panes in place), and a right-to-left piece that
  holds more than Arabic letters and the spaces between them (punctuation at its ends, a
  Latin word) goes in a right-to-left embedding (RLE … PDF), after the blanks that
  right-align it, so the terminal orders it as a right-to-left paragraph; a left-to-right
  mark closes a piece that more text follows. Isolates (RLI … PDI) would be cleaner, but
  mlterm draws them as blanks.

  Arabic goes out shaped (presentation forms, still in logical order: the terminal orders
  it). mlterm draws a lam-alef pair in one cell where Textual counts two, so letters sent
  as they are would make each such line a cell short: its pane's border a cell to the left,
  and a cell of the old screen left at the row's end. Shaped, a lam-alef is one character
  of one cell for both. (Search reads presentation forms as letters: a title copied from
  the screen still finds itself.) Widths in logical mode are measured shaped:
  :func:`width_of`.

  mlterm also keeps each bidi mark in a cell slot of its own: it draws nothing there, but a
  row has only as many slots as the terminal has columns, and the cursor, placed in a row,
  counts the slots. So rows are sent whole, from their first column (the app's screens see
  to it), and the app keeps :data:`LOGICAL_MARGIN` blank columns at its right edge, into
  which the marks' slots push the row's end. Those columns carry no colour (the terminal
  draws them in its own background), so the margin is one even strip whatever each row's
  marks push into it. As few marks as possible are needed (the
  panes put their right-to-left text last on a line), and every line of a pane carries the
  same number of them (spare ones are left-to-right marks at its start, which change
  nothing), so that a row never holds more than the margin takes.

Document text never gets here raw: it is cleaned (:mod:`seeds_cli.render.safe`) first, which
removes the embedding and override controls, so the only ones sent are these.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

LRM = "\u200e"
RLE = "\u202b"
PDF = "\u202c"

Piece = tuple[str, "Style | str | None"]


@lru_cache(maxsize=256)
def style_of(name: str) -> Style:
    """A rich style from a style string (``"bold black on yellow"``), parsed once."""
    return Style.parse(name) if name else Style()


def _style(value: Style | str | None) -> Style | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, Style) else style_of(value)


# Marks on each line of a pane in logical mode (the most it ever needs), and the blank columns
# kept at the app's right edge: at least as many as the marks on a row of panes.
MARKS = {"sources": 4, "results": 8, "query": 12, "article": 8}
LOGICAL_MARGIN = 13  # one more: a row sent past the last column overwrites that column


def _strong(ch: str) -> str | None:
    cls = unicodedata.bidirectional(ch)
    return "rtl" if cls in ("R", "AL") else "ltr" if cls == "L" else None


def _plain_rtl(text: str) -> bool:
    """Whether a terminal orders ``text`` right to left even in a left-to-right row: it starts
    and ends with a right-to-left letter (or its marks) and holds no left-to-right one."""
    core = text  # blanks at its ends count: the terminal would put them on the wrong side
    if not core or _strong(core[0]) != "rtl":
        return False
    end = len(core)
    while end > 1 and unicodedata.combining(core[end - 1]):
        end -= 1
    return _strong(core[end - 1]) == "rtl" and all(_strong(ch) != "ltr" for ch in core)


def rtl_piece(pieces: Sequence[Piece], mode: str, *, last: bool = True) -> list[Piece]:
    """Right-to-left ``pieces`` (logical order) as sent in ``mode``: in logical mode embedded
    when they need it, and closed by a left-to-right mark unless they end the line."""
    if mode == "visual" or not pieces:
        return list(pieces)
    text = "".join(chunk for chunk, _ in pieces)
    out = list(pieces) if _plain_rtl(text) else [(RLE, None), *pieces, (PDF, None)]
    return out if last else [*out, (LRM, None)]


@lru_cache(maxsize=4096)
def shaped(text: str) -> str:
    """``text`` with its Arabic in presentation forms, in logical order (see the module)."""
    from seeds_cli.render.bidi.shaping import shape

    return shape(text)[0]


def shaped_pieces(pieces: Sequence[Piece]) -> list[Piece]:
    """The pieces of a line, shaped as one text (letters join across pieces); a lam-alef
    pair split between two pieces goes whole to the first, unless only the second has a
    style (the search box's cursor on the alef): then to the second."""
    text = "".join(chunk for chunk, _ in pieces)
    out = shaped(text)
    if out == text:
        return list(pieces)
    from seeds_cli.render.bidi.shaping import shape

    _, where = shape(text)  # each letter's place in ``out``

    def at(k: int) -> int:  # where the piece starting at letter ``k`` starts in ``out``
        if k >= len(text):
            return len(out)
        return where[k] + 1 if k and where[k] == where[k - 1] else where[k]

    result: list[Piece] = []
    k = 0
    for chunk, style in pieces:
        part = out[at(k) : at(k + len(chunk))]
        if chunk and not part and style is not None and result and result[-1][0]:
            before, before_style = result[-1]
            if before_style is None:  # the ligature goes where the style is
                result[-1] = (before[:-1], None)
                part = before[-1]
        result.append((part, style))
        k += len(chunk)
    return result


def fence(pieces: Iterable[Piece], mode: str, pane: str | None = None) -> list[Piece]:
    """A whole line as sent: in logical mode, shaped, with a left-to-right mark first when its
    first strong letter is right to left, and as many more as make the ``pane``'s count (see
    the module)."""
    pieces = list(pieces)
    if mode == "visual":
        return pieces
    pieces = shaped_pieces(pieces)
    needed = 0
    for ch in "".join(chunk for chunk, _ in pieces):
        direction = _strong(ch)
        if direction is not None:
            needed = 1 if direction == "rtl" else 0
            break
    text = "".join(chunk for chunk, _ in pieces)
    have = marks(text)
    extra = max(needed, (MARKS[pane] - have) if pane else 0)
    return [(LRM * extra, None), *pieces] if extra else pieces


def marks(text: str) -> int:
    """How many bidi marks ``text`` holds (each takes a cell slot in mlterm)."""
    return sum(text.count(m) for m in (LRM, RLE, PDF))


def width_of(pieces: Iterable[Piece], mode: str = "visual") -> int:
    """The cells the pieces are drawn in: in logical mode as sent, shaped (see the module)."""
    if mode == "visual":
        return sum(cell_len(text) for text, _ in pieces)
    return cell_len(shaped("".join(text for text, _ in pieces)))


def to_strip(pieces: Iterable[Piece], width: int, base: Style | None = None) -> Strip:
    """The pieces as a strip exactly ``width`` cells wide (cut or padded), over ``base``."""
    segments = [Segment(text, _style(style)) for text, style in pieces if text]
    strip = Strip(segments).crop_extend(0, width, None)
    if base is not None:
        strip = strip.apply_style(base)
    return strip


def aligned(pieces: Sequence[Piece], width: int, rtl: bool, mode: str) -> list[Piece]:
    """Part of a line: a right-to-left one right-aligned (blanks before it), embedded."""
    used = width_of(pieces, mode)
    if rtl:
        pad = [(" " * max(0, width - used), None)]
        return [*pad, *rtl_piece(pieces, mode)]
    return list(pieces)


def blank(width: int, base: Style | None, mode: str, pane: str) -> Strip:
    """An empty line of ``pane``: in logical mode it too carries the pane's marks."""
    if mode == "visual":
        return Strip.blank(width, base)
    return to_strip(fence([], mode, pane), width, base)
