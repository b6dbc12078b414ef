"""``seeds browse``: the interactive reader (a full-screen app; Textual is imported only here)."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

import click

from seeds_cli.cli.state import AppState

if TYPE_CHECKING:
    from seeds_cli.index.search import Searcher

TEXTUAL_REQUIREMENT = "textual>=8.2,<9"


@click.command("browse")
@click.argument("query", required=False, default="")
@click.option(
    "--bidi",
    type=click.Choice(["auto", "visual", "logical"]),
    default=None,
    help="Right-to-left display, as the global --bidi (which this overrides).",
)
@click.option("--exact", is_flag=True, help="Match normalized words without stemming.")
@click.pass_obj
def browse_command(state: AppState, query: str, bidi: str | None, exact: bool) -> None:
    """Search and read the corpus in a full-screen app: results follow as you type.

    QUERY (optional) is typed into the search box at the start; the query language is the
    one of 'seeds search'. Enter opens a result, Esc goes back, n/N go from match to match in
    an article, / goes to the search box, ? shows every key, q quits. Arabic is laid out
    right to left by seeds itself (see --bidi and SEEDS_BIDI), the search box included.

    \b
    Examples:
      seeds browse
      seeds browse 'وزير الخارجية'
      seeds --corpus ~/news browse 'source:okaz date>=2015-08'
    """
    from seeds_cli.errors import SeedsError

    if not (_isatty(sys.stdin) and _isatty(sys.stdout)):
        raise SeedsError(
            "seeds browse needs a terminal (its input and output are not both one)",
            hint="in scripts and pipes use 'seeds search'",
        )
    from importlib.util import find_spec

    if find_spec("textual") is None:  # (found, not imported: that takes a while)
        raise SeedsError(
            "seeds browse needs Textual, which is not installed",
            hint=f"install it with: pip install '{TEXTUAL_REQUIREMENT}'",
        )
    decision = state.bidi_decision(bidi)
    from seeds_cli.browse.session import Session

    session = Session(lambda: _open_searcher(state, exact))
    from seeds_cli.browse.app import run

    try:
        session.wait_open()  # the index is opened (or built) while Textual is imported
    except BaseException:
        session.close()
        raise
    from seeds_cli.render.bidi.terminal import vte_explicit_mode

    root = os.path.basename(os.path.abspath(session.searcher.root)) or "corpus"
    count = session.searcher.reader.n_docs
    heading = f"seeds browse · {root} · {count:,} document{'' if count == 1 else 's'}"
    try:
        with vte_explicit_mode(sys.stdout, decision.vte_explicit):
            crash = run(
                session, mode=decision.mode, query=query, heading=heading, debug=state.debug
            )
    finally:
        session.close()
    if crash is not None:
        if state.debug:
            click.get_current_context().exit(2)  # Textual has shown the traceback
        raise crash


def _isatty(stream: object) -> bool:
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except (AttributeError, ValueError, OSError):
        return False


def _open_searcher(state: AppState, exact: bool) -> Searcher:
    from seeds_cli.cli.index_cmd import open_searcher

    return open_searcher(state, exact=exact, quiet=True)
