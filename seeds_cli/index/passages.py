"""Where a query matches inside one document's original text, and its best passages.

Everything here works on the original text: the document is tokenized with offsets, each token
analyzed as the index analyzes it, and matches are reported as ``(start, end)`` character
offsets into the original string (harakat, tatweel and all).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from seeds_cli.index.query import parse_query

if TYPE_CHECKING:
    from seeds_cli.analysis import Analyzer
    from seeds_cli.query.compile import Leaf


@dataclass(slots=True, repr=False, eq=False)
class Match:
    start: int  # character offsets into the text
    end: int
    first: int  # token indexes
    last: int
    pattern: int  # index of the pattern matched


@dataclass(slots=True)
class Passage:
    start: int
    end: int
    text: str
    highlights: list[tuple[int, int]] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "highlights": [list(h) for h in self.highlights],
        }


# One unstemmed analyzer and one stem cache per language for every document shown (each keeps
# its words: the documents of one result list share most of them).
_ANALYZER: list[Analyzer] = []
_STEMS: dict[str, dict[str, str]] = {}
_STEMS_LIMIT = 200_000


def _shared(lang: str) -> tuple[Analyzer, dict[str, str]]:
    if not _ANALYZER:
        from seeds_cli.analysis import Analyzer

        _ANALYZER.append(Analyzer(stem=False))
    stems = _STEMS.get(lang)
    if stems is None or len(stems) > _STEMS_LIMIT:
        stems = _STEMS[lang] = {}
    return _ANALYZER[0], stems


def find_matches(
    patterns: list[Leaf], text: str, lang: str = "ar", *, title: bool = False
) -> list[Match]:
    """Every occurrence of the patterns in ``text``, in text order (overlaps removed)."""
    if not patterns:
        return []
    analyzer, stems_cache = _shared(lang)
    tokens = analyzer.terms(text, lang)
    if not tokens:
        return []

    def stemmed(term: str) -> str:
        s = stems_cache.get(term)
        if s is None:
            from seeds_cli.analysis import stem

            s = stems_cache[term] = stem(term, lang)
        return s

    by_position = {t[3]: i for i, t in enumerate(tokens)}
    # Token indexes by form (as written, normalized) and by stem, made once per text and
    # term: each pattern then looks up its first term instead of testing every token.
    # By stem, only the tokens that could have the stem are stemmed (most of a text's
    # tokens need not be: stemming is the costly part of finding passages).
    forms: dict[str, list[int]] = {}
    by_stem: dict[str, list[int]] = {}

    def starts(term: str, exact: bool) -> list[int]:
        if exact:
            if not forms:
                for i, token in enumerate(tokens):
                    forms.setdefault(token[0], []).append(i)
            return forms.get(term, [])
        found = by_stem.get(term)
        if found is None:
            from seeds_cli.analysis.analyzer import stem_filter

            could_be = stem_filter(term)
            found = by_stem[term] = [
                i
                for i, token in enumerate(tokens)
                if could_be(token[0]) and stemmed(token[0]) == term
            ]
        return found

    found: list[Match] = []
    for index, pat in enumerate(patterns):
        if pat.field == "title" and not title:
            continue

        def hit(token: tuple[str, int, int, int], term: str, pat: Leaf = pat) -> bool:
            return (token[0] if pat.exact else stemmed(token[0])) == term

        if pat.kind == "prefix":  # one word: any that starts with the prefix
            from seeds_cli.analysis.prefixes import prefix_matcher

            matches = prefix_matcher(pat.prefix)
            first = [i for i, token in enumerate(tokens) if matches(token[0])]
            following: list[tuple[str, int]] = []
        else:  # a term, or a phrase: its first term, then the others at their offsets
            first = starts(pat.terms[0], pat.exact)
            following = list(zip(pat.terms[1:], pat.offsets[1:], strict=True))
        for i in first:
            token = tokens[i]
            last = i
            ok = True
            for term, off in following:
                j = by_position.get(token[3] + off)
                if j is None or not hit(tokens[j], term):
                    ok = False
                    break
                last = j
            if ok:
                found.append(Match(token[1], tokens[last][2], i, last, index))
    found.sort(key=lambda m: (m.start, -m.end))
    merged: list[Match] = []
    for m in found:
        if merged and m.start < merged[-1].end:
            continue
        merged.append(m)
    return merged


def highlight_spans(
    query: str, text: str, lang: str = "ar", *, exact: bool = False
) -> list[tuple[int, int]]:
    """The ``(start, end)`` spans of ``text`` that the search ``query`` matches.

    Offsets index the original text (diacritics included). Negated words are not highlighted.
    Raises QueryError for a malformed query.
    """
    from seeds_cli.query.compile import compile_query, patterns

    found = patterns(compile_query(parse_query(query), exact=exact, lang=lang))
    return [(m.start, m.end) for m in find_matches(found, text, lang)]


def best_passages(
    text: str,
    matches: list[Match],
    patterns: list[Leaf],
    *,
    context: int = 10,
    limit: int = 3,
    lang: str = "ar",
) -> list[Passage]:
    """Up to ``limit`` non-overlapping windows of ``context`` words around matches, best first.

    A window's worth is the number of distinct query patterns it contains (then the number of
    matches, then earliness), so a passage holding all the words beats one repeating a single
    word; the lead of an article wins ties.
    """
    if not matches:
        return []
    from seeds_cli.analysis import tokenize

    tokens = tokenize(text)
    candidates = []
    for k, m in enumerate(matches):
        lo = max(0, m.first - context)
        hi = min(len(tokens) - 1, m.last + context)
        inside = [x for x in matches[max(0, k - 50) : k + 50] if x.first >= lo and x.last <= hi]
        distinct = len({x.pattern for x in inside})
        candidates.append((-distinct, -len(inside), m.start, lo, hi, inside))
    candidates.sort(key=lambda c: c[:3])
    chosen: list[tuple[int, int, list[Match]]] = []
    for _, _, _, lo, hi, inside in candidates:
        if any(not (hi < a or lo > b) for a, b, _ in chosen):
            continue
        chosen.append((lo, hi, inside))
        if len(chosen) >= limit:
            break
    passages = []
    for lo, hi, inside in chosen:
        start, end = tokens[lo].start, tokens[hi].end
        passages.append(Passage(start, end, text[start:end], [(m.start, m.end) for m in inside]))
    return passages
