"""The on-disk index: packing, batch merging, freshness, atomic writes."""

from __future__ import annotations

import os
from array import array
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from seeds_cli.catalogue import load_catalogue
from seeds_cli.index import builder
from seeds_cli.index.freshness import build_key
from seeds_cli.index.ready import find_index
from seeds_cli.index.store import IndexReader, pack, unpack

WORDS = [
    "الكتاب",
    "المكتبة",
    "وزارة",
    "الصحة",
    "مكة",
    "الرياض",
    "أمطار",
    "السيول",
    "المدارس",
    "الطلاب",
]


def many_docs(n: int) -> list[dict[str, str]]:
    docs = []
    for i in range(n):
        words = [WORDS[(i * 7 + k * 3) % len(WORDS)] for k in range(5 + i % 9)]
        docs.append(
            {
                "id": f"d{i:03d}",
                "title": WORDS[i % len(WORDS)],
                "source": ["okaz", "sabq"][i % 2],
                "date": f"2021-{1 + i % 12:02d}-01",
                "lang": "ar",
                "text": " ".join(words) + f" رقم {i}",
            }
        )
    return docs


@pytest.mark.parametrize(
    "values",
    [[], [0], [255], [256], [65535], [65536], [1, 2, 3, 2**32 - 1], list(range(1000))],
)
def test_pack_round_trip(values: list[int]) -> None:
    assert list(unpack(pack(values))) == values
    assert list(unpack(pack(array("I", values)))) == values


def test_narrow_packing() -> None:
    assert pack([1, 2, 3])[:1] == b"B"
    assert pack([1, 300])[:1] == b"H"
    assert pack([1, 70000])[:1] == b"I"


def rows(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every term's decoded postings and positions (segments chunk the blobs differently)."""
    reader = IndexReader(path)
    out = {}
    for space in ("terms", "exact"):
        out[space] = []
        for (term,) in reader.db.execute(f"SELECT term FROM {space} ORDER BY term"):
            post = reader.postings(term, exact=space == "exact", positions=True)
            assert post is not None
            out[space].append(
                (
                    term,
                    post.df,
                    post.docs,
                    list(post.tf_body),
                    list(post.tf_lead),
                    list(post.tf_title),
                    dict(post.positions()),
                )
            )
    reader.close()
    return out


def test_batches_merge_to_the_same_index(
    make_corpus: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = make_corpus(many_docs(60), name="many")
    catalogue = load_catalogue(corpus)
    builder.build_index(catalogue, tmp_path / "one.sqlite", {})
    monkeypatch.setattr(builder, "BATCH_DOCS", 7)
    builder.build_index(catalogue, tmp_path / "many.sqlite", {}, workers=1)
    builder.build_index(catalogue, tmp_path / "pool.sqlite", {}, workers=2)
    one = rows(tmp_path / "one.sqlite")
    assert one == rows(tmp_path / "many.sqlite") == rows(tmp_path / "pool.sqlite")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".index-")]


def test_postings_and_positions(make_corpus: Callable[..., Path], tmp_path: Path) -> None:
    text = "مكة الرياض مكة. " + "كلمة " * 60 + "مكة"
    corpus = make_corpus([{"id": "a", "title": "مكة اليوم", "text": text}], name="pos")
    builder.build_index(load_catalogue(corpus), tmp_path / "i.sqlite", {})
    reader = IndexReader(tmp_path / "i.sqlite")
    post = reader.postings("مكه")
    assert post is not None
    assert post.docs == [0]
    assert (post.tf_body[0], post.tf_lead[0], post.tf_title[0]) == (
        3,
        2 * len(builder.LEAD_SPANS),
        1,
    )
    reader.load_positions("مكه", post)
    assert post.positions() == {0: ([0, 2, 63], [0])}
    assert reader.expand_prefix("مك") == ["مكه"]
    assert set(reader.expand_prefix("ال")) == {"الرياض", "اليوم"}
    assert reader.postings("غائب") is None
    assert list(reader.lengths("body")) == [64]
    assert list(reader.lengths("lead")) == [builder.LEAD_TOKENS]
    assert list(reader.lengths("title")) == [2]


def test_file_stats_match_the_docs_table(make_corpus: Callable[..., Path], tmp_path: Path) -> None:
    corpus = make_corpus(many_docs(5), name="stats")
    os.unlink(corpus / "d003.txt")  # unreadable at build time: size and mtime -1
    path = tmp_path / "idx.sqlite"
    catalogue = load_catalogue(corpus)
    builder.build_index(catalogue, path, build_key(corpus, (d.file for d in catalogue.documents)))
    reader = IndexReader(path)
    table = reader.db.execute("SELECT file, size, mtime FROM docs ORDER BY num").fetchall()
    assert reader.file_stats() == table
    assert reader.file_stats([3, 1]) == [table[1], table[3]]  # the rows of those documents
    assert [row[0] for row in table] == [f"d{i:03d}.txt" for i in range(5)]
    assert table[3][1:] == (-1, -1) and table[0][1] > 0
    reader.close()


def test_find_index_ignores_a_corrupt_file(make_corpus: Callable[..., Path]) -> None:
    corpus = make_corpus(many_docs(2), name="corrupt")
    (corpus / ".seeds-index").mkdir()
    (corpus / ".seeds-index" / "index.sqlite").write_bytes(b"not a database")
    reader, _ = find_index(corpus)
    assert reader is None


def test_search_rebuilds_a_corrupt_index(
    run: Callable[..., object], make_corpus: Callable[..., Path]
) -> None:
    corpus = make_corpus(many_docs(4), name="rebuild")
    (corpus / ".seeds-index").mkdir()
    (corpus / ".seeds-index" / "index.sqlite").write_bytes(b"garbage" * 100)
    result = run("--corpus", str(corpus), "search", "مكة", "--format", "ids")
    assert result.exit_code == 0  # type: ignore[attr-defined]


def test_an_index_in_a_folder_with_uri_characters_opens(
    make_corpus: Callable[..., Path], tmp_path: Path
) -> None:
    """The index is opened through an SQLite URI: ?, # and % in its path are escaped."""
    corpus = make_corpus(many_docs(2), name="uri")
    path = tmp_path / "a?b#c%d" / "index.sqlite"
    catalogue = load_catalogue(corpus)
    builder.build_index(catalogue, path, build_key(corpus, (d.file for d in catalogue.documents)))
    reader = IndexReader(path)
    assert reader.n_docs == 2
    reader.close()
