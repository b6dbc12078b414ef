"""What the global options hand to every command, and the small parsers they share."""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from collections.abc import Iterator

    from seeds_cli.catalogue import Catalogue
    from seeds_cli.render.bidi.terminal import BidiDecision


def parse_size(value: str) -> int:
    """'64M' -> bytes; a click error on anything else."""
    units = {"": 1, "B": 1, "K": 1024, "M": 1024**2, "G": 1024**3}
    match = re.fullmatch(r"\s*(\d+)\s*([KMG]i?B?|B)?\s*", value, re.IGNORECASE)
    if not match:
        raise click.BadParameter(
            f"{value!r} is not a size (e.g. 500K, 64M, 1G)", param_hint="--max-file-size"
        )
    unit = (match.group(2) or "").upper()[:1]
    return int(match.group(1)) * units[unit]


@dataclass(slots=True, repr=False, eq=False)
class AppState:
    """The global options, and the corpus once a command has loaded it."""

    corpus: str | None = None
    color: str = "auto"
    max_file_size: int = 64 * 1024 * 1024
    bidi: str = "auto"
    debug: bool = False
    index_dir: str | None = None  # where search indexes are kept (--index-dir), if given
    _catalogue: Catalogue | None = field(default=None, repr=False)

    def bidi_decision(self, override: str | None = None) -> BidiDecision:
        """How right-to-left text goes to stdout: ``override`` (a command's own --bidi), else
        the global --bidi, else SEEDS_BIDI, else what the terminal is (a pipe: logical)."""
        import os

        from seeds_cli.render.bidi.terminal import decide_bidi
        from seeds_cli.render.console import stream_is_terminal

        return decide_bidi(override or self.bidi, isatty=stream_is_terminal(), env=os.environ)

    @contextlib.contextmanager
    def bidi_output(self, override: str | None = None) -> Iterator[str]:
        """Yield the bidi mode for a terminal view; a VTE terminal is kept in explicit mode
        while it is drawn, so it does not reorder our visual lines a second time."""
        import sys

        from seeds_cli.render.bidi.terminal import vte_explicit_mode

        decision = self.bidi_decision(override)
        with vte_explicit_mode(sys.stdout, decision.vte_explicit):
            yield decision.mode

    def loaded_catalogue(self) -> Catalogue | None:
        """The corpus if a command has loaded it already, else None."""
        return self._catalogue

    def catalogue(self) -> Catalogue:
        """The corpus, loaded once per process."""
        if self._catalogue is None:
            from seeds_cli.catalogue import load_catalogue

            self._catalogue = load_catalogue(self.corpus, max_file_size=self.max_file_size)
        return self._catalogue
