"""The query engine's two implementations agree, and the cost of a query is bounded by what
it says, not by how it says it (repeats, prefixes)."""

from __future__ import annotations

from pathlib import Path

import pytest

from seeds_cli.index.query import parse_query
from seeds_cli.index.store import IndexReader
from seeds_cli.query.compile import MAX_QUERY_WORDS, compile_query
from seeds_cli.query.explain import explain, query_terms
from seeds_cli.query.params import Params, parameter_table
from seeds_cli.query.ranker import Ranker
from seeds_cli.query.vectors import NUMPY, PYTHON

from .test_ranking_reference import QUERIES

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def reader(tmp_path_factory: pytest.TempPathFactory) -> IndexReader:
    from seeds_cli.catalogue import load_catalogue
    from seeds_cli.index import builder

    from .conftest import write_corpus
    from .test_ranking_reference import generated_docs

    root = tmp_path_factory.mktemp("engine")
    corpus = write_corpus(root / "c", generated_docs(seed=11, n=120))
    builder.build_index(load_catalogue(corpus), root / "i.sqlite", {})
    return IndexReader(root / "i.sqlite")


@pytest.mark.parametrize("query", QUERIES)
def test_python_and_numpy_rank_every_document_alike(reader: IndexReader, query: str) -> None:
    tree = parse_query(query)
    a = Ranker(reader, ops=PYTHON).rank(tree)
    b = Ranker(reader, ops=NUMPY).rank(tree)
    assert a.total == b.total
    assert [h.doc for h in a.hits] == [h.doc for h in b.hits]
    for x, y in zip(a.hits, b.hits, strict=True):
        assert (x.score, x.prox, x.tier) == pytest.approx((y.score, y.prox, y.tier))
    for hit in a.hits[:5]:
        assert explain(hit, a) == explain(hit, b)
    assert query_terms(a) == query_terms(b)


def test_a_repeated_word_is_compiled_once_with_its_count(reader: IndexReader) -> None:
    compiled = compile_query(parse_query("في " * 400 + "النفط"), reader=reader)
    words = {leaf.label: leaf for leaf in compiled.leaves if not leaf.companion}
    assert set(words) == {"في", "النفط"}
    assert words["في"].weight == 400
    assert words["النفط"].weight == 1
    twin = next(leaf for leaf in compiled.leaves if leaf.label == "=في")
    assert twin.weight == pytest.approx(400 * Params().w_exact)
    assert len(compiled.words) == 401  # proximity still reads the query as written


def test_a_repeated_word_scores_as_the_repeats_added_up(reader: IndexReader) -> None:
    ranker = Ranker(reader, params=Params(prox=0))
    once = {h.doc: h.score for h in ranker.rank(parse_query("المملكة")).hits}
    thrice = {h.doc: h.score for h in ranker.rank(parse_query("المملكة المملكة المملكة")).hits}
    assert once.keys() == thrice.keys()
    for doc, score in once.items():
        assert thrice[doc] == pytest.approx(3 * score)


def test_a_prefix_is_capped_and_explain_says_so(reader: IndexReader) -> None:
    wide = Ranker(reader).rank(parse_query("ال*"))
    row = query_terms(wide)[0]
    assert row["kind"] == "prefix" and not row["capped"]
    assert row["expansions"] > 3
    capped = Ranker(reader, params=Params(max_expansions=3)).rank(parse_query("ال*"))
    row = query_terms(capped)[0]
    assert row["capped"] and row["expansions"] == 3
    assert capped.total < wide.total


def test_the_documented_parameters_are_the_code_s() -> None:
    """docs/search.md shows parameter_table(); paste its output there when Params changes."""
    assert parameter_table() in (REPO / "docs" / "search.md").read_text("utf-8")


