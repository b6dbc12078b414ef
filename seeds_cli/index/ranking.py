"""Ranking: turn a parsed query into scored documents over an :class:`IndexReader`.

Scoring is BM25F over three fields of each document: the title, the lead (the first tokens of
the text, graded by ``LEAD_SPANS``: news is an inverted pyramid) and the whole body. For a term
``t`` and document ``d``::

    tf~(t, d)  = sum over fields f of  w_f * tf_f(t, d) / (1 - b_f + b_f * len_f(d) / avglen_f)
    score(t,d) = idf(t) * tf~ / (k1 + tf~)            idf(t) = ln(1 + (N - df + 0.5) / (df + 0.5))

Each stemmed query word has an unstemmed twin (weight ``w_exact``): the form typed counts a
little more; and verb-prefix variants of its stem (``w_verb``, :func:`_verb_variants`).
Stopwords get ``stop_weight`` of their idf (1: their low idf is enough). A document's score is the sum over
the query's clauses, optionally multiplied by a coordination factor (off: it hurt on the
known-item set), then proximity (:func:`_proximity`) and lead coverage (:func:`_lead_coverage`)
factors re-rank
the best candidates. Every weight lives in :class:`Params`; the defaults were tuned on the
known-item development set (see bench/RESULTS.md).
"""

from __future__ import annotations

import itertools
import math
from typing import TYPE_CHECKING

from seeds_cli._values import Record
from seeds_cli.index.query import (
    Clause,
    DateFilter,
    FieldFilter,
    Group,
    Node,
    Or,
    Phrase,
    Prefix,
    Word,
)

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from seeds_cli.index.store import IndexReader, Postings


# Queries with at most this many scoring words rank documents with more of them first.
SHORT_QUERY = 3


class Params(Record):
    __slots__ = (  # noqa: RUF023 (field order)
        "k1",
        "b_body",
        "b_lead",
        "b_title",
        "w_body",
        "w_lead",
        "w_title",
        "stop_weight",
        "coord",
        "prox",
        "prox_window",
        "rerank",
        "max_expansions",
        "w_exact",
        "lead_coord",
        "w_verb",
    )
    k1: float
    b_body: float
    b_lead: float
    b_title: float
    w_body: float
    w_lead: float
    w_title: float
    stop_weight: float
    coord: float
    prox: float
    prox_window: int
    rerank: int
    max_expansions: int
    w_exact: float
    lead_coord: float
    w_verb: float

    def __init__(
        self,
        k1: float = 1.2,
        b_body: float = 0.75,
        b_lead: float = 0.5,
        b_title: float = 0.5,
        w_body: float = 1.0,
        w_lead: float = 1.5,
        w_title: float = 2.0,
        stop_weight: float = 1.0,
        coord: float = 0.0,
        prox: float = 0.4,
        prox_window: int = 8,
        rerank: int = 100,
        max_expansions: int = 500,
        w_exact: float = 0.3,
        lead_coord: float = 0.3,
        w_verb: float = 0.3,
    ) -> None:
        self.k1 = k1
        self.b_body = b_body
        self.b_lead = b_lead
        self.b_title = b_title
        self.w_body = w_body
        self.w_lead = w_lead
        self.w_title = w_title
        self.stop_weight = stop_weight
        self.coord = coord
        self.prox = prox
        self.prox_window = prox_window
        self.rerank = rerank
        self.max_expansions = max_expansions
        self.w_exact = w_exact
        self.lead_coord = lead_coord
        self.w_verb = w_verb


class Leaf(Record):
    """A scoring unit of the query: a term, a prefix expansion or a phrase."""

    __slots__ = (  # noqa: RUF023 (field order)
        "label",
        "kind",
        "terms",
        "exact",
        "field",
        "offsets",
        "idf",
        "weight",
        "df",
        "scores",
        "highlight",
        "companion",
        "role",
        "early",
    )
    label: str
    kind: str  # "term", "prefix" or "phrase"
    terms: list[str]  # the analyzed term(s): one for a term, expansions, or the phrase's terms
    exact: bool
    field: str | None
    offsets: list[int]  # phrase: query positions of the terms
    idf: float
    weight: float
    df: int
    scores: dict[int, float]
    highlight: bool
    companion: bool  # added by the ranking to a query word: its exact form or a verb variant
    role: str  # what a companion is, for --explain: "exact form" or "verb variant"
    early: set[int]  # documents with the term in title or lead

    def __init__(
        self,
        label: str,
        kind: str,
        terms: list[str],
        exact: bool,
        field: str | None,
        offsets: list[int] | None = None,
        idf: float = 0.0,
        weight: float = 1.0,
        df: int = 0,
        scores: dict[int, float] | None = None,
        highlight: bool = True,
        companion: bool = False,
        early: set[int] | None = None,
        role: str = "",
    ) -> None:
        self.label = label
        self.kind = kind
        self.terms = terms
        self.exact = exact
        self.field = field
        self.offsets = [] if offsets is None else offsets
        self.idf = idf
        self.weight = weight
        self.df = df
        self.scores = {} if scores is None else scores
        self.highlight = highlight
        self.companion = companion
        self.role = role
        self.early = set() if early is None else early


