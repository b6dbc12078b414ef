"""``seeds show``: piped forms in-process, the terminal view through a real pseudo-terminal."""

from __future__ import annotations

import json
import os
import re
import sys
import unicodedata
from pathlib import Path

import pytest

from .conftest import REPO, SAMPLE_DOCS, SEED_FILE

SEEDS = REPO / "seeds"
SEED_TEXT = SEED_FILE.read_text(encoding="utf-8")
PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")


def _body_words(output: str) -> list[str]:
    """The words after the header (everything past the first blank line after the metadata)."""
    body = output.split("\n\n", 2)[2]
    return body.split()


# --- piped ------------------------------------------------------------------------------------


def test_piped_view_is_logical_and_complete(run) -> None:
    result = run("--corpus", str(SEEDS), "show", "791b")
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.startswith("التحالف الدولي ينهي مهمته القتالية")
    assert "source    إيلاف" in out and "place     لندن" in out
    assert "date      2021-12-29 · " in out and "1443 هـ" in out
    assert not PRESENTATION_FORMS.search(out)
    assert _body_words(out) == SEED_TEXT.split()


def test_without_an_id_a_one_document_corpus_shows_it(run) -> None:
    assert (
        run("--corpus", str(SEEDS), "show").output
        == run("--corpus", str(SEEDS), "show", "7").output
    )


def test_without_an_id_a_larger_corpus_is_a_usage_error(run, corpus: Path) -> None:
    result = run("--corpus", str(corpus), "show")
    assert result.exit_code == 2
    assert "seeds list" in result.output and "has 3" in result.output


def test_unknown_id(run, corpus: Path) -> None:
    result = run("--corpus", str(corpus), "show", "zz")
    assert result.exit_code == 2
    assert "no document with id or id prefix 'zz'" in result.output


def test_width_wraps_piped_output(run) -> None:
    from rich.cells import cell_len

    result = run("--corpus", str(SEEDS), "show", "--width", "40")
    lines = result.output.splitlines()
    assert max(cell_len(line) for line in lines) <= 40
    assert len(lines) > 60
    assert not PRESENTATION_FORMS.search(result.output)


def test_visual_mode_on_request_even_when_piped(run) -> None:
    result = run("--corpus", str(SEEDS), "show", "--bidi", "visual", "--width", "60")
    assert PRESENTATION_FORMS.search(result.output)
    result = run("--corpus", str(SEEDS), "show", "--width", "60", env={"SEEDS_BIDI": "visual"})
    assert PRESENTATION_FORMS.search(result.output)


def test_raw_is_the_exact_bytes(run, make_corpus) -> None:
    data = "سطر\r\nline\x1b[31m\n".encode() + b"\xff"
    root = make_corpus([{"id": "r1", "raw": data, "title": "t"}], checksums=False)
    result = run("--corpus", str(root), "show", "r1", "--raw")
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes == data


def test_raw_goes_with_no_format(run) -> None:
    result = run("--corpus", str(SEEDS), "show", "--raw", "--format", "json")
    assert result.exit_code == 2 and "--raw" in result.output


def test_json(run) -> None:
    result = run("--corpus", str(SEEDS), "show", "--format", "json")
    data = json.loads(result.output)
    assert data["id"] == "791b9733c10e92d3" and data["text"] == SEED_TEXT
    assert data["lang"] == "ar" and data["place"] == "لندن" and data["words"] > 500
    kinds = [b["kind"] for b in data["blocks"]]
    assert kinds.count("subheading") == 2 and kinds.count("caption") == 1
    first = data["blocks"][0]["spans"][0]
    assert SEED_TEXT[first["start"] : first["end"]] == "إيلاف من لندن:"


def test_markdown(run) -> None:
    result = run("--corpus", str(SEEDS), "show", "--format", "markdown")
    assert result.output.startswith("# التحالف الدولي")
    assert "\n## أنصار إيران لا يقبلون بأي وجود قتالي\n" in result.output


HOSTILE = {
    "id": "h1",
    "title": "[bold]x[/] \u202eevil",
    "source": "[link=http://x]src[/link]",
    "text": "نص \x1b[2J\x1b]0;owned\x07 [red]أحمر[/red] \x9b31m",
}


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_hostile_document_piped(run, make_corpus, fmt: str) -> None:
    root = make_corpus([HOSTILE], checksums=False)
    result = run("--corpus", str(root), "show", "h1", "--format", fmt)
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "\u202e" not in result.output and "\x9b" not in result.output
    assert "␛[2J" in result.output.replace("\\", "")


def test_sample_corpus_english_document(run, corpus: Path) -> None:
    result = run("--corpus", str(corpus), "show", "b2")
    assert result.output.startswith("Ministry news\n")
    assert "هـ" not in result.output  # no Hijri date for an English document
    assert "url       https://example.com/b2" in result.output
    assert SAMPLE_DOCS[1]["text"] in result.output


