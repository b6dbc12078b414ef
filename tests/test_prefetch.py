"""Passages made while the index is still being checked are kept when it is fresh and
dropped when it is not; nothing made from a stale index is ever returned."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from seeds_cli.catalogue import load_catalogue
from seeds_cli.index import location
from seeds_cli.index.location import open_index
from seeds_cli.index.search import Outcome, Searcher

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forks on Linux")


def _docs(n: int) -> list[dict[str, str]]:
    return [
        {"id": f"d{i}", "title": f"خبر {i}", "text": f"في مكة {i} وفي الرياض"} for i in range(n)
    ]


@pytest.fixture
def corpus(
    make_corpus: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Path:
    monkeypatch.setenv("SEEDS_INDEX_DIR", str(tmp_path / "indexes"))
    monkeypatch.setattr(location, "_CHUNK", 1)  # a few files: enough to fork for
    folder = make_corpus(_docs(5), name="prefetch")
    open_index(folder, lambda: load_catalogue(folder)).close()
    return folder


def _searcher(corpus: Path) -> Searcher:
    reader = open_index(str(corpus), lambda: load_catalogue(corpus), deferred=True)
    assert reader.pending is not None
    return Searcher(reader, str(corpus))


def test_prefetched_passages_are_the_ones_shown_when_fresh(corpus: Path) -> None:
    searcher = _searcher(corpus)
    made: dict[str, object] = {}

    def prefetch(outcome: Outcome) -> None:
        assert searcher.reader.pending is not None  # still being checked
        patterns = searcher.patterns(outcome)
        made["first"] = searcher.passages(outcome.results[0], patterns, context=5, count=2)

    outcome = searcher.search("مكة", prefetch=prefetch)
    shown = searcher.passages(outcome.results[0], searcher.patterns(outcome), context=5, count=2)
    assert shown is made["first"]
    assert "مكة" in shown[0]


def test_prefetched_passages_of_a_stale_index_are_dropped(corpus: Path) -> None:
    target = corpus / "d4.txt"
    target.write_text("مكة الجديدة وحدها", "utf-8")  # the index still has the old text
    searcher = _searcher(corpus)
    stale_reader = searcher.reader
    prefetched: list[object] = []

    def prefetch(outcome: Outcome) -> None:
        patterns = searcher.patterns(outcome)
        prefetched.extend(
            searcher.passages(r, patterns, context=5, count=2) for r in outcome.results
        )

    outcome = searcher.search("مكة", prefetch=prefetch)
    assert prefetched  # made while the check ran...
    assert searcher.reader is not stale_reader  # ...which found the change: rebuilt
    patterns = searcher.patterns(outcome)
    shown = [searcher.passages(r, patterns, context=5, count=2) for r in outcome.results]
    assert not any(a is b for a in shown for b in prefetched)  # made again, not reused
    assert outcome.results[0].doc.id == "d4"  # the new, shorter text ranks first


def test_no_prefetch_without_a_check_under_way(
    make_corpus: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SEEDS_INDEX_DIR", str(tmp_path / "indexes"))
    folder = make_corpus(_docs(2), name="small")  # checked in the process: nothing pending
    reader = open_index(str(folder), lambda: load_catalogue(folder), deferred=True)
    called = []
    Searcher(reader, str(folder)).search("مكة", prefetch=called.append)
    assert called == []


@pytest.mark.parametrize("fmt", ["plain", "json", "table"])
def test_the_search_command_prints_the_same_with_and_without_a_deferred_check(
    make_corpus: Callable[..., Path],
    run: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
    fmt: str,
) -> None:
    folder = make_corpus(_docs(5), name=f"cli-{fmt}")
    args = ["--corpus", str(folder), "search", "مكة", "--format", fmt]
    assert run("--corpus", str(folder), "index").exit_code == 0
    checked_here = run(*args)  # five files: checked in the process itself
    monkeypatch.setattr(location, "_CHUNK", 1)  # now forked, passages made while it runs
    made_early = run(*args)
    assert checked_here.exit_code == made_early.exit_code == 0
    assert made_early.output == checked_here.output
    assert "مكة" in made_early.output
