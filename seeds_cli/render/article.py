"""The article view: a header, a rule, then the recognised blocks, laid out for a terminal.

The structure comes from :mod:`seeds_cli.render.structure`; each block is wrapped (and, in
visual mode, shaped and reordered) by :mod:`seeds_cli.render.bidi`.  The same view gives the
terminal's styled lines and the plain text that pipes get.
"""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from seeds_cli.render.safe import clean_inline
from seeds_cli.render.structure import Block, block_text, map_spans, parse_article

if TYPE_CHECKING:
    from rich.style import Style
    from rich.text import Text

    from seeds_cli.render.bidi.layout import Line

__all__ = [
    "DEFAULT_STYLES",
    "ViewLine",
    "article_view",
    "body_words",
    "header_fields",
    "reading_minutes",
    "render_article",
    "render_article_plain",
]

# Style names used in segments, and how they look unless the console theme says otherwise.
DEFAULT_STYLES: dict[str, str] = {
    "title": "bold",
    "meta.key": "dim",
    "meta.value": "",
    "rule": "dim",
    "dateline": "bold",
    "subheading": "bold",
    # No italics: terminals slant Arabic by shearing it, which reads badly.
    "caption": "dim",
    "credit": "dim",
    "quote": "",
    "match": "bold black on yellow",
}

WORDS_PER_MINUTE = 200  # a common estimate for reading news prose, Arabic or English

Segment = tuple[str, "str | Style | None"]


@dataclass(slots=True, repr=False, eq=False)
class ViewLine:
    """One line of the article view.

    ``segments`` are what to print, left to right, each with its style (margins and indents
    included, unstyled); :attr:`plain` and :attr:`text` give them as a string or as a
    ``rich.text.Text`` (rich is imported only then, so pipes never pay for it).  ``block`` and
    ``line`` say which body block and display line it shows (None for header and blank lines);
    ``logical`` is the line's text in logical order (what it says, not how it is drawn).
    """

    segments: tuple[Segment, ...] = ()
    logical: str = ""
    block: Block | None = None
    line: Line | None = None

    @property
    def plain(self) -> str:
        return "".join(chunk for chunk, _ in self.segments)

    @property
    def text(self) -> Text:
        from rich.text import Text

        out = Text(no_wrap=True, overflow="ignore")
        for chunk, style in self.segments:
            out.append(chunk, style=style or None)
        return out


_LANGUAGES = {
    "ar": "Arabic",
    "en": "English",
    "fr": "French",
    "fa": "Persian",
    "ur": "Urdu",
    "he": "Hebrew",
    "tr": "Turkish",
    "de": "German",
    "es": "Spanish",
}


def body_words(view: Sequence[ViewLine]) -> list[str]:
    """The words that the body lines of ``view`` show, in logical order.

    A word cut because it is wider than a line is put back together.
    """
    words: list[str] = []
    glue = False
    for v in view:
        if v.block is None or v.line is None:
            continue
        parts = v.logical.split()
        if glue and parts and words:
            words[-1] += parts.pop(0)
        words.extend(parts)
        glue = v.line.broken
    return words


def reading_minutes(words: int) -> int:
    """Minutes to read ``words`` words, at least one."""
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


def _parse_date(value: Any) -> _dt.date | None:
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def _word_count(meta: Mapping[str, Any], text: str) -> int:
    words = meta.get("words")
    return words if isinstance(words, int) and words >= 0 else len(text.split())


def header_fields(meta: Mapping[str, Any], text: str) -> list[tuple[str, list[str]]]:
    """Header fields as (label, value pieces); each piece is laid out on its own (bidi)."""
    items: list[tuple[str, list[str]]] = []
    for key, label in (("source", "source"), ("place", "place"), ("author", "author")):
        value = meta.get(key)
        if value:
            items.append((label, [str(value)]))
    date = meta.get("date")
    if date:
        pieces = [str(date)]
        day = _parse_date(date) if len(str(date)) >= 10 else None
        lang = str(meta.get("lang") or "")
        if day is not None and lang.split("-")[0] == "ar":
            from seeds_cli.render.hijri import format_hijri

            pieces.append(format_hijri(day))
        items.append(("date", pieces))
    lang = meta.get("lang")
    if lang:
        name = _LANGUAGES.get(str(lang).split("-")[0])
        items.append(("language", [f"{lang} ({name})" if name else str(lang)]))
    words = _word_count(meta, text)
    items.append(("length", [f"{words:,} words · {reading_minutes(words)} min read"]))
    if meta.get("url"):
        items.append(("url", [str(meta["url"])]))
    if meta.get("also_in"):  # the other copies of its story (seeds show)
        items.append(("also in", [str(meta["also_in"])]))
    return items


