"""Running queries against one open index: parse, rank, page, explain, passages."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from seeds_cli._values import Record
from seeds_cli.index.ranking import Context, Hit, Params, explain, rank

if TYPE_CHECKING:
    from collections.abc import Callable
    from os import PathLike

    from seeds_cli.index.passages import Passage, Pattern
    from seeds_cli.index.query import Group, Query
    from seeds_cli.index.store import DocInfo, IndexReader


class Result(Record):
    __slots__ = ("rank", "hit", "doc", "explain")  # noqa: RUF023 (field order)
    rank: int
    hit: Hit
    doc: DocInfo
    explain: list[dict[str, Any]]

    def __init__(
        self,
        rank: int,
        hit: Hit,
        doc: DocInfo,
        explain: list[dict[str, Any]] | None = None,
    ) -> None:
        self.rank = rank
        self.hit = hit
        self.doc = doc
        self.explain = [] if explain is None else explain


class Outcome(Record):
    __slots__ = ("query", "total", "results", "context", "tree")  # noqa: RUF023 (field order)
    query: str
    total: int
    results: list[Result]
    context: Context
    tree: Group  # the query as read (filters included)

    def __init__(
        self, query: str, total: int, results: list[Result], context: Context, tree: Group
    ) -> None:
        self.query = query
        self.total = total
        self.results = results
        self.context = context
        self.tree = tree


class Searcher:
    """Queries against one loaded index (batch mode runs many through one Searcher)."""

    def __init__(
        self,
        reader: IndexReader,
        root: str | PathLike[str],
        *,
        exact: bool = False,
        params: Params | None = None,
        on_damage: Callable[[str], None] | None = None,
    ) -> None:
        self.reader = reader
        self.root = root
        self.exact = exact
        self.params = params or Params()
        self.on_damage = on_damage  # told when a damaged index is rebuilt
        # The last search's patterns and passages, made once whoever asks first (a prefetch
        # while the index is still being checked, then the output).
        self._patterns: dict[tuple[int, str], list[Pattern]] = {}
        self._passages: dict[tuple[int, int, int, int], tuple[str, list[Passage]]] = {}

    def search(
        self,
        query: str | Query,
        *,
        limit: int = 10,
        offset: int = 0,
        with_explain: bool = False,
        prefetch: Callable[[Outcome], object] | None = None,
        sort: str = "relevance",
        reverse: bool = False,
    ) -> Outcome:
        """Rank ``query``: a :class:`~seeds_cli.index.query.Query` as read, or text to read
        strictly (QueryError if it is malformed). ``sort="date"`` orders the matches by date,
        oldest first (``reverse``: newest first), undated last, ties by relevance.

        An index found damaged while reading it is rebuilt (when it was opened by
        :func:`~seeds_cli.index.location.open_index`) and the query run again.

        ``prefetch(outcome)`` is called while the index's freshness is still being checked,
        if it is: the place to make the results' passages (:meth:`passages` keeps them), so
        that they are ready once the check is done. Nothing made then is shown unless the
        index is found fresh; otherwise the outcome is made again.
        """
        import sqlite3

        from seeds_cli.errors import CorruptIndexError

        self._patterns.clear()
        self._passages.clear()
        try:
            outcome = self._search(query, limit, offset, with_explain, sort, reverse)
        except (CorruptIndexError, sqlite3.DatabaseError) as exc:
            rebuild = self.reader.rebuild
            if rebuild is None:
                if isinstance(exc, CorruptIndexError):
                    raise
                raise CorruptIndexError(
                    f"the search index is damaged ({exc})", hint="run 'seeds index --rebuild'"
                ) from None
            if self.on_damage:
                damage = exc.message if isinstance(exc, CorruptIndexError) else str(exc)
                self.on_damage(damage)
            self.reader.pending = None  # its check is moot: the index is replaced
            self.reader.close()
            self.reader = rebuild()
            outcome = self._search(query, limit, offset, with_explain, sort, reverse)
        if self.reader.pending is not None:
            # The index was opened while its freshness was still being checked: the outcome
            # stands only if it was fresh; else it is run again on the rebuilt index.
            from seeds_cli.index.location import confirm

            if prefetch is not None:
                prefetch(outcome)
            reader = confirm(self.reader)
            if reader is not self.reader:
                self.reader = reader
                self._patterns.clear()
                self._passages.clear()
                outcome = self._search(query, limit, offset, with_explain, sort, reverse)
        return outcome

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
        ctx = Context(self.reader, exact=self.exact, params=self.params)
        if query.empty:  # nothing left to search for (a lenient reading of punctuation)
            return Outcome(query.text, 0, [], ctx, query.tree)
        end = offset + limit if limit else None
        if sort == "date":
            total, hits = rank(query.tree, ctx)
            dates = {i.num: i.date for i in self.reader.documents([h.doc for h in hits])}
            dated = [h for h in hits if dates[h.doc]]
            dated.sort(key=lambda h: dates[h.doc], reverse=reverse)  # stable: ties by relevance
            page = [*dated, *(h for h in hits if not dates[h.doc])][offset:end]
        else:
            total, hits = rank(query.tree, ctx, top=end)
            page = hits[offset:]
        infos = self.reader.documents([h.doc for h in page])
        results = [
            Result(offset + i + 1, hit, info, explain(hit, ctx) if with_explain else [])
            for i, (hit, info) in enumerate(zip(page, infos, strict=True))
        ]
        return Outcome(query.text, total, results, ctx, query.tree)

    def patterns(self, outcome: Outcome) -> list[Pattern]:
        """What to look for in a result's text: the outcome's positive words, phrases and
        prefixes, analyzed as the index was."""
        key = (id(outcome.tree), outcome.context.lang)
        found = self._patterns.get(key)
        if found is None:
            from seeds_cli.index.passages import patterns_from_query

            found = self._patterns[key] = patterns_from_query(
                outcome.tree, exact=self.exact, lang=outcome.context.lang
            )
        return found

    def passages(
        self, result: Result, patterns: list[Pattern], *, context: int, count: int
    ) -> tuple[str, list[Passage]]:
        """The result's text and its ``count`` best passages (``context`` words around each
        match), with highlight offsets into that text."""
        if count == 0:
            return "", []
        # Patterns are kept by patterns() for the whole search, so their id names them.
        key = (result.doc.num, id(patterns), context, count)
        found = self._passages.get(key)
        if found is None:
            from seeds_cli.index.passages import best_passages, find_matches

            text = self.text(result.doc)
            lang = result.doc.lang or "ar"
            matches = find_matches(patterns, text, lang)
            shown = best_passages(text, matches, patterns, context=context, limit=count, lang=lang)
            found = (text, shown)
            if any(patterns is kept for kept in self._patterns.values()):
                self._passages[key] = found
        return found

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
    return [
        {
            "term": leaf.label,
            "kind": leaf.role or leaf.kind,
            "analyzed": leaf.terms[:20],
            "df": leaf.df,
            "idf": round(leaf.idf, 4),
            "weight": leaf.weight,
            "excluded": not leaf.highlight,
        }
        for leaf in outcome.context.leaves
    ]


# -- machine-readable and plain output ----------------------------------------------------------
