"""The article view: structure recognised from plain text, then laid out for a terminal.

Structure is recognised conservatively.  Every non-blank line is a paragraph unless the evidence
says otherwise:

* the opening *dateline* (``إيلاف من لندن:``, ``LONDON (Reuters) -``) of the first paragraph;
* a short standalone line without final punctuation, followed by a longer paragraph, is a
  *subheading*;
* a standalone line ending in a parenthesised credit (``… (تويتر)``), after a run of blank
  lines or with a known credit word, is a *caption*;
* a paragraph that is one quotation from end to end is a *quote*; quotations inside a paragraph
  (``"…"``, ``«…»``, ``“…”``) are marked when their marks clearly open and close;
* a paragraph broken in two by one stray blank line (the first part has no final punctuation and
  the second starts with a continuation word such as ``أو``) is joined again;
* lines of a hard-wrapped paragraph (several lines of similar length) are joined.

Recognition only groups and labels ranges of the original text: it never drops, adds or
reorders a word, and every block keeps its character offsets into the original text so that
search highlights can be mapped onto it.
"""

from __future__ import annotations

import bisect
import datetime as _dt
import math
import re
from collections.abc import Mapping, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from seeds_cli._values import FrozenRecord, set_field
from seeds_cli.render.safe import clean_block_mapped, clean_inline

if TYPE_CHECKING:
    from rich.style import Style
    from rich.text import Text

    from seeds_cli.render.bidi import Line

