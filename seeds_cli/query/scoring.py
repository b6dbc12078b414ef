"""BM25F scores of a compiled query's leaves over one index.

Over three fields of each document: the title, the lead (the first tokens of the text,
graded by ``lead_spans``: news is an inverted pyramid) and the whole body. For a leaf ``t``
and document ``d``::

    tf~(t, d)  = sum over fields f of  w_f * tf_f(t, d) / (1 - b_f + b_f * len_f(d) / avglen_f)
    score(t,d) = weight * idf(t) * tf~ / (k1 + tf~)      idf(t) = ln(1 + (N - df + 0.5) / (df + 0.5))

A prefix scores as one term (its expansions' frequencies added up), a phrase as one term
(its occurrences). ``weight`` is the leaf's (:class:`~seeds_cli.query.compile.Leaf`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from seeds_cli.query.vectors import FieldNorms, choose

if TYPE_CHECKING:
    from seeds_cli.index.store import IndexReader, Postings
    from seeds_cli.query.compile import Compiled, Leaf
    from seeds_cli.query.params import Params
    from seeds_cli.query.vectors import NumpyOps, PythonOps


@dataclass(slots=True, eq=False)
class Scored:
    """A leaf's matches: how many documents (``df``), its ``idf``, each document's score
    (a Vec of the ops that made it) and the documents with it in the title or lead."""

    leaf: Leaf
    df: int
    idf: float
    scores: Any
    early: Any


class Terms:
    """One query's view of an index: postings fetched once per term, positions on demand."""

    def __init__(self, reader: IndexReader) -> None:
        self.reader = reader
        self._postings: dict[tuple[str, bool], Postings | None] = {}
        self.memo: dict[int, Any] = {}  # what the ops work out once per postings

    def postings(self, term: str, exact: bool) -> Postings | None:
        key = (term, exact)
        if key not in self._postings:
            self._postings[key] = self.reader.postings(term, exact=exact)
        return self._postings[key]

    def with_positions(self, term: str, exact: bool) -> Postings | None:
        post = self.postings(term, exact)
        if post is not None:
            self.reader.load_positions(term, post, exact=exact)
        return post

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
        tfs = _tfs(leaf, terms, ops, spans, reader.n_docs)
        if leaf.field == "title":
            tfs = ops.title_only(tfs)
        df = ops.count(tfs)
        weight = idf(reader.n_docs, df)
        scale = 0.0 if leaf.negated else weight * leaf.weight
        scores, early = ops.bm25f(tfs, norms, scale, params.k1)
        out[id(leaf)] = Scored(leaf, df, weight, scores, early)
    return out


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
            parts.append(ops.tfs(post.docs, post.tf_body, post.tf_lead, post.tf_title))
    if not parts:
        return ops.tfs((), (), (), ())
    return ops.tfs_sum(parts, n)


def backend(compiled: Compiled, terms: Terms) -> PythonOps | NumpyOps:
    """The ops that rank this query fastest (see :func:`~seeds_cli.query.vectors.choose`)."""
    return choose(terms.size(compiled.leaves))
