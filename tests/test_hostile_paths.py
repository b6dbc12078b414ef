"""Hostile paths in INDEX.md and on disk: nothing outside the corpus is read, nothing hangs.

Every case asserts the exact outcome: one ``seeds: error:`` line naming INDEX.md's line (or the
file) and what to do, exit status 2 (``seeds check``: the problem listed, exit 1), and no write.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from seeds_cli.catalogue import load_catalogue
from seeds_cli.errors import CorpusError

from .conftest import assert_one_line_error, raw_corpus, run_seeds

pytestmark = pytest.mark.usefixtures("no_writes")

SECRET = "TOP-SECRET-CONTENT"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A file outside every corpus, whose content must never be shown."""
    path = tmp_path / "outside" / "secret.txt"
    path.parent.mkdir()
    path.write_text(SECRET + "\n")
    return path


def one_entry(root: Path, file: str, no_writes: Callable[[Path], Path], **files: bytes) -> Path:
    corpus = raw_corpus(root, {"ok.txt": b"fine words", **files}, entries=[("a", {"file": file})])
    return no_writes(corpus)


@pytest.mark.parametrize(
    ("file", "reason"),
    [
        ("../outside/secret.txt", "leaves the corpus folder ('..')"),
        ("sub/../../outside/secret.txt", "leaves the corpus folder ('..')"),
        ("/etc/passwd", "is absolute"),
        ("~/secret.txt", "starts with '~'"),
        ("https://example.com/a.txt", "is a URL"),
        ("file:///etc/passwd", "is a URL"),
        ("C:\\Windows\\win.ini", "is absolute"),
        ("\\\\server\\share\\a.txt", "is absolute"),
        ("docs\\a.txt", "uses backslashes"),
        ("docs/", "names a folder"),
    ],
)
def test_unsafe_path_in_index_is_refused_with_its_line(
    tmp_path: Path, run, no_writes, outside: Path, file: str, reason: str
) -> None:
    corpus = one_entry(tmp_path / "c", file, no_writes)
    result = run("--corpus", str(corpus), "list", "--format", "tsv")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert_one_line_error(result.stderr, "INDEX.md:8:", reason, "give a relative path")
    assert SECRET not in result.output


