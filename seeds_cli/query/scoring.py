"""BM25F scores of a compiled query's leaves over one index.

Over three fields of each document: the title, the lead (the first tokens of the text,
graded by ``lead_spans``: news is an inverted pyramid) and the whole body. For a leaf ``t``
and document ``d``::

    tf~(t, d)  = sum over fields f of  w_f * tf_f(t, d) / (1 - b_f + b_f * len_f(d) / avglen_f)
    score(t,d) = weight * idf(t)^p * tf~ / (k1 + tf~)    idf(t) = ln(1 + (N - df + 0.5) / (df + 0.5))

with ``p`` the ``idf_power`` (below 1: a flatter idf, see docs/search.md).

A prefix scores as one term (its expansions' frequencies added up), a phrase as one term
(its occurrences). ``weight`` is the leaf's (:class:`~seeds_cli.query.compile.Leaf`).
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from seeds_cli.query.vectors import DENSE_SHARE, FieldNorms, Memo, choose

if TYPE_CHECKING:
    from seeds_cli.index.store import IndexReader, Postings
    from seeds_cli.query.compile import Compiled, Leaf
    from seeds_cli.query.params import Params
    from seeds_cli.query.vectors import NumpyOps, PythonOps


@dataclass(slots=True, repr=False, eq=False)
class Scored:
    """A leaf's matches: how many documents (``df``), its ``idf`` and each document's score
    (a Vec of the ops that made it)."""

    leaf: Leaf
    df: int
    idf: float
    scores: Any


# What a term's decoded postings cost beyond their arrays, per document: its scores (one
# set per weight it is used at, mostly one) and, with positions, where each document's start.
_SCORES_BYTES = 16
_OFFSETS_BYTES = 8


class TermCache:
    """Postings kept across the queries of one process (batch mode, a tuning run): headline
    queries share their common words, and fetching and decoding a frequent word's postings
    costs more than ranking with them. Least recently used first out, within ``budget``
    bytes (about: a term's decoded documents, tfs, scores and, once loaded, positions).

    At 300,000 documents a batch's common words alone take hundreds of megabytes; a budget
    smaller than what the queries keep coming back to decodes them again and again."""

    def __init__(
        self, reader: IndexReader, budget: int = 384 << 20, arrays: bool | None = None
    ) -> None:
        from collections import OrderedDict

        self.reader = reader
        # Postings decoded as numpy arrays (True), as lists (False), or as numpy arrays once
        # numpy is imported (None: ranking then uses numpy, see vectors.choose).
        self.arrays = arrays
        self.budget = budget
        self.size = 0
        self._entries: OrderedDict[tuple[str, bool], tuple[Postings | None, int]] = OrderedDict()
        self.memo = Memo()  # what the ops work out once per postings
        # Evicted postings whose memo entries go at the end of the query (which may still
        # be using them).
        self._evicted: list[Postings] = []

    def postings(self, term: str, exact: bool) -> Postings | None:
        key = (term, exact)
        found = self._entries.get(key)
        if found is not None:
            self._entries.move_to_end(key)
            return found[0]
        arrays = "numpy" in sys.modules if self.arrays is None else self.arrays
        post = self.reader.postings(term, exact=exact, arrays=arrays)
        self._put(key, post, self._bytes(post))
        return post

    def _bytes(self, post: Postings | None) -> int:
        if post is None:
            return 64
        size = post.nbytes() + post.df * _SCORES_BYTES
        n = self.reader.n_docs
        if post.df * DENSE_SHARE >= n:  # its scores as a whole array too (vectors.Sparse)
            size += 9 * n
        return size

    def with_positions(self, term: str, exact: bool) -> Postings | None:
        post = self.postings(term, exact)
        if post is not None and post._pos is None and post._pos_blob is None:
            self.reader.load_positions(term, post, exact=exact)
            post.positions()  # decoded now, to count them
            self._put((term, exact), post, self._bytes(post) + post.df * _OFFSETS_BYTES)
        return post

    def _put(self, key: tuple[str, bool], post: Postings | None, size: int) -> None:
        old = self._entries.pop(key, None)
        if old is not None:
            self.size -= old[1]
        self._entries[key] = (post, size)
        self.size += size
        while self.size > self.budget and len(self._entries) > 1:
            _, (gone, gone_size) = self._entries.popitem(last=False)
            self.size -= gone_size
            if gone is not None:
                self._evicted.append(gone)

    def tidy(self) -> None:
        """After a query: forget what was worked out for postings no longer kept."""
        for post in self._evicted:
            self.memo.forget(post)
        self._evicted.clear()


class Terms:
    """One query's view of an index: postings fetched once per term (from the ranker's
    :class:`TermCache`), positions on demand."""

    def __init__(self, reader: IndexReader, cache: TermCache | None = None) -> None:
        self.reader = reader
        self.cache = cache or TermCache(reader)
        self.memo = self.cache.memo

    def postings(self, term: str, exact: bool) -> Postings | None:
        return self.cache.postings(term, exact)

    def with_positions(self, term: str, exact: bool) -> Postings | None:
        return self.cache.with_positions(term, exact)

    def size(self, leaves: list[Leaf]) -> int:
        """How many postings the leaves' terms have: what ranking them costs."""
        return sum(
            post.df
            for leaf in leaves
            for term in leaf.terms
            if (post := self.postings(term, leaf.exact)) is not None
        )


