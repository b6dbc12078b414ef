"""The examples of README.md and docs/*.md, read out of their fenced blocks, and how to run them.

A ``console`` block is a session: ``$ command`` lines, each followed by the output it prints
(standard output and standard error together). An ``sh`` block is a list of commands whose
output is not shown: they must not fail (exit status 0, or 1 for "nothing found"). Every block is run unless a comment just above it says otherwise:

    <!-- docs-test: skip (why it cannot be run) -->
    <!-- docs-test: saudinewsnet -->     run by bench/docs_examples.py, over SaudiNewsNet
    <!-- docs-test: setup NAME -->       run after SETUPS[NAME] has made its files

A ``pycon`` block is a Python session, run with doctest; the sessions of one page share their
names, in page order. Only ``seeds`` commands (and the pipes and shell around them on the same line) are run from
``sh`` blocks; lines that install things (``pip``, ``apt-get``) are left to CI.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PAGES = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]

FENCE = re.compile(r"^```(\w*)\s*$")
DIRECTIVE = re.compile(r"^<!--\s*docs-test:\s*(.*?)\s*-->\s*$")


@dataclass
class Command:
    line: int  # 1-based line of the page where the command stands
    command: str
    output: str | None  # None: an sh block, whose output is not shown


@dataclass
class Block:
    page: Path
    line: int  # 1-based line of the opening fence
    lang: str
    directive: str = ""
    commands: list[Command] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"{self.page.relative_to(REPO)}:{self.line}"

    @property
    def kind(self) -> str:
        """'run', 'skip', 'saudinewsnet' or 'setup'."""
        return self.directive.split(None, 1)[0] if self.directive else "run"

    @property
    def setup(self) -> str | None:
        return self.directive.split(None, 1)[1] if self.kind == "setup" else None


def blocks(page: Path) -> Iterator[Block]:
    """Every console and sh block of a page, with the directive above it."""
    lines = page.read_text("utf-8").splitlines()
    i = 0
    while i < len(lines):
        match = FENCE.match(lines[i])
        if not match:
            i += 1
            continue
        start, lang = i, match.group(1)
        end = next(j for j in range(i + 1, len(lines)) if lines[j].startswith("```"))
        if lang in ("console", "sh"):
            above = start - 1
            while above >= 0 and not lines[above].strip():
                above -= 1
            directive = DIRECTIVE.match(lines[above]) if above >= 0 else None
            block = Block(page, start + 1, lang, directive.group(1) if directive else "")
            block.commands = list(_commands(lines, start + 1, end, lang))
            if block.commands:
                yield block
        i = end + 1


def _commands(lines: list[str], start: int, end: int, lang: str) -> Iterator[Command]:
    if lang == "sh":
        for j in range(start, end):
            if lines[j].startswith("seeds "):
                yield Command(j + 1, lines[j], None)
        return
    current: Command | None = None
    for j in range(start, end):
        if lines[j].startswith("$ "):
            if current:
                yield current
            current = Command(j + 1, lines[j][2:], "")
        elif current is not None:
            current.output = (current.output or "") + lines[j] + "\n"
    if current:
        yield current


def python_sessions(page: Path) -> list[tuple[int, str]]:
    """The ``pycon`` blocks of a page: (line of the opening fence, text), in page order."""
    lines = page.read_text("utf-8").splitlines()
    sessions = []
    for i, line in enumerate(lines):
        if line.strip() == "```pycon":
            end = next(j for j in range(i + 1, len(lines)) if lines[j].startswith("```"))
            sessions.append((i + 1, "\n".join(lines[i + 1 : end]) + "\n"))
    return sessions


def all_blocks() -> list[Block]:
    return [block for page in PAGES for block in blocks(page)]


def environment(home: Path) -> dict[str, str]:
    """A clean environment: no SEEDS_* settings of the caller's, no colour, UTF-8."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SEEDS_", "LESS", "PAGER"))
        and key not in ("NO_COLOR", "FORCE_COLOR")
    }
    bin_dir = str(Path(sys.executable).parent)
    env.update(
        PATH=bin_dir + os.pathsep + env.get("PATH", ""),
        PYTHONPATH=str(REPO),  # this tree's seeds_cli, whatever is installed
        HOME=str(home),
        LC_ALL="C.UTF-8",
        PYTHONUTF8="1",
        COLUMNS="100",
    )
    return env


