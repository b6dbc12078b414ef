"""Length normalisation: computed per scored document for one query, or once for all
documents when many queries run against one index; the scores are the same to the bit."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from seeds_cli.catalogue import load_catalogue
from seeds_cli.index import builder
from seeds_cli.index.query import parse_query
from seeds_cli.index.ranking import Context, rank
from seeds_cli.index.store import IndexReader

WORDS = ["الرياض", "مكة", "وزارة", "الصحة", "أمطار", "السيول", "المدارس", "الطلاب"]


def test_scores_are_identical_either_way(make_corpus: Callable[..., Path], tmp_path: Path) -> None:
    docs = [
        {
            "id": f"d{i:03d}",
            "title": " ".join(WORDS[i % 3 : i % 3 + 2]),
            "text": " ".join(WORDS[(i * k) % len(WORDS)] for k in range(3 + i % 17)),
        }
        for i in range(60)
    ]
    corpus = make_corpus(docs, name="norms")
    builder.build_index(load_catalogue(corpus), tmp_path / "i.sqlite", {})
    queries = ["الرياض", "وزارة الصحة", '"وزارة الصحة"', "أمط*", "title:مكة السيول"]

    def run(q: str, reader: IndexReader) -> list[tuple[int, float]]:
        _, hits = rank(parse_query(q), Context(reader))
        return [(h.doc, h.score) for h in hits]

    per_document, all_documents = [], []
    for q in queries:
        one = IndexReader(tmp_path / "i.sqlite")
        one.norm_rows = -(10**9)  # as in a process that runs one query
        per_document.append(run(q, one))
        assert not one.norm_cache
        many = IndexReader(tmp_path / "i.sqlite")
        many.norm_rows = many.n_docs + 1  # as after many queries
        all_documents.append(run(q, many))
        assert many.norm_cache
    assert per_document == all_documents
    assert any(per_document)
