"""``seeds stats``."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from seeds_cli.cli.options import format_option, resolve_format
from seeds_cli.cli.state import AppState

if TYPE_CHECKING:
    from rich.console import RenderableType

    from seeds_cli.stats import CorpusStats

FORMATS = ("table", "json")
BAR_CELLS = 30
SPARKS = "▁▂▃▄▅▆▇█"


@click.command("stats")
@format_option(FORMATS)
@click.option(
    "--top",
    type=click.IntRange(min=0, max=1000),
    default=20,
    show_default=True,
    metavar="N",
    help="How many frequent words to show.",
)
@click.option(
    "--extremes",
    type=click.IntRange(min=0, max=100),
    default=5,
    show_default=True,
    metavar="N",
    help="How many longest and shortest documents to show.",
)
@click.option(
    "--no-index",
    is_flag=True,
    help="Compute from the texts even when a fresh search index exists.",
)
@click.pass_obj
def stats_command(state: AppState, fmt: str, top: int, extremes: int, no_index: bool) -> None:
    """Show a dashboard of the corpus.

    Documents, words, distinct words (normalized) and characters; documents by source, by
    language and by month, with bars; the most frequent content words (stopwords left out,
    words grouped by their normalized and stemmed form, each shown in its most common
    spelling); the longest and shortest documents.

    With a fresh search index (built by 'seeds index' or the first search) most figures come
    from it, which takes seconds on a corpus of 30,000 articles; without one every text is read
    and analyzed. The index is never built by stats.

    \b
    Examples:
      seeds stats
      seeds stats --top 50 --format json | jq '.top_words[].word'
      seeds --corpus ~/news index && seeds --corpus ~/news stats
    """
    from seeds_cli.render.progress import progress_counter
    from seeds_cli.stats import compute_stats

    fmt = resolve_format(fmt, FORMATS)
    catalogue = state.catalogue()
    with progress_counter("reading", state.color, total=len(catalogue)) as advance:
        stats = compute_stats(
            catalogue,
            top=top,
            extremes=extremes,
            use_index=not no_index,
            progress=advance,
            index_dir=state.index_dir,
        )
    if fmt == "json":
        from seeds_cli.render.output import dumps

        sys.stdout.write(dumps(stats.as_dict(), indent=2) + "\n")
        return
    from seeds_cli.render.console import make_console

    console = make_console(state.color)
    with state.bidi_output() as bidi:
        for part in dashboard(stats, bidi, console.width):
            console.print(part)


def _bar(value: int, largest: int, cells: int = BAR_CELLS) -> str:
    """A horizontal bar in eighths of a cell, so small differences still show."""
    if largest <= 0 or value <= 0:
        return ""
    eighths = max(1, round(value / largest * cells * 8))
    full, rest = divmod(eighths, 8)
    return "█" * full + ("" if rest == 0 else " ▏▎▍▌▋▊▉"[rest])


def sparkline(values: list[int]) -> str:
    """One character per value, its height relative to the largest."""
    largest = max(values, default=0)
    if largest <= 0:
        return ""
    return "".join(SPARKS[min(7, round(v / largest * 7))] if v else " " for v in values)


def dashboard(stats: CorpusStats, bidi: str, width: int = 80) -> list[RenderableType]:
    """The rich renderables of the dashboard, top to bottom; all text is cleaned, no markup."""
    from rich.table import Table
    from rich.text import Text

    from seeds_cli.render.bidi.layout import display_inline

    def cell(value: str, max_cells: int | None = None) -> Text:
        return Text(display_inline(value, bidi, max_cells))

    parts: list[RenderableType] = []
    header = Text()
    header.append(display_inline(stats.title or "corpus", bidi), style="bold")
    header.append(f"  (from the {'search index' if stats.computed_from == 'index' else 'texts'})")
    parts.append(header)
    totals = Table.grid(padding=(0, 2))
    for _ in range(4):
        totals.add_column(justify="right")
    totals.add_row(
        Text(f"{stats.documents:,}", style="bold"),
        "documents",
        Text(f"{stats.words:,}", style="bold"),
        "words",
    )
    totals.add_row(
        Text(f"{stats.distinct_words:,}", style="bold"),
        "distinct words",
        Text(f"{stats.characters:,}", style="bold"),
        "characters",
    )
    if stats.stories is not None:
        totals.add_row(
            Text(f"{stats.stories:,}", style="bold"),
            "stories with copies",
            Text(f"{stats.story_documents:,}", style="bold"),
            "documents in them",
        )
    if stats.recorded_copies:
        totals.add_row(
            Text(f"{stats.recorded_copies:,}", style="bold"), "copies recorded by import", "", ""
        )
    parts.append(totals)

    def distribution(title: str, rows: list[tuple[str, int, int]], limit: int = 15) -> Table:
        table = Table(title=title, title_justify="left", box=None, padding=(0, 1))
        table.add_column(title.split()[-1], no_wrap=True)
        table.add_column("docs", justify="right")
        table.add_column("", no_wrap=True, style="cyan")
        table.add_column("words", justify="right")
        largest = max((d for _, d, _ in rows), default=0)
        for name, docs, words in rows[:limit]:
            table.add_row(cell(name, 24), f"{docs:,}", _bar(docs, largest), f"{words:,}")
        if len(rows) > limit:
            rest = rows[limit:]
            table.add_row(
                Text(f"… {len(rest)} more", style="dim"),
                f"{sum(d for _, d, _ in rest):,}",
                "",
                f"{sum(w for _, _, w in rest):,}",
            )
        return table

    parts.append(distribution("Documents by source", stats.by_source))
    parts.append(distribution("Documents by language", stats.by_lang))
    months = [row for row in stats.by_month if row[0] != "undated"]
    if len(months) > 24:  # many months: one sparkline row instead of one bar a month
        line = Text("Documents by month  ", style="bold")
        line.append(f"{months[0][0]} ")
        line.append(sparkline([d for _, d, _ in months]), style="cyan")
        line.append(f" {months[-1][0]}")
        parts.append(line)
    else:
        parts.append(distribution("Documents by month", stats.by_month, limit=24))

    if stats.top_words:
        words = Table(
            title="Most frequent content words", title_justify="left", box=None, padding=(0, 1)
        )
        words.add_column("#", justify="right", style="dim")
        words.add_column("word", no_wrap=True)
        words.add_column("count", justify="right")
        words.add_column("", no_wrap=True, style="cyan")
        words.add_column("docs", justify="right")
        largest = stats.top_words[0].count
        for rank, word in enumerate(stats.top_words, 1):
            words.add_row(
                str(rank),
                cell(word.word, 24),
                f"{word.count:,}",
                _bar(word.count, largest, 20),
                f"{word.documents:,}",
            )
        parts.append(words)

    title_cells = max(20, min(width, 100) - 30)
    for label, docs in (
        ("Longest documents", stats.longest),
        ("Shortest documents", stats.shortest),
    ):
        if not docs:
            continue
        table = Table(title=label, title_justify="left", box=None, padding=(0, 1))
        table.add_column("id", style="cyan", no_wrap=True)
        table.add_column("words", justify="right")
        table.add_column("title", no_wrap=True)
        for doc in docs:
            table.add_row(cell(doc.id), f"{doc.words:,}", cell(doc.title, title_cells))
        parts.append(table)
    return parts