class Hit(Record):
    __slots__ = ("doc", "score", "coord", "prox", "lead")  # noqa: RUF023 (field order)
    doc: int
    score: float
    coord: float
    prox: float
    lead: float

    def __init__(
        self,
        doc: int,
        score: float,
        coord: float = 1.0,
        prox: float = 1.0,
        lead: float = 1.0,
    ) -> None:
        self.doc = doc
        self.score = score
        self.coord = coord
        self.prox = prox
        self.lead = lead


class Context:
    """What compiling and evaluating a query needs: the index, analyzers and parameters."""

    def __init__(self, reader: IndexReader, *, exact: bool = False, params: Params | None = None):
        from seeds_cli.analysis import Analyzer

        self.reader = reader
        self.exact = exact
        self.params = params or Params()
        self.lang = str(reader.meta.get("lang") or "ar")
        self.analyzer = Analyzer(stem=not exact)
        self.exact_analyzer = Analyzer(stem=False)
        self.leaves: list[Leaf] = []
        self.memo: dict[int, dict[int, float]] = {}
        self._postings: dict[tuple[str, bool], Postings | None] = {}

    # -- index access, cached per query ---------------------------------------------------------
    def postings(self, term: str, exact: bool) -> Postings | None:
        key = (term, exact)
        if key not in self._postings:
            self._postings[key] = self.reader.postings(term, exact=exact)
        return self._postings[key]

    def positions(self, term: str, exact: bool) -> Mapping[int, tuple[list[int], list[int]]]:
        post = self.postings(term, exact)
        if post is None:
            return {}
        self.reader.load_positions(term, post, exact=exact)
        return post.positions()

    def norms(self, fld: str) -> list[float] | None:
        """Per-document ``w_f / (1 - b_f + b_f * len_f / avglen_f)``: a field's tf multiplier,
        for all documents; None until scoring has looked at more documents than the index
        holds (one query looks at few: it computes the factors of its own documents only).

        Kept on the reader, so batch mode computes it once for all its queries.
        """
        p = self.params
        b, w = getattr(p, f"b_{fld}"), getattr(p, f"w_{fld}")
        cache = self.reader.norm_cache
        norm = cache.get((fld, b, w))
        if norm is None:
            if self.reader.norm_rows <= self.reader.n_docs:
                return None
            avg = self.reader.avg_length(fld) or 1.0
            lengths = self.reader.lengths(fld)
            norm = cache[(fld, b, w)] = [w / (1.0 - b + b * n / avg) for n in lengths]
        return norm

    def norm_factors(self, fld: str) -> tuple[float, float, float, float, Sequence[int]]:
        """``(w_f, 1 - b_f, b_f, avglen_f, lengths)``: :meth:`norms` for one document is
        ``w / (c + b * lengths[d] / avg)``, the same arithmetic."""
        p = self.params
        b, w = getattr(p, f"b_{fld}"), getattr(p, f"w_{fld}")
        return w, 1.0 - b, b, self.reader.avg_length(fld) or 1.0, self.reader.lengths(fld)

    def count_scored(self, rows: int) -> None:
        """Count documents scored through this reader (see :meth:`norms`)."""
        self.reader.norm_rows += rows

    def idf(self, df: int) -> float:
        n = self.reader.n_docs
        return math.log(1.0 + (n - df + 0.5) / (df + 0.5))


# -- compiling the query tree into leaves and boolean nodes -----------------------------------


class BoolNode(Record):
    __slots__ = ("must", "should", "must_not")  # noqa: RUF023 (field order)
    must: list[object]
    should: list[object]
    must_not: list[object]

    def __init__(self, must: list[object], should: list[object], must_not: list[object]) -> None:
        self.must = must
        self.should = should
        self.must_not = must_not


