"""From seeds' laid-out lines to what Textual paints: strips of styled cells.

Textual, like rich, does no bidi: it paints the cells it is given. So every line with Arabic
in it is laid out by :mod:`seeds_cli.render.bidi` first:

* visual mode: the pieces arrive shaped and in display order; they are painted as they are,
  a right-to-left line right-aligned in its pane;
* logical mode (the terminal does bidi, as mlterm does): the text goes out in logical order,
  and the terminal reorders each screen row as a whole. A row of this app holds several
  panes, so each line is fenced: it starts and ends with a left-to-right mark (the row stays
  left to right, and no pane's text runs into its neighbour's), and a right-to-left piece is
  put in a right-to-left embedding (RLE … PDF), after the blanks that right-align it, so the
  terminal orders it as a right-to-left paragraph. Embeddings take no cell in the terminals
  that do bidi, where isolates (RLI … PDI) are drawn as blanks by some.

Document text never gets here raw: it is cleaned (:mod:`seeds_cli.render.safe`) first, which
removes the embedding and override controls, so the only ones sent are these.
"""

from __future__ import annotations

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


def rtl_piece(pieces: Sequence[Piece], mode: str) -> list[Piece]:
    """Right-to-left ``pieces`` (logical order) as sent in ``mode``: embedded in logical mode."""
    if mode == "visual" or not pieces:
        return list(pieces)
    return [(RLE, None), *pieces, (PDF, None), (LRM, None)]


def fence(pieces: Iterable[Piece], mode: str) -> list[Piece]:
    """A whole line as sent: in logical mode between left-to-right marks (see the module)."""
    if mode == "visual":
        return list(pieces)
    return [(LRM, None), *pieces, (LRM, None)]


def width_of(pieces: Iterable[Piece]) -> int:
    return sum(cell_len(text) for text, _ in pieces)


def to_strip(pieces: Iterable[Piece], width: int, base: Style | None = None) -> Strip:
    """The pieces as a strip exactly ``width`` cells wide (cut or padded), over ``base``."""
    segments = [Segment(text, _style(style)) for text, style in pieces if text]
    strip = Strip(segments).crop_extend(0, width, None)
    if base is not None:
        strip = strip.apply_style(base)
    return strip


def aligned(pieces: Sequence[Piece], width: int, rtl: bool, mode: str) -> list[Piece]:
    """One line of a pane: a right-to-left line right-aligned (blanks before it), fenced."""
    used = width_of(pieces)
    if rtl:
        pad = [(" " * max(0, width - used), None)]
        return fence([*pad, *rtl_piece(pieces, mode)], mode)
    return fence(list(pieces), mode)
