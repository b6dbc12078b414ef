"""``seeds init``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from seeds_cli.cli.state import AppState


@click.command("init")
@click.argument(
    "directory",
    metavar="DIR",
    type=click.Path(file_okay=False, path_type=Path),
)
@click.option("--force", is_flag=True, help="Replace an existing INDEX.md.")
@click.option(
    "--skip-bad",
    is_flag=True,
    help="Write INDEX.md without the files that cannot be catalogued, instead of writing nothing.",
)
@click.option(
    "--title", default="", help="Corpus title for the front matter (default: DIR's name)."
)
@click.pass_obj
def init_command(state: AppState, directory: Path, force: bool, skip_bad: bool, title: str) -> None:
    """Write an INDEX.md for a folder of text files that has none.

    Every *.txt file under DIR (sub-folders included, hidden ones skipped) gets an entry: the id
    from its file name, the title from its first non-empty line, the language guessed from its
    script (ar, en, or und), and its sha256. Dates are left empty; fill them in, with sources,
    URLs and tags, by editing INDEX.md. The file is written atomically, and 'seeds check'
    passes on the result.

    A file that cannot be catalogued (not UTF-8, empty, NUL bytes, over --max-file-size, a link
    out of DIR) is reported on stderr, one line each; then nothing is written and the exit
    status is 1, unless --skip-bad leaves those files out.

    Exit status: 0 written, 1 bad files found (nothing written without --skip-bad), 2 could
    not run (INDEX.md exists without --force, no text files, DIR missing).

    \b
    Examples:
      seeds init ~/articles
      seeds init ~/articles --title "Local news 2015" --force
      seeds init ~/articles --skip-bad && seeds --corpus ~/articles check
    """
    from seeds_cli.catalogue.scaffold import init_corpus
    from seeds_cli.render.progress import progress_counter
    from seeds_cli.render.safe import clean_inline

    with progress_counter("indexing", state.color) as advance:
        report = init_corpus(
            directory,
            force=force,
            skip_bad=skip_bad,
            title=title,
            max_file_size=state.max_file_size,
            progress=advance,
        )
    for path, reason in report.bad_files:
        label = "skipped" if report.written else "error"
        sys.stderr.write(
            f"{label}: {clean_inline(str(directory / path))}: {clean_inline(reason)}\n"
        )
    if not report.written:
        bad = len(report.bad_files)
        sys.stderr.write(
            f"seeds: {bad} file{'s' * (bad != 1)} cannot be catalogued; INDEX.md not written "
            "(fix them, or add --skip-bad to leave them out)\n"
        )
        click.get_current_context().exit(1)
    langs = ", ".join(f"{n} {lang}" for lang, n in report.languages.items())
    skipped = f", {len(report.bad_files)} skipped" if report.bad_files else ""
    sys.stderr.write(
        f"wrote {clean_inline(str(report.index))}: {len(report.entries)} documents ({langs}){skipped}\n"
    )