class OrNode(Record):
    __slots__ = ("items",)
    items: list[object]

    def __init__(self, items: list[object]) -> None:
        self.items = items


class FilterNode(Record):
    __slots__ = ("docs",)
    docs: set[int]

    def __init__(self, docs: set[int]) -> None:
        self.docs = docs


def compile_query(tree: Group, ctx: Context) -> BoolNode:
    """Analyze the query's words like documents and resolve filters to document sets."""
    return _compile_group(tree, ctx, negated=False)


def _compile_group(group: Group, ctx: Context, negated: bool) -> BoolNode:
    node = BoolNode([], [], [])
    for clause in group.clauses:
        child = _compile(clause.node, ctx, negated or clause.occur == "not")
        if child is None:
            continue
        {"must": node.must, "should": node.should, "not": node.must_not}[clause.occur].append(child)
    return node


def _compile(node: Node, ctx: Context, negated: bool) -> object | None:
    if isinstance(node, Group):
        return _compile_group(node, ctx, negated)
    if isinstance(node, Or):
        items = [c for c in (_compile(i, ctx, negated) for i in node.items) if c is not None]
        return OrNode(items) if items else None
    if isinstance(node, (FieldFilter, DateFilter)):
        from seeds_cli.index.filters import filter_docs

        return FilterNode(filter_docs(node, ctx.reader))
    if isinstance(node, Prefix):
        prefix = ctx.exact_analyzer.term(node.text, ctx.lang)
        if not prefix:
            return None
        from seeds_cli.analysis.prefixes import expand_after_proclitics

        limit = ctx.params.max_expansions
        terms = expand_after_proclitics(
            prefix, lambda p: ctx.reader.expand_prefix(p, limit=limit), limit
        )
        leaf = Leaf(node.text + "*", "prefix", terms, True, node.field)
    elif isinstance(node, (Word, Phrase)):
        analyzer = ctx.analyzer
        analyzed = analyzer.terms(node.text, ctx.lang)
        if not analyzed:
            return None
        if len(analyzed) == 1:
            leaf = Leaf(node.text, "term", [analyzed[0][0]], ctx.exact, node.field)
        else:
            first = analyzed[0][3]
            leaf = Leaf(
                node.text,
                "phrase",
                [t[0] for t in analyzed],
                ctx.exact,
                node.field,
                offsets=[t[3] - first for t in analyzed],
            )
    else:  # pragma: no cover - the parser makes no other nodes
        raise TypeError(node)
    leaf.highlight = not negated
    _score_leaf(leaf, ctx)
    ctx.leaves.append(leaf)
    extra: list[Leaf] = []
    if leaf.kind == "term" and not leaf.exact and ctx.params.w_verb and leaf.weight == 1.0:
        extra = _verb_variants(leaf, node, ctx, negated)
    if leaf.kind == "term" and not leaf.exact and ctx.params.w_exact and leaf.weight == 1.0:
        # The word as written (normalized, unstemmed) is stronger evidence than its stem alone.
        surface = ctx.exact_analyzer.term(node.text, ctx.lang)
        if surface:
            twin = Leaf(
                "=" + node.text,
                "term",
                [surface],
                True,
                node.field,
                companion=True,
                role="exact form",
            )
            twin.highlight = not negated
            _score_leaf(twin, ctx)
            twin.scores = {d: v * ctx.params.w_exact for d, v in twin.scores.items()}
            twin.weight = ctx.params.w_exact
            ctx.leaves.append(twin)
            return OrNode([leaf, twin, *extra])
    return OrNode([leaf, *extra]) if extra else leaf


def _verb_variants(leaf: Leaf, node: Node, ctx: Context, negated: bool) -> list[Leaf]:
    """The stem with its imperfect/perfect verb prefix swapped (يستانف ~ استانف ~ تستانف),
    for the forms the index holds, each at weight ``w_verb``: the light stemmer keeps verb
    prefixes, so a headline's present tense would otherwise miss the article's past tense.
    Only for words that may be verbs: :func:`seeds_cli.analysis.variants.verb_variants`."""
    from seeds_cli.analysis.variants import verb_variants

    out = []
    for variant in verb_variants(node.text):
        if not ctx.reader.doc_frequency(variant):
            continue
        alt = Leaf(
            "~" + variant,
            "term",
            [variant],
            False,
            leaf.field,
            companion=True,
            role="verb variant",
        )
        alt.highlight = not negated
        _score_leaf(alt, ctx)
        alt.scores = {d: v * ctx.params.w_verb for d, v in alt.scores.items()}
        alt.weight = ctx.params.w_verb
        ctx.leaves.append(alt)
        out.append(alt)
    return out


