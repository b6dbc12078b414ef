"""Make untrusted text safe to put on a terminal.

Article text and metadata come from files we did not write.  Before any of it reaches a
terminal it goes through one of these functions, so that:

* no control character or escape sequence is ever sent (each shows as a visible placeholder);
* bidi embedding, override and isolate controls cannot reorder the text around them;
* nothing is ever interpreted as rich markup (that part is the renderers' job: they build
  ``rich.text.Text`` objects and never pass document text to markup parsing).

Placeholders, one cell each, chosen to be visible and unmistakable:

=====================  ==========================================================
C0 controls U+0000–1F  Control Pictures U+2400 + code (``␀``, ``␇``, ``␛`` for ESC …)
DEL U+007F             ``␡`` (U+2421)
C1 controls U+0080–9F  ``⍰`` (U+2370), including the one-byte CSI U+009B and NEL U+0085
lone surrogates        ``�`` (U+FFFD), as left by undecodable bytes
=====================  ==========================================================

Tabs become a single space (tab stops would make cell widths unpredictable); U+2028 and
U+2029 count as line breaks.  The bidi controls U+202A–U+202E (LRE, RLE, PDF, LRO, RLO) and
U+2066–U+2069 (LRI, RLI, FSI, PDI) are removed.  The implicit marks LRM, RLM and ALM stay:
they are ordinary strong characters that cannot reorder anything beyond their neighbours.
"""

from __future__ import annotations

__all__ = [
    "BIDI_CONTROLS",
    "C1_PLACEHOLDER",
    "clean_block",
    "clean_block_mapped",
    "clean_inline",
]

C1_PLACEHOLDER = "\u2370"
BIDI_CONTROLS = frozenset(
    [chr(c) for c in range(0x202A, 0x202F)] + [chr(c) for c in range(0x2066, 0x206A)]
)


def _base_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {c: chr(0x2400 + c) for c in range(0x20)}
    table[0x7F] = "\u2421"
    table.update(dict.fromkeys(range(0x80, 0xA0), C1_PLACEHOLDER))
    table.update(dict.fromkeys(map(ord, BIDI_CONTROLS)))
    table[ord("\t")] = " "
    return table


_BASE = _base_table()
_INLINE = {**_BASE, ord("\n"): " ", ord("\r"): " ", 0x2028: " ", 0x2029: " "}
_BLOCK = {**_BASE, ord("\n"): "\n", ord("\r"): "\n", 0x2028: "\n", 0x2029: "\n"}
del _BASE
# Lone surrogates are rare (undecodable bytes): their 2,048 entries are a table of their own,
# made and applied only to text that has one (a table of that size costs a fast start-up).
_SURROGATES: dict[int, str] = {}


def _no_surrogates(s: str) -> str:
    if s.isascii():
        return s
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:  # only a lone surrogate fails to encode
        if not _SURROGATES:
            _SURROGATES.update(dict.fromkeys(range(0xD800, 0xE000), "\ufffd"))
        return s.translate(_SURROGATES)
    return s


def clean_inline(s: str) -> str:
    """Clean one line of metadata (a title, source, id): line breaks and tabs become spaces."""
    return _no_surrogates(s.translate(_INLINE))


def clean_block(s: str) -> str:
    """Clean multi-line document text: like :func:`clean_inline` but line breaks stay.

    ``\\r\\n`` and a lone ``\\r`` become ``\\n``.
    """
    return _no_surrogates(s.replace("\r\n", "\n").translate(_BLOCK))


def clean_block_mapped(s: str) -> tuple[str, list[int]]:
    """:func:`clean_block` plus, for each output character, its index in ``s``.

    The map lets callers carry offsets into the original text (search hits, structure)
    over to the cleaned text.  The list has one extra entry, ``len(s)``, for end offsets.
    """
    # Unless a character's cleaning changes the length (removed, or CR of a CRLF pair):
    if "\r" not in s and BIDI_CONTROLS.isdisjoint(s):
        return _no_surrogates(s.translate(_BLOCK)), list(range(len(s) + 1))
    out: list[str] = []
    where: list[int] = []
    i, n = 0, len(s)
    while i < n:
        ch = s[i]
        if ch == "\r" and i + 1 < n and s[i + 1] == "\n":
            i += 1  # the LF stands for the pair
            continue
        mapped = _BLOCK.get(ord(ch), ch)
        if mapped is ch and "\ud800" <= ch <= "\udfff":
            mapped = "\ufffd"
        if mapped is not None:
            out.append(mapped)
            where.append(i)
        i += 1
    where.append(n)
    return "".join(out), where