# --- on a terminal ------------------------------------------------------------------------------


def run_in_pty(
    *args: str, env: dict[str, str] | None = None, cols: int = 80, rows: int = 200
) -> bytes:
    """Run ``seeds ARGS`` with a pseudo-terminal as stdin/stdout/stderr; return what it wrote."""
    import fcntl
    import pty
    import select
    import struct
    import subprocess
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "PYTHONPATH", "SYSTEMROOT")
    full_env = {k: v for k, v in os.environ.items() if k in keep}
    full_env.update({"TERM": "xterm-256color", "PAGER": "cat", "LANG": "C.UTF-8"})
    full_env.update(env or {})
    proc = subprocess.Popen(
        [sys.executable, "-m", "seeds_cli", *args],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=full_env,
        cwd=REPO,
        close_fds=True,
    )
    os.close(slave)
    out = b""
    try:
        while True:
            ready, _, _ = select.select([master], [], [], 30)
            if not ready:
                break
            try:
                data = os.read(master, 65536)
            except OSError:  # the child closed the terminal
                break
            if not data:
                break
            out += data
    finally:
        os.close(master)
        proc.wait(timeout=30)
    return out


def _screen(output: bytes, cols: int, rows: int = 200):
    import pyte

    screen = pyte.Screen(cols, rows)
    pyte.ByteStream(screen).feed(output)
    return screen


@pytest.mark.parametrize("cols", [40, 80])
def test_terminal_view_right_aligns_arabic(cols: int) -> None:
    out = run_in_pty("--corpus", str(SEEDS), "show", "--no-pager", cols=cols)
    screen = _screen(out, cols)
    rows = [row.rstrip() for row in screen.display]
    margin = 2 if cols >= 50 else 1
    rule = next(y for y, row in enumerate(rows) if "────" in row)
    title_end = rows.index("")
    body = [
        (y, row)
        for y, row in enumerate(rows)
        if (y < title_end or y > rule) and PRESENTATION_FORMS.search(row)
    ]
    assert len(body) > 40

    def last_cell(y: int) -> int:
        line = screen.buffer[y]
        return max(x for x in range(cols) if line[x].data.strip())

    # Every Arabic row (title, body, caption, subheadings) ends at the right margin.
    assert {last_cell(y) for y, _ in body} == {cols - margin - 1}
    # The first body row starts the article, at the right.
    first = next(row for _, row in body if "ﻥﺪﻨﻟ" in row)
    assert unicodedata.normalize("NFKC", first.strip()[::-1]).startswith("إيلاف من لندن:")


def test_terminal_that_does_bidi_gets_logical_text() -> None:
    out = run_in_pty("--corpus", str(SEEDS), "show", "--no-pager", env={"MLTERM": "3.9.3"})
    text = out.decode()
    assert not PRESENTATION_FORMS.search(text)
    assert "إيلاف من لندن:" in text


def test_vte_is_switched_to_explicit_mode_and_back() -> None:
    out = run_in_pty("--corpus", str(SEEDS), "show", "--no-pager", env={"VTE_VERSION": "7200"})
    assert out.startswith(b"\x1b[8l")
    assert out.rstrip(b"\r\n").endswith(b"\x1b[8h")
    assert PRESENTATION_FORMS.search(out.decode())


def test_pager_receives_the_view(tmp_path: Path) -> None:
    sink = tmp_path / "paged"
    pager = f"{sys.executable} -c \"import sys; open(sys.argv[1], 'wb').write(sys.stdin.buffer.read())\" {sink}"
    run_in_pty("--corpus", str(SEEDS), "show", "--pager", env={"PAGER": pager})
    paged = sink.read_bytes().decode()
    assert PRESENTATION_FORMS.search(paged)
    assert "source" in paged


def test_raw_refuses_to_send_controls_to_a_terminal(make_corpus) -> None:
    root = make_corpus([{"id": "c1", "text": "a\x1b[2Jb", "title": "t"}], checksums=False)
    out = run_in_pty("--corpus", str(root), "show", "c1", "--raw").decode()
    assert "\x1b[2J" not in out
    assert "control characters" in out


def test_hostile_document_on_a_terminal(make_corpus) -> None:
    root = make_corpus([HOSTILE], checksums=False)
    out = run_in_pty("--corpus", str(root), "--color", "always", "show", "h1", "--no-pager")
    without_sgr = re.sub(rb"\x1b\[[0-9;]*m", b"", out)
    assert b"\x1b" not in without_sgr and b"\x07" not in without_sgr
    text = out.decode()
    assert "\u202e" not in text and "\x9b" not in text
    screen_text = "\n".join(_screen(out, 80).display)
    assert "[bold]x[/]" in screen_text and "[link=http://x]src[/link]" in screen_text
