"""``seeds search`` on a terminal: result headers, passages and the concordance, cell by cell.

In-process runs pretend stdout is a terminal (``stream_is_terminal``) and read the output back
through pyte; the VTE and environment checks run the real program in a pseudo-terminal.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from seeds_cli.render.bidi.layout import display_inline

from .test_show_cmd import PRESENTATION_FORMS, run_in_pty

LONG_TITLE = (
    "التحالف الدولي ينهي مهمته القتالية في العراق ويبقي مستشارين للتدريب والمشورة "
    "بعد سنوات من الحرب على التنظيم في المدن الشمالية والغربية"
)
BEFORE = "وقالت المصادر الرسمية في العاصمة بعد اجتماع طويل إن قوات"
AFTER = "انسحبت من القاعدة الجوية الكبيرة في الشمال قبل نهاية العام الماضي"

DOCS: list[dict[str, Any]] = [
    {
        "id": "long",
        "title": LONG_TITLE,
        "source": "إيلاف",
        "date": "2021-12-29",
        "lang": "ar",
        "text": f"{BEFORE} التحالف الدولي {AFTER}.\n\n"
        f"وأضاف المتحدث أن قيادة التحالف الدولي شكرت الحكومة على تعاونها {AFTER}.",
    },
    {
        "id": "short",
        "title": "قوات التحالف",
        "source": "okaz",
        "date": "2021-11-02",
        "lang": "ar",
        "text": f"{BEFORE} التحالف بقيت في القاعدة الجوية الكبيرة ولم تنسحب بعد من الشمال.",
    },
    {
        "id": "eng",
        "title": "Coalition news",
        "source": "sabq",
        "date": "2021-10-01",
        "lang": "en",
        "text": "The coalition said its forces left the base in the north of the country.",
    },
]

SGR = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture
def corpus(make_corpus: Callable[..., Path], run: Callable[..., Any]) -> Path:
    root = make_corpus(DOCS, name="display")
    assert run("--corpus", str(root), "index").exit_code == 0
    return root


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the in-process runs believe stdout is a terminal."""
    import seeds_cli.render.console as console

    monkeypatch.setattr(console, "stream_is_terminal", lambda stream=None: True)


def on_terminal(
    run: Callable[..., Any], corpus: Path, cols: int, *args: str, bidi: str = "visual"
) -> str:
    result = run(
        "--corpus",
        str(corpus),
        "--bidi",
        bidi,
        "--color",
        "always",
        "search",
        *args,
        env={"COLUMNS": str(cols), "TERM": "xterm-256color", "VTE_VERSION": None},
    )
    assert result.exit_code in (0, 1), result.output
    return result.output


def screen_of(output: str, cols: int) -> Any:
    import pyte

    screen = pyte.Screen(cols, 300)
    screen.set_mode(pyte.modes.LNM)  # a line feed also returns the carriage, as a tty's onlcr
    pyte.Stream(screen).feed(output)
    return screen


def rows_of(screen: Any) -> list[str]:
    rows = [row.rstrip() for row in screen.display]
    while rows and not rows[-1]:
        rows.pop()
    return rows


def assert_fits(output: str, cols: int) -> None:
    from rich.cells import cell_len

    for line in SGR.sub("", output).splitlines():
        assert cell_len(line) <= cols, f"{cell_len(line)} cells > {cols}: {line!r}"


def logical(visual_text: str) -> str:
    """Shaped right-to-left text as displayed, back in reading order and plain letters."""
    return "".join(
        ch if ch == "…" else unicodedata.normalize("NFKC", ch) for ch in reversed(visual_text)
    )


def score_of(run: Callable[..., Any], corpus: Path, query: str, doc_id: str) -> str:
    data = json.loads(run("--corpus", str(corpus), "search", query, "--format", "json").output)
    return next(f"{r['score']:.3f}" for r in data["results"] if r["id"] == doc_id)


def highlighted(screen: Any, y: int) -> list[int]:
    return [x for x in range(screen.columns) if screen.buffer[y][x].bg != "default"]


# --- result headers --------------------------------------------------------------------------


