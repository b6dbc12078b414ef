"""The analysis chain: tokenize -> normalize -> stem, with a per-word cache.

A corpus has far fewer distinct surface words than tokens, so :class:`Analyzer`
remembers the term of every surface word it has seen; analysing a token then costs one
regex step and one dict lookup.
"""

from __future__ import annotations

from collections.abc import Callable

from .normalize import normalize
from .stem_arabic import stem_arabic
from .stem_english import stem_english
from .tokenize import word_list, word_spans

__all__ = ["Analyzer", "analyze", "stem"]

Term = tuple[str, int, int, int]

# Languages whose Latin-script words get the English stemmer; Arabic documents quote
# English names and terms. Other languages' Latin words are left unstemmed, since
# English rules would mangle them (French -ment, German -en ...).
_ENGLISH_STEMMED = frozenset(("ar", "en", ""))
_CACHE_LIMIT = 2_000_000  # distinct words per language before the cache starts over


def _is_arabic_letter(ch: str) -> bool:
    return "\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f" or "\u08a0" <= ch <= "\u08ff"


def stem_filter(term: str) -> Callable[[str], bool]:
    """A cheap test of a word, no stemming: False only if ``stem(word)`` cannot be ``term``.

    An Arabic stem is a part of its word, bar a few (``IRREGULAR_STEMS``); only Arabic words
    get Arabic stems. Other stems are not filtered.
    """
    if not any(_is_arabic_letter(ch) for ch in term):
        return lambda word: True
    from seeds_cli.analysis.stem_arabic import IRREGULAR_STEMS

    if term in IRREGULAR_STEMS:
        return lambda word: True
    return lambda word: term in word


def stem(word: str, lang: str = "ar") -> str:
    """Stem one normalized token by its script: Arabic light stemmer, English, or none.

    Tokens with an Arabic letter use the Arabic stemmer whatever ``lang`` says; Latin
    tokens use the English stemmer for ``lang`` in ("ar", "en") and stay as they are
    for other languages; digits and other scripts are untouched.
    """
    if not word:
        return word
    if any(_is_arabic_letter(ch) for ch in word):
        return stem_arabic(word)
    if lang in _ENGLISH_STEMMED and word.isalpha() and word.isascii():
        return stem_english(word)
    return word


class _WordCache(dict[str, str]):
    """Surface word -> term; a miss analyzes the word, so lookups can run inside map()."""

    __slots__ = ("analyze",)

    def __init__(self, analyze: Callable[[str], str]) -> None:
        super().__init__()
        self.analyze = analyze

    def __missing__(self, word: str) -> str:
        term = self[word] = self.analyze(word)
        return term


class Analyzer:
    """Turn text into index terms; documents and queries must go through the same one."""

    def __init__(self, *, stem: bool = True) -> None:
        self.stem = stem
        self._caches: dict[str, _WordCache] = {}

    def _cache(self, lang: str) -> _WordCache:
        key = lang if lang in _ENGLISH_STEMMED or not self.stem else "other"
        cache = self._caches.get(key)
        if cache is None or len(cache) > _CACHE_LIMIT:
            cache = self._caches[key] = _WordCache(lambda word: self._analyze_word(word, lang))
        return cache

    def _analyze_word(self, word: str, lang: str) -> str:
        norm = normalize(word)
        return stem(norm, lang) if self.stem else norm

    def term(self, word: str, lang: str = "ar") -> str:
        """Analyze one query word as documents are analyzed; "" if nothing remains.

        Stray punctuation around the word is ignored (``"«الكتاب»"`` -> ``كتاب``); if
        ``word`` holds several tokens only the first counts: use :meth:`terms` for those.
        """
        cache = self._cache(lang)
        if word in cache:
            return cache[word]
        for match in word_spans(word):
            return cache[match.group()]
        return ""

    def terms(self, text: str, lang: str = "ar") -> list[Term]:
        """(term, start, end, position) for each token of ``text``.

        Positions are the tokenizer's word positions. A token whose normalized form is
        empty is dropped and its position left unused; the tokenizer only yields tokens
        with a letter or digit, so in practice none is dropped.
        """
        cache = self._cache(lang)
        out: list[Term] = []
        append = out.append
        for position, match in enumerate(word_spans(text)):
            term = cache[match.group()]
            if term:
                start, end = match.span()
                append((term, start, end, position))
        return out

    def term_sequence(self, text: str, lang: str = "ar") -> list[str]:
        """The term of every token in order (list index = position, "" if dropped).

        No offsets, and no Python loop per token: several times faster than
        :meth:`terms`, for indexing when offsets are found later by :func:`tokenize`.
        """
        return list(map(self._cache(lang).__getitem__, word_list(text)))


_DEFAULT = Analyzer()
_UNSTEMMED = Analyzer(stem=False)


def analyze(text: str, lang: str = "ar", *, stem: bool = True) -> list[Term]:
    """Convenience: the terms of ``text`` from a shared module-level analyzer."""
    return (_DEFAULT if stem else _UNSTEMMED).terms(text, lang)
