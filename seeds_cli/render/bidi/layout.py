"""Wrapping a paragraph into display lines of a given width, and short strings for one cell run.

Lines are wrapped in logical order, measuring cells; in visual mode each line is then shaped
and reordered on its own (:mod:`.shaping`, :mod:`.algorithm`) so that the first line holds the
start of the paragraph.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from seeds_cli.render.bidi.algorithm import base_direction, reorder_line
from seeds_cli.render.bidi.shaping import shape

if TYPE_CHECKING:
    from rich.style import Style
    from rich.text import Text


def is_break_space(ch: str) -> bool:
    """Whether a line may break at ``ch``: ordinary spaces, never the no-break ones."""
    return ch == " " or ch == "\n" or (ch.isspace() and ch not in "\u00a0\u2007\u202f")


@lru_cache(maxsize=8192)
def char_cells(ch: str) -> int:
    """The cells that ``ch`` takes on a terminal (as rich measures them)."""
    from rich.cells import get_character_cell_size

    return get_character_cell_size(ch)


_LAM_ALEF = ("لا", "لأ", "لإ", "لآ")


def drawn_cells(text: str, *, joined_lam_alef: bool = False) -> int:
    """The cells a terminal draws ``text`` in: as rich measures them, less one for each
    lam-alef pair when the terminal joins those into one cell (mlterm: see ``is_mlterm``)."""
    from rich.cells import cell_len

    cells = cell_len(text)
    if joined_lam_alef:
        cells -= sum(text.count(pair) for pair in _LAM_ALEF)
    return cells


def _wrap(s: str, width: int) -> list[tuple[int, int]]:
    """Greedy wrap of ``s`` at spaces into ``[start, end)`` ranges of at most ``width`` cells.

    Words wider than the line are cut between characters (never between a letter and its
    marks).  The spaces at a break belong to no line.
    """
    lines: list[tuple[int, int]] = []
    n = len(s)
    cells = [char_cells(ch) for ch in s]
    line_start = -1
    line_end = 0
    used = 0
    i = 0
    while i < n:
        if is_break_space(s[i]):
            i += 1
            continue
        j = i
        while j < n and not is_break_space(s[j]):
            j += 1
        word_cells = sum(cells[i:j])
        if line_start >= 0:
            gap = sum(cells[line_end:i])
            if used + gap + word_cells <= width:
                line_end, used = j, used + gap + word_cells
                i = j
                continue
            lines.append((line_start, line_end))
            line_start = -1
        # The word starts a line; cut it if it is too wide.
        start = i
        used = 0
        for k in range(i, j):
            if used + cells[k] > width and k > start and cells[k] > 0:
                lines.append((start, k))
                start, used = k, 0
            used += cells[k]
        line_start, line_end = start, j
        i = j
    if line_start >= 0:
        lines.append((line_start, line_end))
    return lines


@dataclass(slots=True, repr=False, eq=False)
class Line:
    """One display line: segments in display order, and where it sits in the logical paragraph.

    ``indent`` is the number of blank cells to put before the segments (right alignment of a
    right-to-left paragraph in visual mode); ``cells`` the width of the segments; ``start`` and
    ``end`` the logical character offsets in the paragraph text that the line shows;
    ``source`` the paragraph offset of each character of :attr:`text`, in display order (a
    lam-alef ligature points at its lam); ``broken`` is true when a word too wide for the line
    was cut and goes on in the next line.
    """

    segments: tuple[tuple[str, str | None], ...]
    indent: int
    cells: int
    rtl: bool
    start: int
    end: int
    source: tuple[int, ...] = ()
    broken: bool = False

    @property
    def text(self) -> str:
        """The line's characters in display order, without the indent."""
        return "".join(s for s, _ in self.segments)


