"""Loading a corpus into the catalogue: lookup by id and prefix, lazy texts, where the corpus is."""

from __future__ import annotations

from pathlib import Path

import pytest

from seeds_cli.catalogue import count_words, load_catalogue, locate_corpus
from seeds_cli.catalogue.locate import bundled_corpus
from seeds_cli.errors import CorpusError, NotFoundError

from .conftest import SEED_FILE


def test_load_documents_with_metadata(corpus: Path) -> None:
    catalogue = load_catalogue(corpus)
    assert len(catalogue) == 3
    assert catalogue.header.title == "Test corpus"
    doc = catalogue.get("b2")
    assert (doc.title, doc.source, doc.date, doc.lang, doc.url) == (
        "Ministry news",
        "sabq",
        "2015-08-02",
        "en",
        "https://example.com/b2",
    )
    assert doc.text == "The ministry announced new libraries in Riyadh."
    assert doc.words == 7


def test_lookup_by_unique_prefix_and_ambiguous_prefix(corpus: Path) -> None:
    catalogue = load_catalogue(corpus)
    assert catalogue.get("a").id == "a1"
    with pytest.raises(NotFoundError, match=r"ambiguous: b2, b3 — give more characters"):
        catalogue.get("b")
    with pytest.raises(NotFoundError, match=r"no document with id or id prefix 'zz'"):
        catalogue.get("zz")


def test_default_language_comes_from_front_matter(make_corpus) -> None:
    root = make_corpus([{"id": "x", "text": "نص"}], lang="ar")
    assert load_catalogue(root).get("x").lang == "ar"


def test_index_md_path_is_accepted(corpus: Path) -> None:
    assert len(load_catalogue(corpus / "INDEX.md")) == 3


def test_parse_error_names_index_line_and_counts_the_rest(make_corpus) -> None:
    root = make_corpus([{"id": "x", "text": "a"}])
    text = (root / "INDEX.md").read_text("utf-8")
    (root / "INDEX.md").write_text(text + "\n## y\n- file: ../y.txt\n- colour: red\n", "utf-8")
    with pytest.raises(CorpusError) as info:
        load_catalogue(root)
    message = str(info.value)
    assert "INDEX.md:" in message and "leaves the corpus folder" in message
    assert "(and 1 more problems: run 'seeds check')" in message


def test_missing_file_is_reported_when_read(make_corpus) -> None:
    root = make_corpus([{"id": "x", "text": "a", "write": False}])
    doc = load_catalogue(root).get("x")
    with pytest.raises(CorpusError, match=r"x\.txt: file not found \(listed at INDEX\.md:\d+\)"):
        _ = doc.text


def test_invalid_utf8_names_the_byte(make_corpus) -> None:
    root = make_corpus([{"id": "x", "raw": "نص".encode() + b"\xff rest"}])
    with pytest.raises(
        CorpusError, match=r"not valid UTF-8 \(byte 4 is 0xff\) .*re-save it as UTF-8"
    ):
        _ = load_catalogue(root).get("x").text


def test_utf8_bom_is_dropped_from_the_text(make_corpus) -> None:
    root = make_corpus([{"id": "x", "raw": b"\xef\xbb\xbfhello"}])
    assert load_catalogue(root).get("x").text == "hello"


def test_word_count_keeps_harakat_inside_words() -> None:
    assert count_words("الكَاظِمي قال: «نعم» 2021") == 4
    assert count_words("") == 0


def test_locate_order(tmp_path: Path, corpus: Path) -> None:
    other = tmp_path / "project" / "deep" / "er"
    other.mkdir(parents=True)
    nearest = tmp_path / "project" / "seeds"
    nearest.mkdir()
    (nearest / "INDEX.md").write_text("---\ntitle: t\n---\n", "utf-8")
    assert locate_corpus(cwd=other, env={}) == nearest
    assert locate_corpus(cwd=other, env={"SEEDS_CORPUS": str(corpus)}) == corpus
    assert locate_corpus(str(corpus), cwd=other, env={"SEEDS_CORPUS": "/nowhere"}) == corpus
    assert locate_corpus(cwd=tmp_path, env={}) == bundled_corpus()


def test_bundled_corpus_holds_the_seed_article() -> None:
    root = bundled_corpus()
    assert root is not None
    catalogue = load_catalogue(root)
    doc = catalogue.get("791b")
    assert doc.path.read_bytes() == SEED_FILE.read_bytes()
    assert doc.source == "إيلاف" and doc.date == "2021-12-29" and doc.lang == "ar"
    assert doc.place == "لندن"
    assert doc.text.startswith("إيلاف من لندن:")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("/does/not/exist", "--corpus: /does/not/exist does not exist"),
        (__file__, "is not a folder"),
    ],
)
def test_locate_errors(value: str, message: str) -> None:
    with pytest.raises(CorpusError, match=message):
        locate_corpus(value, env={})


def test_folder_without_index(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match=r"has no INDEX.md — create one with 'seeds init DIR'"):
        locate_corpus(tmp_path, env={})
