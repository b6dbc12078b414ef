"""Combine the leaves' scores by the compiled query's boolean tree.

A document's score is the sum of the scores of the clauses it matches. In a group, every
``must`` clause is required; with none (or only filters), at least one ``should`` clause is:
filters narrow, they do not make the words optional (``source:okaz مطر`` is about rain). A
``must_not`` clause removes the documents it matches.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from seeds_cli.query.compile import AllOf, AnyOf, DocSet, Leaf

if TYPE_CHECKING:
    from seeds_cli.query.compile import Node
    from seeds_cli.query.scoring import Scored
    from seeds_cli.query.vectors import NumpyOps, PythonOps


class Evaluator:
    """Each node's documents and scores, worked out once per query."""

    def __init__(self, scored: dict[int, Scored], ops: PythonOps | NumpyOps, n_docs: int) -> None:
        self.scored = scored
        self.ops = ops
        self.n_docs = n_docs
        self._memo: dict[int, Any] = {}

    def __call__(self, node: Node) -> Any:
        found = self._memo.get(id(node))
        if found is None:
            found = self._memo[id(node)] = self._evaluate(node)
        return found

    def _evaluate(self, node: Node) -> Any:
        ops = self.ops
        if isinstance(node, Leaf):
            return self.scored[id(node)].scores
        if isinstance(node, DocSet):
            return ops.zeros(node.docs)
        if isinstance(node, AnyOf):
            return ops.union(self._summands(node.items), self.n_docs)
        should = self._summands(node.should)
        must = [self(c) for c in node.must]
        if should and all(is_filter(c) for c in node.must):
            result = ops.union(should, self.n_docs)
            if must:
                result = ops.intersect([result, *must])
        elif must:
            result = ops.add_to(ops.intersect(must), should)
        else:
            result = ops.zeros(range(self.n_docs))
        if node.must_not:
            result = ops.minus(result, [self(c) for c in node.must_not])
        return result

    def _summands(self, nodes: list[Node]) -> list[Any]:
        """Vectors whose sum (and union) is that of ``nodes``: an ``AnyOf`` not worked out
        yet stands for its items, so a headline's words and their companions are added up
        in one union rather than one per word."""
        out = []
        for node in nodes:
            if isinstance(node, AnyOf) and id(node) not in self._memo:
                out += self._summands(node.items)
            else:
                out.append(self(node))
        return out


def is_filter(node: Node) -> bool:
    """True for nodes that only select documents."""
    if isinstance(node, DocSet):
        return True
    if isinstance(node, AnyOf):
        return all(is_filter(i) for i in node.items)
    if isinstance(node, AllOf):
        return all(is_filter(c) for c in node.must + node.should)
    return False


def scores(node: Node) -> bool:
    """True for nodes whose matches score: a word, prefix or phrase is among them."""
    if isinstance(node, Leaf):
        return True
    if isinstance(node, AnyOf):
        return any(scores(i) for i in node.items)
    if isinstance(node, AllOf):
        return any(scores(c) for c in node.must + node.should)
    return False
