"""Rank compiled queries over one open index: the engine's stages in order.

compile (:mod:`.compile`) → score the leaves (:mod:`.scoring`) → combine them by the boolean
tree (:mod:`.boolean`) → order and re-rank (:mod:`.rerank`); ``--explain`` reads the result
(:mod:`.explain`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from seeds_cli.query.boolean import Evaluator
from seeds_cli.query.compile import Compiled, Vocabulary, compile_query
from seeds_cli.query.params import Params
from seeds_cli.query.rerank import Hit, rank
from seeds_cli.query.scoring import TermCache, Terms, backend, field_norms, score_leaves

if TYPE_CHECKING:
    from seeds_cli.index.query import Group
    from seeds_cli.index.store import IndexReader
    from seeds_cli.query.scoring import Scored
    from seeds_cli.query.vectors import FieldNorms, NumpyOps, PythonOps


@dataclass(slots=True, repr=False, eq=False)
class Ranking:
    """One query's ranking: how many documents match, the best of them, and what was
    worked out on the way (for ``--explain`` and passages)."""

    compiled: Compiled
    total: int
    hits: list[Hit]
    scored: dict[int, Scored]
    ops: Any


class Ranker:
    """Ranks queries over one index with one set of parameters (batch mode ranks many
    through one Ranker: the fields' length norms are worked out once)."""

    def __init__(
        self,
        reader: IndexReader,
        *,
        exact: bool = False,
        params: Params | None = None,
        ops: PythonOps | NumpyOps | None = None,
        cache: TermCache | None = None,
    ) -> None:
        self.reader = reader
        self.exact = exact
        self.params = params or Params()
        self.lang = str(reader.meta.get("lang") or "ar")
        self.ops = ops  # None: chosen per query by its size
        self._norms: FieldNorms | None = None
        # Postings shared by this ranker's queries (or by several rankers' of one reader).
        arrays = None if ops is None else ops.name == "numpy"
        self.cache = cache or TermCache(reader, arrays=arrays)
        self.vocabulary = Vocabulary(exact, reader)  # and each word's analysis

    @property
    def norms(self) -> FieldNorms:
        if self._norms is None:
            self._norms = field_norms(self.reader, self.params)
        return self._norms

    def compile(self, tree: Group) -> Compiled:
        return compile_query(
            tree,
            exact=self.exact,
            lang=self.lang,
            params=self.params,
            reader=self.reader,
            vocabulary=self.vocabulary,
        )

    def rank(self, tree: Group, top: int | None = None) -> Ranking:
        """The documents that match ``tree``, the best ``top`` first (all if None)."""
        compiled = self.compile(tree)
        terms = Terms(self.reader, self.cache)
        ops = self.ops or backend(compiled, terms)
        scored = score_leaves(compiled, terms, self.norms, self.params, ops)
        evaluate = Evaluator(scored, ops, self.reader.n_docs)
        total, hits = rank(compiled, evaluate, terms, self.params, top)
        self.cache.tidy()
        return Ranking(compiled, total, hits, scored, ops)