def _resolve(styles: Mapping[str, str | Style], name: str) -> str | Style:
    return styles.get(name, DEFAULT_STYLES.get(name, name))


def _geometry(width: int) -> tuple[int, int]:
    """(left margin, measure): comfortable margins, and lines no longer than 100 cells."""
    margin = 2 if width >= 50 else 1 if width >= 24 else 0
    measure = max(10, width - 2 * margin)
    if measure > 100:
        margin += (measure - 100) // 2
        measure = 100
    return margin, measure


def article_view(
    meta: Mapping[str, Any],
    text: str,
    *,
    width: int,
    mode: str,
    highlights: Sequence[tuple[int, int]] = (),
    styles: Mapping[str, str | Style] | None = None,
    margins: bool = True,
    rule: bool = True,
) -> list[ViewLine]:
    """The whole view as lines: header, rule, then the body blocks separated by blank lines.

    ``highlights`` are ``[start, end)`` offsets into ``text`` (search matches).  Without
    ``margins`` the text starts at column 0 and fills ``width``.
    """
    styles = styles or {}
    margin, measure = _geometry(width) if margins else (0, max(1, width))
    view = _header(meta, text, margin, measure, mode, styles, rule)
    for k, block in enumerate(parse_article(text)):
        if k:
            view.append(_blank())
        view.extend(_block_lines(text, block, margin, measure, mode, highlights, styles))
    return view


def _blank() -> ViewLine:
    return ViewLine()


def _anchor(piece: str, mode: str) -> str:
    """A cleaned header value; in logical mode a right-to-left value that starts with a number
    or symbol (``≈ 24 جمادى …``) gets a leading RLM, so that a terminal doing bidi on the
    left-to-right header row keeps the number with its words."""
    import unicodedata

    from seeds_cli.render.bidi.algorithm import base_direction

    clean = clean_inline(piece)
    if (
        mode != "visual"
        and clean
        and unicodedata.bidirectional(clean[0]) not in ("R", "AL")
        and base_direction(clean) == "rtl"
    ):
        return "\u200f" + clean
    return clean


def _line_segments(line: Line, styles: Mapping[str, str | Style], margin: int) -> list[Segment]:
    out: list[Segment] = [(" " * (margin + line.indent), None)]
    out += [
        (chunk, None if name is None else styles.get(name, name)) for chunk, name in line.segments
    ]
    return out


def _header(
    meta: Mapping[str, Any],
    text: str,
    margin: int,
    measure: int,
    mode: str,
    styles: Mapping[str, str | Style],
    rule: bool,
) -> list[ViewLine]:
    from seeds_cli.render.bidi.layout import layout_paragraph

    view: list[ViewLine] = []
    title = clean_inline(str(meta.get("title") or meta.get("id") or "")).strip()
    if title:
        for line in layout_paragraph(title, measure, mode, [(0, len(title), "title")]):
            shown = _line_segments(line, {"title": _resolve(styles, "title")}, margin)
            view.append(ViewLine(tuple(shown), title[line.start : line.end]))
        view.append(_blank())
    items = header_fields(meta, text)
    key_width = max(len(label) for label, _ in items) + 2
    avail = max(1, measure - key_width)
    for label, pieces in items:
        # Each piece is laid out on its own (its own bidi direction); pieces share a row,
        # separated by " · ", while they fit; a piece too long for a row is wrapped.
        rows: list[list[str]] = [[]]
        used = 0
        for piece in pieces:
            for line in layout_paragraph(_anchor(piece, mode), avail, mode, align_rtl=False):
                gap = 3 if rows[-1] else 0
                if rows[-1] and used + gap + line.cells > avail:
                    rows.append([])
                    used, gap = 0, 0
                rows[-1].append(line.text)
                used += gap + line.cells
        logical = f"{label} {' · '.join(clean_inline(p) for p in pieces)}"
        for k, shown in enumerate(rows):
            row: tuple[Segment, ...] = (
                (" " * margin, None),
                ((label if k == 0 else "").ljust(key_width), _resolve(styles, "meta.key")),
                (" · ".join(shown), _resolve(styles, "meta.value")),
            )
            view.append(ViewLine(row, logical if k == 0 else ""))
    if rule:
        view.append(ViewLine(((" " * margin, None), ("─" * measure, _resolve(styles, "rule")))))
    view.append(_blank())
    return view


