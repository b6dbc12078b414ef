"""The structure of a plain-text article: paragraphs, subheadings, captions, quotes, dateline.

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
import re
from collections.abc import Sequence
from dataclasses import dataclass

from seeds_cli.render.safe import clean_block_mapped

__all__ = ["Block", "Span", "block_text", "map_spans", "parse_article"]


@dataclass(slots=True, repr=False, eq=False)
class Span:
    """An inline range of the original text: ``dateline``, ``quote`` or ``credit``."""

    start: int
    end: int
    kind: str


@dataclass(slots=True, repr=False, eq=False)
class Block:
    """A paragraph-level piece of the article.

    ``kind`` is ``paragraph``, ``subheading``, ``caption`` or ``quote``.  ``pieces`` are the
    ``[start, end)`` ranges of the original text that the block joins with single spaces (one
    per source line); ``start``/``end`` span them all.  ``spans`` mark the dateline, quotations
    and credits inside it, also in original offsets.
    """

    kind: str
    pieces: tuple[tuple[int, int], ...]
    spans: tuple[Span, ...] = ()

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
_KNOWN_CREDITS = re.compile(
    r"تويتر|فيسبوك|انستغرام|إنستغرام|يوتيوب|أرشيفية|ارشيفية|صورة|الصورة|رويترز|أ ف ب|أ\.ف\.ب|"
    r"واس|إيلاف|twitter|facebook|instagram|reuters|afp|getty|ap|photo|file",
    re.IGNORECASE,
)
_WORD_CHARS = r"[^\s:.،؛!?؟\"«»“”()\[\]]+"
_DATELINE = re.compile(
    rf"(?P<prefix>(?:{_WORD_CHARS}\s+){{0,3}}{_WORD_CHARS}(?:\s*\([^()\n]{{1,24}}\))?)"
    r"(?:\s*:|\s+[-–—])(?=\s+\S)"
)
_CREDIT = re.compile(r"\(\s*([^()]{1,40}?)\s*\)\s*$")
_LINE_BREAK = re.compile("\r\n|[\r\n\u2028\u2029]")
_QUOTED = re.compile(r"«[^«»]{1,800}»|“[^“”]{1,800}”")


def _line_ranges(text: str) -> list[tuple[int, int]]:
    """Each line's ``[start, end)`` without its line break, trimmed of surrounding spaces."""
    ranges = []
    pos = 0
    for m in _LINE_BREAK.finditer(text):
        ranges.append((pos, m.start()))
        pos = m.end()
    ranges.append((pos, len(text)))
    out = []
    for a, b in ranges:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        out.append((a, b))
    return out


@dataclass(slots=True, repr=False, eq=False)
class _Candidate:
    """Lines that may make one block, before their kind is decided."""

    pieces: list[tuple[int, int]]
    group: int  # which run of non-blank lines it comes from
    gap_before: int  # blank lines before it (0 inside a group)
    group_size: int  # lines in its group


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
    m = _CREDIT.search(line)
    if not m or m.start() == 0 or len(line.split()) > 40:
        return None
    credit = m.group(1)
    if len(credit.split()) > 4:
        return None
    if cand.gap_before < 2 and not _KNOWN_CREDITS.fullmatch(credit.strip()):
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
    for m in _QUOTED.finditer(line):
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
    m = _DATELINE.match(text, a, b)
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


def map_spans(
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
