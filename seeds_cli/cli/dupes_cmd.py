"""``seeds dupes``: the stories that ran more than once, and who copies whom."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

import click

from seeds_cli.cli.options import completion, date_option, format_option, resolve_format
from seeds_cli.cli.state import AppState

if TYPE_CHECKING:
    from collections import Counter

    from seeds_cli.index.story_list import Story

FORMATS = ("table", "tsv", "json", "jsonl")
COLUMNS = ("story", "size", "sources", "first", "last", "title")


@click.command("dupes")
@format_option(FORMATS)
@click.option(
    "--min-size",
    type=click.IntRange(min=2),
    default=2,
    show_default=True,
    metavar="N",
    help="Only stories with at least N copies.",
)
@click.option(
    "--source",
    "sources",
    multiple=True,
    metavar="NAME",
    shell_complete=completion("complete_sources"),
    help="Only stories with a copy from this source (repeatable).",
)
@date_option("--since", "Only stories with a copy dated on or after DATE.")
@date_option("--until", "Only stories with a copy dated on or before DATE (YYYY-MM: the month).")
@click.option("--limit", type=click.IntRange(min=0), metavar="N", help="At most N stories.")
@click.option(
    "--by-source",
    is_flag=True,
    help="Who copies whom: for each source of a story's earliest copy, how many later copies "
    "each source ran.",
)
@click.pass_obj
def dupes_command(
    state: AppState,
    fmt: str,
    min_size: int,
    sources: tuple[str, ...],
    since: str | None,
    until: str | None,
    limit: int | None,
    by_source: bool,
) -> None:
    """List the stories that ran more than once, largest first.

    A story is a group of near-duplicates: documents whose 5-word shingles overlap by a
    Jaccard resemblance of 0.8 or more with the story's representative, its earliest
    document (found when the index is built), plus the byte-identical copies that
    'seeds import --dedupe' recorded. Each line gives the representative's id, the number
    of copies, their sources, the first and last date, and the title. Filters keep the
    stories with a copy that passes them; the whole story is shown.

    \b
    Output: table on a terminal; tsv when piped (story, size, sources, first, last, title);
    json/jsonl add every copy (id, source, date, url, resemblance; 'recorded': true for a
    copy an import dropped). Exit status: 0 stories found, 1 none.

    \b
    Examples:
      seeds dupes
      seeds dupes --min-size 5 --since 2015-08
      seeds dupes --source was --format jsonl
      seeds dupes --by-source
      seeds similar ID                 # one story's copies, then related articles
    """
    from seeds_cli.cli.index_cmd import ensure_index
    from seeds_cli.index.story_list import all_stories, select_stories
    from seeds_cli.index.story_list import by_source as matrix

    fmt = resolve_format(fmt, FORMATS)
    _root, reader = ensure_index(state)
    catalogue = state.catalogue()
    stories = select_stories(
        all_stories(reader, catalogue),
        min_size=min_size,
        sources=sources,
        since=since,
        until=until,
    )
    if limit is not None:
        stories = stories[:limit]
    if by_source:
        _write_matrix(state, matrix(stories), fmt)
    elif fmt == "table":
        _write_table(state, stories)
    else:
        from seeds_cli.render.output import write_records

        write_records((_record(s, fmt) for s in stories), fmt, COLUMNS, sys.stdout)
    click.get_current_context().exit(0 if stories else 1)


def _record(story: Story, fmt: str) -> dict[str, Any]:
    record = story.as_dict()
    if fmt == "tsv":
        record["sources"] = ", ".join(record["sources"])
    return record


def _write_table(state: AppState, stories: list[Story]) -> None:
    from rich.table import Table
    from rich.text import Text

    from seeds_cli.render.bidi.layout import display_inline, layout_paragraph, line_to_plain
    from seeds_cli.render.console import make_console
    from seeds_cli.render.safe import clean_inline

    console = make_console(state.color)
    with state.bidi_output() as mode:
        title_width = max(20, console.width - 16 - 6 - 28 - 2 * 11 - 19)
        table = Table(header_style="bold", width=console.width)
        table.add_column("story", style="cyan", no_wrap=True)
        table.add_column("size", justify="right", no_wrap=True)
        table.add_column("sources", max_width=28)
        table.add_column("first", no_wrap=True)
        table.add_column("last", no_wrap=True)
        table.add_column("title", no_wrap=True, width=title_width)
        for story in stories:
            first, last = story.dates
            lines = (
                layout_paragraph(clean_inline(story.title), title_width, mode)
                if story.title
                else []
            )
            title = line_to_plain(lines[0]) if lines else ""
            table.add_row(
                Text(clean_inline(story.id)),
                Text(str(story.size)),
                Text(display_inline(", ".join(story.sources), mode)),
                Text(first),
                Text(last),
                Text(title + (" …" if len(lines) > 1 else "")),
            )
        docs = sum(s.size for s in stories)
        table.caption = Text(f"{len(stories)} stories, {docs} copies")
        console.print(table)


def _write_matrix(state: AppState, counts: Counter[tuple[str, str]], fmt: str) -> None:
    rows = sorted(
        {first for first, _ in counts},
        key=lambda s: (-sum(v for (f, _), v in counts.items() if f == s), s),
    )
    cols = sorted(
        {later for _, later in counts},
        key=lambda s: (-sum(v for (_, later), v in counts.items() if later == s), s),
    )
    if fmt in ("json", "jsonl"):
        from seeds_cli.render.output import dumps

        cells = [
            {"earliest": first, "later": later, "copies": counts[(first, later)]}
            for first in rows
            for later in cols
            if counts[(first, later)]
        ]
        if fmt == "json":
            sys.stdout.write(dumps(cells, indent=2) + "\n")
        else:
            sys.stdout.writelines(dumps(c) + "\n" for c in cells)
        return
    if fmt == "tsv":
        from seeds_cli.render.safe import clean_inline

        for first in rows:
            for later in cols:
                if counts[(first, later)]:
                    sys.stdout.write(
                        f"{clean_inline(first)}\t{clean_inline(later)}\t{counts[(first, later)]}\n"
                    )
        return
    from rich.table import Table
    from rich.text import Text

    from seeds_cli.render.bidi.layout import display_inline
    from seeds_cli.render.console import make_console

    console = make_console(state.color)
    with state.bidi_output() as mode:
        table = Table(
            title=Text("earliest copy (rows) → later copies (columns)"), header_style="bold"
        )
        table.add_column("earliest", no_wrap=True)
        for later in cols:
            table.add_column(Text(display_inline(later, mode)), justify="right")
        table.add_column("all", justify="right", style="bold")
        for first in rows:
            values = [counts[(first, later)] for later in cols]
            table.add_row(
                Text(display_inline(first, mode)),
                *(Text(str(v) if v else "·") for v in values),
                Text(str(sum(values))),
            )
        console.print(table)
