"""The rich console, made only when output goes to a terminal (pipes never pay for importing rich)."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from rich.console import Console


def stream_is_terminal(stream: TextIO | None = None) -> bool:
    stream = stream or sys.stdout
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def color_wanted(choice: str = "auto", stream: TextIO | None = None) -> bool:
    """Colour decision: --color always/never win; then NO_COLOR, FORCE_COLOR; then is it a terminal."""
    if choice == "always":
        return True
    if choice == "never":
        return False
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("TERM") == "dumb":
        return False
    return stream_is_terminal(stream)


def make_console(color: str = "auto", *, stderr: bool = False, width: int | None = None) -> Console:
    """A console that never interprets markup, emoji codes or highlights in printed data."""
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    wanted = color_wanted(color, stream)
    return Console(
        file=stream,
        markup=False,
        emoji=False,
        highlight=False,
        # Decided here, never left to rich: rich would let FORCE_COLOR override NO_COLOR.
        force_terminal=wanted or stream_is_terminal(stream),
        no_color=not wanted,
        width=width,
        soft_wrap=False,
    )