# -- scoring leaves ---------------------------------------------------------------------------


def _score_leaf(leaf: Leaf, ctx: Context) -> None:
    """Fill ``leaf.scores`` (doc -> BM25F score) for every matching document."""
    from seeds_cli.analysis import is_stopword

    if leaf.kind == "phrase":
        rows = [(d, *tf) for d, tf in _phrase_tfs(leaf, ctx).items()]
    elif leaf.kind == "prefix":
        rows = [(d, *tf) for d, tf in _prefix_tfs(leaf, ctx).items()]
    else:
        post = ctx.postings(leaf.terms[0], leaf.exact)
        rows = (
            list(zip(post.docs, post.tf_body, post.tf_lead, post.tf_title, strict=True))
            if post is not None
            else []
        )
    if leaf.field == "title":
        rows = [(d, 0, 0, t) for d, _, _, t in rows if t]
    leaf.df = len(rows)
    leaf.idf = ctx.idf(leaf.df)
    if leaf.kind == "term" and is_stopword(leaf.terms[0]):
        leaf.weight = ctx.params.stop_weight
    k1 = ctx.params.k1
    scale = leaf.idf * leaf.weight
    scores = {}
    early = set()
    nb, nl, nt = ctx.norms("body"), ctx.norms("lead"), ctx.norms("title")
    if nb is not None and nl is not None and nt is not None:
        for d, b, lead, t in rows:
            tf = b * nb[d]
            if lead:
                tf += lead * nl[d]
                early.add(d)
            if t:
                tf += t * nt[d]
                early.add(d)
            scores[d] = scale * tf / (k1 + tf)
    else:
        # The same factors as ``ctx.norms``, for this leaf's documents only.
        wb, cb, bb, ab, lb = ctx.norm_factors("body")
        wl, cl, bl, al, ll = ctx.norm_factors("lead")
        wt, ct, bt, at, lt = ctx.norm_factors("title")
        for d, b, lead, t in rows:
            tf = b * (wb / (cb + bb * lb[d] / ab))
            if lead:
                tf += lead * (wl / (cl + bl * ll[d] / al))
                early.add(d)
            if t:
                tf += t * (wt / (ct + bt * lt[d] / at))
                early.add(d)
            scores[d] = scale * tf / (k1 + tf)
        ctx.count_scored(len(rows))
    leaf.scores = scores
    leaf.early = early


def _prefix_tfs(leaf: Leaf, ctx: Context) -> dict[int, tuple[int, int, int]]:
    """A prefix scores as one term: the tfs of all its expansions added up."""
    tfs: dict[int, tuple[int, int, int]] = {}
    for term in leaf.terms:
        post = ctx.postings(term, True)
        if post is None:
            continue
        for d, b, lead, t in zip(post.docs, post.tf_body, post.tf_lead, post.tf_title, strict=True):
            old = tfs.get(d)
            tfs[d] = (b, lead, t) if old is None else (old[0] + b, old[1] + lead, old[2] + t)
    return tfs


def _phrase_tfs(leaf: Leaf, ctx: Context) -> dict[int, tuple[int, int, int]]:
    """Occurrences of the terms at the query's relative positions, per field."""
    spans = [int(n) for n in str(ctx.reader.meta.get("lead_spans", "")).split(",") if n]
    postings = [ctx.postings(t, leaf.exact) for t in leaf.terms]
    if any(p is None for p in postings):
        return {}
    # Intersect document sets, rarest first.
    order = sorted(range(len(leaf.terms)), key=lambda i: postings[i].df)  # type: ignore[union-attr]
    docs = set(postings[order[0]].docs)  # type: ignore[union-attr]
    for i in order[1:]:
        docs.intersection_update(postings[i].docs)  # type: ignore[union-attr]
        if not docs:
            return {}
    positions = [ctx.positions(t, leaf.exact) for t in leaf.terms]
    tfs: dict[int, tuple[int, int, int]] = {}
    for d in docs:
        counts = []
        for fi in (0, 1):
            starts = _phrase_starts(
                [positions[i][d][fi] for i in range(len(leaf.terms))], leaf.offsets
            )
            counts.append(starts)
        body, title = counts
        if body or title:
            lead = sum(1 for s in body for n in spans if s < n)
            tfs[d] = (len(body), lead, len(title))
    return tfs


