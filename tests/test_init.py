"""``seeds init``: an INDEX.md for a folder of text files, which ``seeds check`` then accepts."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from seeds_cli.catalogue import load_catalogue
from seeds_cli.catalogue.catalogue import read_index
from seeds_cli.catalogue.scaffold import find_text_files, make_id, title_of


def _folder(tmp_path: Path) -> Path:
    root = tmp_path / "articles"
    (root / "2015" / "08").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / "first.txt").write_text("\n  عنوان الخبر الأول  \n\nنص الخبر.\n", "utf-8")
    (root / "2015" / "08" / "second story.txt").write_text("Riyadh news\nBody text.\n", "utf-8")
    (root / "2015" / "first.txt").write_text("خبر ثان\nنص\n", "utf-8")
    (root / "خبر.txt").write_text("خبر ثالث\n", "utf-8")
    (root / ".git" / "ignored.txt").write_text("not a document\n", "utf-8")
    (root / "notes.md").write_text("not a text file\n", "utf-8")
    return root


def test_init_writes_an_index_that_check_accepts(run, tmp_path):
    root = _folder(tmp_path)
    result = run("init", str(root))
    assert result.exit_code == 0, result.output
    assert "4 documents" in result.output

    check = run("--corpus", str(root), "check", "--strict")
    assert check.exit_code == 0, check.output
    assert "ok: 4 documents, no problems" in check.output

    catalogue = load_catalogue(root)
    docs = {doc.file: doc for doc in catalogue}
    assert sorted(docs) == ["2015/08/second story.txt", "2015/first.txt", "first.txt", "خبر.txt"]
    first = docs["first.txt"]
    assert (first.title, first.lang, first.date) == ("عنوان الخبر الأول", "ar", "")
    assert first.sha256 == hashlib.sha256((root / "first.txt").read_bytes()).hexdigest()
    # Same stem: the first in path order keeps it, the next is made unique.
    assert (docs["2015/first.txt"].id, first.id) == ("first", "first-2")
    assert docs["2015/08/second story.txt"].id == "second-story"
    assert docs["2015/08/second story.txt"].lang == "en"
    arabic_name = docs["خبر.txt"]
    assert arabic_name.id == hashlib.sha256("خبر ثالث\n".encode()).hexdigest()[:12]
    assert catalogue.header.title == "articles"


def test_init_title_option_and_no_problems_from_parser(run, tmp_path):
    root = _folder(tmp_path)
    assert run("init", str(root), "--title", "Local news: 2015").exit_code == 0
    parsed = read_index(root)
    assert parsed.problems == []
    assert parsed.header.title == "Local news: 2015"


def test_init_refuses_to_overwrite_without_force(run, tmp_path):
    root = _folder(tmp_path)
    (root / "INDEX.md").write_text("hand-written\n", "utf-8")
    result = run("init", str(root))
    assert result.exit_code == 2
    assert "already exists" in result.output and "--force" in result.output
    assert "Traceback" not in result.output
    assert (root / "INDEX.md").read_text("utf-8") == "hand-written\n"

    forced = run("init", str(root), "--force")
    assert forced.exit_code == 0, forced.output
    assert len(load_catalogue(root)) == 4


def test_bad_files_are_reported_and_nothing_is_written(run, tmp_path):
    root = _folder(tmp_path)
    (root / "latin1.txt").write_bytes("café\n".encode("latin-1"))
    (root / "empty.txt").write_bytes(b"")
    result = run("init", str(root))
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(lines) == 2
    assert any("latin1.txt" in line and "UTF-8" in line for line in lines)
    assert any("empty.txt" in line and "empty" in line for line in lines)
    assert not (root / "INDEX.md").exists()


def test_skip_bad_leaves_them_out_and_check_still_passes(run, tmp_path):
    root = _folder(tmp_path)
    (root / "latin1.txt").write_bytes("café\n".encode("latin-1"))
    result = run("init", str(root), "--skip-bad")
    assert result.exit_code == 0, result.output
    assert "skipped:" in result.output and "1 skipped" in result.output
    assert {doc.file for doc in load_catalogue(root)} == {
        "first.txt",
        "2015/first.txt",
        "2015/08/second story.txt",
        "خبر.txt",
    }
    check = run("--corpus", str(root), "check")
    assert check.exit_code == 0  # the left-out file is only a warning
    assert "not listed" in check.output


def test_symlink_leading_outside_is_refused(run, tmp_path):
    root = _folder(tmp_path)
    outside = tmp_path / "secret.txt"
    outside.write_text("secret\n", "utf-8")
    (root / "link.txt").symlink_to(outside)
    result = run("init", str(root))
    assert result.exit_code == 1
    assert "link.txt" in result.output and "outside" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing"], "not a folder"),
        (["empty"], "no .txt files"),
    ],
)
def test_errors_are_one_line(run, tmp_path, args, message):
    (tmp_path / "empty").mkdir()
    result = run("init", *(str(tmp_path / a) for a in args))
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_no_temporary_files_left_behind(run, tmp_path):
    root = _folder(tmp_path)
    assert run("init", str(root)).exit_code == 0
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".INDEX")) == []


def test_find_text_files_order_and_hidden_folders(tmp_path):
    root = _folder(tmp_path)
    assert find_text_files(root) == [
        "2015/08/second story.txt",
        "2015/first.txt",
        "first.txt",
        "خبر.txt",
    ]


@pytest.mark.parametrize(
    ("path", "used", "expected"),
    [
        ("a/000_791b.txt", set(), "000_791b"),
        ("-lead.txt", set(), "lead"),
        ("x y+z.txt", set(), "x-y-z"),
        ("dup.txt", {"dup", "dup-2"}, "dup-3"),
    ],
)
def test_make_id(path, used, expected):
    assert make_id(path, b"data", used) == expected


def test_title_is_first_line_shortened_at_a_word():
    assert title_of("\n\n  Hello\tworld  \nbody") == "Hello world"
    long = "كلمة " * 60
    title = title_of(long)
    assert title.endswith("…") and len(title) <= 121
    assert "  " not in title and not title[:-1].endswith(" ")
    assert title_of("   \n  ") == ""
