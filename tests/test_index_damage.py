"""An index whose postings cannot be decoded is reported in one line and rebuilt."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def _damage(index: Path) -> None:
    db = sqlite3.connect(index)
    db.execute("UPDATE terms SET post = X'7a0a0102030405060708090a'")
    db.commit()
    db.close()


def test_damaged_postings_are_rebuilt(run, corpus: Path) -> None:
    first = run("--corpus", str(corpus), "search", "سيارة", "--format", "ids")
    assert first.output.split() == ["b3"]
    index = next(corpus.joinpath(".seeds-index").glob("*.sqlite"))
    _damage(index)
    again = run("--corpus", str(corpus), "search", "سيارة", "--format", "ids")
    assert again.exit_code == 0, again.output
    assert again.stdout.split() == ["b3"]
    warnings = again.stderr.splitlines()
    assert len(warnings) == 1
    assert warnings[0].startswith("seeds: warning: the search index is damaged (")
    assert warnings[0].endswith("; rebuilding it")
    third = run("--corpus", str(corpus), "search", "سيارة", "--format", "ids")
    assert third.stderr == "" and third.stdout.split() == ["b3"]


def test_library_search_rebuilds_quietly(corpus: Path) -> None:
    from seeds_cli import load_catalogue, open_searcher, search

    catalogue = load_catalogue(corpus)
    assert [h.id for h in search(open_searcher(catalogue), "سيارة").hits] == ["b3"]
    _damage(next(corpus.joinpath(".seeds-index").glob("*.sqlite")))
    assert [h.id for h in search(open_searcher(catalogue), "سيارة").hits] == ["b3"]
