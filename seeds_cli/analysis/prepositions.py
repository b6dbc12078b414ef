"""A word's forms with an attached preposition that the stemmer cannot take apart.

The light stemmer takes a bare ب or ل off only before a typical noun beginning (بمشاركة),
so a name that it keeps whole stays glued to its preposition in the index: بنجران is indexed
as بنجر and بجدة as بجد. Taking ب and ل off every word would merge لجنة (committee) with جنة
(paradise), so the search adds instead, beside a query word that the stemmer keeps whole, its
exact (unstemmed) forms with ب or ل attached, after و or ف too: نجران also finds بنجران,
لنجران and ولنجران. A word of three letters gets them only when it is a name in
:data:`NAMES` (مصر, جدة), where no other word is written the same with ب or ل.
"""

from __future__ import annotations

from seeds_cli.analysis.stem_arabic import stem_arabic

__all__ = ["NAMES", "PROCLITICS", "preposition_forms"]

PROCLITICS = ("ب", "ل", "وب", "ول", "فب", "فل")

# Normalized three-letter place names (ة → ه, ى → ي), frequent after ب and ل.
NAMES = frozenset({"جده", "مصر", "غزه", "قطر", "دبي", "حلب", "عدن"})

_MIN_LETTERS = 4


def _arabic(word: str) -> bool:
    return all("\u0621" <= ch <= "\u064a" for ch in word)


def preposition_forms(word: str) -> list[str]:
    """The exact forms of normalized ``word`` with ب or ل attached, to search beside it;
    none unless the stemmer keeps the word whole (names, mostly)."""
    if not _arabic(word) or stem_arabic(word) != word:
        return []
    if len(word) < _MIN_LETTERS and word not in NAMES:
        return []
    return [proclitic + word for proclitic in PROCLITICS]
