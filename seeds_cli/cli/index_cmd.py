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

    from seeds_cli.index.store import IndexReader


def corpus_root(state: AppState) -> str:
    from seeds_cli.catalogue.locate import corpus_folder

    return corpus_folder(state.corpus)


def ensure_index(state: AppState, *, rebuild: bool = False) -> tuple[str, IndexReader]:
    """The corpus root and a fresh index of it, built first (with a progress bar) when missing
    or stale."""
    from seeds_cli.index.location import open_index

    root = corpus_root(state)
    reader = open_index(
        root,
        state.catalogue,
        rebuild=rebuild,
        index_dir=state.index_dir,
        progress=lambda catalogue: _progress(state, len(catalogue)),
        problems=_warn_unreadable,
    )
    return root, reader


def _progress(state: AppState, total: int) -> AbstractContextManager[Callable[[int], None]]:
    from seeds_cli.render.progress import progress_counter

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
    folder ($SEEDS_INDEX_DIR overrides). It is rebuilt whenever INDEX.md or a listed file
    changes, so search never shows a stale result.

    \b
    Examples:
      seeds index --status
      seeds index --rebuild
    """
    import time

    if status:
        from seeds_cli.index.location import find_index, index_candidates

        root = corpus_root(state)
        reader, note = find_index(root, state.index_dir)
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
    _, reader = ensure_index(state, rebuild=rebuild)
    click.echo(_describe(reader, f"ready in {time.perf_counter() - started:.1f} s"))


def _describe(reader: IndexReader, note: str) -> str:
    size = os.stat(reader.path).st_size
    return f"index: {reader.path} ({note}): {reader.n_docs} documents, {size / 1048576:.1f} MiB"
