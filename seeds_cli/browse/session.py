"""The browse app's searches: run in one thread of their own, newest query first.

The index's SQLite connection belongs to the thread that opened it, so the index is opened,
searched and read by one worker thread. The app hands it work and gets futures back; every
piece of work carries the generation of the query it is for, and work for a query that a
newer keystroke has replaced stops at its next step (a ranking already under way finishes,
but its results are dropped and its passages are never made).

Nothing here imports Textual: the benchmark and the tests drive it directly.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from seeds_cli.index.grouping import StoryCopy
    from seeds_cli.index.passages import Passage
    from seeds_cli.index.query import Query
    from seeds_cli.index.search import Outcome, Result, Searcher
    from seeds_cli.index.store import DocInfo
    from seeds_cli.query.compile import Leaf

T = TypeVar("T")

PAGE = 40  # results fetched at a time; more as the list is scrolled
CONTEXT = 8  # words of context on each side of a match in a result's passage


class Stale(Exception):
    """The work was for a query that a newer one has replaced."""


@dataclass(slots=True)
class Item:
    """One result row: the ranked document (the best of its story), its story's other
    copies, and, once made, its best passage."""

    rank: int
    doc: DocInfo
    score: float
    result: Result
    passage: Passage | None = None
    passage_done: bool = False
    copies: list[StoryCopy] = field(default_factory=list)

    def copies_note(self) -> str:
        """``+2 copies: okaz, sabq`` ("" when the story has no other copy)."""
        from seeds_cli.index.grouping import copies_note

        return copies_note(self.copies)

    def also_in(self, names: int = 3) -> str:
        """The reader's "also in" line, as ``seeds show`` words it: the other copies'
        sources, the first ``names`` of them by name (with the first one's date), then how
        many copies the other sources have (``okaz (2015-07-21), sabq (+2)``)."""
        sources: dict[str, str] = {}
        for copy in self.copies:
            sources.setdefault(copy.source or "?", copy.date[:10])
        shown = list(sources)[:names]
        named = ", ".join(f"{name} ({sources[name]})" if sources[name] else name for name in shown)
        more = sum(1 for c in self.copies if (c.source or "?") not in shown)
        return named + (f" (+{more})" if more else "")


@dataclass(slots=True)
class Page:
    """The results of one query (as far as they have been fetched).

    ``query`` is the text as typed, ``sources`` the sources it was limited to, and ``notes``
    say how the lenient reading took what did not parse.
    """

    query: str
    sources: frozenset[str]
    generation: int
    total: int
    items: list[Item]
    seconds: float
    patterns: list[Leaf] = field(default_factory=list)
    notes: tuple[str, ...] = ()
    outcome: Outcome | None = None  # the ranking, which also has every match (for counts)


@dataclass(slots=True)
class Article:
    """What the reader shows: the document's metadata, its text, and the query's matches."""

    meta: dict[str, Any]
    text: str
    highlights: list[tuple[int, int]]


class Session:
    """Owns the search thread and the :class:`Searcher` that lives in it."""

    def __init__(self, opener: Callable[[], Searcher]) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="seeds-search")
        self._searcher: Searcher | None = None
        self._opened = self._pool.submit(self._open, opener)
        self.latest = 0  # the generation of the newest query: older work stops
        self.source_counts: dict[str, int] | None = None  # the corpus's, once counted
        self._index_md: str | None = None  # INDEX.md's text, once an article is opened
        self._source_of: tuple[object, tuple[list[str], Any]] | None = None  # (reader, table)

    def _open(self, opener: Callable[[], Searcher]) -> None:
        self._searcher = opener()

    def wait_open(self) -> None:
        """Block until the index is open; re-raises what went wrong opening it."""
        self._opened.result()

    @property
    def searcher(self) -> Searcher:
        assert self._searcher is not None, "used before the index was opened"
        return self._searcher

    def submit(self, fn: Callable[..., T], *args: Any) -> Future[T]:
        """Run ``fn(*args)`` in the search thread."""
        return self._pool.submit(fn, *args)

    def close(self) -> None:
        self.latest += 1
        self._pool.shutdown(wait=False, cancel_futures=True)

    def _check(self, generation: int) -> None:
        if generation != self.latest:
            raise Stale

    # -- work done in the search thread --------------------------------------------------------

    def search(
        self,
        query: str,
        generation: int,
        sources: frozenset[str] = frozenset(),
        limit: int = PAGE,
        offset: int = 0,
        screen: int = 0,
    ) -> Page:
        """Rank ``query``, read leniently as ``seeds search`` reads it, limited to any of
        ``sources`` (if given), each story once (at its best copy's rank, as ``seeds search``
        shows them on a terminal): the ``limit`` stories from ``offset``, the first ``screen``
        of them with their passages (one piece of work: the screen is drawn once)."""
        from seeds_cli.index.grouping import grouped_search

        self._check(generation)
        started = time.perf_counter()
        searcher = self.searcher
        read = _read(query, sources)
        outcome, stories = grouped_search(
            lambda n: searcher.search(read, limit=n, offset=0),
            searcher.reader,
            limit=limit,
            offset=offset,
        )
        items = []
        for r in outcome.results:
            story = stories.get(r.doc.num)
            items.append(Item(r.rank, r.doc, r.hit.score, r, copies=story.copies if story else []))
        patterns = searcher.patterns(outcome) if items else []
        notes = tuple(note.message for note in read.notes)
        page = Page(query, sources, generation, outcome.total, items, 0.0, patterns, notes, outcome)
        if screen:
            self.passages(page, items[:screen])
        page.seconds = time.perf_counter() - started
        return page

    def passages(self, page: Page, items: list[Item]) -> list[Item]:
        """Make the best passage of each of ``items`` (the rows in view), newest query only."""
        done = []
        for item in items:
            self._check(page.generation)
            if item.passage_done:
                continue
            _, found = self.searcher.passages(item.result, page.patterns, context=CONTEXT, count=1)
            item.passage = found[0] if found else None
            item.passage_done = True
            done.append(item)
        return done

    def facets(self, page: Page) -> dict[str, int]:
        """How many documents matching ``page``'s query each source has, whatever sources the
        page is limited to (the list offers the others too): the matches' numbers counted by
        a table of each document's source (read once), never their records. The page's own
        ranking has the matches already, so nothing is ranked again; with sources chosen, the
        query alone is ranked for its best document only (the same matches, no sorting)."""
        import numpy as np

        from seeds_cli.index.facets import matching_docs

        self._check(page.generation)
        outcome = page.outcome
        if page.sources or outcome is None:
            read = _read(page.query)
            if read.empty:
                return {}
            outcome = self.searcher.search(read, limit=1)
        names, codes = self._sources_by_document()
        docs = np.asarray(matching_docs(outcome, len(codes)), dtype=np.intp)
        counts = np.bincount(codes[docs], minlength=len(names))
        return {name: int(n) for name, n in zip(names, counts, strict=True) if n and name}

    def _sources_by_document(self) -> tuple[list[str], Any]:
        """The source names, and for each document the index of its source's name."""
        import numpy as np

        reader = self.searcher.reader
        if self._source_of is None or self._source_of[0] is not reader:  # (a rebuilt index)
            names = [""]
            codes = np.zeros(reader.n_docs, dtype=np.intp)
            for name in reader.counts("source"):
                if name:
                    names.append(name)
                    codes[list(reader.select("source = ?", (name,)))] = len(names) - 1
            self._source_of = (reader, (names, codes))
        return self._source_of[1]

    def corpus_sources(self) -> dict[str, int]:
        """How many documents each source has in the whole corpus (counted once). The table
        of each document's source is made here too, at start, not by the first query's
        counts (a tenth of a second at 30k, which the next keystroke would wait for)."""
        if self.source_counts is None:
            counts = self.searcher.reader.counts("source")  # one GROUP BY in the index
            self.source_counts = {name: n for name, n in counts.items() if name}
            self._sources_by_document()
        return self.source_counts

    def article(self, item: Item, page: Page | None) -> Article:
        """The document of ``item`` with the matches of ``page``'s query in it."""
        searcher = self.searcher
        text = searcher.text(item.doc)
        highlights: list[tuple[int, int]] = []
        if page is not None and page.patterns:
            from seeds_cli.index.passages import find_matches

            lang = item.doc.lang or "ar"
            highlights = [(m.start, m.end) for m in find_matches(page.patterns, text, lang)]
        meta = item.doc.metadata()
        meta.update(self._entry(item.doc.id))
        meta["words"] = item.doc.words
        if item.copies:
            meta["also_in"] = item.also_in()
        return Article(meta, text, highlights)

    def _entry(self, doc_id: str) -> dict[str, Any]:
        """The document's fields in INDEX.md (author, place, tags: the index keeps none of
        them), read from its own section rather than by loading the whole catalogue."""
        import os

        from seeds_cli.catalogue.indexmd import parse_index

        if self._index_md is None:
            try:
                path = os.path.join(self.searcher.root, "INDEX.md")
                with open(path, encoding="utf-8", errors="replace") as handle:
                    self._index_md = handle.read()
            except OSError:
                self._index_md = ""
        text = self._index_md
        start = text.find(f"\n## {doc_id}\n")
        if start < 0:
            return {}
        end = text.find("\n## ", start + 4)
        parsed = parse_index(text[start + 1 : end + 1 if end >= 0 else len(text)])
        entry = next((e for e in parsed.entries if e.id == doc_id), None)
        return {k: v for k, v in entry.fields.items() if v} if entry else {}


def _read(query: str, sources: frozenset[str] = frozenset()) -> Query:
    """The query read leniently (what does not parse is read as words, with a note), with
    the chosen sources as a required filter."""
    from seeds_cli.index.query import Query, read_query, with_filters

    read = read_query(query)
    if sources:
        read = Query(read.text, with_filters(read.tree, sources=sorted(sources)), read.notes)
    return read
