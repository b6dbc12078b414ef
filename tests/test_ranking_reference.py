"""The ranking engine against a small, obviously correct reference, to 1e-9.

The reference below reads the generated documents itself (tokenized, normalized and stemmed as
the index builder does, with plain lists and dicts), scores BM25F from its own counts, and
combines the scores with the query's boolean structure, the short-query tiers and proximity
exactly as the README's ranking section describes. It takes from the engine
only the compiled query: which leaves there are (terms, exact forms, verb variants, prefix
expansions, phrases), their weights and their boolean structure. Every number is its own.
"""

from __future__ import annotations

import itertools
import math
import random
from dataclasses import dataclass, field

import pytest

from seeds_cli.analysis import normalize, stem
from seeds_cli.analysis.tokenize import word_list
from seeds_cli.catalogue import load_catalogue
from seeds_cli.index import builder
from seeds_cli.index.query import parse_query
from seeds_cli.index.store import IndexReader
from seeds_cli.query.compile import AllOf, AnyOf, DocSet, Leaf, compile_query
from seeds_cli.query.params import Params
from seeds_cli.query.ranker import Ranker
from seeds_cli.query.vectors import NUMPY, PYTHON

LEAD_SPANS = (25, 50)

VOCAB = [
    "الرياض",
    "مكة",
    "وزارة",
    "الصحة",
    "أمطار",
    "السيول",
    "المدارس",
    "الطلاب",
    "أعلن",
    "يعلن",
    "تعلن",
    "الإعلان",
    "النفط",
    "أسعار",
    "اسعار",
    "الخليج",
    "الاقتصاد",
    "اقتصادية",
    "المملكة",
    "العربية",
    "السعودية",
    "في",
    "من",
    "على",
    "إلى",
    "عن",
    "الملك",
    "سلمان",
    "مجلس",
    "الوزراء",
    "الأمير",
    "استأنف",
    "يستأنف",
    "المباراة",
    "الهلال",
    "النصر",
    "جدة",
    "بجدة",
    "كتاب",
    "الكتاب",
    "الكتب",
    "مكتبة",
    "المكتبات",
    "يكتب",
    "كتب",
    "الطالب",
    "المعلم",
    "التعليم",
    "تعليم",
    "سلام",
    "إسلام",
]


def generated_docs(seed: int = 7, n: int = 160) -> list[dict[str, str]]:
    rnd = random.Random(seed)
    docs = []
    for i in range(n):
        length = rnd.choice([3, 8, 20, 30, 45, 60, 90, 140])
        words = [rnd.choice(VOCAB[: 12 + i % len(VOCAB)]) for _ in range(length)]
        doc = {
            "id": f"d{i:03d}",
            "text": " ".join(words),
            "source": rnd.choice(["okaz", "sabq", "alriyadh"]),
            "date": f"2015-0{1 + i % 9}-1{i % 10}",
        }
        if i % 3:
            doc["title"] = " ".join(rnd.choice(VOCAB) for _ in range(rnd.randint(1, 6)))
        docs.append(doc)
    docs[5]["title"] = "وزارة الصحة تعلن"
    docs[9]["title"] = "أمطار على مكة ووزارة الصحة"
    return docs


QUERIES = [
    "الرياض",
    "في",
    "وزارة الصحة",
    "أمطار السيول المدارس",
    "أسعار النفط في الخليج الاقتصاد",
    "الملك سلمان يرأس مجلس الوزراء في الرياض ويعلن الميزانية",
    "يعلن",
    "أعلن المملكة",
    "يستأنف الهلال",
    '"المملكة العربية"',
    '"مجلس الوزراء" الملك',
    "اقتصا*",
    "ال* النفط",
    "title:مكة السيول",
    'title:"وزارة الصحة"',
    "+النفط أسعار",
    "+النفط +الخليج",
    "النفط -الخليج",
    "-النفط",
    "(النفط OR الاقتصاد) المملكة",
    "source:okaz النفط",
    "source:okaz",
    "date>=2015-05 المدارس الطلاب",
    "في في في النفط في",
    "الكتاب الكتاب",
    "سلام",
    "(الرياض (مكة (جدة OR بجدة)))",
]


