"""Hostile INDEX.md files: bad YAML, code-running tags, alias bombs, duplicates, size, line ends."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from seeds_cli.catalogue.indexmd import parse_index

from .conftest import assert_one_line_error, raw_corpus, run_seeds

pytestmark = pytest.mark.usefixtures("no_writes")


def index_error(tmp_path: Path, run, no_writes, index: str, *fragments: str) -> str:
    corpus = no_writes(raw_corpus(tmp_path / "c", {"a.txt": b"x"}, index=index))
    start = time.monotonic()
    result = run("--corpus", str(corpus), "list", "--format", "tsv")
    assert time.monotonic() - start < 5
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    return assert_one_line_error(result.stderr, *fragments)


def test_malformed_yaml_names_its_line(tmp_path: Path, run, no_writes) -> None:
    index_error(
        tmp_path,
        run,
        no_writes,
        "---\ntitle: ok\nlang: [ar,\n---\n",
        "INDEX.md:4:",
        "malformed YAML",
        "fix the syntax",
    )


def test_python_object_tag_runs_nothing(tmp_path: Path, run, no_writes) -> None:
    marker = tmp_path / "pwned"
    index = f'---\ntitle: !!python/object/apply:os.system ["touch {marker}"]\n---\n'
    index_error(
        tmp_path, run, no_writes, index, "INDEX.md:2:", "python/object", "use plain text values"
    )
    assert not marker.exists()


@pytest.mark.parametrize(
    "tag", ["!!python/name:os.system", "!!python/module:os", "!!python/object:object {}"]
)
def test_other_python_tags_are_refused(tmp_path: Path, run, no_writes, tag: str) -> None:
    index_error(
        tmp_path, run, no_writes, f"---\ntitle: T\nx: {tag}\n---\n", "INDEX.md:3:", "unsupported"
    )


def test_billion_laughs_is_refused_at_once(tmp_path: Path, run, no_writes) -> None:
    lines = ["---", "title: T", 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [{','.join([f'*a{i - 1}'] * 9)}]")
    lines.append("---")
    index_error(
        tmp_path,
        run,
        no_writes,
        "\n".join(lines) + "\n",
        "INDEX.md:4:",
        "YAML aliases (*name) are not allowed",
        "write the value out in full",
    )


def test_deeply_nested_yaml(tmp_path: Path, run, no_writes) -> None:
    index = "---\ntitle: T\nx: " + "[" * 20000 + "]" * 20000 + "\n---\n"
    index_error(tmp_path, run, no_writes, index, "INDEX.md:3:", "YAML")


def test_huge_front_matter(tmp_path: Path, run, no_writes) -> None:
    index = "---\ntitle: T\n" + "".join(f"k{i}: {'v' * 60}\n" for i in range(1500)) + "---\n"
    index_error(tmp_path, run, no_writes, index, "INDEX.md:", "larger than 64 KiB")


def test_impossible_date_in_front_matter(tmp_path: Path, run, no_writes) -> None:
    index_error(
        tmp_path,
        run,
        no_writes,
        "---\ntitle: T\nupdated: 2020-13-45\n---\n",
        "INDEX.md:3:",
        "2020-13-45",
    )


def test_duplicate_front_matter_keys(tmp_path: Path, run, no_writes) -> None:
    index_error(
        tmp_path,
        run,
        no_writes,
        "---\ntitle: T\nlang: ar\ntitle: U\n---\n",
        "INDEX.md:4:",
        "duplicate key 'title'",
        "the first is on line 2",
    )


def test_duplicate_ids(tmp_path: Path, run, no_writes) -> None:
    index = "---\ntitle: T\n---\n\n## a\n- file: a.txt\n\n## a\n- file: b.txt\n"
    index_error(
        tmp_path, run, no_writes, index, "INDEX.md:8:", "duplicate id 'a'", "first used on line 5"
    )


def test_duplicate_files(tmp_path: Path, run, no_writes) -> None:
    index = "---\ntitle: T\n---\n\n## a\n- file: a.txt\n\n## b\n- file: ./a.txt\n"
    index_error(tmp_path, run, no_writes, index, "INDEX.md:9:", "listed twice", "first on line 6")


def test_duplicate_fields_unknown_fields_and_stray_text(tmp_path: Path, run, no_writes) -> None:
    index = (
        "---\ntitle: T\n---\n\n## a\n- file: a.txt\n- title: t\n- title: u\n- colour: red\n"
        "stray words\n"
    )
    line = index_error(tmp_path, run, no_writes, index, "INDEX.md:8:", "field 'title' given twice")
    assert "(and 2 more problems: run 'seeds check')" in line


def test_invalid_entry_id_is_shown_escaped(tmp_path: Path, run, no_writes) -> None:
    index = "---\ntitle: T\n---\n\n## a\x1b]0;owned\x07b\n- file: a.txt\n"
    line = index_error(tmp_path, run, no_writes, index, "INDEX.md:5:", "invalid document id")
    assert "owned" in line


def test_impossible_entry_date(tmp_path: Path, run, no_writes) -> None:
    index = "---\ntitle: T\n---\n\n## a\n- file: a.txt\n- date: 2023-02-29\n"
    index_error(tmp_path, run, no_writes, index, "INDEX.md:7:", "invalid date '2023-02-29'", "ISO")


def test_hundred_thousand_entries(tmp_path: Path, run, no_writes) -> None:
    n = 100_000
    index = "---\ntitle: big\n---\n" + "".join(
        f"\n## d{i}\n- file: f{i}.txt\n- date: 2015-08-01\n" for i in range(n)
    )
    start = time.monotonic()
    corpus = no_writes(raw_corpus(tmp_path / "c", index=index))
    result = run("--corpus", str(corpus), "list", "--format", "ids")
    assert result.exit_code == 0, result.stderr
    ids = result.stdout.split("\n")
    assert len(ids) == n + 1 and ids[0] == "d0" and ids[-2] == f"d{n - 1}"
    assert time.monotonic() - start < 30


def test_missing_index(tmp_path: Path, run, no_writes) -> None:
    folder = no_writes(tmp_path / "empty")
    folder.mkdir()
    no_writes(folder)
    result = run("--corpus", str(folder), "list")
    assert result.exit_code == 2
    assert_one_line_error(result.stderr, str(folder), "has no INDEX.md", "seeds init")


def test_corpus_that_does_not_exist(tmp_path: Path, run) -> None:
    result = run("--corpus", str(tmp_path / "nowhere"), "check")
    assert result.exit_code == 2
    assert_one_line_error(result.stderr, "nowhere does not exist", "give a corpus folder")


def test_empty_index(tmp_path: Path, run, no_writes) -> None:
    index_error(tmp_path, run, no_writes, "", "INDEX.md:1:", "front matter", "'---'")


def test_index_with_only_a_bom_and_white_space(tmp_path: Path, run, no_writes) -> None:
    index_error(tmp_path, run, no_writes, "\ufeff \n\n", "INDEX.md:1:", "front matter")


def test_unclosed_front_matter(tmp_path: Path, run, no_writes) -> None:
    index_error(
        tmp_path, run, no_writes, "---\ntitle: T\n\n## a\n- file: a.txt\n", "never closed", "'---'"
    )


def test_index_not_utf8(tmp_path: Path, run, no_writes) -> None:
    corpus = no_writes(raw_corpus(tmp_path / "c", index=b"---\ntitle: caf\xe9\n---\n"))
    result = run("--corpus", str(corpus), "list")
    assert result.exit_code == 2
    assert_one_line_error(result.stderr, "INDEX.md", "not valid UTF-8 (byte 14 is 0xe9)")


def test_unreadable_index(tmp_path: Path, run, no_writes, monkeypatch) -> None:
    corpus = no_writes(
        raw_corpus(tmp_path / "c", {"a.txt": b"x"}, entries=[("a", {"file": "a.txt"})])
    )
    from seeds_cli.catalogue import files

    real_open = os.open

    def deny(path, flags, *args):
        if str(path).endswith("INDEX.md"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(files.os, "open", deny)
    result = run("--corpus", str(corpus), "list")
    assert result.exit_code == 2
    assert_one_line_error(result.stderr, "INDEX.md", "permission denied", "make the file readable")


def test_index_is_a_folder(tmp_path: Path, run, no_writes) -> None:
    corpus = tmp_path / "c"
    (corpus / "INDEX.md").mkdir(parents=True)
    no_writes(corpus)
    result = run("--corpus", str(corpus), "list")
    assert result.exit_code == 2
    assert_one_line_error(result.stderr, "INDEX.md", "is a folder, not a file")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_index_is_a_fifo(tmp_path: Path, no_writes) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    os.mkfifo(corpus / "INDEX.md")
    no_writes(corpus)
    result = run_seeds("--corpus", str(corpus), "list", timeout=20)
    assert result.returncode == 2
    assert_one_line_error(result.stderr.decode(), "INDEX.md", "is not a regular file")


def test_mixed_line_ends_parse_with_true_line_numbers(tmp_path: Path, run, no_writes) -> None:
    index = "---\r\ntitle: T\r---\n\r\n## a\r- file: a.txt\n- title: one\r\n\n## b\r\n- file: b.txt\r- date: 2021-02-30\n"
    files = {"a.txt": b"one two", "b.txt": b"three"}
    corpus = no_writes(raw_corpus(tmp_path / "c", files, index=index))
    parsed = parse_index(index)
    assert [e.id for e in parsed.entries] == ["a", "b"]
    assert parsed.entries[0].fields == {"file": "a.txt", "title": "one"}
    result = run("--corpus", str(corpus), "list", "--format", "tsv")
    assert result.exit_code == 2
    assert_one_line_error(result.stderr, "INDEX.md:11:", "invalid date '2021-02-30'")


def test_lone_surrogate_in_front_matter_is_a_problem_not_a_crash() -> None:
    """Text from the library API (not a decoded file) may hold lone surrogates (found by fuzzing)."""
    parsed = parse_index("---\ntitle: T\nx: a\udc80b\n---\n")
    assert [(p.line, p.severity) for p in parsed.problems] == [(3, "error")]
    assert "surrogate" in parsed.problems[0].message
