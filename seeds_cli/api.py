"""The library API: what the ``seeds`` command does, as Python calls with structured results.

    >>> from seeds_cli import load_catalogue, search, analyze, render_article
    >>> catalogue = load_catalogue()            # the corpus the CLI would use
    >>> doc = catalogue.get("791b")             # an id or a unique prefix
    >>> results = search(catalogue, "التحالف الدولي", limit=3)
    >>> results.hits[0].id, results.hits[0].passages[0].highlights
    >>> analyze("والكتابُ", "ar")               # [Term(term='كتاب', start=0, end=8, position=0)]
    >>> print(render_article(doc, width=72))

Every function raises only the project's own errors (:class:`seeds_cli.errors.SeedsError` and
its subclasses), each with a one-line message saying what is wrong and what to do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from seeds_cli import _API
from seeds_cli.catalogue import Catalogue as Catalogue
from seeds_cli.catalogue import Document as Document
from seeds_cli.catalogue import load_catalogue as load_catalogue

if TYPE_CHECKING:
    from seeds_cli.index.search import Searcher

__all__ = list(_API)  # exactly the names ``seeds_cli`` exports


class Term(NamedTuple):
    """One analyzed word: its index term and where it stands in the original text."""

    term: str
    start: int
    end: int
    position: int


@dataclass(frozen=True)
class Passage:
    """A stretch of a document's original text, ``text == document.text[start:end]``, with the
    query's matches as ``(start, end)`` offsets into the document text."""

    start: int
    end: int
    text: str
    highlights: list[tuple[int, int]] = field(default_factory=list)


@dataclass(frozen=True)
class SearchHit:
    rank: int
    id: str
    score: float
    title: str
    source: str
    date: str
    lang: str
    url: str
    passages: list[Passage] = field(default_factory=list)


@dataclass(frozen=True)
class SearchResults:
    query: str
    total: int  # documents matching, of which ``hits`` is one page
    hits: list[SearchHit]


def get_document(catalogue: Catalogue, ref: str) -> Document:
    """The document with id ``ref``, or whose id starts with it (NotFoundError otherwise)."""
    return catalogue.get(ref)


def analyze(text: str, lang: str = "ar", *, stem: bool = True) -> list[Term]:
    """The index terms of ``text``, as search sees them, with offsets into ``text``."""
    from seeds_cli.analysis import Analyzer

    return [Term(*t) for t in Analyzer(stem=stem).terms(text, lang)]


def open_searcher(catalogue: Catalogue, *, exact: bool = False, rebuild: bool = False) -> Searcher:
    """A searcher over the catalogue's stored index, built (atomically) first if missing or
    stale; reuse it to run many queries against one loaded index."""
    from seeds_cli.index.location import open_index
    from seeds_cli.index.search import Searcher

    reader = open_index(catalogue.root, lambda: catalogue, rebuild=rebuild)
    return Searcher(
        reader,
        catalogue.root,
        exact=exact,
        rebuild=lambda: open_index(catalogue.root, lambda: catalogue, rebuild=True),
    )


def search(
    corpus: Catalogue | Searcher,
    query: str,
    *,
    limit: int = 10,
    offset: int = 0,
    exact: bool = False,
    passages: int = 2,
    context: int = 10,
) -> SearchResults:
    """Run ``query`` (the query language of ``seeds search``); QueryError if it is malformed."""
    from seeds_cli.index.search import Searcher

    searcher = corpus if isinstance(corpus, Searcher) else open_searcher(corpus, exact=exact)
    outcome = searcher.search(query, limit=limit, offset=offset)
    patterns = searcher.patterns(outcome)
    hits = []
    for result in outcome.results:
        _, shown = searcher.passages(result, patterns, context=context, count=passages)
        found = [Passage(p.start, p.end, p.text, [tuple(h) for h in p.highlights]) for p in shown]
        info = result.doc
        hits.append(
            SearchHit(
                rank=result.rank,
                id=info.id,
                score=result.hit.score,
                title=info.title or "",
                source=info.source or "",
                date=info.date or "",
                lang=info.lang or "",
                url=info.url or "",
                passages=found,
            )
        )
    return SearchResults(query, outcome.total, hits)


def render_article(document: Document, *, width: int | None = 80, bidi: str = "logical") -> str:
    """The article view of ``seeds show`` as plain text: a header, then the body wrapped to
    ``width`` cells (None: not wrapped). ``bidi="visual"`` shapes and reorders right-to-left
    lines for terminals without bidi support; "logical" keeps reading order."""
    from seeds_cli.render.article import render_article_plain

    return render_article_plain(
        document.metadata(with_words=True), document.text, width=width, mode=bidi
    )


def highlight_spans(
    document: Document, query: str, *, exact: bool = False
) -> list[tuple[int, int]]:
    """Where ``query`` matches in the document: ``(start, end)`` offsets into its text."""
    from seeds_cli.index.passages import highlight_spans as spans

    return spans(query, document.text, document.lang or "ar", exact=exact)