def _phrase_starts(lists: list[list[int]], offsets: list[int]) -> list[int]:
    """Start positions where term i sits at start + offsets[i] for every i."""
    if any(not lst for lst in lists):
        return []
    candidates = {p - offsets[0] for p in lists[0]}
    for lst, off in zip(lists[1:], offsets[1:], strict=True):
        candidates &= {p - off for p in lst}
        if not candidates:
            return []
    return sorted(candidates)


# -- evaluating the boolean structure ---------------------------------------------------------


def _evaluate(node: object, ctx: Context) -> dict[int, float]:
    if isinstance(node, Leaf):
        return node.scores
    if isinstance(node, FilterNode):
        return dict.fromkeys(node.docs, 0.0)
    if isinstance(node, OrNode):
        out: dict[int, float] = {}
        for item in node.items:
            for d, s in _evaluate(item, ctx).items():
                out[d] = out.get(d, 0.0) + s
        return out
    assert isinstance(node, BoolNode)
    memo = ctx.memo.get(id(node))
    if memo is None:
        memo = ctx.memo[id(node)] = _evaluate_bool(node, ctx)
    return memo


def _is_filter(node: object) -> bool:
    if isinstance(node, FilterNode):
        return True
    if isinstance(node, OrNode):
        return all(_is_filter(i) for i in node.items)
    if isinstance(node, BoolNode):
        return all(_is_filter(c) for c in node.must + node.should)
    return False


def _evaluate_bool(node: BoolNode, ctx: Context) -> dict[int, float]:
    should = [_evaluate(c, ctx) for c in node.should]
    # Filters narrow; they do not make the words optional: with only filters required, a
    # document still needs one of the words (``source:okaz مطر`` is about rain).
    needs_should = bool(should) and all(_is_filter(c) for c in node.must)
    result: dict[int, float] | None = None
    if needs_should:
        result = {}
        for scores in should:
            for d, s in scores.items():
                result[d] = result.get(d, 0.0) + s
    for child in sorted(node.must, key=lambda c: len(_evaluate(c, ctx))):
        scores = _evaluate(child, ctx)
        if result is None:
            result = dict(scores)
        else:
            result = {d: s + scores[d] for d, s in result.items() if d in scores}
    if result is None:
        result = dict.fromkeys(ctx.reader.all_docs(), 0.0)
    elif not needs_should:
        for scores in should:
            for d in result:
                s = scores.get(d)
                if s:
                    result[d] += s
    for child in node.must_not:
        for d in _evaluate(child, ctx):
            result.pop(d, None)
    return result


def _clause_weight(node: object) -> float:
    if isinstance(node, Leaf):
        return node.idf * node.weight
    if isinstance(node, OrNode):
        return max((_clause_weight(i) for i in node.items), default=0.0)
    if isinstance(node, BoolNode):
        return sum(_clause_weight(c) for c in node.must + node.should)
    return 0.0


def rank(tree: Group, ctx: Context, top: int | None = None) -> tuple[int, list[Hit]]:
    """(number of matching documents, the best ``top`` of them in order; all if None).

    Ties are broken by document number (corpus order), so results are deterministic.
    """
    root = compile_query(tree, ctx)
    scores = _evaluate(root, ctx)
    p = ctx.params
    coords: dict[int, float] = {}
    scoring = [(c, w) for c in root.must + root.should if (w := _clause_weight(c)) > 0]
    total = sum(w for _, w in scoring)
    if p.coord and total > 0 and len(scoring) > 1:
        shares: dict[int, float] = dict.fromkeys(scores, 0.0)
        for clause, w in scoring:
            for d in _evaluate(clause, ctx):
                if d in shares:
                    shares[d] += w
        exponent = p.coord
        for d, share in shares.items():
            c = coords[d] = (share / total) ** exponent
            scores[d] *= c
    tiers = _short_query_tiers(scoring, scores, ctx)

    def order(kv: tuple[int, float]) -> tuple[int, float, int]:
        return (-tiers.get(kv[0], 0), -kv[1], kv[0])

    keep = max(top or 0, p.rerank if p.prox else 0)
    if top is None or keep >= len(scores):
        ranked = sorted(scores.items(), key=order)
    else:
        import heapq  # only here: a small result set is sorted whole

        ranked = heapq.nsmallest(keep, scores.items(), key=order)
    hits = [Hit(d, s, coords.get(d, 1.0)) for d, s in ranked]
    if (p.prox or p.lead_coord) and len(ctx.leaves) > 1 and hits:
        head = hits[: p.rerank]
        if p.prox:
            _proximity(head, ctx)
        if p.lead_coord:
            _lead_coverage(head, ctx)
        head.sort(key=lambda h: (-tiers.get(h.doc, 0), -h.score, h.doc))
        hits[: p.rerank] = head
    return len(scores), hits if top is None else hits[:top]