@pytest.mark.parametrize("cols", [40, 60, 80, 100, 140])
@pytest.mark.parametrize("bidi", ["visual", "logical"])
def test_every_line_fits(run, corpus, terminal, cols: int, bidi: str) -> None:
    for extra in ([], ["--kwic"], ["--explain"], ["--kwic", "--context", "30"]):
        assert_fits(on_terminal(run, corpus, cols, "التحالف الدولي", *extra, bidi=bidi), cols)


@pytest.mark.parametrize("cols", [80, 100])
def test_long_title_keeps_source_date_and_score_on_the_header_line(
    run, corpus, terminal, cols: int
) -> None:
    out = on_terminal(run, corpus, cols, "التحالف الدولي")
    rows = rows_of(screen_of(out, cols))
    header = next(row for row in rows if " long " in row)
    assert header.endswith(score_of(run, corpus, "التحالف الدولي", "long"))
    assert "2021-12-29" in header
    # The title is cut at its logical end: its start is there, in reading order.
    title_part = header.split(" long ", 1)[1].split("  ")
    shown = next(part for part in title_part if PRESENTATION_FORMS.search(part))
    assert shown.strip().startswith("…")  # the cut end, displayed on the left
    start = logical(shown.strip()[1:]).strip()
    assert LONG_TITLE.startswith(start) and len(start) > 20
    # Scores are aligned in one column at the right.
    scores = [row for row in rows if re.search(r"\d\.\d{3}$", row)]
    assert len(scores) == 2 and {len(row) for row in scores} == {cols}


def test_narrow_terminal_puts_the_metadata_on_a_second_line(run, corpus, terminal) -> None:
    cols = 40
    rows = rows_of(screen_of(on_terminal(run, corpus, cols, "التحالف الدولي"), cols))
    y = next(y for y, row in enumerate(rows) if " long " in row)
    assert PRESENTATION_FORMS.search(rows[y])  # the title, shaped
    meta = rows[y + 1]
    assert meta.startswith("     ") and "2021-12-29" in meta
    assert meta.rstrip().endswith(score_of(run, corpus, "التحالف الدولي", "long"))


def test_source_is_shaped_in_visual_mode(run, corpus, terminal) -> None:
    rows = rows_of(screen_of(on_terminal(run, corpus, 100, "التحالف الدولي"), 100))
    header = next(row for row in rows if " long " in row)
    assert display_inline("إيلاف", "visual") in header
    assert "إيلاف" not in header


def test_logical_mode_sends_reading_order_with_fields_kept_apart(run, corpus, terminal) -> None:
    out = on_terminal(run, corpus, 140, "التحالف الدولي", bidi="logical")
    assert not PRESENTATION_FORMS.search(out)
    plain = SGR.sub("", out)
    header = next(line for line in plain.splitlines() if " long " in line)
    # A left-to-right mark opens the line and closes the title and the source, so a terminal
    # that does bidi keeps title, source, date and score in their columns.
    assert header.startswith("\u200e")
    assert "إيلاف\u200e" in header and LONG_TITLE[:40] in header


def test_singular_and_plural(run, corpus, terminal) -> None:
    one = SGR.sub("", on_terminal(run, corpus, 80, "المتحدث"))
    assert one.splitlines()[0] == "1 document matches; showing 1"
    two = SGR.sub("", on_terminal(run, corpus, 80, "التحالف"))
    assert two.splitlines()[0] == "2 documents match; showing 1–2"


def test_matches_use_the_article_views_style(run, corpus, terminal) -> None:
    from seeds_cli.render.article import DEFAULT_STYLES

    assert DEFAULT_STYLES["match"] == "bold black on yellow"
    for extra in ([], ["--kwic"]):
        screen = screen_of(on_terminal(run, corpus, 100, "التحالف", *extra), 100)
        cells = [
            screen.buffer[y][x]
            for y in range(screen.lines)
            for x in highlighted(screen, y)
            if screen.buffer[y][x].data.strip()
        ]
        assert cells, extra
        for cell in cells:
            assert (cell.fg, cell.bg, cell.bold, cell.reverse) == ("black", "brown", True, False)


# --- the concordance -------------------------------------------------------------------------