__all__ = [
    "DEFAULT_STYLES",
    "Block",
    "Span",
    "ViewLine",
    "article_view",
    "block_text",
    "body_words",
    "parse_article",
    "reading_minutes",
    "render_article",
    "render_article_plain",
    "render_markdown",
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

# ---------------------------------------------------------------------------------------------
# Structure


class Span(FrozenRecord):
    """An inline range of the original text: ``dateline``, ``quote`` or ``credit``."""

    __slots__ = ("start", "end", "kind")  # noqa: RUF023 (field order)
    start: int
    end: int
    kind: str

    def __init__(self, start: int, end: int, kind: str) -> None:
        set_field(self, "start", start)
        set_field(self, "end", end)
        set_field(self, "kind", kind)


class Block(FrozenRecord):
    """A paragraph-level piece of the article.

    ``kind`` is ``paragraph``, ``subheading``, ``caption`` or ``quote``.  ``pieces`` are the
    ``[start, end)`` ranges of the original text that the block joins with single spaces (one
    per source line); ``start``/``end`` span them all.  ``spans`` mark the dateline, quotations
    and credits inside it, also in original offsets.
    """

    __slots__ = ("kind", "pieces", "spans")
    kind: str
    pieces: tuple[tuple[int, int], ...]
    spans: tuple[Span, ...]

    def __init__(
        self, kind: str, pieces: tuple[tuple[int, int], ...], spans: tuple[Span, ...] = ()
    ) -> None:
        set_field(self, "kind", kind)
        set_field(self, "pieces", pieces)
        set_field(self, "spans", spans)

    @property
    def start(self) -> int:
        return self.pieces[0][0]

    @property
    def end(self) -> int:
        return self.pieces[-1][1]


_FINAL_PUNCT = tuple(".!?؟…:;؛,،\"'»”)]")
_SENTENCE_END = tuple(".!?؟…")
_CONTINUATION_WORDS = frozenset(
    [
        "أو",
        "او",
        "ثم",
        "لكن",
        "لكنه",
        "بل",
        "التي",
        "الذي",
        "الذين",
        "اللذين",
        "حتى",
        "and",
        "or",
        "but",
        "which",
        "who",
        "that",
        "to",
        "of",
    ]
)
_DANGLING_WORDS = frozenset(
    [
        "في",
        "من",
        "على",
        "إلى",
        "الى",
        "عن",
        "مع",
        "بين",
        "أن",
        "ان",
        "إن",
        "و",
        "أو",
        "او",
        "أي",
        "لـ",
        "the",
        "a",
        "an",
        "of",
        "to",
        "and",
        "or",
        "in",
        "on",
        "with",
    ]
)
_SPEECH_VERBS = frozenset(
    [
        "قال",
        "وقال",
        "قالت",
        "وقالت",
        "أكد",
        "وأكد",
        "أضاف",
        "وأضاف",
        "أوضح",
        "وأوضح",
        "أشار",
        "وأشار",
        "said",
        "says",
        "told",
    ]
)
_KNOWN_CREDITS = (
    r"تويتر|فيسبوك|انستغرام|إنستغرام|يوتيوب|أرشيفية|ارشيفية|صورة|الصورة|رويترز|أ ف ب|أ\.ف\.ب|"
    r"واس|إيلاف|twitter|facebook|instagram|reuters|afp|getty|ap|photo|file"
)
_WORD_CHARS = r"[^\s:.،؛!?؟\"«»“”()\[\]]+"
_DATELINE = (
    rf"(?P<prefix>(?:{_WORD_CHARS}\s+){{0,3}}{_WORD_CHARS}(?:\s*\([^()\n]{{1,24}}\))?)"
    r"(?:\s*:|\s+[-–—])(?=\s+\S)"
)
_CREDIT = r"\(\s*([^()]{1,40}?)\s*\)\s*$"


@cache
def _regex(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """A pattern compiled on first use: a command that never needs it never compiles it."""
    return re.compile(pattern, flags)


def _line_ranges(text: str) -> list[tuple[int, int]]:
    """Each line's ``[start, end)`` without its line break, trimmed of surrounding spaces."""
    ranges = []
    pos = 0
    if "\r" in text or "\u2028" in text or "\u2029" in text:
        for m in _regex("\r\n|[\r\n\u2028\u2029]").finditer(text):
            ranges.append((pos, m.start()))
            pos = m.end()
    else:  # LF only: the same ranges without a regex
        for line in text.split("\n")[:-1]:
            ranges.append((pos, pos + len(line)))
            pos += len(line) + 1
    ranges.append((pos, len(text)))
    out = []
    for a, b in ranges:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        out.append((a, b))
    return out


class _Candidate:
    __slots__ = ("gap_before", "group", "group_size", "pieces")

    def __init__(
        self, pieces: list[tuple[int, int]], group: int, gap_before: int, group_size: int
    ) -> None:
        self.pieces = pieces
        self.group = group
        self.gap_before = gap_before  # blank lines before it (0 inside a group)
        self.group_size = group_size


def _words(text: str, a: int, b: int) -> int:
    return len(text[a:b].split())


def _hard_wrapped(text: str, lines: Sequence[tuple[int, int]]) -> bool:
    """Several lines of similar length, mostly without final punctuation: one wrapped paragraph."""
    if len(lines) < 3:
        return False
    body = lines[:-1]
    lengths = [b - a for a, b in body]
    if min(lengths) < 40 or max(lengths) > 100 or max(lengths) - min(lengths) > 20:
        return False
    open_ends = sum(1 for a, b in body if not text[a:b].endswith(_FINAL_PUNCT))
    return open_ends * 2 >= len(body)


def _continues(text: str, first: tuple[int, int], second: tuple[int, int]) -> bool:
    """Is ``second`` the rest of a sentence that ``first`` left unfinished?"""
    head = text[first[0] : first[1]]
    tail = text[second[0] : second[1]]
    head_words = head.split()
    tail_words = tail.split()
    if len(head_words) < 5 or len(tail_words) < 3 or head.endswith(_FINAL_PUNCT):
        return False
    starts_lower = tail[0].isalpha() and tail[0].islower()
    return (
        tail_words[0] in _CONTINUATION_WORDS
        or starts_lower
        or head_words[-1].lower() in _DANGLING_WORDS
    )


def _candidates(text: str) -> list[_Candidate]:
    groups: list[tuple[int, list[tuple[int, int]]]] = []  # (blank lines before, lines)
    blanks = 0
    current: list[tuple[int, int]] = []
    for a, b in _line_ranges(text):
        if a == b:
            if current:
                groups.append((blanks, current))
                current, blanks = [], 0
            blanks += 1
        else:
            current.append((a, b))
    if current:
        groups.append((blanks, current))
    cands: list[_Candidate] = []
    for g, (gap, lines) in enumerate(groups):
        if _hard_wrapped(text, lines):
            cands.append(_Candidate(list(lines), g, gap, 1))
            continue
        for k, line in enumerate(lines):
            cands.append(_Candidate([line], g, gap if k == 0 else 0, len(lines)))
    # Rejoin a paragraph broken by one stray blank line.
    merged: list[_Candidate] = []
    for cand in cands:
        prev = merged[-1] if merged else None
        if (
            prev is not None
            and cand.gap_before == 1
            and prev.group != cand.group
            and _continues(text, prev.pieces[-1], cand.pieces[0])
        ):
            prev.pieces.extend(cand.pieces)
            prev.group_size = 2  # no longer a standalone line
            prev.group = cand.group
            continue
        merged.append(cand)
    return merged


def _is_subheading(text: str, cand: _Candidate, following: _Candidate | None) -> bool:
    if cand.group_size != 1 or len(cand.pieces) != 1 or following is None:
        return False
    a, b = cand.pieces[0]
    line = text[a:b]
    words = len(line.split())
    if words > 12 or b - a > 80 or line.endswith(_FINAL_PUNCT):
        return False
    next_words = sum(_words(text, x, y) for x, y in following.pieces)
    return next_words > words


def _caption_credit(text: str, cand: _Candidate) -> Span | None:
    if cand.group_size != 1 or len(cand.pieces) != 1:
        return None
    a, b = cand.pieces[0]
    line = text[a:b]
    m = _regex(_CREDIT).search(line)
    if not m or m.start() == 0 or len(line.split()) > 40:
        return None
    credit = m.group(1)
    if len(credit.split()) > 4:
        return None
    if cand.gap_before < 2 and not _regex(_KNOWN_CREDITS, re.IGNORECASE).fullmatch(credit.strip()):
        return None
    return Span(a + m.start(), a + m.end(), "credit")


def _whole_quote(text: str, a: int, b: int) -> bool:
    line = text[a:b]
    if len(line.split()) < 3:
        return False
    core = line.rstrip(".،,")
    for opener, closer in (("«", "»"), ("“", "”"), ('"', '"')):
        if core.startswith(opener) and core.endswith(closer) and len(core) > 2:
            inner = core[1:-1]
            if opener == closer:
                if opener not in inner:
                    return True
            elif opener not in inner and closer not in inner:
                return True
    return False


def _quote_spans(text: str, a: int, b: int) -> list[Span]:
    """Quotations inside one line whose marks clearly open and close."""
    spans: list[Span] = []
    line = text[a:b]
    for m in re.finditer(r"«[^«»]{1,800}»|“[^“”]{1,800}”", line):
        spans.append(Span(a + m.start(), a + m.end(), "quote"))
    opened: int | None = None
    for m in re.finditer('"', line):
        i = m.start()
        before = line[i - 1] if i else " "
        after = line[i + 1] if i + 1 < len(line) else " "
        can_open = (before.isspace() or before in "([«:") and not after.isspace()
        can_close = not before.isspace() and (after.isspace() or after in ".,،؛:;!?؟)]»…")
        if opened is not None and can_close:
            spans.append(Span(a + opened, a + i + 1, "quote"))
            opened = None
        elif can_open:
            opened = i
    return sorted(spans, key=lambda s: s.start)


def _dateline(text: str, a: int, b: int) -> Span | None:
    m = _regex(_DATELINE).match(text, a, b)
    if not m:
        return None
    first = m.group("prefix").split()[0]
    if first in _SPEECH_VERBS:
        return None
    if len(text[m.end() : b].split()) < 4:
        return None
    return Span(a, m.end(), "dateline")


def parse_article(text: str) -> list[Block]:
    """Recognise the structure of a plain-text article (see the module docstring)."""
    cands = _candidates(text)
    blocks: list[Block] = []
    for k, cand in enumerate(cands):
        following = cands[k + 1] if k + 1 < len(cands) else None
        spans: list[Span] = []
        kind = "paragraph"
        credit = _caption_credit(text, cand)
        if credit is not None:
            kind = "caption"
            spans.append(credit)
        elif _is_subheading(text, cand, following) and not (
            k == 0 and _dateline(text, *cand.pieces[0])
        ):
            kind = "subheading"
        elif len(cand.pieces) == 1 and _whole_quote(text, *cand.pieces[0]):
            kind = "quote"
        if kind == "paragraph":
            if k == 0:
                dateline = _dateline(text, *cand.pieces[0])
                if dateline is not None:
                    spans.append(dateline)
            for a, b in cand.pieces:
                spans.extend(_quote_spans(text, a, b))
        elif kind == "caption":
            spans.extend(s for a, b in cand.pieces for s in _quote_spans(text, a, b))
        blocks.append(Block(kind, tuple(cand.pieces), tuple(sorted(spans, key=lambda s: s.start))))
    return blocks


def block_text(text: str, block: Block) -> tuple[str, list[int]]:
    """The block's cleaned display text (pieces joined by spaces) and each char's source offset."""
    parts: list[str] = []
    src: list[int] = []
    for k, (a, b) in enumerate(block.pieces):
        if k:
            parts.append(" ")
            src.append(block.pieces[k - 1][1])
        cleaned, where = clean_block_mapped(text[a:b])
        parts.append(cleaned.replace("\n", " "))
        src.extend(a + w for w in where[:-1])
    return "".join(parts), src


def _map_spans(
    src: Sequence[int], spans: Sequence[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """Original-text spans -> spans of the block text whose source offsets fall inside them."""
    out = []
    for a, b, style in spans:
        i = bisect.bisect_left(src, a)
        j = bisect.bisect_left(src, b)
        if i < j:
            out.append((i, j, style))
    return out


# ---------------------------------------------------------------------------------------------
# Layout


Segment = tuple[str, "str | Style | None"]


class ViewLine(FrozenRecord):
    """One line of the article view.

    ``segments`` are what to print, left to right, each with its style (margins and indents
    included, unstyled); :attr:`plain` and :attr:`text` give them as a string or as a
    ``rich.text.Text`` (rich is imported only then, so pipes never pay for it).  ``block`` and
    ``line`` say which body block and display line it shows (None for header and blank lines);
    ``logical`` is the line's text in logical order (what it says, not how it is drawn).
    """

    __slots__ = ("segments", "logical", "block", "line")  # noqa: RUF023 (field order)
    segments: tuple[Segment, ...]
    logical: str
    block: Block | None
    line: Line | None

    def __init__(
        self,
        segments: tuple[Segment, ...] = (),
        logical: str = "",
        block: Block | None = None,
        line: Line | None = None,
    ) -> None:
        set_field(self, "segments", segments)
        set_field(self, "logical", logical)
        set_field(self, "block", block)
        set_field(self, "line", line)

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


def _meta_items(meta: Mapping[str, Any], text: str) -> list[tuple[str, list[str]]]:
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

    from seeds_cli.render.bidi import base_direction

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
    from seeds_cli.render.bidi import layout_paragraph

    view: list[ViewLine] = []
    title = clean_inline(str(meta.get("title") or meta.get("id") or "")).strip()
    if title:
        for line in layout_paragraph(title, measure, mode, [(0, len(title), "title")]):
            shown = _line_segments(line, {"title": _resolve(styles, "title")}, margin)
            view.append(ViewLine(tuple(shown), title[line.start : line.end]))
        view.append(_blank())
    items = _meta_items(meta, text)
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
    from seeds_cli.render.bidi import layout_paragraph

    shown, src = block_text(text, block)
    spans: list[tuple[int, int, str]] = []
    if block.kind in ("subheading", "caption", "quote"):
        spans.append((0, len(shown), block.kind))
    spans += _map_spans(src, [(s.start, s.end, s.kind) for s in block.spans])
    spans += _map_spans(src, [(a, b, "match") for a, b in highlights])
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
    from seeds_cli.render.bidi import _is_space

    s = s.replace("\n", " ")
    a, b = 0, len(s)
    while a < b and _is_space(s[a]):
        a += 1
    while b > a and _is_space(s[b - 1]):
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
    items = _meta_items(meta, text)
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


# ---------------------------------------------------------------------------------------------
# Markdown

_MD_INLINE = r"([\\`*_\[\]<>|~&])"
_MD_LINE_START = r"^(\s*)([#>+\-=]|\d+(?=[.)]))"


def _md_escape(s: str) -> str:
    """Escape what Markdown would read as markup, leaving ordinary punctuation alone."""
    s = _regex(_MD_INLINE).sub(r"\\\1", s)

    def protect(m: re.Match[str]) -> str:
        mark = m.group(2)
        return m.group(1) + (mark + "\\" if mark[0].isdigit() else "\\" + mark)

    return _regex(_MD_LINE_START).sub(protect, s)


def render_markdown(doc_meta: Mapping[str, Any], text: str) -> str:
    """The article as Markdown: title, a metadata list, then the recognised blocks."""
    out: list[str] = []
    title = clean_inline(str(doc_meta.get("title") or doc_meta.get("id") or "")).strip()
    if title:
        out += [f"# {_md_escape(title)}", ""]
    for label, pieces in _meta_items(doc_meta, text):
        value = clean_inline(" · ".join(pieces))
        if label == "url":
            shown = f"<{value}>" if re.fullmatch(r"https?://[^\s<>]+", value) else _md_escape(value)
        else:
            shown = _md_escape(value)
        out.append(f"- **{label.capitalize()}:** {shown}")
    out.append("")
    for block in parse_article(text):
        shown, src = block_text(text, block)
        marked = [s for s in block.spans if s.kind == "dateline"]
        inline = sorted(_map_spans(src, [(s.start, s.end, s.kind) for s in marked]))
        pieces: list[str] = []
        pos = 0
        for a, b, _kind in inline:
            pieces.append(_md_escape(shown[pos:a]))
            inner = _md_escape(shown[a:b].strip())
            pieces.append(f"**{inner}**")
            pos = b
        pieces.append(_md_escape(shown[pos:]))
        body = "".join(pieces)
        if block.kind == "subheading":
            out.append(f"## {body}")
        elif block.kind == "caption":
            out.append(f"*{body}*")
        elif block.kind == "quote":
            out.append(f"> {body}")
        else:
            out.append(body)
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"
