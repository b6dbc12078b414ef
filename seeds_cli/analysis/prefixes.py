"""Prefix queries after proclitics: ``اقتصاد*`` finds والاقتصاد and بالاقتصادية too.

A word query matches after the analyzer has taken off the conjunctions, prepositions and the
article (و ف ب ل ك ال and their groups); a prefix query is matched against words as written,
so without this it would find 1,409 documents of the 30k-article corpus where ``اقتصاد``
finds 3,423. A word matches ``P*`` if it starts with P, or if it is a proclitic group g
followed by a word starting with P and the analyzer itself takes at least g off that word.
The analyzer's decision is what keeps the false friends out: فسدود is not ف + سدود, so
``سد*`` does not find it, and الأسد (the lion, Assad) is ال + أسد, not a form of سد.
"""

from __future__ import annotations

from collections.abc import Callable

from .analyzer import stem

__all__ = ["PROCLITIC_GROUPS", "expand_after_proclitics", "prefix_matcher", "proclitic_length"]

# Every group the Arabic stemmer may take off, longest first (see stem_arabic).
PROCLITIC_GROUPS = (
    "وبال",
    "فبال",
    "وكال",
    "ولل",
    "فلل",
    "وال",
    "فال",
    "بال",
    "كال",
    "لل",
    "ال",
    "وب",
    "ول",
    "وك",
    "فب",
    "فل",
    "فك",
    "و",
    "ف",
    "ب",
    "ل",
    "ك",
)
# ل + ال is written لل: after these groups a prefix's own ال has lost its alef.
_LAM_ARTICLE = ("ولل", "فلل", "لل")


def proclitic_length(word: str) -> int:
    """How many leading letters of ``word`` (normalized) the analyzer takes off as proclitics.

    The Arabic stem is a part of its word, so it is where the stem begins (0 for a word the
    analyzer keeps whole, or for an irregular stem that is not in its word)."""
    stemmed = stem(word)
    for k in range(5):
        if word.startswith(stemmed, k):
            return k
    return 0


def _forms(prefix: str) -> list[tuple[str, str]]:
    """(group + prefix as written, group) for every proclitic group a word may begin with."""
    out = [(group + prefix, group) for group in PROCLITIC_GROUPS]
    if prefix.startswith("ال") and len(prefix) > 2:
        out += [(group + prefix[2:], group) for group in _LAM_ARTICLE]
    return out


def _arabic(prefix: str) -> bool:
    return "\u0621" <= prefix[:1] <= "\u064a"


def expand_after_proclitics(
    prefix: str, expand: Callable[[str], list[str]], limit: int
) -> list[str]:
    """Index terms matching ``prefix*``: ``expand(p)`` gives the terms starting with ``p``
    (most frequent first); those as written come first, then those after proclitics, until
    ``limit`` terms are found."""
    found = expand(prefix)[:limit]
    if not _arabic(prefix):
        return found
    for surface, group in _forms(prefix):
        if len(found) >= limit:
            break
        found += [t for t in expand(surface) if proclitic_length(t) >= len(group)]
    return list(dict.fromkeys(found))[:limit]


def prefix_matcher(prefix: str) -> Callable[[str], bool]:
    """A test of a normalized word: does it match ``prefix*``, as written or after the
    proclitics the analyzer takes off it (see :func:`expand_after_proclitics`)?"""
    if not _arabic(prefix):
        return lambda word: word.startswith(prefix)
    forms = _forms(prefix)

    def matches(word: str) -> bool:
        if word.startswith(prefix):
            return True
        return any(
            word.startswith(surface) and proclitic_length(word) >= len(group)
            for surface, group in forms
        )

    return matches
