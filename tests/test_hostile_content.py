"""Hostile file contents: bad encodings, odd line ends, NUL bytes, binaries, empty and huge files."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from seeds_cli.catalogue import load_catalogue

from .conftest import assert_one_line_error, raw_corpus

pytestmark = pytest.mark.usefixtures("no_writes")


def corpus_with(tmp_path: Path, data: bytes, no_writes) -> Path:
    return no_writes(
        raw_corpus(tmp_path / "c", {"a.txt": data}, entries=[("a", {"file": "a.txt"})])
    )


def listed(run, corpus: Path, *extra: str) -> dict:
    result = run("--corpus", str(corpus), *extra, "list", "--format", "json")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    return json.loads(result.stdout)[0]


def test_invalid_utf8_names_the_byte_offset(tmp_path: Path, run, no_writes) -> None:
    corpus = corpus_with(tmp_path, "سلام abc".encode() + b"\xff\xfe rest", no_writes)
    result = run("--corpus", str(corpus), "list", "--format", "tsv")
    assert result.exit_code == 2
    assert_one_line_error(
        result.stderr, "a.txt", "is not valid UTF-8 (byte 12 is 0xff)", "INDEX.md:6", "re-save"
    )
    check = run("--corpus", str(corpus), "check")
    assert check.exit_code == 1
    assert "INDEX.md:8: a.txt: is not valid UTF-8 (byte 12 is 0xff)" in check.stdout


def test_truncated_multibyte_sequence_at_the_end(tmp_path: Path, run, no_writes) -> None:
    corpus = corpus_with(tmp_path, "كلمة".encode()[:-1], no_writes)
    result = run("--corpus", str(corpus), "list", "--format", "tsv")
    assert result.exit_code == 2
    assert_one_line_error(result.stderr, "is not valid UTF-8 (byte 6 is 0xd8)")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_utf16_with_bom_is_named(tmp_path: Path, run, no_writes, encoding: str) -> None:
    data = "\ufeffسلام".encode(encoding) if encoding == "utf-16-be" else "سلام".encode(encoding)
    corpus = corpus_with(tmp_path, data, no_writes)
    result = run("--corpus", str(corpus), "list", "--format", "tsv")
    assert result.exit_code == 2
    assert_one_line_error(result.stderr, "a.txt", "is UTF-16", "re-save it as UTF-8")


def test_utf8_bom_is_dropped_and_warned_about(tmp_path: Path, run, no_writes) -> None:
    corpus = corpus_with(tmp_path, b"\xef\xbb\xbfone two three", no_writes)
    assert listed(run, corpus)["words"] == 3
    assert load_catalogue(corpus).documents[0].text == "one two three"
    check = run("--corpus", str(corpus), "check")
    assert "warning: " in check.stdout and "starts with a UTF-8 BOM" in check.stdout
    assert check.exit_code == 0


@pytest.mark.parametrize(
    "data", [b"one two\r\nthree\r\n", b"one two\rthree\r", b"one\r\ntwo\rthree\n"]
)
def test_crlf_and_lone_cr_line_ends(tmp_path: Path, run, no_writes, data: bytes) -> None:
    corpus = corpus_with(tmp_path, data, no_writes)
    assert listed(run, corpus)["words"] == 3
    assert load_catalogue(corpus).documents[0].text == data.decode()  # kept exactly


def test_nul_bytes_are_listed_harmlessly_and_reported_by_check(
    tmp_path: Path, run, no_writes
) -> None:
    corpus = corpus_with(tmp_path, b"one\x00two three", no_writes)
    result = run("--corpus", str(corpus), "list", "--format", "tsv")
    assert result.exit_code == 0
    assert "\x00" not in result.stdout
    check = run("--corpus", str(corpus), "check")
    assert check.exit_code == 1
    assert "a.txt: contains a NUL byte (at byte 3) — it looks binary" in check.stdout


def test_binary_file_is_refused(tmp_path: Path, run, no_writes) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
    corpus = corpus_with(tmp_path, png, no_writes)
    result = run("--corpus", str(corpus), "list", "--format", "tsv")
    assert result.exit_code == 2
    assert_one_line_error(result.stderr, "a.txt", "is not valid UTF-8 (byte 0 is 0x89)")
    check = run("--corpus", str(corpus), "check")
    assert "a.txt: is not valid UTF-8 (byte 0 is 0x89)" in check.stdout
    assert "a.txt: contains a NUL byte (at byte 8)" in check.stdout


def test_empty_file(tmp_path: Path, run, no_writes) -> None:
    corpus = corpus_with(tmp_path, b"", no_writes)
    assert listed(run, corpus)["words"] == 0
    check = run("--corpus", str(corpus), "check")
    assert check.exit_code == 1
    assert "a.txt: is empty — add the text or remove the entry" in check.stdout


def test_ten_million_character_single_line(tmp_path: Path, run, no_writes) -> None:
    data = ("كلمة " * 2_000_000).encode()  # 10,000,000 characters, no line break
    corpus = corpus_with(tmp_path, data, no_writes)
    start = time.monotonic()
    assert listed(run, corpus)["words"] == 2_000_000
    check = run("--corpus", str(corpus), "check")
    assert check.exit_code == 0, check.stdout
    assert time.monotonic() - start < 20


def test_file_over_the_default_size_limit(tmp_path: Path, run, no_writes) -> None:
    from seeds_cli.catalogue.files import DEFAULT_MAX_FILE_SIZE

    assert DEFAULT_MAX_FILE_SIZE == 64 * 1024 * 1024
    corpus = raw_corpus(tmp_path / "c", entries=[("a", {"file": "a.txt"})])
    with open(corpus / "a.txt", "wb") as handle:  # sparse: no 64 MiB written
        handle.truncate(DEFAULT_MAX_FILE_SIZE + 1)
    no_writes(corpus)
    result = run("--corpus", str(corpus), "list", "--format", "tsv")
    assert result.exit_code == 2
    assert_one_line_error(
        result.stderr,
        "a.txt",
        "is 67,108,865 bytes, over the 67,108,864-byte limit",
        "raise the limit with --max-file-size",
    )


def test_max_file_size_override(tmp_path: Path, run, no_writes) -> None:
    corpus = corpus_with(tmp_path, b"word " * 1000, no_writes)  # 5,000 bytes
    result = run("--corpus", str(corpus), "--max-file-size", "4K", "list", "--format", "tsv")
    assert result.exit_code == 2
    assert_one_line_error(result.stderr, "is 5,000 bytes, over the 4,096-byte limit")
    check = run("--corpus", str(corpus), "--max-file-size", "4K", "check")
    assert "over the 4,096-byte limit" in check.stdout and check.exit_code == 1
    assert listed(run, corpus, "--max-file-size", "5000")["words"] == 1000
    assert listed(run, corpus, "--max-file-size", "1G")["words"] == 1000


@pytest.mark.parametrize("size", ["", "abc", "-1", "1X", "1.5M"])
def test_bad_max_file_size_is_a_usage_error(tmp_path: Path, run, size: str) -> None:
    result = run("--max-file-size", size, "list")
    assert result.exit_code == 2
    assert "--max-file-size" in result.stderr
    assert "is not a size" in result.stderr
    assert "Traceback" not in result.output
