"""``seeds import``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from seeds_cli.cli.state import AppState


@click.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--to",
    "dest",
    required=True,
    type=click.Path(path_type=Path),
    metavar="DIR",
    help="The corpus folder to create.",
)
@click.option("--force", is_flag=True, help="Replace DIR even if it exists and is not empty.")
@click.option(
    "--dedupe",
    is_flag=True,
    help="Skip records whose text repeats an earlier one byte for byte; the kept entry lists "
    "their source, date and url as 'copies'.",
)
@click.option("--title", default="", help="The corpus title for INDEX.md's front matter.")
@click.option(
    "--lang",
    "default_lang",
    default="",
    metavar="TAG",
    help="Language for records without a valid 'lang' (default: guessed from the script).",
)
@click.pass_obj
def import_command(
    state: AppState,
    files: tuple[Path, ...],
    dest: Path,
    force: bool,
    dedupe: bool,
    title: str,
    default_lang: str,
) -> None:
    """Build a corpus folder (text files + INDEX.md) from JSON or JSON Lines files.

    Each FILE holds a JSON array of article objects, or one object per line. Fields are taken by
    name: text from 'text', 'content' or 'body'; 'title', 'source', 'date' or 'date_extracted'
    (the date part is kept), 'url', 'author', 'lang', 'place', 'tags', 'id', 'copies'. Records
    with no text are skipped and counted. A record without a valid 'lang' gets --lang, else
    the language of its prose (style sheets and scripts in the text do not count). The folder is written atomically: an interrupted import leaves
    nothing behind.

    \b
    Examples:
      seeds import articles.jsonl --to ~/news
      seeds import 2015-*.json --to snn --dedupe --title "SaudiNewsNet"
      seeds --corpus snn list
    """
    from seeds_cli.catalogue.importer import import_records
    from seeds_cli.catalogue.indexmd import is_lang_tag
    from seeds_cli.render.progress import progress_counter

    if default_lang and not is_lang_tag(default_lang):
        raise click.BadParameter(
            f"{default_lang!r} is not a BCP 47 language tag", param_hint="--lang"
        )
    with progress_counter("importing", state.color) as advance:
        report = import_records(
            files,
            dest,
            force=force,
            dedupe=dedupe,
            title=title,
            default_lang=default_lang,
            progress=advance,
        )
    parts = [f"imported {report.written} documents from {report.records} records into {dest}"]
    if report.skipped_empty:
        parts.append(f"{report.skipped_empty} without text skipped")
    if report.skipped_duplicate:
        parts.append(f"{report.skipped_duplicate} duplicates skipped")
    if report.dates_dropped:
        parts.append(f"{report.dates_dropped} unreadable dates left empty")
    sys.stderr.write("; ".join(parts) + "\n")
