"""Split text into word tokens whose offsets point into the original string.

A word is a run of letters, digits and combining marks that starts with a letter or
digit: harakat, tatweel and other marks never split a word, while white space (NBSP,
ZWSP, bidi controls, BOM) and punctuation (Arabic and ASCII) always do. The joiners
ZWNJ/ZWJ and the soft hyphen only ever sit inside a word, so they stay in it (and
normalization drops them). Digits separated by a single ``.``, ``,``, ``٫`` or ``٬``
stay one token (``2,500``, ``3.5``) so that numbers keep their value; normalization
drops the grouping commas. Letters and digits written together stay one token
(``G20``, ``و2015``); the stemmer takes a proclitic off a number. The underscore splits.

One compiled regex runs over the whole text: this is the hot path of indexing.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator
from typing import NamedTuple

__all__ = ["Token", "count_words", "iter_tokens", "tokenize"]


class Token(NamedTuple):
    """One word of the original text: ``text == original[start:end]``."""

    text: str
    start: int
    end: int
    position: int


def _ranges(chars: list[int]) -> str:
    """Render sorted code points as a regex character-class body of ranges."""
    parts: list[str] = []
    i = 0
    while i < len(chars):
        j = i
        while j + 1 < len(chars) and chars[j + 1] == chars[j] + 1:
            j += 1
        lo, hi = chars[i], chars[j]
        parts.append(
            re.escape(chr(lo)) if lo == hi else f"{re.escape(chr(lo))}-{re.escape(chr(hi))}"
        )
        i = j + 1
    return "".join(parts)


# Zero-width and bidi controls split words (they are format characters, category Cf);
# the soft hyphen and the zero-width joiners are invisible inside a word, so they don't.
_JOINERS = {0x00AD, 0x200C, 0x200D}


def _build_classes() -> tuple[str, str, str]:
    """Return (core, extend, word) regex class bodies; word is core plus extend."""
    core: list[int] = []
    extend: list[int] = []
    # The BMP is classified exactly (~10 ms, once, lazily). Astral planes are whole
    # ranges: the regex engine tests astral ranges one by one, so they must stay few.
    for cp in range(0x10000):
        ch = chr(cp)
        if cp == 0x0640:  # tatweel is a letter to Unicode but carries nothing on its own
            extend.append(cp)
        elif ch.isalnum():
            core.append(cp)
        elif unicodedata.category(ch).startswith("M") or cp in _JOINERS:
            extend.append(cp)
    # Historic scripts and math letters; CJK ideographs. Emoji (U+1F100 on) stay apart.
    core_body = _ranges(core) + "\U00010000-\U0001f0ff\U00020000-\U0003ffff"
    extend_body = _ranges(extend) + "\U000e0100-\U000e01ef"  # variation selectors
    return core_body, extend_body, core_body + extend_body


@functools.cache
def _token_re() -> re.Pattern[str]:
    core, _extend, word = _build_classes()
    # A token starts with a letter or digit, so runs of stray harakat or tatweel alone are
    # not words (and marks before a word's first letter are left out of it). Digit groups
    # join across . , ٫ ٬ when digits are on both sides; the separator is tested first
    # because that fails fastest at the end of an ordinary word.
    return re.compile(rf"[{core}][{word}]*(?:[.,\u066b\u066c](?<=\d.)(?=\d)[{word}]+)*")


def iter_tokens(text: str) -> Iterator[Token]:
    """Yield the word tokens of ``text`` in order, with offsets into ``text``."""
    for position, m in enumerate(_token_re().finditer(text)):
        yield Token(m.group(), m.start(), m.end(), position)


def tokenize(text: str) -> list[Token]:
    """Return the word tokens of ``text`` (see :func:`iter_tokens`)."""
    return list(iter_tokens(text))


def count_words(text: str) -> int:
    """Count the words of ``text`` exactly as :func:`tokenize` would find them."""
    return sum(1 for _ in _token_re().finditer(text))


def word_list(text: str) -> list[str]:
    """The surface words of ``text`` alone, in order (fastest: no match objects)."""
    return _token_re().findall(text)


def word_spans(text: str) -> Iterator[re.Match[str]]:
    """Raw regex matches for callers that want the fastest loop (analyzer)."""
    return _token_re().finditer(text)
