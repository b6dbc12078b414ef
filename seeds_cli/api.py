"""The library API: what the ``seeds`` command does, as Python calls with structured results.

    >>> from seeds_cli import load_catalogue, search, analyze, render_article
    >>> catalogue = load_catalogue()            # the corpus the CLI would use
    >>> doc = catalogue.get("791b")             # an id or a unique prefix
    >>> results = search(catalogue, "التحالف الدولي", limit=3)
    >>> results.hits[0].id, results.hits[0].passages[0].highlights
    >>> analyze("والكتابُ", "ar")               # [Term(term='كتاب', start=0, end=8, position=0)]
    >>> print(render_article(doc, width=72))

``seeds search`` is a thin layer over :func:`search` and :func:`concordance`: the records its
``json`` and ``jsonl`` formats write are :meth:`SearchHit.as_record` and
:meth:`SearchResults.as_record`.

Every function raises only the project's own errors (:class:`seeds_cli.errors.SeedsError` and
its subclasses), each with a one-line message saying what is wrong and what to do.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from seeds_cli import _API
from seeds_cli.index.grouping import StoryCopy as StoryCopy
from seeds_cli.index.passages import Passage as Passage

if TYPE_CHECKING:
    import os

    from seeds_cli.catalogue import Catalogue, Document, load_catalogue  # noqa: F401 (exported)
    from seeds_cli.index.grouping import StoryInfo
    from seeds_cli.index.kwic import KwicLine
    from seeds_cli.index.query import Group
    from seeds_cli.index.search import Outcome, Result, Searcher
    from seeds_cli.index.store import IndexReader

__all__ = list(_API)  # exactly the names ``seeds_cli`` exports

Sort = Literal["relevance", "date"]


class Term(NamedTuple):
    """One analyzed word: its index term and where it stands in the original text."""

    term: str
    start: int
    end: int
    position: int


@dataclass(slots=True)
class Explanation:
    """Why a hit has its score: the score of each query term (and of the forms the ranking adds
    to it: its exact form, verb variants, a phrase's words), times the re-ranking factor::

        score == sum(t["score"] for t in terms) * proximity   (to rounding)
    """

    terms: list[dict[str, Any]]
    proximity: float

    def as_record(self) -> dict[str, Any]:
        return {"terms": self.terms, "proximity": round(self.proximity, 4)}


@dataclass(slots=True)
class SearchHit:
    """One matching document, its metadata, its best passages and (if asked) its explanation.

    ``story`` is the id of its story's representative (the earliest copy) when the document
    has copies: near-duplicates in the corpus, or copies an import recorded; else None.
    ``copies`` are the story's other copies in story order (representative first, then by
    date), each document followed by the copies recorded with it.
    """

    rank: int
    id: str
    score: float
    title: str
    source: str
    date: str
    lang: str
    url: str
    passages: list[Passage] = field(default_factory=list)
    explain: Explanation | None = None
    story: str | None = None
    copies: list[StoryCopy] = field(default_factory=list)

    def copies_note(self) -> str:
        """``+4 copies: okaz, alriyadh, sabq, was`` ("" when the document has no copies)."""
        from seeds_cli.index.grouping import copies_note

        return copies_note(self.copies)

    def as_record(self, *, passages: bool = True) -> dict[str, Any]:
        """The hit as ``seeds search --format json|jsonl`` writes it (empty metadata left out;
        ``story`` is the document's own id when it has no copies)."""
        record: dict[str, Any] = {
            "rank": self.rank,
            "id": self.id,
            "score": round(self.score, 4),
            "title": self.title,
        }
        for key in ("source", "date", "lang", "url"):
            value = getattr(self, key)
            if value:
                record[key] = value
        record["story"] = self.story or self.id
        record["copies"] = [c.as_record() for c in self.copies]
        if passages:
            record["passages"] = [p.as_dict() for p in self.passages]
        if self.explain is not None:
            record["explain"] = self.explain.as_record()
        return record


@dataclass(slots=True)
class SearchResults:
    """One page of a search: ``total`` documents match, of which ``hits`` is the page.

    ``notes`` say how the query was read where the syntax did not say (the lenient reading);
    ``hints`` suggest what was probably meant (the sources nearest an unknown ``source:``);
    ``terms`` is the analyzed query, when an explanation was asked for. ``grouped``: each
    story is one hit (``total`` still counts documents). ``facets``, when asked for, count
    every matching document by source and by month: facet -> (value, count) pairs.
    """

    query: str
    total: int
    hits: list[SearchHit]
    notes: list[str] = field(default_factory=list)
    hints: list[str] = field(default_factory=list)
    terms: list[dict[str, Any]] | None = None
    grouped: bool = False
    facets: dict[str, list[tuple[str, int]]] | None = None

    def as_record(self, *, passages: bool = True) -> dict[str, Any]:
        """The results as ``seeds search --format json`` writes them."""
        record: dict[str, Any] = {"query": self.query, "total": self.total}
        if self.notes:
            record["notes"] = self.notes
        if self.hints:
            record["hints"] = self.hints
        if self.terms is not None:
            record["terms"] = self.terms
        record["results"] = [hit.as_record(passages=passages) for hit in self.hits]
        if self.facets is not None:
            record["facets"] = self.facets_record()
        return record

    def facets_record(self) -> dict[str, list[dict[str, Any]]]:
        """``{"source": [{"value": "okaz", "count": 12}, …], "month": […]}``."""
        return {
            name: [{"value": value, "count": count} for value, count in pairs]
            for name, pairs in (self.facets or {}).items()
        }


@dataclass(slots=True)
class Concordance:
    """Keyword-in-context lines of the matches in one page of a search's documents."""

    query: str
    total: int
    lines: list[KwicLine]
    notes: list[str] = field(default_factory=list)
    hints: list[str] = field(default_factory=list)


def __getattr__(name: str) -> Any:
    """The catalogue's names, imported on first use: ``seeds search`` on a fresh index reads
    no INDEX.md and needs none of them."""
    if name in ("Catalogue", "Document", "load_catalogue"):
        import seeds_cli.catalogue

        return getattr(seeds_cli.catalogue, name)
    raise AttributeError(f"module 'seeds_cli.api' has no attribute {name!r}")


def get_document(catalogue: Catalogue, ref: str) -> Document:
    """The document with id ``ref``, or whose id starts with it (NotFoundError otherwise)."""
    return catalogue.get(ref)


def analyze(text: str, lang: str = "ar", *, stem: bool = True) -> list[Term]:
    """The index terms of ``text``, as search sees them, with offsets into ``text``."""
    from seeds_cli.analysis import Analyzer

    return [Term(*t) for t in Analyzer(stem=stem).terms(text, lang)]


def open_searcher(
    catalogue: Catalogue,
    *,
    exact: bool = False,
    rebuild: bool = False,
    index_dir: str | os.PathLike[str] | None = None,
) -> Searcher:
    """A searcher over the catalogue's stored index, built (atomically) first if missing or
    stale, and again if a result's file changed; reuse it to run many queries against one
    loaded index. ``index_dir``: where indexes are kept (default: the corpus's
    ``.seeds-index/`` folder, else the user's cache)."""
    from seeds_cli.index.ready import open_index
    from seeds_cli.index.search import Searcher

    def build(again: bool) -> IndexReader:
        return open_index(catalogue.root, lambda: catalogue, rebuild=again, index_dir=index_dir)

    return Searcher(build(rebuild), catalogue.root, exact=exact, rebuild=lambda: build(True))


def search(
    corpus: Catalogue | Searcher,
    query: str,
    *,
    limit: int = 10,
    offset: int = 0,
    exact: bool = False,
    passages: int = 2,
    context: int = 10,
    strict: bool = False,
    sources: Sequence[str] = (),
    langs: Sequence[str] = (),
    since: str | None = None,
    until: str | None = None,
    sort: Sort = "relevance",
    reverse: bool = False,
    explain: bool = False,
    group: bool = False,
    facets: Sequence[str] = (),
) -> SearchResults:
    """Run ``query`` (the query language of ``seeds search``) and map its results to records.

    The query is read as ``seeds search`` reads it: leniently (see ``SearchResults.notes``),
    or with ``strict=True`` a :class:`~seeds_cli.errors.QueryError` if it is malformed; a value
    no reading can save (``date>=2021-13-45``) is a QueryError either way. ``sources``,
    ``langs``, ``since`` and ``until`` narrow the search as ``seeds list`` does; ``sort="date"``
    orders the matches by date, oldest first (``reverse``: newest first). ``passages`` best
    passages of ``context`` words are given per hit (0: none); ``explain`` adds each hit's
    :class:`Explanation` and the analyzed query (``terms``).

    Every hit says its ``story`` and other ``copies``; ``group=True`` keeps each story once,
    at the rank of its best member, and ``limit`` and ``offset`` then count stories.
    ``facets`` ("source", "month"; "date" is "month"; comma lists allowed) counts every
    matching document, not just the page, into ``SearchResults.facets``.
    """
    from seeds_cli.index.facets import facet_names

    wanted = facet_names(facets)
    searcher = _searcher(corpus, exact)
    run = _Run(searcher, query, strict, (tuple(sources), tuple(langs), since, until))
    options: dict[str, Any] = {"with_explain": explain, "sort": sort, "reverse": reverse}
    if group:
        from seeds_cli.index.grouping import grouped_search

        outcome, infos = grouped_search(
            lambda n: run.search(limit=n, offset=0, **options),
            searcher.reader,
            limit=limit,
            offset=offset,
        )
    else:
        from seeds_cli.index.grouping import story_infos

        outcome = run.search(limit=limit, offset=offset, **options)
        infos = story_infos(searcher.reader, [r.doc.num for r in outcome.results])
    counts = None
    if wanted:
        from seeds_cli.index.facets import facet_counts, matching_docs

        every = matching_docs(outcome, searcher.reader.n_docs)
        counts = facet_counts(searcher.reader, every, wanted)
    results = _results(searcher, outcome, run.notes, run.hints, passages, context, explain, infos)
    return replace(results, grouped=group, facets=counts)


def concordance(
    corpus: Catalogue | Searcher,
    query: str,
    *,
    limit: int = 10,
    offset: int = 0,
    exact: bool = False,
    context: int = 10,
    order: Literal["rank", "before", "after"] = "rank",
    strict: bool = False,
    sources: Sequence[str] = (),
    langs: Sequence[str] = (),
    since: str | None = None,
    until: str | None = None,
    sort: Sort = "relevance",
    reverse: bool = False,
) -> Concordance:
    """Every match of ``query`` in one page of its documents, as a keyword-in-context line with
    ``context`` words on each side; ``order`` keeps the documents' order ("rank") or sorts by
    the words before or after the keyword. The query is read as :func:`search` reads it."""
    from seeds_cli.index.kwic import kwic_lines, sort_key
    from seeds_cli.index.passages import find_matches

    searcher = _searcher(corpus, exact)
    run = _Run(searcher, query, strict, (tuple(sources), tuple(langs), since, until))
    outcome = run.search(limit=limit, offset=offset, sort=sort, reverse=reverse)
    patterns = searcher.patterns(outcome)
    lines: list[KwicLine] = []
    for r in outcome.results:
        text = searcher.text(r.doc)
        matches = find_matches(patterns, text, r.doc.lang or "ar")
        lines.extend(kwic_lines(r.doc.id, text, matches, context))
    key = sort_key(order)
    if key is not None:
        lines.sort(key=key)
    return Concordance(outcome.query, outcome.total, lines, run.notes, run.hints)


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


# -- from a query to records ----------------------------------------------------------------


def _searcher(corpus: Catalogue | Searcher, exact: bool) -> Searcher:
    from seeds_cli.index.search import Searcher

    return corpus if isinstance(corpus, Searcher) else open_searcher(corpus, exact=exact)


Filters = tuple[tuple[str, ...], tuple[str, ...], str | None, str | None]


class _Run:
    """One query read (with the option filters added) and its sources checked, ready to be
    run, once or several times (a grouped page, then the facets' every match)."""

    def __init__(self, searcher: Searcher, text: str, strict: bool, filters: Filters) -> None:
        from dataclasses import replace

        from seeds_cli.index.query import read_query, with_filters

        self.searcher = searcher
        query = read_query(text, strict=strict)
        self.notes = [n.message for n in query.notes]
        self.hints: list[str] = []
        sources, langs, since, until = filters
        if not query.empty and (sources or langs or since or until):
            tree = with_filters(query.tree, sources=sources, langs=langs, since=since, until=until)
            query = replace(query, tree=tree)
        if not query.empty:
            _check_sources(searcher, query.tree, self.notes, self.hints)
        self.query = query

    def search(self, **options: Any) -> Outcome:
        return self.searcher.search(self.query, **options)


def _check_sources(searcher: Searcher, tree: Group, notes: list[str], hints: list[str]) -> None:
    """Every ``source:`` that names no source of the corpus: read as the source it is a name of
    (``source:عكاظ`` is okaz, if the corpus says so), else a hint naming the nearest sources."""
    from seeds_cli.index.query import FieldFilter

    wanted = [n for n in _filters(tree) if isinstance(n, FieldFilter) and n.field == "source"]
    if not wanted:
        return
    counts = searcher.reader.counts("source")
    present = {s.casefold() for s in counts}
    unknown = [n for n in wanted if n.value.casefold() not in present]
    if not unknown:
        return
    from seeds_cli.catalogue.sources import nearest_sources, resolve_source, source_names

    names = source_names(searcher.root, [s for s in counts if s])
    for node in unknown:
        sid = resolve_source(node.value, names)
        if sid is not None:
            notes.append(f"source:{node.value} read as source:{sid}")
            node.value = sid
            continue
        near = nearest_sources(node.value, names)
        if near:
            listed = ", ".join(f"{s} ({', '.join(names[s])})" if names[s] else s for s in near)
            hints.append(f"no source {node.value!r} in this corpus; nearest: {listed}")
        else:
            every = sorted(s for s in counts if s)
            shown = ", ".join(every[:12]) + (", …" if len(every) > 12 else "")
            hints.append(f"no source {node.value!r} in this corpus; its sources: {shown}")


def _filters(tree: Group) -> list[Any]:
    from seeds_cli.index.query import Group as GroupNode
    from seeds_cli.index.query import Or

    out: list[Any] = []
    stack: list[Any] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, GroupNode):
            stack.extend(c.node for c in node.clauses)
        elif isinstance(node, Or):
            stack.extend(node.items)
        else:
            out.append(node)
    return out


