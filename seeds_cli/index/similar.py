"""``seeds similar``: a document's copies (its story), then the articles most like it.

Related articles come from a more-like-this query, as Lucene's MoreLikeThis and
Elasticsearch's ``more_like_this`` make one: the document's most distinctive terms, each
weighted by its frequency in the document times its inverse document frequency in the
corpus, keeping at most ``MAX_TERMS``. News puts what matters first, so the lead counts more
(as in the index: a term among the first 25 words counts three times, among the first 50
twice), and so does the title. Stopwords, and terms found in no other document, are left
out. The query is the chosen terms' surface words, OR-ed, run through the search engine.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from seeds_cli.index.search import Result, Searcher
    from seeds_cli.index.story_list import Copy

MAX_TERMS = 25  # terms of the more-like-this query
MIN_WORD_CHARS = 2
LEAD_WEIGHTS = ((25, 3.0), (50, 2.0))  # (words from the start, weight): the index's lead
TITLE_WEIGHT = 3.0


@dataclass(slots=True, frozen=True)
class Distinctive:
    """One term of the more-like-this query."""

    word: str  # a surface form from the document (what the query says)
    term: str  # the index term it stands for
    weight: float  # lead-weighted tf x idf


def distinctive_terms(
    text: str,
    title: str,
    lang: str,
    doc_frequency: Callable[[str], int],
    n_docs: int,
    *,
    limit: int = MAX_TERMS,
) -> list[Distinctive]:
    """The ``limit`` most distinctive terms of a document, best first (ties: first seen)."""
    from seeds_cli.analysis import analyze, is_stopword

    weights: dict[str, float] = {}
    words: dict[str, str] = {}
    for source, base in ((title, TITLE_WEIGHT), (text, None)):
        for term, start, end, position in analyze(source, lang):
            if len(term) < MIN_WORD_CHARS or is_stopword(term) or term.isdigit():
                continue
            weight = base if base is not None else _lead_weight(position)
            weights[term] = weights.get(term, 0.0) + weight
            words.setdefault(term, source[start:end])
    scored = []
    for term, tf in weights.items():
        df = doc_frequency(term)
        if df <= 1:  # in this document alone: it can find nothing else
            continue
        idf = math.log(1 + (n_docs - df + 0.5) / (df + 0.5))
        scored.append(Distinctive(words[term], term, tf * idf))
    scored.sort(key=lambda d: -d.weight)  # stable: ties keep the order of first use
    return scored[:limit]


def _lead_weight(position: int) -> float:
    for span, weight in LEAD_WEIGHTS:
        if position < span:
            return weight
    return 1.0


def more_like_this_query(terms: Sequence[Distinctive]) -> str:
    """The query of the terms' surface words: any of them, more of them ranking higher."""
    return " ".join(
        t.word if t.word.isalnum() and t.word.upper() not in ("OR", "NOT", "AND") else f'"{t.word}"'
        for t in terms
    )


@dataclass(slots=True, frozen=True)
class Similar:
    """One line of ``seeds similar``: a copy (``copy`` set) or a related article (``result``)."""

    rank: int
    copy: Copy | None = None
    result: Result | None = None


def related(
    searcher: Searcher,
    query: str,
    exclude: set[int],
    limit: int,
    keep: Callable[[Result], bool],
) -> list[Result]:
    """The best ``limit`` results of ``query`` (0: all) that are not in ``exclude`` and pass
    ``keep``, fetching more of the ranked list while filters throw results away."""
    if not query:
        return []
    want = limit + len(exclude)
    while True:
        outcome = searcher.search(query, limit=0 if not limit else max(want * 2, 20))
        chosen = [r for r in outcome.results if r.doc.num not in exclude and keep(r)]
        if not limit or len(chosen) >= limit or len(outcome.results) >= outcome.total:
            return chosen[:limit] if limit else chosen
        want *= 4
