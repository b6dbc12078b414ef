"""The result header of ``seeds search`` fits the window as the terminal draws it.

Found in mlterm (issue 15): in logical mode in a 100-column window, the header of
``seeds search 'القوات العراقية'`` was wider than the window and its score wrapped. mlterm shapes
Arabic itself: it draws a lam-alef pair in one cell (rich counts two), keeps a column of its
line for each left-to-right mark (rich counts none), and its bold Arabic glyphs come wider
than a cell. xterm in visual mode draws what seeds shaped, cell for cell.
"""

from __future__ import annotations

import re

import pytest
from rich.cells import cell_len

from .test_show_cmd import run_in_pty

SGR = re.compile(r"\x1b\[([0-9;]*)m")
ANY_ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
LAM_ALEF = ("لا", "لأ", "لإ", "لآ")
ARABIC = re.compile("[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff]")

DOCS = [
    {
        "id": f"d{k}",
        "title": title,
        "source": source,
        "date": "2021-12-29",
        "lang": "ar",
        "text": "أعلنت القوات العراقية اليوم انتهاء العمليات في المنطقة. " * (k + 1),
    }
    for k, (title, source) in enumerate(
        [
            (
                "لا سلام بلا عدالة: الأهالي لا يلاحظون الإعلان عن الاتفاق ولا الانسحاب الكامل",
                "إيلاف",
            ),
            ("التحالف الدولي ينهي مهمته القتالية في العراق ويبقي مستشارين لدعم القوات", "okaz"),
            ("القوات العراقية", "الأنباء"),
            ("Iraqi forces take over", "reuters"),
        ]
    )
]


def mlterm_cells(text: str) -> int:
    """Columns of mlterm's line that logical text takes: a lam-alef pair takes one, and a
    left-to-right mark one too (drawn as nothing, but counted when the line wraps)."""
    marks = text.count("\u200e") + text.count("\u200f")
    return cell_len(text) - sum(text.count(pair) for pair in LAM_ALEF) + marks


def header_rows(output: str) -> list[tuple[str, bool]]:
    """Each result header line as plain text, and whether any Arabic letter in it was bold."""
    rows = []
    for line in output.replace("\r", "").split("\n"):
        if not re.search(r"\bd\d\b", ANY_ESCAPE.sub("", line)):
            continue
        bold, plain, arabic_bold = False, [], False
        pos = 0
        for m in SGR.finditer(line):
            chunk = ANY_ESCAPE.sub("", line[pos : m.start()])
            arabic_bold |= bold and bool(ARABIC.search(chunk))
            plain.append(chunk)
            codes = m.group(1).split(";")
            if "1" in codes:
                bold = True
            elif {"0", "", "22"} & set(codes):
                bold = False
            pos = m.end()
        chunk = ANY_ESCAPE.sub("", line[pos:])
        arabic_bold |= bold and bool(ARABIC.search(chunk))
        plain.append(chunk)
        rows.append(("".join(plain), arabic_bold))
    return rows


@pytest.mark.parametrize("cols", [100, 72])
def test_mlterm_header_lines_fit_and_align(make_corpus, cols: int) -> None:
    root = make_corpus(DOCS)
    out = run_in_pty(
        "--corpus", str(root), "search", "القوات", "--no-group", env={"MLTERM": "3.9.0"}, cols=cols
    ).decode()
    rows = header_rows(out)
    assert len(rows) == 4, out
    ends = set()
    for text, arabic_bold in rows:
        assert mlterm_cells(text) <= cols, text
        assert not arabic_bold, text  # mlterm's bold Arabic is wider than its cells
        ends.add(mlterm_cells(text.rstrip()))
    assert len(ends) == 1, rows  # the score column lines up as mlterm draws it


def test_visual_mode_header_lines_fit(make_corpus) -> None:
    root = make_corpus(DOCS)
    # --no-group: the texts repeat one sentence, so they are copies of one story.
    out = run_in_pty("--corpus", str(root), "search", "القوات", "--no-group", cols=100).decode()
    rows = header_rows(out)
    assert len(rows) == 4, out
    ends = {cell_len(text.rstrip()) for text, _ in rows}
    assert len(ends) == 1 and max(ends) <= 100, rows