def _short_query_tiers(
    scoring: list[tuple[object, float]], scores: dict[int, float], ctx: Context
) -> dict[int, int]:
    """For a query of two or three scoring words: how many of them each document matches.

    Such a query is ranked by that count first, so a document with all the words comes
    first. Coordination as a tier, not as a score factor, and only for short queries: on long
    (headline) queries a coordination factor lowered the known-item MRR at every setting.
    """
    if not 1 < len(scoring) <= SHORT_QUERY:
        return {}
    tiers: dict[int, int] = {}
    for clause, _ in scoring:
        for d in _evaluate(clause, ctx):
            if d in scores:
                tiers[d] = tiers.get(d, 0) + 1
    return tiers


def _proximity(hits: list[Hit], ctx: Context) -> None:
    """Reward documents where query words that are adjacent in the query occur close together.

    For each pair of consecutive scoring terms of the query, the nearest co-occurrence in the
    body within ``prox_window`` tokens counts ``1 / distance`` (1 when adjacent); the pair's
    idf-weighted average over all pairs scales the score by ``1 + prox * that``.
    """
    p = ctx.params
    leaves = [
        leaf for leaf in ctx.leaves if leaf.kind == "term" and leaf.highlight and not leaf.companion
    ]
    pairs = [(a, b) for a, b in itertools.pairwise(leaves) if a.weight == 1 or b.weight == 1]
    if not pairs:
        return
    weights = [min(a.idf, b.idf) for a, b in pairs]
    total = sum(weights) or 1.0
    pos = {leaf.terms[0]: ctx.positions(leaf.terms[0], leaf.exact) for leaf in leaves}
    for hit in hits:
        value = 0.0
        for (a, b), w in zip(pairs, weights, strict=True):
            pa = pos[a.terms[0]].get(hit.doc)
            pb = pos[b.terms[0]].get(hit.doc)
            if not pa or not pb:
                continue
            dist = _nearest(pa[0], pb[0], p.prox_window)
            if dist:
                value += w / dist
        hit.prox = 1.0 + p.prox * value / total
        hit.score *= hit.prox


def _lead_coverage(hits: list[Hit], ctx: Context) -> None:
    """Scale by ``1 + lead_coord * share``: the idf-weighted share of the query's words that the
    document has in its title or lead (a known item's lead restates its headline)."""
    leaves = [leaf for leaf in ctx.leaves if leaf.highlight and not leaf.companion]
    total = sum(leaf.idf * leaf.weight for leaf in leaves) or 1.0
    for hit in hits:
        share = sum(leaf.idf * leaf.weight for leaf in leaves if hit.doc in leaf.early) / total
        hit.lead = 1.0 + ctx.params.lead_coord * share
        hit.score *= hit.lead


def _nearest(a: list[int], b: list[int], window: int) -> int:
    """The smallest |i - j| (at most ``window``) between positions of a and b, or 0."""
    i = j = 0
    best = window + 1
    while i < len(a) and j < len(b):
        diff = a[i] - b[j]
        if diff == 0:
            return 1  # the same term twice in the query
        if abs(diff) < best:
            best = abs(diff)
        if diff < 0:
            i += 1
        else:
            j += 1
    return best if best <= window else 0


def explain(hit: Hit, ctx: Context) -> list[dict[str, object]]:
    """Each scoring leaf's contribution to ``hit`` (zero when the document lacks it)."""
    rows: list[dict[str, object]] = []
    for leaf in ctx.leaves:
        if not leaf.highlight:
            continue
        rows.append(
            {
                "term": leaf.label,
                "analyzed": leaf.terms if leaf.kind != "term" else leaf.terms[0],
                "kind": leaf.role or leaf.kind,
                "df": leaf.df,
                "idf": round(leaf.idf, 4),
                "weight": leaf.weight,
                "score": round(leaf.scores.get(hit.doc, 0.0), 4),
            }
        )
    return rows


__all__ = ["Clause", "Context", "Hit", "Leaf", "Params", "compile_query", "explain", "rank"]