def _results(
    searcher: Searcher,
    outcome: Outcome,
    notes: list[str],
    hints: list[str],
    passages: int,
    context: int,
    explain: bool,
    stories: dict[int, StoryInfo],
) -> SearchResults:
    """The one mapping of a search's results to records."""
    patterns = searcher.patterns(outcome) if passages and outcome.results else []
    hits = [
        _hit(searcher, r, patterns, passages, context, explain, stories.get(r.doc.num))
        for r in outcome.results
    ]
    terms = None
    if explain:
        from seeds_cli.index.search import query_terms

        terms = query_terms(outcome)
    return SearchResults(outcome.query, outcome.total, hits, notes, hints, terms)


def _hit(
    searcher: Searcher,
    result: Result,
    patterns: Any,
    passages: int,
    context: int,
    explain: bool,
    story: StoryInfo | None,
) -> SearchHit:
    shown = (
        searcher.passages(result, patterns, context=context, count=passages)[1] if passages else []
    )
    info, hit = result.doc, result.hit
    return SearchHit(
        rank=result.rank,
        id=info.id,
        score=hit.score,
        title=info.title or "",
        source=info.source or "",
        date=info.date or "",
        lang=info.lang or "",
        url=info.url or "",
        passages=list(shown),
        explain=Explanation(result.explain, hit.prox) if explain else None,
        story=story.story if story is not None else None,
        copies=list(story.copies) if story is not None else [],
    )
