"""Order the matches: short-query tiers, the best first, then proximity.

A query of two or three scoring clauses ranks documents by how many of them they match
first (coordination as a tier, not as a score factor: on long headline queries a factor
lowered the known-item MRR at every setting tried). Ties are broken by document number
(corpus order), so results are deterministic. The best ``rerank`` are then scaled by their
proximity, ``1 + prox * sum(w / distance) / sum(w)`` over the pairs of words adjacent in the
query (``w`` the smaller idf of the two; ``distance`` the nearest co-occurrence in the body,
counted when at most ``prox_window`` words apart).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING

from seeds_cli.query.boolean import scores

if TYPE_CHECKING:
    from seeds_cli.query.boolean import Evaluator
    from seeds_cli.query.compile import Compiled
    from seeds_cli.query.params import Params
    from seeds_cli.query.scoring import Terms

# Queries with at most this many scoring clauses rank documents with more of them first.
SHORT_QUERY = 3


@dataclass(slots=True, repr=False, eq=False)
class Hit:
    doc: int
    score: float
    prox: float = 1.0  # the proximity factor applied (1: none)
    tier: int = 0  # short queries: how many of their clauses the document matches


def rank(
    compiled: Compiled,
    evaluate: Evaluator,
    terms: Terms,
    params: Params,
    top: int | None,
) -> tuple[int, list[Hit]]:
    """(number of matching documents, the best ``top`` of them in order; all if None)."""
    ops, root = evaluate.ops, compiled.root
    matches = evaluate(root)
    clauses = [c for c in root.must + root.should if scores(c)]
    tiers = None
    if 1 < sum(c.times for c in clauses) <= SHORT_QUERY:
        tiers = ops.counts(matches, [(evaluate(c), c.times) for c in clauses])
    keep = None if top is None else max(top, params.rerank if params.prox else 0)
    hits = [Hit(d, s, tier=t) for d, s, t in ops.top(matches, tiers, keep)]
    if params.prox and compiled.leaf_count() > 1 and hits:
        head = hits[: params.rerank]
        _proximity(head, compiled, evaluate, terms, params)
        head.sort(key=lambda h: (-h.tier, -h.score, h.doc))
        hits[: params.rerank] = head
    return ops.size(matches), hits if top is None else hits[:top]


def _proximity(
    hits: list[Hit], compiled: Compiled, evaluate: Evaluator, terms: Terms, params: Params
) -> None:
    """Scale each hit by its proximity factor. Each distinct pair of words is measured once,
    counted as often as the query has it: long queries stay linear."""
    pairs = Counter(pairwise(compiled.words))
    if not pairs:
        return
    docs = [h.doc for h in hits]
    leaves = list(dict.fromkeys(leaf for pair in pairs for leaf in pair))
    index = {id(leaf): i for i, leaf in enumerate(leaves)}
    posts = [terms.with_positions(leaf.terms[0], leaf.exact) for leaf in leaves]
    spans = [(index[id(a)], index[id(b)]) for a, b in pairs]
    value = [0.0] * len(hits)
    total = 0.0
    nearest = evaluate.ops.nearest(posts, spans, docs, params.prox_window, terms.memo)
    for ((a, b), times), dists in zip(pairs.items(), nearest, strict=True):
        w = min(evaluate.scored[id(a)].idf, evaluate.scored[id(b)].idf) * times
        total += w
        for i, dist in enumerate(dists):
            if dist:
                value[i] += w / dist
    total = total or 1.0
    for hit, v in zip(hits, value, strict=True):
        hit.prox = 1.0 + params.prox * v / total
        hit.score *= hit.prox