def test_check_reports_an_unsafe_path_once(tmp_path: Path, run, no_writes) -> None:
    corpus = one_entry(tmp_path / "c", "../outside/secret.txt", no_writes)
    result = run("--corpus", str(corpus), "check")
    assert result.exit_code == 1
    errors = [line for line in result.stdout.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, result.stdout
    assert "INDEX.md:8:" in errors[0]
    assert "leaves the corpus folder" in errors[0]


def test_nul_in_a_file_name_is_refused_with_its_line(tmp_path: Path, run, no_writes) -> None:
    index = "---\ntitle: T\n---\n\n## a\n\n- file: a\x00.txt\n"
    corpus = no_writes(raw_corpus(tmp_path / "c", {"a.txt": b"x"}, index=index))
    result = run("--corpus", str(corpus), "list")
    assert result.exit_code == 2
    assert_one_line_error(result.stderr, "INDEX.md:7:", "NUL byte in INDEX.md", "remove it")


def test_symlink_leaving_the_corpus_is_not_followed(
    tmp_path: Path, run, no_writes, outside: Path
) -> None:
    corpus = raw_corpus(tmp_path / "c", entries=[("a", {"file": "link.txt"})])
    (corpus / "link.txt").symlink_to(outside)
    no_writes(corpus)
    for command in (["list", "--format", "json"], ["check"]):
        result = run("--corpus", str(corpus), *command)
        assert SECRET not in result.output
        assert "points outside the corpus folder" in result.output
    result = run("--corpus", str(corpus), "list", "--format", "json")
    assert result.exit_code == 2
    assert_one_line_error(result.stderr, "link.txt", "INDEX.md:6", "copy the file into the corpus")


def test_symlinked_folder_leaving_the_corpus_is_not_followed(
    tmp_path: Path, run, no_writes, outside: Path
) -> None:
    corpus = raw_corpus(tmp_path / "c", entries=[("a", {"file": "sub/secret.txt"})])
    (corpus / "sub").symlink_to(outside.parent, target_is_directory=True)
    no_writes(corpus)
    result = run("--corpus", str(corpus), "list", "--format", "tsv")
    assert result.exit_code == 2
    assert SECRET not in result.output
    assert_one_line_error(result.stderr, "sub/secret.txt", "points outside the corpus folder")


def test_symlink_inside_the_corpus_is_fine(tmp_path: Path, run, no_writes) -> None:
    corpus = raw_corpus(
        tmp_path / "c", {"real.txt": b"one two"}, entries=[("a", {"file": "l.txt"})]
    )
    (corpus / "l.txt").symlink_to("real.txt")
    no_writes(corpus)
    result = run("--corpus", str(corpus), "list", "--format", "tsv")
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("\t2\n")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_in_place_of_a_file_does_not_hang(tmp_path: Path, no_writes) -> None:
    corpus = raw_corpus(tmp_path / "c", entries=[("a", {"file": "fifo.txt"})])
    os.mkfifo(corpus / "fifo.txt")
    no_writes(corpus)
    result = run_seeds("--corpus", str(corpus), "list", "--format", "tsv", timeout=20)
    assert result.returncode == 2
    assert_one_line_error(
        result.stderr.decode(), "fifo.txt", "is not a regular file", "list regular text files only"
    )
    result = run_seeds("--corpus", str(corpus), "check", timeout=20)
    assert result.returncode == 1
    assert b"INDEX.md:8: fifo.txt: is not a regular file" in result.stdout


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_device_in_place_of_a_file_is_not_read(tmp_path: Path, no_writes) -> None:
    corpus = raw_corpus(tmp_path / "c", entries=[("a", {"file": "zero.txt"})])
    (corpus / "zero.txt").symlink_to("/dev/zero")
    no_writes(corpus)
    result = run_seeds("--corpus", str(corpus), "list", "--format", "tsv", timeout=20)
    assert result.returncode == 2
    assert_one_line_error(result.stderr.decode(), "zero.txt", "outside the corpus folder")


def test_device_read_directly_is_refused(tmp_path: Path) -> None:
    from seeds_cli.catalogue.files import FileProblem, read_bytes

    if not Path("/dev/zero").exists():
        pytest.skip("needs /dev/zero")
    with pytest.raises(FileProblem, match="not a regular file"):
        read_bytes(Path("/dev/zero"))


def test_folder_in_place_of_a_file(tmp_path: Path, run, no_writes) -> None:
    corpus = raw_corpus(tmp_path / "c", entries=[("a", {"file": "dir.txt"})])
    (corpus / "dir.txt").mkdir()
    no_writes(corpus)
    result = run("--corpus", str(corpus), "list", "--format", "tsv")
    assert result.exit_code == 2
    assert_one_line_error(result.stderr, "dir.txt", "is a folder, not a file", "INDEX.md:6")


def test_file_missing(tmp_path: Path, run, no_writes) -> None:
    corpus = no_writes(raw_corpus(tmp_path / "c", entries=[("a", {"file": "gone.txt"})]))
    result = run("--corpus", str(corpus), "list", "--format", "tsv")
    assert result.exit_code == 2
    assert_one_line_error(
        result.stderr, "gone.txt", "file not found", "remove its entry from INDEX.md"
    )


def test_file_vanishing_between_listing_and_reading(
    tmp_path: Path, run, no_writes, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = raw_corpus(
        tmp_path / "c",
        {"a.txt": b"alpha", "b.txt": b"beta"},
        entries=[("a", {"file": "a.txt"}), ("b", {"file": "b.txt"})],
    )
    import seeds_cli.cli.list_cmd as list_cmd

    real_select = list_cmd.select_documents

    def select_then_delete(*args, **kwargs):
        chosen = real_select(*args, **kwargs)
        (corpus / "b.txt").unlink()
        return chosen

    monkeypatch.setattr(list_cmd, "select_documents", select_then_delete)
    result = run("--corpus", str(corpus), "list", "--format", "tsv")
    assert result.exit_code == 2
    assert_one_line_error(result.stderr, "b.txt", "file not found", "INDEX.md:")
    assert "Traceback" not in result.output


def test_file_swapped_for_an_outside_link_after_loading(
    tmp_path: Path, no_writes, outside: Path
) -> None:
    corpus = raw_corpus(tmp_path / "c", {"a.txt": b"alpha"}, entries=[("a", {"file": "a.txt"})])
    catalogue = load_catalogue(corpus)
    (corpus / "a.txt").unlink()
    (corpus / "a.txt").symlink_to(outside)
    no_writes(corpus)
    with pytest.raises(CorpusError, match="points outside the corpus folder") as info:
        _ = catalogue.documents[0].text
    assert SECRET not in str(info.value)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_file_swapped_for_a_fifo_after_loading(tmp_path: Path, no_writes) -> None:
    corpus = raw_corpus(tmp_path / "c", {"a.txt": b"alpha"}, entries=[("a", {"file": "a.txt"})])
    catalogue = load_catalogue(corpus)
    (corpus / "a.txt").unlink()
    os.mkfifo(corpus / "a.txt")
    no_writes(corpus)
    with pytest.raises(CorpusError, match="not a regular file"):
        _ = catalogue.documents[0].text


def test_file_growing_while_read_is_cut_at_the_limit(tmp_path: Path) -> None:
    """A file whose size grows after fstat (simulated) is refused, not read without end."""
    from seeds_cli.catalogue import files

    path = tmp_path / "grow.txt"
    path.write_bytes(b"x" * 10)
    real_read = os.read
    calls = {"n": 0}

    def endless(fd: int, n: int) -> bytes:
        calls["n"] += 1
        return b"y" * n if calls["n"] < 100 else real_read(fd, n)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(files.os, "read", endless)
        with pytest.raises(files.FileProblem, match="grew past the 1,000-byte limit"):
            files.read_bytes(path, 1000)
    assert calls["n"] < 100


def test_corpus_option_with_escapes_is_shown_harmlessly(run, tmp_path: Path) -> None:
    hostile = str(tmp_path / "no\x1b]52;c;aGk=\x07such")
    result = run("--corpus", hostile, "list")
    assert result.exit_code == 2
    line = assert_one_line_error(result.stderr, "does not exist", "give a corpus folder")
    assert "\x1b" not in line and "\x07" not in line
    assert "␛]52;c;aGk=␇" in line


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_unreadable_text_file(tmp_path: Path, run, no_writes, monkeypatch) -> None:
    corpus = no_writes(
        raw_corpus(tmp_path / "c", {"a.txt": b"alpha"}, entries=[("a", {"file": "a.txt"})])
    )
    from seeds_cli.catalogue import files

    real_open = os.open

    def deny(path, flags, *args):
        if str(path).endswith("a.txt"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(files.os, "open", deny)
    result = run("--corpus", str(corpus), "list", "--format", "tsv")
    assert result.exit_code == 2
    assert_one_line_error(result.stderr, "a.txt", "permission denied", "make the file readable")