def layout_paragraph(
    text: str,
    width: int,
    mode: str,
    spans: Sequence[tuple[int, int, str]] = (),
    align_rtl: bool = True,
    *,
    direction: str = "auto",
) -> list[Line]:
    """Lay out one logical paragraph as display lines of at most ``width`` cells.

    ``spans`` are ``(start, end, style)`` character ranges of ``text`` to style (later spans win
    where they overlap), e.g. search matches; they follow the characters through shaping and
    reordering.  In visual mode right-to-left paragraphs are shaped, reordered per line and, with
    ``align_rtl``, right-aligned; in logical mode the text is only wrapped.  ``direction`` forces
    ``"rtl"`` or ``"ltr"``; by default the first strong character decides.  ``text`` should be
    cleaned (see :mod:`seeds_cli.render.safe`); a line break in it counts as a space.
    """
    width = max(1, width)
    text = text.replace("\n", " ")
    rtl = (base_direction(text) if direction == "auto" else direction) == "rtl"
    styles: list[str | None] = [None] * len(text)
    for start, end, style in spans:
        for i in range(max(0, start), min(len(text), end)):
            styles[i] = style
    visual = mode == "visual"
    if visual:
        shaped, dst = shape(text)
    else:
        shaped, dst = text, list(range(len(text)))
    sstyles: list[str | None] = [None] * len(shaped)
    first_src = [len(text)] * len(shaped)
    last_src = [0] * len(shaped)
    for i, j in enumerate(dst):
        if styles[i] is not None and sstyles[j] is None:
            sstyles[j] = styles[i]
        first_src[j] = min(first_src[j], i)
        last_src[j] = max(last_src[j], i + 1)
    from rich.cells import cell_len

    lines: list[Line] = []
    for a, b in _wrap(shaped, width):
        piece = shaped[a:b]
        if visual:
            shown, order = reorder_line(piece, "rtl" if rtl else "ltr")
            chars = list(shown)
            order_styles = [sstyles[a + k] for k in order]
            source = tuple(first_src[a + k] for k in order)
        else:
            chars = list(piece)
            order_styles = sstyles[a:b]
            source = tuple(first_src[a:b])
        segments: list[tuple[str, str | None]] = []
        for ch, st in zip(chars, order_styles, strict=True):
            if segments and segments[-1][1] == st:
                segments[-1] = (segments[-1][0] + ch, st)
            else:
                segments.append((ch, st))
        cells = cell_len("".join(chars))
        indent = max(0, width - cells) if (visual and rtl and align_rtl) else 0
        start = min(first_src[a:b])
        end = max(last_src[a:b])
        broken = b < len(shaped) and not is_break_space(shaped[b])
        lines.append(Line(tuple(segments), indent, cells, rtl, start, end, source, broken))
    return lines


def line_to_plain(line: Line) -> str:
    """The line as a plain string, indent included (no styles)."""
    return " " * line.indent + line.text


def line_to_text(
    line: Line,
    styles: Mapping[str, str | Style] | None = None,
    *,
    base_style: str | Style = "",
    margin: int = 0,
) -> Text:
    """The line as a ``rich.text.Text`` (never parsed as markup).

    Segment style names are looked up in ``styles``; names missing there are left for the
    console's theme to resolve.  ``margin`` blank cells go before the indent.
    """
    from rich.text import Text

    out = Text(" " * (margin + line.indent), style=base_style, no_wrap=True, overflow="ignore")
    for chunk, name in line.segments:
        if name is None:
            out.append(chunk)
        else:
            out.append(chunk, style=(styles or {}).get(name, name))
    return out


def display_inline(s: str, mode: str, max_cells: int | None = None) -> str:
    """A short one-line string (a title in a table cell) ready for display.

    The string is cleaned, cut to ``max_cells`` in logical order (so the start of a
    right-to-left title survives, with ``…`` at its logical end), then in visual mode shaped and
    reordered.  Logical mode returns it in logical order.
    """
    from seeds_cli.render.safe import clean_inline

    s = clean_inline(s)
    if max_cells is not None and max_cells > 0:
        from rich.cells import cell_len

        if cell_len(s) > max_cells:
            kept, used = [], 0
            for ch in s:
                size = char_cells(ch)
                if used + size > max_cells - 1:
                    break
                kept.append(ch)
                used += size
            s = "".join(kept).rstrip() + "…"
    if mode != "visual" or not s:
        return s
    shaped, _ = shape(s)
    shown, _ = reorder_line(shaped, "auto")
    return shown
