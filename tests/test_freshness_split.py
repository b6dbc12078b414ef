"""The deferred freshness check split between a forked child and the parent: whoever checks
which files, a change anywhere in the list is seen before any result is shown."""

from __future__ import annotations

import mmap
import os
import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from seeds_cli.catalogue import load_catalogue
from seeds_cli.index import location
from seeds_cli.index.location import confirm, open_index, staleness
from seeds_cli.index.store import FILE_KEYS, IndexReader

N_DOCS = 9
forks = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the split needs fork")


def _docs(n: int) -> list[dict[str, str]]:
    return [{"id": f"d{i:03d}", "title": "مكة", "text": f"الرياض مكة {i}"} for i in range(n)]


@pytest.fixture
def corpus(
    make_corpus: Callable[..., Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Path:
    """A corpus with its index built, checked one file per chunk (many chunks, both sides)."""
    monkeypatch.setenv("SEEDS_INDEX_DIR", str(tmp_path / "indexes"))
    monkeypatch.setattr(location, "_CHUNK", 1)
    root = make_corpus(_docs(N_DOCS), name="split")
    open_index(root, lambda: load_catalogue(root)).close()
    return root


def _touch(root: Path, position: int) -> None:
    """A new mtime for the file at ``position`` in document order (its size unchanged)."""
    file = root / f"d{position:03d}.txt"
    st = file.stat()
    os.utime(file, ns=(st.st_atime_ns, st.st_mtime_ns + 2_000_000_000))


def _open_deferred(root: Path) -> IndexReader:
    reader = open_index(root, lambda: load_catalogue(root), deferred=True)
    assert reader.pending is not None  # the split check is under way
    return reader


def _wait_for_child(reader: IndexReader) -> None:
    """Until the child has exited, leaving it for :func:`confirm` to reap."""
    assert reader.pending is not None
    os.waitid(os.P_PID, reader.pending, os.WEXITED | os.WNOWAIT)


def _slow_child(monkeypatch: pytest.MonkeyPatch) -> None:
    """The child sleeps before its first chunk, so the parent checks (almost) every file."""
    parent = os.getpid()
    changed = location._Files.changed

    def slow(files: location._Files, root: Path, start: int, stop: int) -> str | None:
        if os.getpid() != parent and start == 0:
            time.sleep(0.2)
        return changed(files, root, start, stop)

    monkeypatch.setattr(location._Files, "changed", slow)


POSITIONS = pytest.mark.parametrize("position", [0, N_DOCS // 2, N_DOCS - 1])
WHO = pytest.mark.parametrize("who", ["child-first", "parent-first", "race"])


@forks
@WHO
def test_an_unchanged_corpus_is_confirmed(
    corpus: Path, monkeypatch: pytest.MonkeyPatch, who: str
) -> None:
    if who == "parent-first":
        _slow_child(monkeypatch)
    reader = _open_deferred(corpus)
    if who == "child-first":  # the parent finds every chunk checked
        _wait_for_child(reader)
        assert reader.pending is not None
        assert all(location._SPLITS[reader.pending].marks[:])
    assert confirm(reader) is reader
    assert not location._SPLITS


@forks
@WHO
@POSITIONS
def test_a_change_anywhere_is_seen(
    corpus: Path, monkeypatch: pytest.MonkeyPatch, who: str, position: int
) -> None:
    _touch(corpus, position)
    if who == "parent-first":
        _slow_child(monkeypatch)
    reader = _open_deferred(corpus)
    if who == "child-first":  # the child finds it and stops: the parent checks from the end
        _wait_for_child(reader)
    rebuilt = confirm(reader)
    assert rebuilt is not reader  # the stale index was not used: it was rebuilt
    assert staleness(rebuilt, corpus) is None


@forks
def test_a_child_that_fails_is_not_taken_for_fresh(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its exit status counts even where the parent checked every file itself: the index is
    checked again (found fresh, so it is not rebuilt) rather than trusted."""
    parent = os.getpid()
    changed = location._Files.changed

    def failing(files: location._Files, root: Path, start: int, stop: int) -> str | None:
        if os.getpid() != parent:
            raise RuntimeError("the child fails")
        return changed(files, root, start, stop)

    monkeypatch.setattr(location._Files, "changed", failing)
    reader = _open_deferred(corpus)
    _wait_for_child(reader)
    again = confirm(reader)
    assert again is not reader and again.path == reader.path
    assert again.pending is None


@POSITIONS
def test_each_side_stops_at_the_others_marks(corpus: Path, position: int) -> None:
    """In-process: a side checks from its end up to the first chunk marked by the other, and
    nothing the other has marked; everything unmarked it does check."""
    _touch(corpus, position)
    reader = IndexReader(next(location.index_candidates(corpus)))
    files = location._Files.of(reader)
    for backwards in (False, True):
        for boundary in range(N_DOCS + 1):  # the other side has checked [boundary:] or [:boundary]
            marks = mmap.mmap(-1, N_DOCS)
            other = range(boundary, N_DOCS) if not backwards else range(boundary)
            for k in other:
                marks[k] = 1
            why = location._check_chunks(files, corpus, marks, backwards=backwards)
            assert (why is not None) is (position not in other)
            if why is None:
                assert all(marks[:])  # every chunk checked by one side or the other
    files.close()
    reader.close()


@pytest.mark.parametrize("how", ["no-fork", "fork-fails"])
def test_without_fork_the_check_is_done_in_process(
    corpus: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    if how == "no-fork":
        monkeypatch.setattr(sys, "platform", "win32")
    else:

        def fail() -> int:
            raise OSError("no fork")

        monkeypatch.setattr(os, "fork", fail)
    reader = open_index(corpus, lambda: load_catalogue(corpus), deferred=True)
    assert reader.pending is None
    _touch(corpus, N_DOCS - 1)
    assert staleness(reader, corpus) == f"d{N_DOCS - 1:03d}.txt changed"
    again = open_index(corpus, lambda: load_catalogue(corpus), deferred=True)
    assert again.pending is None and staleness(again, corpus) is None


def test_names_are_compared_as_stored_when_not_packed(corpus: Path) -> None:
    """An index without the packed columns (a name held a newline) is checked from docs."""
    path = next(location.index_candidates(corpus))
    with sqlite3.connect(path) as db:
        db.execute("DELETE FROM meta WHERE key IN (?, ?, ?)", FILE_KEYS)
    db.close()
    reader = IndexReader(path)
    assert staleness(reader, corpus) is None
    _touch(corpus, N_DOCS // 2)
    assert staleness(reader, corpus) == f"d{N_DOCS // 2:03d}.txt changed"
    reader.close()


def test_raw_names_only_where_they_are_the_file_system_bytes() -> None:
    assert location._raw_names_ok("مكة.txt\nb.txt".encode())
    lone = "\udcff.txt".encode("utf-8", "surrogatepass")  # a non-UTF-8 byte, as stored
    assert not location._raw_names_ok(lone)
