"""``seeds list`` on a terminal: the table is made a screenful at a time, so the first screen
shows at once however large the corpus, and a table longer than the screen is paged."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from seeds_cli.catalogue import load_catalogue
from seeds_cli.render.console import make_console
from seeds_cli.render.tables import DocumentTable

from .test_show_cmd import run_in_pty

TITLES = ["التحالف الدولي ينهي مهمته القتالية في العراق", "A title in English", "عنوان"]


def many_docs(n: int) -> list[dict[str, str]]:
    return [
        {
            "id": f"doc{k:03d}",
            "title": TITLES[k % 3] + f" {k}",
            "source": ["إيلاف", "okaz", "الرياض"][k % 3],
            "date": f"2015-07-{k % 28 + 1:02d}",
            "lang": "ar",
            "text": "كلمة " * (k + 1),
        }
        for k in range(n)
    ]


@pytest.mark.parametrize("mode", ["visual", "logical"])
def test_pieces_join_into_the_whole_table(make_corpus, mode: str) -> None:
    catalogue = load_catalogue(make_corpus(many_docs(25)))
    table = DocumentTable(catalogue.documents, "عنوان المجموعة", mode, width=100)
    console = make_console("always", width=100)
    whole = console.render_lines(table.table(), pad=False, new_lines=True)
    for first, then in ((3, 5), (1, 1), (10, 100), (25, 1)):
        assert list(table.lines(console, first, then)) == whole, (first, then)


def test_the_first_screen_reads_only_its_own_documents(make_corpus) -> None:
    catalogue = load_catalogue(make_corpus(many_docs(60)))
    table = DocumentTable(catalogue.documents, "", "visual", width=100)
    lines = table.lines(make_console("always", width=100), first=10)
    while "doc009" not in "".join(s.text for s in next(lines)):
        pass  # the first screen, up to its last row
    read = [doc.id for doc in catalogue.documents if doc._text is not None]
    assert read == [f"doc{k:03d}" for k in range(10)]  # the word counts of the first screen


def test_the_words_column_is_wide_enough_before_any_text_is_read(make_corpus) -> None:
    docs = many_docs(3)
    docs[2]["text"] = "و " * 12_345  # 12,345 words
    catalogue = load_catalogue(make_corpus(docs))
    table = DocumentTable(catalogue.documents, "", "logical", width=100)
    assert table.widths[-1] >= len("12,345")
    console = make_console("never", width=100)
    shown = "".join(s.text for line in table.lines(console, first=1) for s in line)
    assert "12,345" in shown and "…" not in shown


def test_a_long_table_goes_through_the_pager(make_corpus, tmp_path: Path) -> None:
    root = make_corpus(many_docs(40))
    sink = tmp_path / "paged"
    pager = f"{sys.executable} -c \"import sys; open(sys.argv[1], 'wb').write(sys.stdin.buffer.read())\" {sink}"
    shown = run_in_pty("--corpus", str(root), "list", env={"PAGER": pager}, rows=15).decode()
    paged = sink.read_text("utf-8")
    assert all(f"doc{k:03d}" in paged for k in range(40))
    assert "40 documents" in paged
    assert "doc000" not in shown  # the terminal got nothing but what the pager drew


def test_a_short_table_or_no_pager_prints_straight_away(make_corpus, tmp_path: Path) -> None:
    sink = tmp_path / "paged"
    pager = f"{sys.executable} -c \"open('{sink}', 'w')\""
    short = run_in_pty(
        "--corpus", str(make_corpus(many_docs(3), name="short")), "list", env={"PAGER": pager}
    ).decode()
    assert "doc002" in short and "3 documents" in short
    root = make_corpus(many_docs(40), name="long")
    out = run_in_pty("--corpus", str(root), "list", "--no-pager", env={"PAGER": pager}, rows=15)
    assert "doc039" in out.decode() and "40 documents" in out.decode()
    assert not sink.exists()


def test_quitting_the_pager_early_ends_the_listing_quietly(make_corpus) -> None:
    root = make_corpus(many_docs(300))
    pager = f'{sys.executable} -c "import sys; sys.stdin.buffer.read(100)"'
    out = run_in_pty("--corpus", str(root), "list", env={"PAGER": pager}, rows=15).decode()
    assert "Traceback" not in out and "error" not in out
