"""A small corpus is checked for freshness in the searching process itself: forking a child
for a few files costs more than checking them."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from seeds_cli.cli import index_cmd
from seeds_cli.cli.state import AppState
from seeds_cli.index import location
from seeds_cli.index.location import confirm
from tests.conftest import SAMPLE_DOCS, write_corpus


@pytest.fixture
def state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppState:
    monkeypatch.setenv("SEEDS_INDEX_DIR", str(tmp_path / "indexes"))
    state = AppState(corpus=str(write_corpus(tmp_path / "c", SAMPLE_DOCS)))
    index_cmd.ensure_index(state, deferred=False)  # built
    return state


def test_a_small_corpus_is_checked_without_a_child(state: AppState) -> None:
    _root, reader = index_cmd.ensure_index(state)
    assert reader.pending is None
    reader.close()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the child is forked on Linux")
def test_a_large_corpus_is_checked_by_a_child(
    state: AppState, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(location, "_CHUNK", 1)
    _root, reader = index_cmd.ensure_index(state)
    assert reader.pending is not None
    confirm(reader).close()
