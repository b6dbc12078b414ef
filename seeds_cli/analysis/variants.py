"""Guarded query expansions: the verb-prefix variants of a query word's stem.

The light stemmer keeps verb prefixes, so يعلن (announces) and أعلن (announced) are
different terms, and a headline in the present tense misses the article that reports it in
the past. A query word that is plausibly a verb form is therefore also looked up with its
prefix swapped (يعلن ~ أعلن ~ تعلن, يستأنف ~ استأنف). Swapping letters blindly conflates
nouns (سلام peace ~ إسلام Islam, تجارة trade ~ جارة neighbour, أملاك property ~ ملاك
angel, تعليم education ~ عليم), so the variants are made only when no guard says the word
is a noun, and only in the directions in which a verb inflects.

Each guard is a small predicate over the query word (:class:`QueryWord`: as written, its
normalized form and its stem), tested alone; :data:`GUARDS` lists them in order, and
:func:`verb_variants` is their conjunction followed by the generation. The ranking keeps the
variants its index holds.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from .analyzer import stem as _stem
from .normalize import normalize
from .stem_arabic import PROTECTED, has_article
from .tokenize import word_spans

__all__ = ["GUARDS", "NOT_VERBS", "QueryWord", "query_word", "verb_variants", "why_not_a_verb"]

# Imperfect prefixes (he, she/you, we); a perfect begins with its first root letter or with
# ا (أفعل, افتعل, انفعل, استفعل).
_IMPERFECT = "يتن"
_MIN_STEM = 4  # shorter stems are too ambiguous: سد ~ أسد, جار ~ تجار

# Words of a verb's shape that are nouns or names first: elatives (أكبر ~ يكبر grows),
# names (أحمد ~ يحمد praises).
_NOT_VERBS = """
احمد اكبر اكثر اصغر افضل احسن اقرب ابعد اسرع اعلي ادني اقصي اخري اعظم اطول اقوي
"""
NOT_VERBS = frozenset(_NOT_VERBS.split())

_ARABIC = re.compile("[\u0621-\u064a]+")
_TA_MARBUTA = re.compile("[ةه][\u064b-\u065f\u0670\u0640]*$")
_HAMZA_AFTER_PREFIX = re.compile("^[وف]?[يتن][أإآ]")


class QueryWord(NamedTuple):
    """One query word: as written (its first token), normalized, and stemmed."""

    written: str
    surface: str
    stem: str


def query_word(text: str) -> QueryWord:
    """The :class:`QueryWord` of ``text``'s first token (all fields "" if it has none)."""
    for match in word_spans(text):
        written = match.group()
        surface = normalize(written)
        return QueryWord(written, surface, _stem(surface))
    return QueryWord("", "", "")


def _arabic(word: QueryWord) -> bool:
    return _ARABIC.fullmatch(word.stem) is not None


def _long_enough(word: QueryWord) -> bool:
    return len(word.stem) >= _MIN_STEM


def _not_listed(word: QueryWord) -> bool:
    return word.stem not in PROTECTED and word.stem not in NOT_VERBS


def _no_article(word: QueryWord) -> bool:
    """A verb never takes the article: الإعلان is a noun."""
    return not has_article(word.surface)


def _no_feminine_ending(word: QueryWord) -> bool:
    """A word ending in ة (ه, as people type it: تجارة, تجاره) is a noun or adjective."""
    return _TA_MARBUTA.search(word.written) is None


def _no_noun_suffix(word: QueryWord) -> bool:
    """Plural and nisba endings that verbs do not take: تحركات, تركية."""
    return not word.surface.endswith(("ات", "يه"))


def _no_noun_pattern(word: QueryWord) -> bool:
    """Templates only nouns have: تفعيل (تعليم, تسجيل), and فعال/فعيل/فعول (سلام, ملاك,
    عليم) when the first letter is a root letter, not a verb prefix."""
    stem = word.stem
    if len(stem) == 5 and stem[0] == "ت" and stem[3] == "ي":
        return False
    return not (len(stem) == 4 and stem[2] in "اوي" and stem[0] not in _IMPERFECT + "ا")


GUARDS: tuple[Callable[[QueryWord], bool], ...] = (
    _arabic,
    _long_enough,
    _not_listed,
    _no_article,
    _no_feminine_ending,
    _no_noun_suffix,
    _no_noun_pattern,
)


def why_not_a_verb(word: QueryWord) -> str | None:
    """The name of the first guard that rules ``word`` out as a verb form, or None."""
    for guard in GUARDS:
        if not guard(word):
            return guard.__name__.lstrip("_")
    return None


def verb_variants(text: str) -> list[str]:
    """Stems of other persons and tenses of the query word ``text``, most likely first; []
    unless it is plausibly a verb form. Candidates only: the caller keeps those its index
    holds.

    * an imperfect (يعلن, تستأنف): the other imperfect prefixes, the perfect with ا (أعلن,
      استأنف) and the bare perfect (شارك for يشارك);
    * a perfect with ا (أعلن, استأنف): the imperfect prefixes in its place; never the bare
      rest, which is mostly another noun (أملاك ~ ملاك, أسعار ~ سعار, أطلاق ~ طلاق);
    * a perfect without ا (شارك, and ناقش, تابع: فاعل, whose first letter only looks like a
      prefix): the imperfect prefixes added; never ا, which makes nouns (سلام ~ إسلام).
    """
    word = query_word(text)
    if why_not_a_verb(word) is not None:
        return []
    stem = word.stem
    first, rest = stem[0], stem[1:]
    if first in _IMPERFECT and rest[0] == "ا" and not _HAMZA_AFTER_PREFIX.match(word.written):
        found = [p + stem for p in _IMPERFECT]  # ناصر ~ أصر, تاجر ~ أجر would mislead
    elif first == "ا":
        found = [p + rest for p in _IMPERFECT]
    elif first in _IMPERFECT:
        found = ["ا" + rest, rest, *(p + rest for p in _IMPERFECT)]
    else:
        found = [p + stem for p in _IMPERFECT]
    return [v for v in dict.fromkeys(found) if v != stem and len(v) >= 3 and v[:2] != "اا"]
