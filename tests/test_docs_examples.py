"""Every example in README.md and docs/*.md is true: each one that can run here is run.

The ``$ seeds ...`` lines of every console block run over a copy of the bundled corpus and
must print what the page shows; the ``seeds`` lines of sh blocks must succeed. Examples over
SaudiNewsNet are run by ``bench/docs_examples.py``; the others that cannot run say why.
"""

from __future__ import annotations

import doctest
import io
import shutil
from pathlib import Path

import pytest

from tests.docs_examples import (
    PAGES,
    REPO,
    SETUPS,
    Block,
    all_blocks,
    check_block,
    environment,
    python_sessions,
    run_command,
    workdir,
)

BLOCKS = all_blocks()
RUNNABLE = [block for block in BLOCKS if block.kind in ("run", "setup")]


def test_the_pages_have_examples_to_run() -> None:
    pages = {block.page.name for block in RUNNABLE}
    assert {"README.md", "guide.md", "corpus.md"} <= pages, pages


@pytest.mark.parametrize("block", BLOCKS, ids=[block.name for block in BLOCKS])
def test_every_example_is_run_or_says_why_not(block: Block) -> None:
    assert block.kind in ("run", "setup", "skip", "saudinewsnet"), (
        f"{block.name}: unknown docs-test directive {block.directive!r}"
    )
    if block.kind == "skip":
        assert len(block.directive.split()) > 2, f"{block.name}: say why it is skipped"
    if block.kind == "setup":
        assert block.setup in SETUPS, f"{block.name}: no setup named {block.setup!r}"


@pytest.mark.parametrize("block", RUNNABLE, ids=[block.name for block in RUNNABLE])
def test_example(block: Block, tmp_path: Path) -> None:
    uses_jq = any("| jq" in command.command for command in block.commands)
    if uses_jq and shutil.which("jq") is None:
        pytest.skip("jq is not installed")
    cwd = workdir(tmp_path / "work")
    if block.setup:
        SETUPS[block.setup](cwd)
    problems = check_block(block, cwd, environment(tmp_path / "home"))
    assert not problems, "\n\n".join(problems)


SESSIONS = [page for page in PAGES if python_sessions(page)]


@pytest.mark.parametrize("page", SESSIONS, ids=[page.name for page in SESSIONS])
def test_python_sessions(page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SEEDS_CORPUS", "SEEDS_BIDI", "SEEDS_INDEX_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(workdir(tmp_path / "work"))
    parser = doctest.DocTestParser()
    examples = []
    for line, text in python_sessions(page):
        for example in parser.get_examples(text):
            example.lineno += line
            examples.append(example)
    session = doctest.DocTest(examples, {}, page.name, str(page), 0, None)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    report = io.StringIO()
    runner.run(session, out=report.write)
    assert runner.failures == 0, report.getvalue()
    assert runner.tries > 0


def test_the_index_md_example_is_a_valid_corpus(tmp_path: Path) -> None:
    page = REPO / "docs" / "corpus.md"
    example = page.read_text("utf-8").split("```markdown\n", 1)[1].split("```", 1)[0]
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "INDEX.md").write_text(example, "utf-8")
    shutil.copy(REPO / "seeds" / "000_791b9733c10e92d3.txt", corpus)
    result = run_command("seeds --corpus corpus check", tmp_path, environment(tmp_path))
    assert result.stdout == "ok: 1 documents, no problems\n"
