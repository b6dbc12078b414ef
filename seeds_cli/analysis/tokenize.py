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


def _scan_bmp() -> tuple[list[int], list[int]]:
    """The BMP code points of the core and extend classes, classified one by one (~30 ms)."""
    core: list[int] = []
    extend: list[int] = []
    for cp in range(0x10000):
        ch = chr(cp)
        if cp == 0x0640:  # tatweel is a letter to Unicode but carries nothing on its own
            extend.append(cp)
        elif ch.isalnum():
            core.append(cp)
        elif unicodedata.category(ch).startswith("M") or cp in _JOINERS:
            extend.append(cp)
    return core, extend


# The BMP is classified exactly. Astral planes are whole ranges: the regex engine tests astral
# ranges one by one, so they must stay few. Historic scripts and math letters; CJK ideographs.
# Emoji (U+1F100 on) stay apart; the variation selectors extend a word.
_ASTRAL_CORE = "\U00010000-\U0001f0ff\U00020000-\U0003ffff"
_ASTRAL_EXTEND = "\U000e0100-\U000e01ef"
_NOT_ASTRAL_CORE = "\U0001f100-\U0001ffff\U00040000-\U0010ffff"
_NOT_ASTRAL_WORD = "\U0001f100-\U0001ffff\U00040000-\U000e00ff\U000e01f0-\U0010ffff"


def _build_classes() -> tuple[str, str, str]:
    """Return (core, extend, word) regex class bodies; word is core plus extend.

    The definition of the classes: :func:`_token_classes` gives the same sets, written so that
    they load and compile fast.
    """
    core, extend = _scan_bmp()
    core_body = _ranges(core) + _ASTRAL_CORE
    extend_body = _ranges(extend) + _ASTRAL_EXTEND
    return core_body, extend_body, core_body + extend_body


def _scan_token_classes() -> tuple[str, str]:
    """The (core, word) classes as negated classes ``[^…]``, from a full scan.

    ``re`` compiles a class in time proportional to the BMP code points it lists, and the
    complements list a third as many as the classes themselves (which compile in ~10 ms).
    """
    core, extend = _scan_bmp()
    not_core = sorted(set(range(0x10000)).difference(core))
    not_word = sorted(set(range(0x10000)).difference(core, extend))
    return (
        f"[^{_ranges(not_core)}{_NOT_ASTRAL_CORE}]",
        f"[^{_ranges(not_word)}{_NOT_ASTRAL_WORD}]",
    )


def _token_classes() -> tuple[str, str]:
    """The (core, word) classes: generated for this Unicode version, else scanned."""
    from seeds_cli.analysis import _token_classes as generated

    if unicodedata.unidata_version == generated.UNIDATA_VERSION:
        return generated.CORE, generated.WORD
    return _scan_token_classes()


def _compile(core: str, word: str) -> re.Pattern[str]:
    # A token starts with a letter or digit, so runs of stray harakat or tatweel alone are
    # not words (and marks before a word's first letter are left out of it). Digit groups
    # join across . , ٫ ٬ when digits are on both sides; the separator is tested first
    # because that fails fastest at the end of an ordinary word.
    return re.compile(rf"{core}{word}*(?:[.,\u066b\u066c](?<=\d.)(?=\d){word}+)*")


@functools.cache
def _token_re() -> re.Pattern[str]:
    return _compile(*_token_classes())


# Most texts (Arabic, Latin, and the general punctuation of U+2000-U+206F) have no code point
# outside these ranges. For them a regex whose classes list only the word characters of these
# ranges finds the same tokens and compiles in a third of the time (a one-off search saves it).
_SHORT_RANGES = "\x00-\u07ff\u2000-\u206f"


def _in_short_ranges(cp: int) -> bool:
    return cp < 0x800 or 0x2000 <= cp <= 0x206F


