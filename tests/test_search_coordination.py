"""Coordination: for a two- or three-word query, documents with all the words come first."""

from __future__ import annotations

from pathlib import Path

from .conftest import write_corpus

FILLER = "كلام عام " * 30

DOCS = [
    # one query word, many times, in a short text: plain BM25 puts this first
    {"id": "many", "text": "النفط " * 12 + "ارتفاع الطلب العالمي"},
    # every query word once, in a long text
    {"id": "both", "text": "تقرير عن الاقتصاد " + FILLER + " أسعار النفط " + FILLER},
    {"id": "other", "text": "أسعار الذهب كلام كلام"},
    {"id": "three", "text": FILLER + " أسعار النفط في الخليج " + FILLER},
]


def ids(run, root: Path, query: str) -> list[str]:
    result = run("--corpus", str(root), "search", query, "--format", "ids", "--limit", "0")
    assert result.exit_code == 0, result.output
    return result.output.split()


def test_two_word_query_puts_documents_with_both_first(run, tmp_path: Path) -> None:
    root = write_corpus(tmp_path / "c", DOCS)
    order = ids(run, root, "أسعار النفط")
    assert set(order[:2]) == {"both", "three"}
    assert set(order[2:]) == {"many", "other"}


def test_three_word_query_ranks_by_words_matched(run, tmp_path: Path) -> None:
    root = write_corpus(tmp_path / "c", DOCS)
    order = ids(run, root, "أسعار النفط الخليج")
    assert order[0] == "three"
    assert order.index("both") < order.index("many")


def test_longer_queries_rank_by_score_alone(run, tmp_path: Path) -> None:
    root = write_corpus(tmp_path / "c", DOCS)
    order = ids(run, root, "أسعار النفط الخليج الطلب العالمي")
    assert order[0] == "many"  # three of five words, many times: score decides past three words
