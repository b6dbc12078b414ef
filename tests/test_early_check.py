"""A search's freshness check started by the console script before the CLI loads
(``seeds_cli.cli.entry``): recognised only for plain search command lines, adopted by the
search for the same corpus, never trusted blindly, and cleaned up when nobody adopts it."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from seeds_cli.catalogue import load_catalogue
from seeds_cli.cli.entry import search_globals, start_search_check
from seeds_cli.index import location
from seeds_cli.index.location import open_index
from seeds_cli.index.search import Searcher

linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forks on Linux only")


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["search", "x"], (None, None)),
        (["--corpus", "c", "search", "x"], ("c", None)),
        (["--corpus=c", "--index-dir", "i", "--debug", "search"], ("c", "i")),
        (["--color", "never", "--bidi=logical", "--max-file-size", "1M", "search"], (None, None)),
        (["list"], None),
        (["show", "search"], None),
        (["--corpus"], None),
        (["search", "--help"], None),
        (["-h"], None),
        (["--unknown", "search"], None),
        ([], None),
    ],
)
def test_only_plain_search_command_lines_are_recognised(argv: list[str], expected: object) -> None:
    assert search_globals(argv) == expected


def _docs(n: int) -> list[dict[str, str]]:
    return [{"id": f"d{i:03d}", "title": f"خبر {i}", "text": f"مكة {i} الرياض"} for i in range(n)]


@pytest.fixture
def corpus(
    make_corpus: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Path:
    monkeypatch.setenv("SEEDS_INDEX_DIR", str(tmp_path / "indexes"))
    monkeypatch.delenv("SEEDS_CORPUS", raising=False)
    monkeypatch.setattr(location, "_CHUNK", 1)  # a few files: enough to fork for
    folder = make_corpus(_docs(6), name="early")
    open_index(folder, lambda: load_catalogue(folder)).close()
    return folder


def _open(corpus: Path) -> location.IndexReader:
    return open_index(str(corpus), lambda: load_catalogue(corpus), deferred=True)


@linux
def test_the_search_adopts_the_check_started_early(corpus: Path) -> None:
    start_search_check(["--corpus", str(corpus), "search", "مكة"])
    assert len(location._EARLY) == 1
    early = location._EARLY[0][1]
    assert early.pending is not None
    reader = _open(corpus)
    assert reader is early and not location._EARLY
    searcher = Searcher(reader, str(corpus))
    assert searcher.search("مكة").total == 6
    assert searcher.reader is reader  # found fresh


@linux
def test_a_change_made_before_the_early_check_is_still_caught(corpus: Path) -> None:
    last = corpus / "d005.txt"
    last.write_text(last.read_text("utf-8") + " الطائف", "utf-8")
    start_search_check(["--corpus", str(corpus), "search", "الطائف"])
    reader = _open(corpus)
    assert reader.pending is not None
    searcher = Searcher(reader, str(corpus))
    assert [r.doc.id for r in searcher.search("الطائف").results] == ["d005"]
    assert searcher.reader is not reader  # rebuilt


@linux
def test_a_check_for_another_corpus_is_abandoned(
    corpus: Path, make_corpus: Callable[..., Path]
) -> None:
    start_search_check(["--corpus", str(corpus), "search", "مكة"])
    pid = location._EARLY[0][1].pending
    other = make_corpus(_docs(2), name="other")
    reader = open_index(str(other), lambda: load_catalogue(other), deferred=True)
    assert not location._EARLY
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # killed and reaped
    location.confirm(reader).close()


@linux
def test_an_unadopted_check_is_cleaned_up(corpus: Path) -> None:
    start_search_check(["--corpus", str(corpus), "search", "مكة"])
    pid = location._EARLY[0][1].pending
    location._abandon_early()  # what happens at exit when the search never ran
    assert not location._EARLY
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def test_nothing_starts_without_an_index_or_a_corpus(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make_corpus: Callable[..., Path]
) -> None:
    monkeypatch.setenv("SEEDS_INDEX_DIR", str(tmp_path / "none"))
    start_search_check(["--corpus", str(tmp_path / "missing"), "search", "x"])
    folder = make_corpus(_docs(2), name="unindexed")
    start_search_check(["--corpus", str(folder), "search", "x"])
    assert not location._EARLY
    assert not (tmp_path / "none").exists()  # nothing written


def test_a_small_corpus_is_opened_early_and_checked_by_the_search(
    make_corpus: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SEEDS_INDEX_DIR", str(tmp_path / "indexes"))
    folder = make_corpus(_docs(3), name="small")
    open_index(folder, lambda: load_catalogue(folder)).close()
    start_search_check(["--corpus", str(folder), "search", "مكة"])
    early = location._EARLY[0][1]
    assert early.pending is None  # too small to fork for
    assert _open(folder) is early
    # Changed before the next search starts: the early index is found stale, not taken.
    start_search_check(["--corpus", str(folder), "search", "مكة"])
    stale = location._EARLY[0][1]
    target = folder / "d002.txt"
    target.write_text(target.read_text("utf-8") + " الطائف", "utf-8")
    reader = _open(folder)
    assert reader is not stale
    assert [r.doc.id for r in Searcher(reader, str(folder)).search("الطائف").results] == ["d002"]
