"""``seeds index``: build the search index, or tell where it is and whether it is fresh."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

import click

from seeds_cli.cli.state import AppState

if TYPE_CHECKING:
    from collections.abc import Callable
    from contextlib import AbstractContextManager

    from seeds_cli.catalogue import Catalogue
    from seeds_cli.index.listing import Listing
    from seeds_cli.index.search import Searcher
    from seeds_cli.index.store import IndexReader


def corpus_root(state: AppState) -> str:
    from seeds_cli.catalogue.locate import corpus_folder

    return corpus_folder(state.corpus)


def ensure_index(
    state: AppState, *, rebuild: bool = False, every_file: bool = False
) -> tuple[str, IndexReader]:
    """The corpus root and a fresh index of it, built first (with a progress bar) when missing
    or stale; ``every_file``: check every listed file for changes, not only the folders."""
    from seeds_cli.index.ready import open_index

    root = corpus_root(state)
    reader = open_index(
        root,
        lambda: _documents(state, root),
        rebuild=rebuild,
        every_file=every_file,
        index_dir=state.index_dir,
        progress=lambda listing: _progress(state, len(listing)),
        problems=_warn_unreadable,
    )
    return root, reader


def _documents(state: AppState, root: str) -> Catalogue | Listing:
    """What to build the index from: the catalogue if this command loaded it, else INDEX.md
    read as the build goes (a catalogue of 300,000 documents takes 430 MiB to hold)."""
    loaded = state.loaded_catalogue()
    if loaded is not None:
        return loaded
    from seeds_cli.index.listing import read_listing

    return read_listing(root, state.max_file_size)


def open_searcher(state: AppState, *, exact: bool = False, quiet: bool = False) -> Searcher:
    """A searcher over a fresh index that rebuilds it, and runs the query again, when it is
    found damaged or a result's file changed (``quiet``: without a word or a progress bar, for
    a full-screen view)."""
    from seeds_cli.index.search import Searcher

    root, reader = ensure_index(state)
    if quiet:
        from seeds_cli.index.ready import open_index

        def rebuild() -> IndexReader:
            return open_index(
                root, lambda: _documents(state, root), rebuild=True, index_dir=state.index_dir
            )

        return Searcher(reader, root, exact=exact, rebuild=rebuild)
    return Searcher(
        reader,
        root,
        exact=exact,
        rebuild=lambda: ensure_index(state, rebuild=True)[1],
        on_damage=_warn_rebuilding,
    )


def _warn_rebuilding(detail: str) -> None:
    from seeds_cli.render.safe import clean_inline

    sys.stderr.write(f"seeds: warning: {clean_inline(detail)}; rebuilding it\n")


def _progress(state: AppState, total: int) -> AbstractContextManager[Callable[[int], None]]:
    from seeds_cli.render.progress import progress_counter

    try:
        terminal = sys.stderr.isatty()
    except (AttributeError, ValueError):
        terminal = False
    if terminal:  # beside the progress bar: why this wait, and that it is not every search's
        sys.stderr.write(
            f"seeds: building the search index of {total} documents: only this once, "
            "later searches use it (until the corpus changes)\n"
        )
    return progress_counter("indexing", state.color, total=total)


def _warn_unreadable(problems: list[str]) -> None:
    from seeds_cli.render.safe import clean_inline

    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    sys.stderr.write(
        f"seeds: warning: indexed without {len(problems)} unreadable file(s): "
        f"{clean_inline(problems[0])}{more}\n"
    )


@click.command("index")
@click.option("--rebuild", is_flag=True, help="Build the index again even if it is fresh.")
@click.option(
    "--status", is_flag=True, help="Only tell where the index is and whether it is fresh."
)
@click.pass_obj
def index_command(state: AppState, rebuild: bool, status: bool) -> None:
    """Build the search index of the corpus (search builds it on first use anyway).

    The index lives in <corpus>/.seeds-index/ when that is writable, else in a per-user cache
    folder (--index-dir or $SEEDS_INDEX_DIR replace both). This command and --status check
    every listed file; a search checks INDEX.md, the corpus folders and the files of the
    results it shows, and rebuilds the index when one of them changed.

    \b
    Examples:
      seeds index --status
      seeds index --rebuild
    """
    import time

    if status:
        from seeds_cli.index.location import index_candidates
        from seeds_cli.index.ready import find_index

        root = corpus_root(state)
        reader, note = find_index(root, state.index_dir, every_file=True)
        if reader is None:
            click.echo(
                f"index: {note} (it will be built at "
                f"{next(index_candidates(root, state.index_dir))} "
                "or the user cache on first search)"
            )
            click.get_current_context().exit(1)
        click.echo(_describe(reader, "fresh"))
        return
    started = time.perf_counter()
    _, reader = ensure_index(state, rebuild=rebuild, every_file=True)
    click.echo(_describe(reader, f"ready in {time.perf_counter() - started:.1f} s"))


def _describe(reader: IndexReader, note: str) -> str:
    size = os.stat(reader.path).st_size
    return f"index: {reader.path} ({note}): {reader.n_docs} documents, {size / 1048576:.1f} MiB"