def test_words_past_the_first_32_are_left_out_and_explain_names_them(reader: IndexReader) -> None:
    words = [f"كلمة{i}" for i in range(40)]
    ranking = Ranker(reader).rank(parse_query(" ".join(["المملكة", *words])))
    assert MAX_QUERY_WORDS == 32
    assert ranking.compiled.left_out == words[31:]
    rows = query_terms(ranking)
    assert [r["term"] for r in rows if r["kind"] == "left out"] == words[31:]
    searched = {leaf.label for leaf in ranking.compiled.leaves if not leaf.companion}
    assert searched == {"المملكة", *words[:31]}


def test_a_phrase_counts_its_words_and_a_repeat_counts_once(reader: IndexReader) -> None:
    phrase = '"' + " ".join(f"كلمة{i}" for i in range(30)) + '"'
    compiled = compile_query(parse_query(f"{phrase} {'في ' * 100} الرياض مكة جدة"), reader=reader)
    assert compiled.left_out == ["مكة", "جدة"]  # 30 + 1 + 1 = 32 words searched


def test_the_guide_states_the_bounds_the_code_keeps() -> None:
    guide = (REPO / "docs" / "guide.md").read_text("utf-8")
    assert f"first {MAX_QUERY_WORDS} words" in guide
    assert f"share {Params().max_expansions} expansions" in guide
    assert f"its {Params().max_expansions} most frequent words at most" in guide
    assert f"two prefixes its {Params().max_expansions // 2}" in guide


def test_a_query_s_prefixes_share_the_expansions(reader: IndexReader) -> None:
    params = Params(max_expansions=4)
    one = compile_query(parse_query("ال*"), params=params, reader=reader)
    two = compile_query(parse_query("ال* م* ال*"), params=params, reader=reader)
    assert len(one.leaves[0].terms) == 4 and one.leaves[0].capped
    assert [len(leaf.terms) for leaf in two.leaves] == [2, 2]  # ال* repeated counts once
    assert one.leaves[0].terms[:2] == two.leaves[0].terms


@pytest.mark.parametrize("ops", [PYTHON, NUMPY], ids=["python", "numpy"])
def test_a_ranker_s_queries_share_postings_and_rank_as_fresh_ones(
    reader: IndexReader, ops: object
) -> None:
    """Batch mode keeps postings (and each term's scores) across queries: the second run of a
    query, and a query after others, rank exactly as a fresh ranker does."""
    shared = Ranker(reader, ops=ops)  # type: ignore[arg-type]
    for query in QUERIES:
        tree = parse_query(query)
        fresh = Ranker(reader, ops=ops).rank(tree)  # type: ignore[arg-type]
        for _ in range(2):
            again = shared.rank(tree)
            assert [(h.doc, h.score, h.prox) for h in again.hits] == [
                (h.doc, h.score, h.prox) for h in fresh.hits
            ]
    assert shared.cache.size > 0


def test_the_postings_kept_across_queries_stay_within_their_budget(reader: IndexReader) -> None:
    ranker = Ranker(reader, ops=NUMPY)
    ranker.cache.budget = 50
    for query in QUERIES:
        ranker.rank(parse_query(query))
        # Over budget only while a single term's postings alone exceed it.
        assert ranker.cache.size <= 50 or len(ranker.cache._entries) == 1
    memo_posts = ranker.cache.memo.postings()
    kept = {id(post) for post, _ in ranker.cache._entries.values() if post is not None}
    assert memo_posts <= kept  # what was worked out for an evicted term went with it


def test_rankers_with_other_parameters_can_share_one_cache(reader: IndexReader) -> None:
    """A tuning run shares decoded postings between parameter sets: each set's scores are
    its own (each term's scores are kept per set of parameters)."""
    from seeds_cli.query.scoring import TermCache

    cache = TermCache(reader)
    for params in (Params(), Params(k1=0.5, w_lead=0.0), Params()):
        shared = Ranker(reader, ops=NUMPY, params=params, cache=cache)
        fresh = Ranker(reader, ops=NUMPY, params=params)
        for query in QUERIES:
            tree = parse_query(query)
            assert [(h.doc, h.score) for h in shared.rank(tree).hits] == [
                (h.doc, h.score) for h in fresh.rank(tree).hits
            ]


