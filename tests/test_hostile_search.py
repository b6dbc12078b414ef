"""Hostile queries, hostile documents in search and show output, eight concurrent first
searches, and Ctrl-C during an index build."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import REPO, raw_corpus
from .test_hostile_terminal import PAYLOADS, SGR, active

pytest.importorskip("seeds_cli.cli.search_cmd")
pytestmark = pytest.mark.usefixtures("no_writes")

SEEDS = [sys.executable, "-m", "seeds_cli"]
SEED_TEXT = (REPO / "seeds" / "000_791b9733c10e92d3.txt").read_text("utf-8")


@pytest.fixture
def search(run, tmp_path: Path):
    """``search(query, *options)`` on the bundled corpus, its index kept in tmp_path."""
    env = {"SEEDS_INDEX_DIR": str(tmp_path / "index")}

    def go(query: str, *options: str, corpus: Path = REPO / "seeds"):
        return run("--corpus", str(corpus), "search", *options, "--", query, env=env)

    go("العراق", "--format", "ids")  # build the index outside the timed cases
    return go


def assert_query_error(result, *fragments: str) -> None:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "internal error" not in result.stderr
    first = result.stderr.splitlines()[0]
    assert first.startswith("seeds: error: query position ")
    assert " — " in first
    for fragment in fragments:
        assert fragment in first, first


def timed(search, query: str, *options: str):
    # No wall-clock bound here: timing assertions fail on a loaded machine (see the guide);
    # the cost of huge queries is measured in bench/, not asserted.
    return search(query, "--format", "ids", *options)


@pytest.mark.parametrize(
    ("query", "fragments"),
    [
        ("", ("empty query",)),
        ("   \t ", ("empty query",)),
        ("*", ("'*' needs a prefix",)),
        ('"unclosed phrase', ("position 1:", "unclosed quotation mark")),
        ("title:", ("title: needs a value",)),
        ("source: x", ("source: needs a value",)),
        ("((((a", ("unclosed parenthesis",)),
        ("a)))", ("unmatched closing parenthesis",)),
        ('""', ("empty phrase",)),
        ("a OR", ("OR must be followed by a word",)),
    ],
)
def test_malformed_query(search, query: str, fragments: tuple[str, ...]) -> None:
    assert_query_error(timed(search, query, "--strict"), *fragments)
    lenient = timed(search, query)
    assert lenient.exit_code in (0, 1), lenient.output
    assert lenient.stderr.startswith("seeds: note: ")


def test_only_stopwords(search) -> None:
    result = timed(search, "في من على إلى عن")
    assert result.exit_code in (0, 1) and "Traceback" not in result.output


def test_only_punctuation(search) -> None:
    result = timed(search, "!!! ... ,,, ؟؟ ،،")
    assert result.exit_code in (1, 2)
    assert result.stdout == ""


def test_unknown_field(search) -> None:
    assert_query_error(timed(search, "colour:red", "--strict"), "colour")
    lenient = timed(search, "colour:red")
    assert lenient.exit_code == 1
    assert lenient.stderr == "seeds: note: unknown field 'colour:' read as plain text\n"


@pytest.mark.parametrize("query", ["date:2021-02-30", "date>=2021-13", "العراق date<2021-00-10"])
def test_date_that_does_not_exist(search, query: str) -> None:
    assert_query_error(timed(search, query), "date")


def test_ten_thousand_terms(search) -> None:
    words = SEED_TEXT.split()
    query = " ".join(words[i % len(words)] for i in range(10_000))
    result = timed(search, query)
    assert result.exit_code == 0
    assert result.stdout.split() == ["791b9733c10e92d3"]


def test_hundred_thousand_characters(search) -> None:
    result = timed(search, "ب" * 100_000)
    assert result.exit_code in (0, 1, 2) and "Traceback" not in result.output
    assert "internal error" not in result.stderr


def test_thousand_nested_parentheses(search) -> None:
    result = timed(search, "(" * 1000 + "العراق" + ")" * 1000)
    assert "internal error" not in result.stderr
    assert result.exit_code == 0
    assert "nested more than 64 deep ignored" in result.stderr
    strict = timed(search, "(" * 1000 + "العراق" + ")" * 1000, "--strict")
    assert strict.exit_code == 2 and "internal error" not in strict.stderr


def test_query_with_escapes_and_markup(search) -> None:
    for payload, _ in PAYLOADS.values():
        result = search(payload, "--format", "plain")
        assert "Traceback" not in result.output and "internal error" not in result.stderr
        assert active(result.stdout) == [] and active(result.stderr) == []


# --- hostile documents in search and show output -------------------------------------------


@pytest.fixture
def hostile_docs(tmp_path: Path, no_writes) -> Path:
    files, entries = {}, []
    for i, (name, (payload, _)) in enumerate(PAYLOADS.items()):
        files[f"d{i}.txt"] = f"marker {payload} marker words\n\nsecond {payload} paragraph"
        entries.append((f"d{i}-{name}", {"file": f"d{i}.txt", "title": f"marker {payload}"}))
    return no_writes(raw_corpus(tmp_path / "c", files, entries=entries))


@pytest.mark.parametrize(
    "options",
    [
        ("--format", "plain"),
        ("--format", "table", "--color", "always"),
        ("--format", "json"),
        ("--kwic", "--format", "plain"),
        ("--kwic", "--format", "table", "--color", "always"),
    ],
)
def test_search_output_of_hostile_documents(run, hostile_docs: Path, tmp_path, options) -> None:
    color = [o for o in options if o in ("--color", "always")]
    rest = [o for o in options if o not in ("--color", "always")]
    result = run(
        *color,
        "--corpus",
        str(hostile_docs),
        "search",
        *rest,
        "--limit",
        "0",
        "--",
        "marker",
        env={"SEEDS_INDEX_DIR": str(tmp_path / "index"), "COLUMNS": "300"},
    )
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert active(SGR.sub("", result.stdout), allow="\n\t") == []
    if "json" in options:
        assert len(json.loads(result.stdout)["results"]) == len(PAYLOADS)


@pytest.mark.parametrize("fmt", ["plain", "markdown", "json", None])
def test_show_hostile_documents(run, hostile_docs: Path, fmt: str | None) -> None:
    for i, name in enumerate(PAYLOADS):
        args = ["--corpus", str(hostile_docs), "show", f"d{i}-{name}"]
        if fmt:
            args += ["--format", fmt]
        result = run(*args)
        if result.exit_code == 2 and "Invalid value" in result.stderr:
            pytest.skip(f"show has no --format {fmt}")
        assert result.exit_code == 0, result.output
        assert active(result.stdout, allow="\n\t") == [], name
        assert "marker" in result.stdout


def test_show_raw_gives_the_exact_bytes(run, hostile_docs: Path) -> None:
    result = run("--corpus", str(hostile_docs), "show", "d0-csi", "--raw")
    assert result.exit_code == 0
    assert result.stdout_bytes == (hostile_docs / "d0.txt").read_bytes()


# --- concurrency and interruption ----------------------------------------------------------


def many_docs(root: Path, n: int) -> Path:
    words = SEED_TEXT.split()
    files = {
        f"d{i}.txt": " ".join(words[(i * 7 + j) % len(words)] for j in range(300)) for i in range(n)
    }
    return raw_corpus(root, files, entries=[(f"d{i}", {"file": f"d{i}.txt"}) for i in range(n)])


def seeds_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SEEDS_")}
    env.update(extra)
    return env


def test_eight_first_searches_at_once(tmp_path: Path, no_writes) -> None:
    corpus = no_writes(many_docs(tmp_path / "c", 120))
    env = seeds_env(SEEDS_INDEX_DIR=str(tmp_path / "index"))
    command = [sys.executable, "-m", "seeds_cli", "--corpus", str(corpus), "search"]
    procs = [
        subprocess.Popen(
            [*command, "--format", "jsonl", "--limit", "0", "--", "العراق"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        for _ in range(8)
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0] * 8, [e for _, e in outputs]
    assert all(b"Traceback" not in e for _, e in outputs)
    assert len({out for out, _ in outputs}) == 1
    assert outputs[0][0].count(b"\n") > 0
    index_files = [p for p in (tmp_path / "index").rglob("*") if p.is_file()]
    assert len([p for p in index_files if "tmp" not in p.name]) >= 1
    status = subprocess.run(
        [sys.executable, "-m", "seeds_cli", "--corpus", str(corpus), "index", "--status"],
        capture_output=True,
        env=env,
        timeout=60,
        check=False,
    )
    if status.returncode == 2 and b"No such option" in status.stderr:
        status = subprocess.run(
            [sys.executable, "-m", "seeds_cli", "--corpus", str(corpus), "search", "العراق"],
            capture_output=True,
            env=env,
            timeout=60,
            check=False,
        )
    assert status.returncode == 0, status.stderr
    leftovers = [p.name for p in index_files if p.name.endswith((".tmp", "-journal", ".partial"))]
    assert leftovers == []


def test_ctrl_c_during_an_index_build(tmp_path: Path, no_writes) -> None:
    corpus = no_writes(many_docs(tmp_path / "c", 1500))
    index_dir = tmp_path / "index"
    env = seeds_env(SEEDS_INDEX_DIR=str(index_dir))
    proc = subprocess.Popen(
        [sys.executable, "-m", "seeds_cli", "--corpus", str(corpus), "index", "--rebuild"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if index_dir.exists() and any(p.is_file() for p in index_dir.rglob("*")):
            break
        time.sleep(0.01)
    assert proc.poll() is None, "the build finished before it could be interrupted"
    time.sleep(0.1)
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert b"Traceback" not in stderr
    # No half-written index is current: the next search rebuilds or finds a complete one.
    result = subprocess.run(
        [
            *SEEDS,
            "--corpus",
            str(corpus),
            "search",
            "--format",
            "ids",
            "--limit",
            "0",
            "--",
            "العراق",
        ],
        capture_output=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.split()) > 0