def _scan_short_classes() -> tuple[str, str]:
    """The (core, word) classes restricted to ``_SHORT_RANGES``, as positive classes."""
    core, extend = _scan_bmp()
    short_core = [cp for cp in core if _in_short_ranges(cp)]
    short_word = sorted(short_core + [cp for cp in extend if _in_short_ranges(cp)])
    return f"[{_ranges(short_core)}]", f"[{_ranges(short_word)}]"


@functools.cache
def _short_res() -> tuple[re.Pattern[str], re.Pattern[str]] | None:
    """(a character outside the short ranges, the tokens of a text without one), or None under
    a Unicode version the classes were not generated for."""
    from seeds_cli.analysis import _token_classes as generated

    if unicodedata.unidata_version != generated.UNIDATA_VERSION:
        return None
    return re.compile(f"[^{_SHORT_RANGES}]"), _compile(generated.SHORT_CORE, generated.SHORT_WORD)


def _re_for(text: str) -> re.Pattern[str]:
    """The token regex for ``text``: the short one when it covers every character."""
    short = _short_res()
    if short is not None and short[0].search(text) is None:
        return short[1]
    return _token_re()


def generated_module() -> str:
    """The source of ``_token_classes.py`` for the running Python's Unicode version."""
    core, word = _scan_token_classes()
    short_core, short_word = _scan_short_classes()
    lines = [
        '"""The tokenizer\'s character classes for one Unicode version: generated, do not edit.',
        "",
        "Regenerate with :func:`seeds_cli.analysis.tokenize.write_generated_module` (a test checks",
        "that it is current); under another Unicode version the tokenizer computes the classes.",
        '"""',
        "",
        f'UNIDATA_VERSION = "{unicodedata.unidata_version}"',
        "",
    ]
    classes = (
        ("CORE", core),
        ("WORD", word),
        ("SHORT_CORE", short_core),
        ("SHORT_WORD", short_word),
    )
    for name, value in classes:
        lines.append(f"{name} = (")
        lines.extend(f'    "{chunk}"' for chunk in _literal_chunks(value))
        lines += [")", ""]
    return "\n".join(lines)


def _literal_chunks(value: str, width: int = 90) -> Iterator[str]:
    """``value`` as the bodies of double-quoted string literals, cut between characters."""
    chunk = ""
    for ch in value:
        if " " <= ch <= "~" and ch not in "\"\\'":
            piece = ch
        elif ch == "\\":
            piece = "\\\\"
        elif ord(ch) < 0x100:
            piece = f"\\x{ord(ch):02x}"
        elif ord(ch) < 0x10000:
            piece = f"\\u{ord(ch):04x}"
        else:
            piece = f"\\U{ord(ch):08x}"
        if len(chunk) + len(piece) > width:
            yield chunk
            chunk = ""
        chunk += piece
    if chunk:
        yield chunk


def iter_tokens(text: str) -> Iterator[Token]:
    """Yield the word tokens of ``text`` in order, with offsets into ``text``."""
    for position, m in enumerate(word_spans(text)):
        start, end = m.span()
        yield Token(m.group(), start, end, position)


def tokenize(text: str) -> list[Token]:
    """Return the word tokens of ``text`` (see :func:`iter_tokens`)."""
    return list(iter_tokens(text))


def count_words(text: str) -> int:
    """Count the words of ``text`` exactly as :func:`tokenize` would find them."""
    return sum(1 for _ in _re_for(text).finditer(text))


def word_list(text: str) -> list[str]:
    """The surface words of ``text`` alone, in order (fastest: no match objects)."""
    return _re_for(text).findall(text)


def word_spans(text: str) -> Iterator[re.Match[str]]:
    """Each token as a regex match (``group()`` and ``span()``), for callers that want the
    fastest loop (analyzer)."""
    return _re_for(text).finditer(text)


def write_generated_module() -> None:
    """Write ``_token_classes.py`` for the running Python's Unicode version."""
    from pathlib import Path

    Path(__file__).with_name("_token_classes.py").write_text(generated_module(), encoding="utf-8")
