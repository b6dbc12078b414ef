"""Filtering and ordering documents for listings (``seeds list`` and the library API)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from seeds_cli.catalogue.catalogue import Document

SORT_FIELDS = ("id", "title", "source", "date", "lang", "words", "file")


def date_in_range(date: str, since: str | None, until: str | None) -> bool:
    """Whether an ISO date falls in [since, until]; partial bounds cover whole months/years."""
    if not date:
        return since is None and until is None
    day = date[:10]
    if since and day < since and not since.startswith(day):
        return False
    return not (until and day[: len(until)] > until)


def lang_matches(lang: str, wanted: Sequence[str]) -> bool:
    """BCP 47 prefix match: 'ar' matches 'ar' and 'ar-SA'."""
    lang = lang.lower()
    return any(lang == w.lower() or lang.startswith(w.lower() + "-") for w in wanted)


def select_documents(
    documents: Iterable[Document],
    *,
    sources: Sequence[str] = (),
    langs: Sequence[str] = (),
    since: str | None = None,
    until: str | None = None,
    sort: str | None = None,
    reverse: bool = False,
    limit: int | None = None,
) -> list[Document]:
    """The documents passing every filter, sorted (stable; missing values last), then limited."""
    wanted_sources = {s.casefold() for s in sources}
    chosen = [
        doc
        for doc in documents
        if (not wanted_sources or doc.source.casefold() in wanted_sources)
        and (not langs or lang_matches(doc.lang, langs))
        and ((since is None and until is None) or date_in_range(doc.date, since, until))
    ]
    if sort:
        if sort == "words":
            chosen.sort(key=lambda d: d.words, reverse=reverse)
        else:
            present = [d for d in chosen if getattr(d, sort)]
            missing = [d for d in chosen if not getattr(d, sort)]
            present.sort(key=lambda d: getattr(d, sort), reverse=reverse)
            chosen = present + missing
    elif reverse:
        chosen.reverse()
    return chosen if limit is None else chosen[:limit]
