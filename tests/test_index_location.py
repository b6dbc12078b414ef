"""Where the index lives and whether it is fresh: every listed file's size and mtime count."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from seeds_cli.catalogue import load_catalogue
from seeds_cli.index import builder
from seeds_cli.index.location import fingerprint, staleness
from seeds_cli.index.store import IndexReader


def _docs(n: int) -> list[dict[str, str]]:
    return [{"id": f"d{i:03d}", "title": "مكة", "text": f"الرياض مكة {i}"} for i in range(n)]


def _fresh(make_corpus: Callable[..., Path], tmp_path: Path, name: str) -> tuple[Path, IndexReader]:
    corpus = make_corpus(_docs(5), name=name)
    path = tmp_path / f"{name}.sqlite"
    builder.build_index(load_catalogue(corpus), path, fingerprint(corpus))
    return corpus, IndexReader(path)


def test_every_kind_of_change_is_seen(make_corpus: Callable[..., Path], tmp_path: Path) -> None:
    corpus, reader = _fresh(make_corpus, tmp_path, "every")
    assert staleness(reader, corpus) is None
    last = corpus / "d004.txt"  # the last file: nothing stops the check before it
    st = last.stat()
    last.write_bytes(last.read_bytes() + b" ")
    os.utime(last, ns=(st.st_atime_ns, st.st_mtime_ns))  # same mtime, other size
    assert staleness(reader, corpus) == "d004.txt changed"
    last.write_bytes(last.read_bytes()[:-1])
    os.utime(last, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert staleness(reader, corpus) is None
    first = corpus / "d000.txt"
    first.unlink()
    assert staleness(reader, corpus) == "d000.txt is gone"


def test_the_first_difference_is_named(make_corpus: Callable[..., Path], tmp_path: Path) -> None:
    corpus, reader = _fresh(make_corpus, tmp_path, "first")
    for name in ("d003.txt", "d001.txt"):
        st = (corpus / name).stat()
        os.utime(corpus / name, ns=(st.st_atime_ns, st.st_mtime_ns + 2_000_000_000))
    assert staleness(reader, corpus) == "d001.txt changed"


def test_a_missing_corpus_folder_is_stale(make_corpus: Callable[..., Path], tmp_path: Path) -> None:
    corpus, reader = _fresh(make_corpus, tmp_path, "gone")
    index_md = (corpus / "INDEX.md").read_bytes()
    st = (corpus / "INDEX.md").stat()
    for child in corpus.iterdir():
        child.unlink()
    corpus.rmdir()
    assert staleness(reader, corpus) == "INDEX.md cannot be read"
    corpus.mkdir()
    (corpus / "INDEX.md").write_bytes(index_md)
    os.utime(corpus / "INDEX.md", ns=(st.st_atime_ns, st.st_mtime_ns))
    assert staleness(reader, corpus) == "d000.txt is gone"


def test_open_index_builds_with_progress_and_reports_unreadable_files(
    make_corpus: Callable[..., Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from contextlib import contextmanager

    from seeds_cli.index.location import open_index

    monkeypatch.setenv("SEEDS_INDEX_DIR", str(tmp_path / "indexes"))
    corpus = make_corpus(_docs(3), name="open")
    advanced: list[int] = []
    reported: list[list[str]] = []

    @contextmanager
    def progress(catalogue):  # type: ignore[no-untyped-def]
        assert len(catalogue) == 3
        yield advanced.append

    def load():  # type: ignore[no-untyped-def]
        catalogue = load_catalogue(corpus)
        (corpus / "d001.txt").unlink()  # listed, but gone by the time it is read
        return catalogue

    reader = open_index(corpus, load, progress=progress, problems=reported.append)
    assert reader.n_docs == 3
    assert sum(advanced) == 3
    assert len(reported) == 1 and "d001.txt" in reported[0][0]
    # The second call finds it fresh (the unreadable file counts as such) and builds nothing.
    again = open_index(corpus, pytest.fail, progress=progress, problems=reported.append)
    assert again.path == reader.path and len(reported) == 1