def test_postings_decoded_as_arrays_are_the_lists(
    reader: IndexReader, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Ranking with numpy reads a term's documents, tfs and positions as arrays: the same
    numbers, also for a term whose rows join several segments."""
    from seeds_cli.catalogue import load_catalogue
    from seeds_cli.index import builder

    from .conftest import write_corpus
    from .test_ranking_reference import generated_docs

    monkeypatch.setattr(builder, "BATCH_DOCS", 7)  # many segments
    corpus = write_corpus(tmp_path / "c", generated_docs(seed=5, n=40))
    builder.build_index(load_catalogue(corpus), tmp_path / "i.sqlite", {})
    segmented = IndexReader(tmp_path / "i.sqlite")
    for index in (reader, segmented):
        terms = [row[0] for row in index.db.execute("SELECT term FROM terms")]
        assert terms
        for term in terms:
            a = index.postings(term)
            b = index.postings(term, arrays=True)
            assert a is not None and b is not None
            assert b.docs.tolist() == list(a.docs)
            for x, y in ((a.tf_body, b.tf_body), (a.tf_lead, b.tf_lead), (a.tf_title, b.tf_title)):
                assert y.tolist() == list(x)
            index.load_positions(term, a)
            index.load_positions(term, b)
            assert b.positions()._flat.tolist() == a.positions()._flat.tolist()
            assert {d: b.positions()[d] for d in b.docs.tolist()} == dict(a.positions())


def test_nearest_occurrences_agree_for_every_pair_at_once(reader: IndexReader) -> None:
    """numpy measures every pair of words in one pass (each pair in a band of its own): the
    same distances as plain Python's walk, pair by pair, for the same term twice, a missing
    term and documents without the words included."""
    from seeds_cli.query.vectors import Memo

    terms = [row[0] for row in reader.db.execute("SELECT term FROM terms ORDER BY df DESC")]
    chosen = terms[:6] + terms[len(terms) // 2 : len(terms) // 2 + 2]
    posts = [reader.postings(t) for t in chosen] + [None]
    arrays = [reader.postings(t, arrays=True) for t in chosen] + [None]
    for plain, numbers, term in zip(posts, arrays, chosen, strict=False):
        reader.load_positions(term, plain)
        reader.load_positions(term, numbers)
    pairs = [(i, j) for i in range(len(posts)) for j in range(len(posts))]
    docs = list(range(reader.n_docs - 1, -1, -3))  # not in order, some without the words
    for window in (1, 4, 30):
        expected = PYTHON.nearest(posts, pairs, docs, window, Memo())
        assert NUMPY.nearest(arrays, pairs, docs, window, Memo()) == expected
        assert any(any(row) for row in expected)


def test_the_best_of_many_documents_are_those_of_the_exact_order() -> None:
    """numpy's best k of many documents (looked for above a floor taken from a sample) are
    plain Python's: by tier, then score, then document, ties at the k-th place included."""
    import numpy as np

    from seeds_cli.query.vectors import NUMPY, PYTHON, Sparse

    rng = np.random.default_rng(7)
    n = 50_000
    docs = np.sort(rng.choice(200_000, n, replace=False)).astype(np.int64)
    values = rng.integers(0, 400, n) / 7.0  # many ties
    scores = dict(zip(docs.tolist(), values.tolist(), strict=True))
    for tiers in (None, rng.integers(0, 3, n)):
        by_doc = None if tiers is None else dict(zip(docs.tolist(), tiers.tolist(), strict=True))
        for k in (1, 10, 100, 700):
            assert NUMPY.top(Sparse(docs, values), tiers, k) == PYTHON.top(scores, by_doc, k)