def lead_spans(reader: IndexReader) -> tuple[int, ...]:
    return tuple(int(n) for n in str(reader.meta.get("lead_spans", "")).split(",") if n)


def field_norms(reader: IndexReader, params: Params) -> FieldNorms:
    fields = ("body", "lead", "title")
    return FieldNorms(
        {f: reader.lengths(f) for f in fields}, {f: reader.avg_length(f) for f in fields}, params
    )


def idf(n_docs: int, df: int) -> float:
    return math.log(1.0 + (n_docs - df + 0.5) / (df + 0.5))


def score_leaves(
    compiled: Compiled, terms: Terms, norms: FieldNorms, params: Params, ops: PythonOps | NumpyOps
) -> dict[int, Scored]:
    """Every leaf's :class:`Scored`, by ``id(leaf)``. A negated leaf only selects documents:
    its scores are zeros."""
    reader = terms.reader
    spans = lead_spans(reader)
    out = {}
    for leaf in compiled.leaves:
        scale = 0.0 if leaf.negated else leaf.weight
        df, weight, scores = _leaf_scores(leaf, scale, terms, norms, params, ops, spans)
        out[id(leaf)] = Scored(leaf, df, weight, scores)
    return out


def _leaf_scores(
    leaf: Leaf,
    scale: float,
    terms: Terms,
    norms: FieldNorms,
    params: Params,
    ops: PythonOps | NumpyOps,
    spans: tuple[int, ...],
) -> tuple[int, float, Any]:
    """(df, idf, each document's ``scale * idf * tf~ / (k1 + tf~)``). A one-term leaf's are
    worked out once per set of parameters and scale, and kept in the cache's memo, for a
    word (or an exact form, at its weight) that a batch of headlines repeats."""
    post = terms.postings(leaf.terms[0], leaf.exact) if leaf.kind == "term" else None
    if post is not None:
        memo = terms.memo.get("bm25", post) or terms.memo.put("bm25", post, {})
        found = memo.get((leaf.field, ops.name, params, scale))
        if found is not None:
            return found
    n = terms.reader.n_docs
    tfs = _tfs(leaf, terms, ops, spans, n)
    if leaf.field == "title":
        tfs = ops.title_only(tfs)
    df = ops.count(tfs)
    weight = idf(n, df) ** params.idf_power
    found = (df, weight, ops.scaled(ops.bm25f(tfs, norms, weight, params.k1), scale))
    if post is not None:
        memo[(leaf.field, ops.name, params, scale)] = found
    return found


def _tfs(
    leaf: Leaf, terms: Terms, ops: PythonOps | NumpyOps, spans: tuple[int, ...], n: int
) -> Any:
    if leaf.kind == "phrase":
        posts = [terms.with_positions(t, leaf.exact) for t in leaf.terms]
        if any(p is None for p in posts):
            return ops.tfs((), (), (), ())
        return ops.phrase_tfs(posts, leaf.offsets, spans, terms.memo)  # type: ignore[arg-type]
    parts = []
    for term in leaf.terms:
        post = terms.postings(term, leaf.exact)
        if post is not None:
            parts.append(ops.postings_tfs(post, terms.memo))
    if not parts:
        return ops.tfs((), (), (), ())
    return ops.tfs_sum(parts, n)


def backend(compiled: Compiled, terms: Terms) -> PythonOps | NumpyOps:
    """The ops that rank this query fastest (see :func:`~seeds_cli.query.vectors.choose`)."""
    return choose(terms.size(compiled.leaves))
