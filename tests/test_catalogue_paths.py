"""The catalogue finds and reads a corpus with os.path (a listing never imports pathlib), and
still hands out Paths, as before: Catalogue.root, Document.root and .path, locate_corpus()."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from seeds_cli.catalogue import load_catalogue, locate_corpus
from seeds_cli.catalogue import locate as locate_module
from seeds_cli.catalogue.catalogue import Document
from seeds_cli.catalogue.locate import bundled_corpus, corpus_folder
from tests.conftest import SAMPLE_DOCS, write_corpus


def pathlib_walk(cwd: Path) -> Path | None:
    """The nearest seeds/ folder as locate_corpus found it with pathlib."""
    here = cwd.resolve()
    for folder in (here, *here.parents):
        if (folder / "seeds" / "INDEX.md").is_file():
            return folder / "seeds"
    return None


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
    assert Document("x", "x.txt", root, 1) == Document("x", "x.txt", str(root), 1)


def test_nearest_seeds_folder_is_found_as_with_pathlib(tmp_path: Path) -> None:
    write_corpus(tmp_path / "a" / "seeds", SAMPLE_DOCS)
    nested = tmp_path / "a" / "b" / "c"
    nested.mkdir(parents=True)
    (tmp_path / "link").symlink_to(nested)
    for cwd in (nested, tmp_path / "a", tmp_path / "link", nested / ".." / "c"):
        expected = pathlib_walk(cwd)
        assert corpus_folder(cwd=cwd, env={}) == str(expected)
        assert locate_corpus(cwd=cwd, env={}) == expected


def test_without_a_seeds_folder_the_bundled_corpus_is_used(tmp_path: Path) -> None:
    assert locate_corpus(cwd=tmp_path, env={}) == bundled_corpus()
    assert corpus_folder(cwd=tmp_path, env={}) == str(bundled_corpus())


def test_a_folder_given_by_the_user_is_returned_as_pathlib_wrote_it(tmp_path: Path) -> None:
    root = write_corpus(tmp_path / "c", SAMPLE_DOCS)
    for given in (f"{root}//", f"{root}/./", str(root / "INDEX.md")):
        assert corpus_folder(given) == str(root)
        assert corpus_folder(None, env={"SEEDS_CORPUS": given}) == str(root)


def test_is_file_raises_what_path_is_file_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    def denied(path: str) -> os.stat_result:
        raise PermissionError(errno.EACCES, "Permission denied", path)

    monkeypatch.setattr(locate_module.os, "stat", denied)
    with pytest.raises(PermissionError):
        locate_module._is_file("/somewhere/INDEX.md")

    def missing(path: str) -> os.stat_result:
        raise FileNotFoundError(errno.ENOENT, "No such file", path)

    monkeypatch.setattr(locate_module.os, "stat", missing)
    assert locate_module._is_file("/somewhere/INDEX.md") is False
