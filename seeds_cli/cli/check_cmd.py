"""``seeds check``."""

from __future__ import annotations

import os
import sys

import click

from seeds_cli.cli.state import AppState


@click.command("check")
@click.option("--strict", is_flag=True, help="Count warnings as problems too (exit 1).")
@click.pass_obj
def check_command(state: AppState, strict: bool) -> None:
    """Validate the corpus: print every problem with its file and line, then a summary.

    Exit status: 0 clean (warnings allowed unless --strict), 1 problems found, 2 could not run.
    Nothing is written. A search index that no longer matches the corpus (every listed file
    is compared) is noted, without counting as a problem.

    \b
    Finds: INDEX.md syntax and field errors, missing files, unlisted .txt files (warning),
    duplicate ids or files, paths leaving the corpus folder (absolute, '..', symlinks), files that
    are not UTF-8 (with the byte offset), have a BOM (warning), hold NUL bytes or are empty,
    folders/FIFOs/devices in place of files, files over --max-file-size, invalid dates and
    language tags, missing (warning) or mismatched sha256 checksums.

    \b
    Examples:
      seeds check
      seeds --corpus ~/news check --strict
    """
    from seeds_cli.catalogue.check import check_corpus, summary
    from seeds_cli.catalogue.locate import locate_corpus
    from seeds_cli.render.safe import clean_inline

    root = locate_corpus(state.corpus)
    result = check_corpus(root, max_file_size=state.max_file_size)
    for problem in result.problems:
        label = "warning" if problem.severity == "warning" else "error"
        sys.stdout.write(f"{label}: {clean_inline(str(problem))}\n")
    stale = _stale_index(state, root)
    if stale:
        sys.stdout.write(
            f"note: the search index is {clean_inline(stale)} — 'seeds index' rebuilds it\n"
        )
    sys.stdout.write(summary(result) + "\n")
    if result.errors or (strict and result.problems):
        click.get_current_context().exit(1)


def _stale_index(state: AppState, root: str | os.PathLike[str]) -> str | None:
    """Why the corpus's search index is stale ("stale: d004.txt changed"), if there is one
    and it is; every listed file is compared."""
    from seeds_cli.index.ready import find_index

    try:
        reader, note = find_index(root, state.index_dir, every_file=True)
    except OSError:
        return None
    if reader is not None:
        reader.close()
    return note if note.startswith("stale") else None
