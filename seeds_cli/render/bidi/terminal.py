"""Which way to send right-to-left text to this output, and VTE's explicit mode around it."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TextIO

MODES = ("auto", "visual", "logical")


@dataclass(slots=True, repr=False, eq=False)
class BidiDecision:
    """The chosen mode, why, and whether to switch a VTE terminal to explicit mode around output."""

    mode: str
    reason: str
    vte_explicit: bool = False


def decide_bidi(option: str | None, *, isatty: bool, env: Mapping[str, str]) -> BidiDecision:
    """Decide between visual and logical output.

    ``option`` is the ``--bidi`` value; ``None`` means "not given", and then ``SEEDS_BIDI`` from
    ``env`` is used.  In auto mode a pipe or file always gets logical text (no presentation
    forms ever reach a file); a terminal known to do bidi itself gets logical; VTE terminals are
    switched to explicit mode (``CSI 8 l``) and get visual; anything else gets visual.
    """
    from seeds_cli.errors import SeedsError

    choice = option if option else (env.get("SEEDS_BIDI") or "auto")
    choice = choice.strip().lower()
    if choice not in MODES:
        raise SeedsError(
            f"unknown bidi mode {choice!r}", hint="use auto, visual or logical (--bidi, SEEDS_BIDI)"
        )
    vte = isatty and bool(env.get("VTE_VERSION")) and not _multiplexed(env)
    if choice == "visual":
        return BidiDecision("visual", "chosen", vte_explicit=vte)
    if choice == "logical":
        return BidiDecision("logical", "chosen")
    if not isatty:
        return BidiDecision("logical", "not a terminal")
    term = env.get("TERM", "")
    if _multiplexed(env):
        # tmux and screen draw their own cells; the outer terminal is unknown.
        return BidiDecision("visual", "terminal multiplexer")
    if env.get("MLTERM") or term.startswith("mlterm"):
        return BidiDecision("logical", "mlterm does bidi")
    if env.get("KONSOLE_VERSION"):
        return BidiDecision("logical", "Konsole does bidi")
    if env.get("TERM_PROGRAM") == "Apple_Terminal":
        return BidiDecision("logical", "Apple Terminal does bidi")
    if env.get("VTE_VERSION"):
        return BidiDecision("visual", "VTE switched to explicit mode", vte_explicit=True)
    return BidiDecision("visual", "terminal without bidi support")


def is_mlterm(env: Mapping[str, str]) -> bool:
    """Whether output goes to mlterm, which shapes logical Arabic itself: it draws a lam-alef
    pair in one cell (rich counts two), keeps a column of the line for each bidi mark (drawn
    as nothing; rich counts none), and draws bold Arabic, from its bold font, wider than its
    cells (so seeds sends it no bold Arabic)."""
    return bool(env.get("MLTERM")) or env.get("TERM", "").startswith("mlterm")


def _multiplexed(env: Mapping[str, str]) -> bool:
    term = env.get("TERM", "")
    return bool(env.get("TMUX") or env.get("STY")) or term.startswith(("screen", "tmux"))


@contextlib.contextmanager
def vte_explicit_mode(stream: TextIO, enabled: bool = True) -> Iterator[None]:
    """Switch a VTE terminal to explicit bidi mode (``CSI 8 l``) and back (``CSI 8 h``).

    In explicit mode VTE draws cells as sent, so it does not reorder our visual lines a second
    time.  Implicit mode is restored on every exit path, including SIGTERM and SIGHUP.
    """
    if not enabled:
        yield
        return
    import signal
    import threading

    def _raise_exit(signum: int, frame: Any) -> None:
        raise SystemExit(128 + signum)

    saved: dict[int, Any] = {}
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
            if sig is not None:
                saved[sig] = signal.signal(sig, _raise_exit)
    try:
        _write_quietly(stream, "\x1b[8l")
        yield
    finally:
        _write_quietly(stream, "\x1b[8h")
        for sig, handler in saved.items():
            signal.signal(sig, handler)


def _write_quietly(stream: TextIO, data: str) -> None:
    with contextlib.suppress(OSError, ValueError):
        stream.write(data)
        stream.flush()
