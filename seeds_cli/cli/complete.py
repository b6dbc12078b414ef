"""Shell-completion callbacks: document ids, sources and languages read from the corpus.

They run on every Tab press, in a fresh process, so they only parse INDEX.md (never a
document) and they never fail loudly: any problem means "no suggestions", not a traceback in
the middle of the user's command line. Values taken from the corpus are untrusted, so those
that would print anything but plain text (controls, bidi overrides) are not offered, and the
titles shown beside ids in zsh and fish are cleaned.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from click.shell_completion import CompletionItem

    from seeds_cli.catalogue.indexmd import ParsedIndex

MAX_ITEMS = 1000  # a shell asked to list more than this helps nobody; typing more narrows it
HELP_WIDTH = 60


def _parsed_index(ctx: click.Context) -> ParsedIndex | None:
    """The corpus's parsed INDEX.md, found as the command would find it, or None."""
    try:
        from seeds_cli.catalogue.catalogue import read_index
        from seeds_cli.catalogue.locate import locate_corpus

        corpus = ctx.find_root().params.get("corpus")
        return read_index(locate_corpus(corpus))
    except Exception:  # completion must stay silent whatever the corpus looks like
        return None


def _plain(value: str) -> bool:
    from seeds_cli.render.safe import clean_inline

    return bool(value) and clean_inline(value) == value and value == value.strip()


def _short(text: str) -> str:
    from seeds_cli.render.safe import clean_inline

    text = " ".join(clean_inline(text).split())
    return text if len(text) <= HELP_WIDTH else text[: HELP_WIDTH - 1] + "…"


def complete_ids(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """Document ids starting with ``incomplete``, each with its title as the description."""
    from click.shell_completion import CompletionItem

    parsed = _parsed_index(ctx)
    if parsed is None:
        return []
    items = []
    for entry in parsed.entries:
        if entry.id.startswith(incomplete) and _plain(entry.id):
            items.append(CompletionItem(entry.id, help=_short(entry.fields.get("title", ""))))
            if len(items) >= MAX_ITEMS:
                break
    return items


def _field_values(ctx: click.Context, key: str, incomplete: str) -> list[CompletionItem]:
    from click.shell_completion import CompletionItem

    parsed = _parsed_index(ctx)
    if parsed is None:
        return []
    counts: dict[str, int] = {}
    default = parsed.header.lang if key == "lang" else ""
    for entry in parsed.entries:
        value = entry.fields.get(key, "") or default
        if value:
            counts[value] = counts.get(value, 0) + 1
    wanted = incomplete.casefold()
    return [
        CompletionItem(value, help=f"{n} document{'s' * (n != 1)}")
        for value, n in sorted(counts.items())
        if value.casefold().startswith(wanted) and _plain(value)
    ][:MAX_ITEMS]


def complete_sources(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """The corpus's sources (case-insensitive prefix match), with their document counts."""
    return _field_values(ctx, "source", incomplete)


def complete_langs(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """The corpus's language tags, with their document counts."""
    return _field_values(ctx, "lang", incomplete)


def complete_dirs(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """Let the shell complete folder names."""
    from click.shell_completion import CompletionItem

    return [CompletionItem(incomplete, type="dir")]