@pytest.mark.parametrize("cols", [50, 80, 120])
def test_kwic_keyword_aligned_and_contexts_in_reading_order(
    run, corpus, terminal, cols: int
) -> None:
    out = on_terminal(run, corpus, cols, "التحالف", "--kwic", "--context", "12")
    assert_fits(out, cols)
    screen = screen_of(out, cols)
    rows = rows_of(screen)
    assert len(rows) == 3
    plain = run("--corpus", str(corpus), "search", "التحالف", "--kwic", "--format", "plain")
    lines = [line.split("\t") for line in plain.output.splitlines()]
    right_edges = set()
    for y, (row, (doc_id, before, keyword, after)) in enumerate(zip(rows, lines, strict=True)):
        assert row.startswith(doc_id)
        marked = highlighted(screen, y)
        a, b = marked[0], marked[-1]
        right_edges.add(b)
        assert logical(row[a : b + 1]) == keyword
        # Right to left: what comes before the keyword is on its right, its end nearest.
        shown_before = logical(row[b + 1 :].strip())
        assert shown_before and before.endswith(shown_before.removeprefix("…").strip())
        shown_after = logical(row[len(doc_id) : a].strip())
        assert shown_after and after.startswith(shown_after.removesuffix("…").strip())
    # The keyword's start (its right edge) is in one column, near the middle.
    assert len(right_edges) == 1
    assert abs(right_edges.pop() - cols // 2) <= cols // 4


def test_kwic_english_line_reads_left_to_right(run, corpus, terminal) -> None:
    screen = screen_of(on_terminal(run, corpus, 80, "coalition", "--kwic"), 80)
    row = rows_of(screen)[0]
    marked = highlighted(screen, 0)
    assert row[marked[0] : marked[-1] + 1] == "coalition"
    assert row[: marked[0]].strip().endswith("The")
    assert row[marked[-1] + 1 :].strip().startswith("said its forces")


# --- the bidi decision, as in ``seeds show`` ---------------------------------------------------


def test_piped_table_is_logical_even_in_colour(run, corpus) -> None:
    result = run(
        "--corpus", str(corpus), "--color", "always", "search", "التحالف", "--format", "table"
    )
    assert result.exit_code == 0
    assert not PRESENTATION_FORMS.search(result.output)
    assert "\u200e" not in result.output and "إيلاف" in result.output


def test_piped_formats_unchanged(run, corpus) -> None:
    out = run("--corpus", str(corpus), "search", "الدولي", "--format", "plain").output
    first = out.splitlines()[0].split("\t")
    assert first[1:2] + first[3:] == ["long", "2021-12-29", "إيلاف", LONG_TITLE]
    kwic = run("--corpus", str(corpus), "search", "الدولي", "--kwic", "--format", "plain")
    assert kwic.output.splitlines()[0].split("\t")[2] == "الدولي"


@pytest.mark.parametrize("extra", [[], ["--kwic"]])
def test_vte_is_switched_to_explicit_mode_and_back(corpus, extra: list[str]) -> None:
    out = run_in_pty(
        "--corpus", str(corpus), "search", "التحالف", *extra, env={"VTE_VERSION": "7200"}
    )
    # Explicit mode before the first shaped letter, implicit mode again after the last line
    # (an index rebuilt on the way may show its progress before: that goes to stderr).
    text = out.decode()
    start, end = text.find("\x1b[8l"), text.rfind("\x1b[8h")
    shaped = PRESENTATION_FORMS.search(text)
    assert shaped and 0 <= start < shaped.start() < end
    assert not text[end + len("\x1b[8h") :].strip()


def test_vte_restored_when_nothing_matches(corpus) -> None:
    out = run_in_pty("--corpus", str(corpus), "search", "لاشيء", env={"VTE_VERSION": "7200"})
    assert out.count(b"\x1b[8l") == out.count(b"\x1b[8h") == 1
    assert b"0 documents match" in out


def test_seeds_bidi_and_bidi_terminals_get_logical_text(corpus) -> None:
    for env in ({"SEEDS_BIDI": "logical"}, {"MLTERM": "3.9.3"}, {"KONSOLE_VERSION": "230401"}):
        out = run_in_pty("--corpus", str(corpus), "search", "التحالف", env=env).decode()
        assert not PRESENTATION_FORMS.search(out), env
        assert "إيلاف" in out
    out = run_in_pty("--corpus", str(corpus), "search", "التحالف").decode()
    assert PRESENTATION_FORMS.search(out) and "إيلاف" not in out
