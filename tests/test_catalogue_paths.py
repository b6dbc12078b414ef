"""The catalogue hands out Paths: Catalogue.root, Document.root and .path, locate_corpus()."""

from __future__ import annotations

from pathlib import Path

from seeds_cli.catalogue import load_catalogue, locate_corpus
from seeds_cli.catalogue.locate import bundled_corpus, corpus_folder
from tests.conftest import SAMPLE_DOCS, write_corpus


def test_roots_and_paths_are_paths(tmp_path: Path) -> None:
    root = write_corpus(tmp_path / "c", SAMPLE_DOCS)
    for given in (root, str(root), str(root) + "/"):
        catalogue = load_catalogue(given)
        assert isinstance(catalogue.root, Path) and catalogue.root == root
        doc = catalogue.get("a1")
        assert isinstance(doc.root, Path) and doc.root == root
        assert doc.path == root / "a1.txt"
        assert f"root={root!r}" in repr(doc)
    assert load_catalogue(root).get("a1") == load_catalogue(str(root)).get("a1")


def test_nearest_seeds_folder_is_found_from_below_and_through_links(tmp_path: Path) -> None:
    write_corpus(tmp_path / "a" / "seeds", SAMPLE_DOCS)
    nested = tmp_path / "a" / "b" / "c"
    nested.mkdir(parents=True)
    (tmp_path / "link").symlink_to(nested)
    expected = (tmp_path / "a" / "seeds").resolve()
    for cwd in (nested, tmp_path / "a", tmp_path / "link", nested / ".." / "c"):
        assert locate_corpus(cwd=cwd, env={}) == expected
        assert corpus_folder(cwd=cwd, env={}) == str(expected)


def test_without_a_seeds_folder_the_bundled_corpus_is_used(tmp_path: Path) -> None:
    assert locate_corpus(cwd=tmp_path, env={}) == bundled_corpus()


def test_a_folder_given_by_the_user_is_named_as_pathlib_writes_it(tmp_path: Path) -> None:
    root = write_corpus(tmp_path / "c", SAMPLE_DOCS)
    for given in (f"{root}//", f"{root}/./", str(root / "INDEX.md")):
        assert locate_corpus(given) == root
        assert str(locate_corpus(None, env={"SEEDS_CORPUS": given})) == str(root)