def shell_prelude() -> str:
    """A failure anywhere in a pipe counts; ``seeds`` is this tree's code, run by the Python
    running the tests (an installed ``seeds`` script may be stale, or another version)."""
    return f'set -o pipefail\nseeds() {{ "{sys.executable}" -m seeds_cli "$@"; }}\n'


def run_command(
    command: str, cwd: Path, env: dict[str, str], timeout: float | None = 300
) -> subprocess.CompletedProcess[str]:
    """Run one line with bash; on a timeout, end everything it started, then raise."""
    with subprocess.Popen(
        ["bash", "-c", shell_prelude() + command],
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        start_new_session=True,
    ) as process:
        try:
            output, _ = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise
    return subprocess.CompletedProcess(process.args, process.returncode, output)


def normalized(text: str) -> str:
    """Compare outputs line by line, trailing blanks ignored (Markdown drops them)."""
    return "\n".join(line.rstrip() for line in text.rstrip("\n").splitlines())


def check_block(
    block: Block, cwd: Path, env: dict[str, str], timeout: float | None = 300
) -> list[str]:
    """Run a block's commands in order in ``cwd``; the differences found, one message each."""
    problems = []
    for command in block.commands:
        result = run_command(command.command, cwd, env, timeout)
        where = f"{block.page.relative_to(REPO)}:{command.line}: $ {command.command}"
        if command.output is None:
            # 1 is an answer (nothing found, an index not fresh); 2 and above are errors.
            if result.returncode not in (0, 1) or "Traceback" in result.stdout:
                problems.append(f"{where}\nexit status {result.returncode}:\n{result.stdout}")
        elif normalized(result.stdout) != normalized(command.output):
            problems.append(
                f"{where}\n--- the page says:\n{command.output}--- it prints:\n{result.stdout}"
            )
    return problems


# --- files some examples need, made before their block runs ----------------------------------


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def setup_broken(cwd: Path) -> None:
    """The damaged corpus of the `seeds check` example in docs/corpus.md."""
    root = cwd / "broken"
    root.mkdir()
    good = "نص سليم".encode()
    (root / "good.txt").write_bytes(b"changed by accident\n")
    latin1 = "café".encode("latin-1")
    (root / "latin1.txt").write_bytes(latin1)
    bom = b"\xef\xbb\xbfwith a BOM\n"
    (root / "bom.txt").write_bytes(bom)
    bad_date = "نص بتاريخ غير صحيح".encode()
    (root / "dated.txt").write_bytes(bad_date)
    (root / "stray.txt").write_text("not listed\n", "utf-8")
    index = f"""---
title: A damaged corpus
lang: ar
---

# A damaged corpus

## good

- file: good.txt
- sha256: {_sha(good)}

## latin1

- file: latin1.txt
- sha256: {_sha(latin1)}

## bom

- file: bom.txt
- sha256: {_sha(bom)}

## missing

- file: missing.txt

## dated

- file: dated.txt
- date: 2021-02-30
- sha256: {_sha(bad_date)}
"""
    (root / "INDEX.md").write_text(index, "utf-8")


def setup_articles(cwd: Path) -> None:
    """A folder of text files with no INDEX.md, for the `seeds init` examples."""
    root = cwd / "articles"
    (root / "2015").mkdir(parents=True)
    (root / "first.txt").write_text("الرياض تستضيف معرض الكتاب\n\nنص الخبر.\n", "utf-8")
    (root / "2015" / "second story.txt").write_text("Riyadh hosts a book fair\n", "utf-8")
    (root / "2015" / "خبر.txt").write_text("افتتاح المعرض\n", "utf-8")


def setup_queries(cwd: Path) -> None:
    """A file of queries, one a line, for the `--batch` examples."""
    (cwd / "queries.txt").write_text("التحالف الدولي\nالقوات العراقية\nالكاظمي\n", "utf-8")


SETUPS: dict[str, Callable[[Path], None]] = {
    "broken": setup_broken,
    "articles": setup_articles,
    "queries": setup_queries,
}


def workdir(tmp: Path) -> Path:
    """A folder holding a copy of the bundled corpus as ``seeds/``, the examples' corpus."""
    shutil.copytree(REPO / "seeds", tmp / "seeds", ignore=shutil.ignore_patterns(".seeds-index"))
    return tmp
