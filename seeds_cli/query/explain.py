"""``--explain``: the analyzed query, leaf by leaf, and each leaf's part of a result's score."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from seeds_cli.query.compile import Leaf
    from seeds_cli.query.ranker import Ranking
    from seeds_cli.query.rerank import Hit

# A prefix's expansions shown, at most (all of them are scored).
SHOWN_EXPANSIONS = 20


def _kind(leaf: Leaf) -> str:
    return leaf.role if leaf.companion else leaf.kind


def query_terms(ranking: Ranking) -> list[dict[str, Any]]:
    """The analyzed query, leaf by leaf: its terms, df, idf and weight (the count of a
    repeated word included), and for a prefix how many terms it matched and whether
    ``max_expansions`` capped them; then the words left out, past the query's first
    :data:`~seeds_cli.query.compile.MAX_QUERY_WORDS`."""
    rows = []
    for leaf in ranking.compiled.leaves:
        scored = ranking.scored[id(leaf)]
        row: dict[str, Any] = {
            "term": leaf.label,
            "kind": _kind(leaf),
            "analyzed": list(leaf.terms[:SHOWN_EXPANSIONS]),
            "df": scored.df,
            "idf": round(scored.idf, 4),
            "weight": leaf.weight,
            "excluded": leaf.negated,
        }
        if leaf.kind == "prefix":
            row["expansions"] = len(leaf.terms)
            row["capped"] = leaf.capped
        rows.append(row)
    for label in ranking.compiled.left_out:
        rows.append(
            {
                "term": label,
                "kind": "left out",  # past the query's first MAX_QUERY_WORDS words
                "analyzed": [],
                "df": 0,
                "idf": 0.0,
                "weight": 0.0,
                "excluded": True,
            }
        )
    return rows


def explain(hit: Hit, ranking: Ranking) -> list[dict[str, object]]:
    """Each scoring leaf's contribution to ``hit`` before its re-ranking factors (zero when
    the document lacks it)."""
    rows: list[dict[str, object]] = []
    ops = ranking.ops
    for leaf in ranking.compiled.leaves:
        if leaf.negated:
            continue
        scored = ranking.scored[id(leaf)]
        rows.append(
            {
                "term": leaf.label,
                "analyzed": list(leaf.terms[:SHOWN_EXPANSIONS])
                if leaf.kind != "term"
                else leaf.terms[0],
                "kind": _kind(leaf),
                "df": scored.df,
                "idf": round(scored.idf, 4),
                "weight": leaf.weight,
                "score": round(ops.value(scored.scores, hit.doc), 4),
            }
        )
    return rows
