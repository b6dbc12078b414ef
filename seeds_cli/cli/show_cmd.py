"""``seeds show``: read one article in the terminal."""

from __future__ import annotations

import re
import sys
from typing import TYPE_CHECKING, Any

import click

from seeds_cli.cli.options import completion
from seeds_cli.cli.state import AppState
from seeds_cli.render.pager import DEFAULT_PAGER

if TYPE_CHECKING:
    from seeds_cli.catalogue import Catalogue, Document


@click.command("show")
@click.argument("ref", required=False, metavar="[ID]", shell_complete=completion("complete_ids"))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
    help="text: the article view; json: metadata, structure and text; markdown: the article.",
)
@click.option("--raw", is_flag=True, help="Print the file's exact bytes (to a pipe or file).")
@click.option(
    "--width",
    type=click.IntRange(min=20, max=1000),
    metavar="N",
    help="Wrap to N cells (default: the terminal's width; no wrapping when piped).",
)
@click.option(
    "--pager/--no-pager",
    default=None,
    help="Page the view (default: on a terminal, when longer than the screen). "
    f"The pager is $PAGER, else '{DEFAULT_PAGER}'.",
)
@click.option(
    "--bidi",
    type=click.Choice(["auto", "visual", "logical"]),
    default=None,
    help="Right-to-left display, as the global --bidi (which this overrides).",
)
@click.option(
    "--highlight",
    "highlight_query",
    metavar="QUERY",
    help="Highlight what the search QUERY matches (on a terminal; --format json lists the spans).",
)
@click.pass_obj
def show_command(
    state: AppState,
    ref: str | None,
    fmt: str,
    raw: bool,
    width: int | None,
    pager: bool | None,
    bidi: str | None,
    highlight_query: str | None,
) -> None:
    """Show one document: a header with its metadata, then the text laid out for reading.

    ID is a document id or a unique prefix of one; it may be left out when the corpus holds
    a single document. Arabic is shown right to left: see --bidi (and SEEDS_BIDI) for terminals
    that do bidi themselves.

    The date of an Arabic document is also given in the Hijri calendar: the Umm al-Qura
    calendar when the hijri extra is installed (pip install 'seeds-cli[hijri]'), else the
    tabular calendar, marked ≈, which can be a day off.

    \b
    Examples:
      seeds show 791b
      seeds show 791b --width 60 --no-pager
      seeds show 791b --format markdown > article.md
      seeds show 791b --format json | jq .title
      seeds show 791b --raw | sha256sum
      seeds show 791b --highlight 'التحالف "القوات العراقية"'
    """
    if raw and fmt != "text":
        raise click.UsageError("--raw prints the file as it is; it goes with no --format")
    doc = _pick(state.catalogue(), ref)
    if raw:
        _write_raw(doc.read_bytes())
        return
    meta = _meta(doc)
    text = doc.text
    spans: list[tuple[int, int]] = []
    if highlight_query is not None:
        from seeds_cli.index.passages import highlight_spans

        spans = highlight_spans(highlight_query, text, doc.lang or "ar")
    if fmt == "json":
        if highlight_query is not None:
            meta["highlights"] = [list(span) for span in spans]
        _write_json(meta, text)
        return
    if fmt == "markdown":
        from seeds_cli.render.markdown import render_markdown

        sys.stdout.write(render_markdown(meta, text))
        return
    _add_story(state, doc, meta)
    from seeds_cli.render.console import stream_is_terminal

    terminal = stream_is_terminal()
    decision = state.bidi_decision(bidi)
    if not terminal:
        from seeds_cli.render.article import render_article_plain

        sys.stdout.write(render_article_plain(meta, text, width=width, mode=decision.mode))
        return
    _show_on_terminal(state, meta, text, width, pager, decision.mode, decision.vte_explicit, spans)


def _pick(catalogue: Catalogue, ref: str | None) -> Document:
    if ref is not None:
        return catalogue.get(ref)
    if len(catalogue) == 1:
        return catalogue.documents[0]
    if not catalogue.documents:
        raise click.UsageError("the corpus has no documents to show (see 'seeds import')")
    raise click.UsageError(
        f"which document? The corpus has {len(catalogue)}: give an ID (or a unique prefix of one)."
        " Find ids with 'seeds list', 'seeds list --format ids' or 'seeds search WORDS'."
    )


def _add_story(state: AppState, doc: Document, meta: dict[str, Any]) -> None:
    """The header's 'also in' line when the document's story has other copies."""
    catalogue = state.catalogue()
    if len(catalogue) == 1 and not doc.copies:
        return  # alone in its corpus and no copies recorded: it has no story to look up
    from seeds_cli.index.story_list import also_in, story_for_show

    story = story_for_show(str(catalogue.root), catalogue, doc, state.index_dir)
    if story is not None:
        meta["also_in"] = f"{also_in(story, doc.id)} — seeds similar {doc.id}"


def _meta(doc: Document) -> dict[str, Any]:
    return doc.metadata(with_words=True)


def _write_raw(data: bytes) -> None:
    """The exact bytes, except that a terminal never receives control characters."""
    from seeds_cli.render.console import stream_is_terminal

    if stream_is_terminal() and _has_controls(data):
        from seeds_cli.errors import SeedsError

        raise SeedsError(
            "the file holds control characters, which --raw sends only to a pipe or a file",
            hint="redirect it (seeds show --raw ID > file), or drop --raw to see them as symbols",
        )
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


_CONTROLS = "[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f]"


def _has_controls(data: bytes) -> bool:
    """C0 (but tab and line ends), DEL or C1: anything a terminal could act on."""
    return bool(re.search(_CONTROLS, data.decode("utf-8", errors="replace")))


def _write_json(meta: dict[str, Any], text: str) -> None:
    from seeds_cli.render.output import dumps
    from seeds_cli.render.structure import parse_article

    blocks = [
        {
            "kind": block.kind,
            "start": block.start,
            "end": block.end,
            "spans": [{"kind": s.kind, "start": s.start, "end": s.end} for s in block.spans],
        }
        for block in parse_article(text)
    ]
    sys.stdout.write(dumps({**meta, "text": text, "blocks": blocks}, indent=2) + "\n")


def _show_on_terminal(
    state: AppState,
    meta: dict[str, Any],
    text: str,
    width: int | None,
    pager: bool | None,
    mode: str,
    vte_explicit: bool,
    highlights: list[tuple[int, int]],
) -> None:
    from seeds_cli.render.article import render_article
    from seeds_cli.render.bidi.terminal import vte_explicit_mode
    from seeds_cli.render.console import make_console
    from seeds_cli.render.pager import paged, pager_command

    console = make_console(state.color, width=width)
    lines = render_article(meta, text, width=console.width, mode=mode, highlights=highlights)
    use_pager = pager if pager is not None else len(lines) > console.size.height - 1
    command = pager_command() if use_pager else None
    with vte_explicit_mode(sys.stdout, vte_explicit):
        if command is not None:
            with paged(console, command) as out:
                if out is not None:
                    for line in lines:
                        out.print(line)
                    return
        for line in lines:
            console.print(line)
