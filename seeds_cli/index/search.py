"""Running queries against one open index: read, rank, page, explain, passages."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from seeds_cli.query.params import Params
from seeds_cli.query.ranker import Ranker, Ranking
from seeds_cli.query.rerank import Hit

if TYPE_CHECKING:
    from collections.abc import Callable
    from os import PathLike

    from seeds_cli.index.passages import Passage
    from seeds_cli.index.query import Group, Query
    from seeds_cli.index.store import DocInfo, IndexReader
    from seeds_cli.query.compile import Leaf


@dataclass(slots=True, repr=False, eq=False)
class Result:
    rank: int
    hit: Hit
    doc: DocInfo
    explain: list[dict[str, Any]] = field(default_factory=list)


@dataclass(slots=True, repr=False, eq=False)
class Outcome:
    query: str
    total: int
    results: list[Result]
    ranking: Ranking | None  # None when nothing was left to search for
    tree: Group  # the query as read (filters included)


class Searcher:
    """Queries against one loaded index (batch mode runs many through one Searcher)."""

    def __init__(
        self,
        reader: IndexReader,
        root: str | PathLike[str],
        *,
        exact: bool = False,
        params: Params | None = None,
        rebuild: Callable[[], IndexReader] | None = None,
        on_damage: Callable[[str], None] | None = None,
    ) -> None:
        self.reader = reader
        self.root = root
        self.exact = exact
        self.params = params or Params()
        self.rebuild = rebuild  # a rebuilt index, when this one is damaged or stale
        self.on_damage = on_damage  # told why the index is rebuilt
        self.ranker = Ranker(reader, exact=exact, params=self.params)

    def search(
        self,
        query: str | Query,
        *,
        limit: int = 10,
        offset: int = 0,
        with_explain: bool = False,
        sort: str = "relevance",
        reverse: bool = False,
    ) -> Outcome:
        """Rank ``query``: a :class:`~seeds_cli.index.query.Query` as read, or text to read
        strictly (QueryError if it is malformed). ``sort="date"`` orders the matches by date,
        oldest first (``reverse``: newest first), undated last, ties by relevance.

        An index found damaged while reading it, or stale (a file of a result to be shown
        changed since it was built: StaleIndexError), is rebuilt (with ``rebuild``, if given)
        and the query run again.
        """
        import sqlite3

        from seeds_cli.errors import CorruptIndexError, StaleIndexError

        try:
            return self._search(query, limit, offset, with_explain, sort, reverse)
        except (CorruptIndexError, StaleIndexError, sqlite3.DatabaseError) as exc:
            if self.rebuild is None:
                if isinstance(exc, CorruptIndexError | StaleIndexError):
                    raise
                raise CorruptIndexError(
                    f"the search index is damaged ({exc})", hint="run 'seeds index --rebuild'"
                ) from None
            if self.on_damage:
                damage = (
                    exc.message
                    if isinstance(exc, CorruptIndexError | StaleIndexError)
                    else str(exc)
                )
                self.on_damage(damage)
            self.reader.close()
            self.reader = self.rebuild()
            self.ranker = Ranker(self.reader, exact=self.exact, params=self.params)
            return self._search(query, limit, offset, with_explain, sort, reverse)

    def _search(
        self,
        query: str | Query,
        limit: int,
        offset: int,
        with_explain: bool,
        sort: str = "relevance",
        reverse: bool = False,
    ) -> Outcome:
        from seeds_cli.index.query import read_query

        if isinstance(query, str):
            query = read_query(query, strict=True)
        if query.empty:  # nothing left to search for (a lenient reading of punctuation)
            return Outcome(query.text, 0, [], None, query.tree)
        end = offset + limit if limit else None
        if sort == "date":
            ranking = self.ranker.rank(query.tree)
            total, hits = ranking.total, ranking.hits
            dates = {i.num: i.date for i in self.reader.documents([h.doc for h in hits])}
            dated = [h for h in hits if dates[h.doc]]
            dated.sort(key=lambda h: dates[h.doc], reverse=reverse)  # stable: ties by relevance
            page = [*dated, *(h for h in hits if not dates[h.doc])][offset:end]
        else:
            ranking = self.ranker.rank(query.tree, top=end)
            total, page = ranking.total, ranking.hits[offset:]
        infos = self.reader.documents([h.doc for h in page])
        self._check_files([h.doc for h in page])
        if with_explain:
            from seeds_cli.query.explain import explain
        results = [
            Result(offset + i + 1, hit, info, explain(hit, ranking) if with_explain else [])
            for i, (hit, info) in enumerate(zip(page, infos, strict=True))
        ]
        return Outcome(query.text, total, results, ranking, query.tree)

    def _check_files(self, nums: list[int]) -> None:
        """StaleIndexError if a file of these documents changed since the index was built."""
        from seeds_cli.index.freshness import changed_files

        changed = changed_files(self.reader, self.root, nums)
        if changed:
            from seeds_cli.errors import StaleIndexError

            more = f" (and {len(changed) - 1} more)" if len(changed) > 1 else ""
            raise StaleIndexError(
                f"{changed[0]}{more} changed since the search index was built",
                hint="run 'seeds index'",
            )

    def patterns(self, outcome: Outcome) -> list[Leaf]:
        """What to look for in a result's text: the leaves the query was ranked by (its
        positive words, phrases and prefixes), as the index analyzed them."""
        from seeds_cli.query.compile import patterns

        return [] if outcome.ranking is None else patterns(outcome.ranking.compiled)

    def passages(
        self, result: Result, patterns: list[Leaf], *, context: int, count: int
    ) -> tuple[str, list[Passage]]:
        """The result's text and its ``count`` best passages (``context`` words around each
        match), with highlight offsets into that text."""
        from seeds_cli.index.passages import best_passages, find_matches

        if count == 0:
            return "", []
        text = self.text(result.doc)
        lang = result.doc.lang or "ar"
        matches = find_matches(patterns, text, lang)
        return text, best_passages(text, matches, patterns, context=context, limit=count, lang=lang)

    def text(self, info: DocInfo) -> str:
        """The document's original text ("" if it cannot be read any more), read as
        ``Document.text`` reads it (the catalogue module itself is not needed here)."""
        from seeds_cli.catalogue.files import FileProblem, decode_text, read_bytes, resolve_inside

        try:
            return decode_text(read_bytes(resolve_inside(self.root, info.file)))
        except FileProblem:
            return ""


def query_terms(outcome: Outcome) -> list[dict[str, Any]]:
    """The analyzed query, leaf by leaf, as ``--explain`` shows it."""
    from seeds_cli.query.explain import query_terms as terms

    return [] if outcome.ranking is None else terms(outcome.ranking)
