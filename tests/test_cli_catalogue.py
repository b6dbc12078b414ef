"""``seeds list``, ``seeds check`` and ``seeds import`` through the CLI."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest

from seeds_cli.catalogue import load_catalogue

from .conftest import SAMPLE_DOCS

# --- list -----------------------------------------------------------------------------------


def test_list_piped_is_tsv(run, unchanged: Path) -> None:
    result = run("--corpus", str(unchanged), "list")
    assert result.exit_code == 0, result.output
    rows = [line.split("\t") for line in result.output.splitlines()]
    assert [r[0] for r in rows] == ["a1", "b2", "b3"]
    assert rows[1] == ["b2", "Ministry news", "sabq", "2015-08-02", "en", "7"]


def test_list_json_carries_every_field(run, unchanged: Path) -> None:
    result = run("--corpus", str(unchanged), "list", "--format", "json")
    data = json.loads(result.output)
    assert [d["id"] for d in data] == ["a1", "b2", "b3"]
    b2 = data[1]
    assert b2 == {
        "id": "b2",
        "file": "b2.txt",
        "title": "Ministry news",
        "source": "sabq",
        "date": "2015-08-02",
        "lang": "en",
        "url": "https://example.com/b2",
        "sha256": b2["sha256"],
        "words": 7,
    }


def test_list_jsonl_csv_ids(run, unchanged: Path) -> None:
    jsonl = run("--corpus", str(unchanged), "list", "--format", "jsonl").output.splitlines()
    assert [json.loads(line)["id"] for line in jsonl] == ["a1", "b2", "b3"]
    rows = list(
        csv.DictReader(
            io.StringIO(run("--corpus", str(unchanged), "list", "--format", "csv").output)
        )
    )
    assert rows[0]["title"] == SAMPLE_DOCS[0]["title"] and rows[0]["words"] == "9"
    assert run("--corpus", str(unchanged), "list", "--format", "ids").output == "a1\nb2\nb3\n"


@pytest.mark.parametrize(
    ("args", "ids"),
    [
        (["--source", "okaz"], ["a1", "b3"]),
        (["--source", "OKAZ", "--source", "sabq"], ["a1", "b2", "b3"]),
        (["--lang", "en"], ["b2"]),
        (["--since", "2015-08-01"], ["b2", "b3"]),
        (["--until", "2015-08-02"], ["a1", "b2"]),
        (["--since", "2015-08", "--until", "2015-08"], ["b2", "b3"]),
        (["--until", "2015-07"], ["a1"]),
        (["--sort", "date", "--reverse"], ["b3", "b2", "a1"]),
        (["--sort", "words"], ["b2", "b3", "a1"]),
        (["--sort", "title", "--limit", "1"], ["b2"]),
        (["--reverse"], ["b3", "b2", "a1"]),
        (["--limit", "0"], []),
    ],
)
def test_list_filters_and_sorting(run, unchanged: Path, args: list[str], ids: list[str]) -> None:
    result = run("--corpus", str(unchanged), "list", "--format", "ids", *args)
    assert result.exit_code == 0, result.output
    assert result.output.split() == ids


def test_list_table_on_a_terminal(run, unchanged: Path) -> None:
    result = run("--corpus", str(unchanged), "--bidi", "logical", "list", "--format", "table")
    assert result.exit_code == 0, result.output
    assert "Ministry news" in result.output and "b2" in result.output
    assert "3 documents" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["list", "--since", "2015-02-30"], "'2015-02-30' is not a date"),
        (["list", "--sort", "colour"], "Invalid value for '--sort'"),
        (["list", "--limit", "-1"], "Invalid value for '--limit'"),
        (["--max-file-size", "lots", "list"], "'lots' is not a size"),
    ],
)
def test_list_bad_options(run, unchanged: Path, args: list[str], message: str) -> None:
    result = run("--corpus", str(unchanged), *args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_unknown_corpus_is_one_line_exit_2(run, tmp_path: Path) -> None:
    result = run("--corpus", str(tmp_path / "nope"), "list")
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert lines == [
        f"seeds: error: --corpus: {tmp_path / 'nope'} does not exist — give a corpus folder holding INDEX.md"
    ]


def test_corpus_from_environment(run, unchanged: Path) -> None:
    result = run("list", "--format", "ids", env={"SEEDS_CORPUS": str(unchanged)})
    assert result.output.split() == ["a1", "b2", "b3"]


def test_vanished_file_is_one_line_error(run, make_corpus) -> None:
    root = make_corpus([{"id": "x", "text": "نص"}])
    (root / "x.txt").unlink()
    result = run("--corpus", str(root), "list")
    assert result.exit_code == 2
    assert "x.txt: file not found (listed at INDEX.md:" in result.output
    assert "restore it or remove its entry from INDEX.md" in result.output


def test_list_never_writes(run, unchanged: Path) -> None:
    before = sorted(os.listdir(unchanged))
    run("--corpus", str(unchanged), "list", "--format", "json")
    assert sorted(os.listdir(unchanged)) == before


# --- check ----------------------------------------------------------------------------------


def test_check_clean_corpus(run, unchanged: Path) -> None:
    result = run("--corpus", str(unchanged), "check")
    assert result.exit_code == 0
    assert result.output == "ok: 3 documents, no problems\n"


def test_check_bundled_corpus_passes(run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    # An index folder of its own: whatever index of the bundled corpus exists is not checked.
    result = run("check", env={"SEEDS_INDEX_DIR": str(tmp_path / "indexes")})
    assert result.exit_code == 0, result.output
    assert result.output.startswith("ok: 1 documents")


def broken_corpus(make_corpus) -> Path:
    """A corpus with one instance of each problem ``seeds check`` must find."""
    root = make_corpus(
        [
            {"id": "good", "text": "نص سليم"},
            {"id": "missing", "text": "x", "write": False},
            {"id": "latin1", "raw": "caf\xe9".encode("latin-1")},
            {"id": "bom", "raw": b"\xef\xbb\xbfwith bom"},
            {"id": "nul", "raw": b"bin\x00ary"},
            {"id": "empty", "raw": b""},
            {"id": "utf16", "raw": "نص".encode("utf-16")},
        ]
    )
    (root / "stray.txt").write_text("not listed", "utf-8")
    (root / "good.txt").write_text("changed", "utf-8")  # checksum mismatch
    outside = root.parent / "outside.txt"
    outside.write_text("secret", "utf-8")
    (root / "link.txt").symlink_to(outside)
    (root / "folder.txt").mkdir()
    os.mkfifo(root / "fifo.txt")
    text = (root / "INDEX.md").read_text("utf-8")
    text += (
        "\n## link\n- file: link.txt\n"
        "\n## folder\n- file: folder.txt\n"
        "\n## fifo\n- file: fifo.txt\n"
        "\n## dup\n- file: stray2.txt\n- date: 2021-02-30\n"
        "\n## dup\n- file: ../up.txt\n"
        "\n## nosum\n- file: nosum.txt\n"
    )
    (root / "INDEX.md").write_text(text, "utf-8")
    (root / "nosum.txt").write_text("no checksum", "utf-8")
    (root / "stray2.txt").write_text("x", "utf-8")
    return root


def test_check_reports_every_problem(run, make_corpus) -> None:
    root = broken_corpus(make_corpus)
    result = run("--corpus", str(root), "check")
    assert result.exit_code == 1
    out = result.output
    expected = [
        "missing.txt: file not found",
        "latin1.txt: is not valid UTF-8 (byte 3 is 0xe9)",
        "warning: ",
        "bom.txt: starts with a UTF-8 BOM",
        "nul.txt: contains a NUL byte (at byte 3)",
        "empty.txt: is empty",
        "utf16.txt: is UTF-16",
        "good.txt: checksum mismatch",
        "link.txt points outside the corpus folder",
        "folder.txt: is a folder, not a file",
        "fifo.txt: is not a regular file",
        "invalid date '2021-02-30'",
        "duplicate id 'dup'",
        "file path '../up.txt' leaves the corpus folder",
        "nosum.txt: has no sha256 checksum",
        "stray.txt: text file not listed in INDEX.md",
    ]
    for needle in expected:
        assert needle in out, f"{needle!r} not in:\n{out}"
    for line in out.splitlines()[:-1]:
        assert line.startswith(("error: ", "warning: ")), line
        assert "INDEX.md:" in line or "not listed" in line, line
    assert out.splitlines()[-1].endswith("in 13 documents")
    assert "Traceback" not in out


def test_check_strict_counts_warnings(run, make_corpus) -> None:
    root = make_corpus([{"id": "x", "text": "a"}])
    (root / "stray.txt").write_text("x", "utf-8")
    assert run("--corpus", str(root), "check").exit_code == 0
    assert run("--corpus", str(root), "check", "--strict").exit_code == 1


def test_check_cannot_run_is_exit_2(run, tmp_path: Path) -> None:
    (tmp_path / "INDEX.md").write_bytes(b"\xff\xfe")
    result = run("--corpus", str(tmp_path), "check")
    assert result.exit_code == 2
    assert "INDEX.md: is UTF-16" in result.output


# --- import ---------------------------------------------------------------------------------

RECORDS = [
    {
        "title": "أول",
        "content": "نص المقال الأول",
        "source": "okaz",
        "date_extracted": "2015-07-21 02:51:32",
        "url": "http://a/1",
    },
    {"title": "فارغ", "content": "   \n ", "source": "okaz"},
    {"title": "مكرر", "content": "نص المقال الأول", "source": "sabq", "url": "http://b/1"},
    {"text": "An English text.", "date": "2015-08-01", "author": "A. Writer"},
    {"body": "بلا عنوان", "date": "not a date"},
]


def test_import_json_array(run, tmp_path: Path) -> None:
    src = tmp_path / "a.json"
    src.write_text(json.dumps(RECORDS, ensure_ascii=False), "utf-8")
    dest = tmp_path / "corpus"
    result = run("import", str(src), "--to", str(dest))
    assert result.exit_code == 0, result.output
    assert "imported 4 documents from 5 records" in result.output
    assert "1 without text skipped" in result.output
    assert "1 unreadable dates left empty" in result.output
    catalogue = load_catalogue(dest)
    docs = list(catalogue)
    assert [d.title for d in docs] == ["أول", "مكرر", "", ""]
    assert docs[0].date == "2015-07-21" and docs[0].url == "http://a/1" and docs[0].lang == "ar"
    assert docs[2].lang == "en" and docs[2].author == "A. Writer" and docs[2].date == "2015-08-01"
    assert docs[3].text == "بلا عنوان"
    assert run("--corpus", str(dest), "check").exit_code == 0


def test_import_jsonl_with_dedupe(run, tmp_path: Path) -> None:
    src = tmp_path / "a.jsonl"
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in RECORDS) + "\n\n", "utf-8")
    dest = tmp_path / "corpus"
    result = run("import", str(src), "--to", str(dest), "--dedupe")
    assert result.exit_code == 0, result.output
    assert "1 duplicates skipped" in result.output
    assert len(load_catalogue(dest)) == 3


def test_import_refuses_non_empty_destination(run, tmp_path: Path) -> None:
    src = tmp_path / "a.jsonl"
    src.write_text(json.dumps(RECORDS[0]) + "\n", "utf-8")
    dest = tmp_path / "corpus"
    dest.mkdir()
    (dest / "keep.txt").write_text("precious", "utf-8")
    result = run("import", str(src), "--to", str(dest))
    assert result.exit_code == 2
    assert "is not empty — choose another --to, or add --force to replace it" in result.output
    assert (dest / "keep.txt").read_text("utf-8") == "precious"
    result = run("import", str(src), "--to", str(dest), "--force")
    assert result.exit_code == 0
    assert not (dest / "keep.txt").exists() and len(load_catalogue(dest)) == 1
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".corpus")], "no temp left"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"text": "a"}\n{"text": \n', "a.jsonl:2: invalid JSON"),
        ('["text"]\n', "a.jsonl (record 1): record is not a JSON object"),
        ("[1, 2\n", "a.jsonl:2:1: invalid JSON"),
    ],
)
def test_import_bad_input_leaves_nothing(run, tmp_path: Path, content: str, message: str) -> None:
    src = tmp_path / "a.jsonl"
    src.write_text(content, "utf-8")
    result = run("import", str(src), "--to", str(tmp_path / "corpus"))
    assert result.exit_code == 2
    assert message in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.jsonl"]


def test_import_ids_are_unique_and_stable(run, tmp_path: Path) -> None:
    src = tmp_path / "a.jsonl"
    src.write_text("\n".join(json.dumps({"text": "same"}) for _ in range(3)) + "\n", "utf-8")
    run("import", str(src), "--to", str(tmp_path / "one"))
    run("import", str(src), "--to", str(tmp_path / "two"))
    ids_one = [d.id for d in load_catalogue(tmp_path / "one")]
    assert len(set(ids_one)) == 3
    assert ids_one == [d.id for d in load_catalogue(tmp_path / "two")]


def test_no_color_wins_over_force_color_when_piped(run, unchanged: Path) -> None:
    env = {"NO_COLOR": "1", "FORCE_COLOR": "1"}
    result = run("--corpus", str(unchanged), "list", "--format", "table", env=env)
    assert result.exit_code == 0
    assert "\x1b" not in result.output


def test_force_color_colours_a_pipe(run, unchanged: Path) -> None:
    result = run("--corpus", str(unchanged), "list", "--format", "table", env={"FORCE_COLOR": "1"})
    assert "\x1b[" in result.output