def _block_lines(
    text: str,
    block: Block,
    margin: int,
    measure: int,
    mode: str,
    highlights: Sequence[tuple[int, int]],
    styles: Mapping[str, str | Style],
) -> list[ViewLine]:
    from seeds_cli.render.bidi.layout import layout_paragraph

    shown, src = block_text(text, block)
    spans: list[tuple[int, int, str]] = []
    if block.kind in ("subheading", "caption", "quote"):
        spans.append((0, len(shown), block.kind))
    spans += map_spans(src, [(s.start, s.end, s.kind) for s in block.spans])
    spans += map_spans(src, [(a, b, "match") for a, b in highlights])
    inset = 2 if block.kind == "quote" and measure >= 30 else 0
    names = {name: _resolve(styles, name) for _, _, name in spans}
    lines = layout_paragraph(shown, measure - 2 * inset, mode, spans)
    return [
        ViewLine(
            tuple(_line_segments(line, names, margin + inset)),
            shown[line.start : line.end],
            block,
            line,
        )
        for line in lines
    ]


def render_article(
    doc_meta: Mapping[str, Any],
    text: str,
    *,
    width: int,
    mode: str,
    highlights: Sequence[tuple[int, int]] = (),
    styles: Mapping[str, str | Style] | None = None,
) -> list[Text]:
    """The article view for a terminal of ``width`` cells: one ``rich.text.Text`` per line."""
    view = article_view(
        doc_meta, text, width=width, mode=mode, highlights=highlights, styles=styles
    )
    return [v.text for v in view]


def render_article_plain(
    doc_meta: Mapping[str, Any], text: str, *, width: int | None = None, mode: str = "logical"
) -> str:
    """The article view as plain text for pipes: logical order, no styles, no margins.

    With ``width`` None paragraphs are not wrapped (one line each), which suits tools that
    reflow text themselves.
    """
    if width is None and mode != "visual" and _fits_one_line(doc_meta, text):
        lines = _unwrapped_logical_lines(doc_meta, text, mode)
    else:
        wrap = width if width is not None else _NO_WRAP
        view = article_view(
            doc_meta, text, width=wrap, mode=mode, margins=False, rule=width is not None
        )
        lines = [v.plain for v in view]
    return "\n".join(line.rstrip() for line in lines) + "\n"


_NO_WRAP = 1 << 30  # the width of a view that is never wrapped


def _fits_one_line(meta: Mapping[str, Any], text: str) -> bool:
    """Whether no paragraph or header value could reach :data:`_NO_WRAP` cells (two per char)."""
    size = len(text) + sum(len(str(v)) for v in meta.values())
    return 4 * size < _NO_WRAP


def _unbroken(s: str) -> str:
    """The one line that an unwrapped logical layout shows for ``s``: the text less the
    breakable spaces around it ('' when the layout gives no line at all)."""
    from seeds_cli.render.bidi.layout import is_break_space

    s = s.replace("\n", " ")
    a, b = 0, len(s)
    while a < b and is_break_space(s[a]):
        a += 1
    while b > a and is_break_space(s[b - 1]):
        b -= 1
    return s[a:b]


def _unwrapped_logical_lines(meta: Mapping[str, Any], text: str, mode: str) -> list[str]:
    """The plain lines of ``article_view`` without margins or rule, at a width that never
    wraps, in logical mode: every paragraph is one line, so no layout is needed (and rich is
    not imported). Each line is as :attr:`ViewLine.plain` gives it."""
    out: list[str] = []
    title = clean_inline(str(meta.get("title") or meta.get("id") or "")).strip()
    if title:
        line = _unbroken(title)
        if line:
            out.append(line)
        out.append("")
    items = header_fields(meta, text)
    key_width = max(len(label) for label, _ in items) + 2
    for label, pieces in items:
        shown = [line for line in (_unbroken(_anchor(p, mode)) for p in pieces) if line]
        out.append(label.ljust(key_width) + " · ".join(shown))
    out.append("")
    for k, block in enumerate(parse_article(text)):
        if k:
            out.append("")
        line = _unbroken(block_text(text, block)[0])
        if line:
            out.append(("  " if block.kind == "quote" else "") + line)
    return out
