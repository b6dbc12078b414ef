"""``--index-dir`` / ``SEEDS_INDEX_DIR``: where search indexes are kept."""

from __future__ import annotations

import os
from pathlib import Path


def test_index_dir_option_keeps_the_index_out_of_the_corpus(
    run, corpus: Path, tmp_path: Path
) -> None:
    where = tmp_path / "indexes"
    result = run("--corpus", str(corpus), "--index-dir", str(where), "search", "سيارة")
    assert result.exit_code == 0, result.output
    assert not (corpus / ".seeds-index").exists()
    assert list(where.rglob("index.sqlite"))
    assert "SEEDS_INDEX_DIR" not in os.environ  # the test runner restores the environment


def test_index_dir_from_the_environment(run, corpus: Path, tmp_path: Path) -> None:
    where = tmp_path / "env-indexes"
    result = run("--corpus", str(corpus), "search", "سيارة", env={"SEEDS_INDEX_DIR": str(where)})
    assert result.exit_code == 0, result.output
    assert not (corpus / ".seeds-index").exists()
    assert list(where.rglob("index.sqlite"))


def test_the_index_folder_reaches_commands_as_a_value(tmp_path, monkeypatch) -> None:
    from seeds_cli.cli.main import cli

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(
        os, "environ", {k: v for k, v in os.environ.items() if k != "SEEDS_INDEX_DIR"}
    )
    ctx = cli.make_context("seeds", ["--index-dir", "idx", "list"])
    with ctx:
        ctx.invoke(cli.callback, **ctx.params)
    assert ctx.obj.index_dir == "idx"
    assert "SEEDS_INDEX_DIR" not in os.environ  # a value, not a mailbox in the environment