@dataclass
class Doc:
    body: list[tuple[str, str]]  # (exact, stem) per body token ("" when dropped)
    title: list[tuple[str, str]]
    words: set[str] = field(default_factory=set)  # every exact form and stem, to skip fast

    def __post_init__(self) -> None:
        self.words = {w for token in self.body + self.title for w in token}


@dataclass
class Reference:
    docs: list[Doc]
    params: Params
    lengths: dict[str, list[int]] = field(default_factory=dict)
    avg: dict[str, float] = field(default_factory=dict)
    seen: dict[tuple, dict[int, tuple]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.lengths = {
            "body": [len(d.body) for d in self.docs],
            "lead": [min(len(d.body), max(LEAD_SPANS)) for d in self.docs],
            "title": [len(d.title) for d in self.docs],
        }
        self.avg = {f: sum(v) / len(self.docs) for f, v in self.lengths.items()}

    # -- per-field term frequencies --------------------------------------------------------
    def occurrences(self, terms: list[str], exact: bool, offsets: list[int]) -> dict[int, tuple]:
        """doc -> (body starts, title starts) of the term sequence at the given offsets."""
        key = (tuple(terms), exact, tuple(offsets))
        if key not in self.seen:
            self.seen[key] = self._occurrences(terms, exact, offsets)
        return self.seen[key]

    def _occurrences(self, terms: list[str], exact: bool, offsets: list[int]) -> dict[int, tuple]:
        k = 0 if exact else 1
        out = {}
        for d, doc in enumerate(self.docs):
            if not set(terms) <= doc.words:
                continue
            found = []
            for tokens in (doc.body, doc.title):
                starts = [
                    s
                    for s in range(-max(offsets, default=0), len(tokens))
                    if all(
                        0 <= s + off < len(tokens) and tokens[s + off][k] == term
                        for term, off in zip(terms, offsets, strict=True)
                    )
                ]
                found.append(starts)
            if found[0] or found[1]:
                out[d] = tuple(found)
        return out

    def tfs(self, leaf: LeafView) -> dict[int, tuple[int, int, int]]:
        kind, terms, exact = leaf.kind, list(leaf.terms), leaf.exact
        if kind == "prefix":
            rows: dict[int, tuple[int, int, int]] = {}
            for term in terms:
                for d, tf in self.tfs_of([term], True, [0]).items():
                    old = rows.get(d, (0, 0, 0))
                    rows[d] = (old[0] + tf[0], old[1] + tf[1], old[2] + tf[2])
        else:
            offsets = list(leaf.offsets) if kind == "phrase" else [0]
            rows = self.tfs_of(terms, exact, offsets)
        if leaf.field == "title":
            rows = {d: (0, 0, t) for d, (_, _, t) in rows.items() if t}
        return rows

    def tfs_of(self, terms: list[str], exact: bool, offsets: list[int]) -> dict:
        out = {}
        for d, (body, title) in self.occurrences(terms, exact, offsets).items():
            lead = sum(1 for s in body for n in LEAD_SPANS if s < n)
            out[d] = (len(body), lead, len(title))
        return out

    # -- BM25F -------------------------------------------------------------------------------
    def leaf_scores(self, leaf: LeafView) -> tuple[dict[int, float], float]:
        p = self.params
        rows = self.tfs(leaf)
        n, df = len(self.docs), len(rows)
        idf = math.log(1.0 + (n - df + 0.5) / (df + 0.5)) ** p.idf_power
        scores = {}
        for d, tf in rows.items():
            total = 0.0
            for f, value in zip(("body", "lead", "title"), tf, strict=True):
                b, w = p.field_weights(f)
                total += w * value / (1 - b + b * self.lengths[f][d] / self.avg[f])
            scores[d] = leaf.weight * idf * total / (p.k1 + total)
        return scores, idf


@dataclass
class LeafView:
    """A compiled leaf, as the reference reads it."""

    kind: str  # "term", "prefix" or "phrase"
    terms: list[str]
    exact: bool
    field: str | None
    offsets: list[int]
    weight: float
    negated: bool
    companion: bool  # an exact form or a verb variant the ranking added
    times: int = 1  # how many times its clause repeats in its group


@dataclass
class AnyView:
    items: list[object]
    times: int = 1


@dataclass
class BoolView:
    must: list[object]
    should: list[object]
    must_not: list[object]
    times: int = 1


@dataclass
class FilterView:
    docs: set[int]
    times: int = 1


@dataclass
class QueryView:
    root: BoolView
    leaves: list[LeafView]  # in query order; a repeated one once, its count in its weight
    words: list[LeafView]  # the positive words in query order, repeats included
    size: int  # how many leaves the query has, repeats counted


def reference_rank(ref: Reference, query: QueryView) -> list[tuple[int, float]]:
    """Every matching document with its score, best first, by the documented rules."""
    p = ref.params
    root, leaves = query.root, query.leaves
    scored = {id(leaf): ref.leaf_scores(leaf) for leaf in leaves}
    n = len(ref.docs)

    def evaluate(node: object) -> dict[int, float]:
        if isinstance(node, LeafView):
            return scored[id(node)][0]
        if isinstance(node, FilterView):
            return dict.fromkeys(node.docs, 0.0)
        if isinstance(node, AnyView):
            out: dict[int, float] = {}
            for item in node.items:
                for d, s in evaluate(item).items():
                    out[d] = out.get(d, 0.0) + s
            return out
        must = [evaluate(c) for c in node.must]
        should = [evaluate(c) for c in node.should]
        only_filters = all(is_filter(c) for c in node.must)
        if should and only_filters:  # filters narrow; a word must still match
            docs = set().union(*should)
            for m in must:
                docs &= set(m)
        elif must:
            docs = set.intersection(*(set(m) for m in must))
        else:
            docs = set(range(n))
        for c in node.must_not:
            docs -= set(evaluate(c))
        return {d: sum(m[d] for m in must) + sum(s.get(d, 0.0) for s in should) for d in docs}

    def is_filter(node: object) -> bool:
        if isinstance(node, FilterView):
            return True
        if isinstance(node, AnyView):
            return all(is_filter(i) for i in node.items)
        if isinstance(node, BoolView):
            return all(is_filter(c) for c in node.must + node.should)
        return False

    def weight(node: object) -> float:
        if isinstance(node, LeafView):
            return scored[id(node)][1] * node.weight
        if isinstance(node, AnyView):
            return max(weight(i) for i in node.items)
        if isinstance(node, BoolView):
            return sum(weight(c) for c in node.must + node.should)
        return 0.0

    scores = evaluate(root)
    clauses = [c for c in root.must + root.should if weight(c) > 0]
    tier = {d: 0 for d in scores}
    if 1 < sum(c.times for c in clauses) <= 3:  # short queries: more of the words first
        for c in clauses:
            for d in evaluate(c):
                if d in tier:
                    tier[d] += c.times
    ranked = sorted(scores, key=lambda d: (-tier[d], -scores[d], d))
    final = dict(scores)
    if query.size > 1:
        head = ranked[: p.rerank]
        pairs = list(itertools.pairwise(query.words))
        for d in head:
            if pairs and p.prox:
                value = total = 0.0
                for a, b in pairs:
                    w = min(scored[id(a)][1], scored[id(b)][1])
                    total += w
                    pa = ref.occurrences(list(a.terms), a.exact, [0]).get(d, ([], []))[0]
                    pb = ref.occurrences(list(b.terms), b.exact, [0]).get(d, ([], []))[0]
                    dist = min((abs(i - j) for i in pa for j in pb), default=0)
                    dist = 1 if dist == 0 and pa and pb else dist
                    if 0 < dist <= p.prox_window:
                        value += w / dist
                final[d] *= 1 + p.prox * value / (total or 1.0)
        ranked[: p.rerank] = sorted(head, key=lambda d: (-tier[d], -final[d], d))
    return [(d, final[d]) for d in ranked]


# -- the engine, read through its compiled query ---------------------------------------------


def compiled(query: str, reader: IndexReader, params: Params) -> QueryView:
    """The engine's compiled query, as the reference's own types."""
    found = compile_query(parse_query(query), params=params, reader=reader)
    views = {
        id(leaf): LeafView(
            leaf.kind,
            list(leaf.terms),
            leaf.exact,
            leaf.field,
            list(leaf.offsets),
            leaf.weight,
            leaf.negated,
            leaf.companion,
            leaf.times,
        )
        for leaf in found.leaves
    }

    def view(node: object) -> object:
        if isinstance(node, Leaf):
            return views[id(node)]
        if isinstance(node, AnyOf):
            return AnyView([view(i) for i in node.items], node.times)
        if isinstance(node, DocSet):
            return FilterView(set(node.docs), node.times)
        assert isinstance(node, AllOf)
        parts = ([view(c) for c in part] for part in (node.must, node.should, node.must_not))
        return BoolView(*parts, times=node.times)

    root = view(found.root)
    assert isinstance(root, BoolView)
    words = [views[id(leaf)] for leaf in found.words]
    return QueryView(root, list(views.values()), words, found.leaf_count())


def engine_rank(
    query: str, reader: IndexReader, params: Params, ops: object = None
) -> list[tuple[int, float]]:
    ranking = Ranker(reader, params=params, ops=ops).rank(parse_query(query))  # type: ignore[arg-type]
    return [(h.doc, h.score) for h in ranking.hits]


PARAMS = [
    Params(),
    Params(k1=0.9, b_body=0.4, b_lead=0.9, b_title=0.1, w_body=1.3, w_lead=0.7, w_title=3.0,
           prox=0.8, prox_window=4, rerank=7, w_exact=0.5, w_verb=0.2,
           idf_power=0.8),
]  # fmt: skip


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> tuple[IndexReader, list[Doc]]:
    from .conftest import write_corpus

    root = tmp_path_factory.mktemp("reference")
    docs = generated_docs()
    corpus = write_corpus(root / "c", docs)
    builder.build_index(load_catalogue(corpus), root / "i.sqlite", {})

    def analyzed(text: str) -> list[tuple[str, str]]:
        out = []
        for word in word_list(text):
            exact = normalize(word)
            out.append((exact, stem(exact, "ar") if exact else ""))
        return out

    return IndexReader(root / "i.sqlite"), [
        Doc(analyzed(d["text"]), analyzed(d.get("title", ""))) for d in docs
    ]


@pytest.mark.parametrize("ops", [PYTHON, NUMPY], ids=["python", "numpy"])
@pytest.mark.parametrize("params", PARAMS, ids=["defaults", "other"])
@pytest.mark.parametrize("query", QUERIES)
def test_engine_scores_equal_the_reference(
    index: tuple[IndexReader, list[Doc]], query: str, params: Params, ops: object
) -> None:
    reader, docs = index
    expected = reference_rank(Reference(docs, params), compiled(query, reader, params))
    got = engine_rank(query, reader, params, ops)
    assert [d for d, _ in got] == [d for d, _ in expected]
    for (_, a), (_, b) in zip(got, expected, strict=True):
        assert a == pytest.approx(b, rel=1e-9, abs=1e-12)


def test_the_queries_exercise_the_reference(index: tuple[IndexReader, list[Doc]]) -> None:
    """The generated corpus gives every kind of leaf something to score."""
    reader, _ = index
    kinds: set[str] = set()
    for query in QUERIES:
        leaves = compiled(query, reader, Params()).leaves
        kinds.update(leaf.kind + ("/companion" if leaf.companion else "") for leaf in leaves)
        assert engine_rank(query, reader, Params()) or query.startswith(("-", "+"))
    assert {"term", "term/companion", "prefix", "phrase"} <= kinds
