"""Long terminal output through a pager, as git does: $PAGER, else ``less -R``.

The pager is fed as the output is made, so its first screen shows at once however long the
whole is; when the reader quits early, making the rest stops.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

DEFAULT_PAGER = "less -R"


def pager_command() -> str | None:
    """$PAGER, else ``less -R``; None when paging is switched off (PAGER empty or ``cat``)."""
    command = os.environ.get("PAGER")
    if command is None:
        command = DEFAULT_PAGER
    command = command.strip()
    return None if command in ("", "cat") else command


@contextlib.contextmanager
def paged(console: Console, command: str) -> Iterator[Console | None]:
    """A console like ``console`` whose output goes into the pager as it is printed.

    Yields None when the pager cannot be started (the caller prints to ``console`` instead).
    Output stops quietly when the reader quits the pager; on leaving, the pager is waited for
    (it handles Ctrl-C itself).
    """
    import io
    import shlex
    import subprocess

    from rich.console import Console as RichConsole

    env = dict(os.environ)
    env.setdefault("LESS", "FRX")  # quit if one screen, keep colours, leave the screen as is
    env.setdefault("LV", "-c")
    try:
        process = subprocess.Popen(shlex.split(command), stdin=subprocess.PIPE, env=env)
    except (OSError, ValueError):
        yield None
        return
    assert process.stdin is not None
    stream = io.TextIOWrapper(
        process.stdin, encoding=sys.stdout.encoding or "utf-8", errors="replace"
    )
    pager_console = RichConsole(
        file=stream,
        width=console.width,
        height=console.height,
        force_terminal=True,
        color_system=console.color_system,
        no_color=console.no_color,
        markup=False,
        emoji=False,
        highlight=False,
    )
    try:
        yield pager_console
    except (BrokenPipeError, KeyboardInterrupt):
        pass  # the reader quit before the end, or pressed Ctrl-C: the pager decides
    finally:
        with contextlib.suppress(BrokenPipeError, OSError, ValueError):
            stream.close()
        while True:
            try:
                process.wait()
                break
            except KeyboardInterrupt:
                continue  # the pager handles Ctrl-C itself; wait for it to exit
