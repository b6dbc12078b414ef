"""``seeds browse`` as a real process on a pseudo-terminal, read back through pyte: what the
terminal is sent, the VTE bidi mode on every exit path, and the one-line errors."""

from __future__ import annotations

import os
import re
import signal
import sys
import time
from pathlib import Path

import pytest

from seeds_cli.render.bidi.layout import display_inline

from .conftest import assert_one_line_error, write_corpus
from .test_browse_app import DOCS

pyte = pytest.importorskip("pyte")
pty = pytest.importorskip("pty")

COLS, ROWS = 100, 30


class Terminal:
    """``seeds browse`` on a pty of COLS x ROWS; ``raw`` is every byte it wrote."""

    def __init__(self, corpus: Path, tmp: Path, *args: str, env: dict[str, str] | None = None):
        import fcntl
        import struct
        import termios

        self.screen = pyte.Screen(COLS, ROWS)
        self.stream = pyte.ByteStream(self.screen)
        self.raw = bytearray()
        environment = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("SEEDS_", "VTE_", "MLTERM", "KONSOLE", "TMUX", "STY"))
        }
        environment.update(
            TERM="xterm-256color", SEEDS_INDEX_DIR=str(tmp / "indexes"), **(env or {})
        )
        argv = [sys.executable, "-m", "seeds_cli", "--corpus", str(corpus), "browse", *args]
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child
            os.execve(sys.executable, argv, environment)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
        self.status: int | None = None

    def pump(self, seconds: float) -> None:
        import select

        end = time.monotonic() + seconds
        while time.monotonic() < end:
            ready, _, _ = select.select([self.fd], [], [], 0.05)
            if ready:
                try:
                    data = os.read(self.fd, 65536)
                except OSError:
                    return
                if not data:
                    return
                self.raw.extend(data)
                self.stream.feed(data)

    def wait_for(self, text: str, timeout: float = 30) -> None:
        end = time.monotonic() + timeout
        while text not in self.text():
            assert time.monotonic() < end, f"{text!r} never appeared:\n{self.text()}"
            self.pump(0.1)

    def wait_for_bytes(self, text: str, timeout: float = 30) -> None:
        """For logical mode, which pyte cannot show: it stops drawing at a bidi mark."""
        end = time.monotonic() + timeout
        while text not in self.sent():
            assert time.monotonic() < end, f"{text!r} was never sent"
            self.pump(0.1)

    def sent(self) -> str:
        """Every character sent, less the control sequences."""
        return re.sub(r"\x1b\[[0-9;?<>]*[A-Za-z]", "", bytes(self.raw).decode("utf-8", "replace"))

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def send(self, data: str) -> None:
        os.write(self.fd, data.encode())

    def finish(self, timeout: float = 20) -> int:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            self.pump(0.1)
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.pump(0.2)
                self.status = os.waitstatus_to_exitcode(status)
                os.close(self.fd)
                return self.status
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        raise AssertionError("seeds browse did not exit")


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "corpus", DOCS)


def test_an_arabic_query_typed_in_a_terminal_without_bidi(corpus: Path, tmp_path: Path) -> None:
    term = Terminal(corpus, tmp_path)
    term.wait_for("type to search")
    term.send("وزير الخارجية")
    term.wait_for("1 document ")
    screen = term.text()
    rows = screen.splitlines()
    box = next(r for r in rows if display_inline("وزير الخارجية", "visual") in r)
    assert box.rstrip(" │").endswith(display_inline("وزير الخارجية", "visual"))  # right-aligned
    assert display_inline("وزير الخارجية يتحدث عن النفط", "visual") in screen
    term.send("\x11")  # Ctrl+Q (q itself is tested through the pilot)
    assert term.finish() == 0
    assert b"\x1b[8l" not in term.raw  # not a VTE terminal: its mode is left alone


def test_vte_is_put_in_explicit_mode_and_back_on_quit(corpus: Path, tmp_path: Path) -> None:
    term = Terminal(corpus, tmp_path, env={"VTE_VERSION": "7200"})
    term.wait_for("type to search")
    term.send("\x11")  # Ctrl+Q, even from the search box
    assert term.finish() == 0
    raw = bytes(term.raw)
    assert raw.index(b"\x1b[8l") < raw.index(b"\x1b[?1049h")  # explicit before the app draws
    assert raw.rindex(b"\x1b[8h") > raw.rindex(b"\x1b[?1049l")  # implicit again after it


def test_sigterm_restores_the_terminal_and_the_vte_mode(corpus: Path, tmp_path: Path) -> None:
    term = Terminal(corpus, tmp_path, "النفط", env={"VTE_VERSION": "7200"})
    term.wait_for("15 documents")
    os.kill(term.pid, signal.SIGTERM)
    term.finish()
    raw = bytes(term.raw)
    assert raw.rindex(b"\x1b[?1049l") > raw.rindex(b"\x1b[?1049h")  # left the app screen
    assert raw.rindex(b"\x1b[8h") > raw.rindex(b"\x1b[8l")
    assert b"Traceback" not in raw


def test_logical_mode_in_a_bidi_terminal(corpus: Path, tmp_path: Path) -> None:
    term = Terminal(corpus, tmp_path, "وزير الخارجية", env={"MLTERM": "3.9"})
    # The title in reading order, shaped (Arabic letters alone: no embedding needed), and the
    # search box's query after the cursor's blank (which the terminal draws on its left,
    # where the next letter goes), never with the blank inside an embedding after it.
    from seeds_cli.browse.paint import shaped

    query = shaped("وزير الخارجية")  # shaped (mlterm draws a lam-alef in one cell), in order
    term.wait_for_bytes(shaped("وزير الخارجية يتحدث عن"))
    term.wait_for_bytes(f" {query} ")
    assert f"{query} \u202c" not in term.sent()
    term.send("\x11")
    assert term.finish() == 0


def test_browse_needs_a_terminal(run, corpus: Path) -> None:
    result = run("--corpus", str(corpus), "browse")
    assert result.exit_code == 2
    assert_one_line_error(result.stderr, "seeds browse needs a terminal", "seeds search")


def test_browse_without_textual_says_how_to_install_it(
    run, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from seeds_cli.cli import browse_cmd

    monkeypatch.setattr(browse_cmd, "_isatty", lambda stream: True)
    monkeypatch.setitem(sys.modules, "textual", None)  # import textual fails
    result = run("--corpus", str(corpus), "browse")
    assert result.exit_code == 2
    assert_one_line_error(result.stderr, "needs Textual", "pip install 'textual>=8.2,<9'")
