"""Facets: how the documents a search matches spread over sources and months."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from seeds_cli.errors import SeedsError

if TYPE_CHECKING:
    from seeds_cli.index.store import DocInfo

FACETS = ("source", "month")
ALIASES = {"date": "month"}  # ``--facets date`` counts by month
UNDATED = "undated"
NO_SOURCE = "(none)"


def facet_names(values: Iterable[str]) -> list[str]:
    """The facets asked for (each value a name or a comma list; ``date`` is ``month``), each
    once, in the order asked; an unknown name is a SeedsError."""
    names: list[str] = []
    for value in values:
        for part in value.split(","):
            name = part.strip().casefold()
            if not name:
                continue
            name = ALIASES.get(name, name)
            if name not in FACETS:
                raise SeedsError(
                    f"unknown facet {part.strip()!r}",
                    hint="facets are source and date (by month): --facets source,date",
                )
            if name not in names:
                names.append(name)
    return names


def facet_counts(docs: Iterable[DocInfo], names: Sequence[str]) -> dict[str, list[tuple[str, int]]]:
    """For each facet, (value, count) pairs: sources by count, then name; months in
    calendar order, undated last."""
    docs = list(docs)
    out: dict[str, list[tuple[str, int]]] = {}
    for name in names:
        if name == "source":
            counts = Counter(d.source or NO_SOURCE for d in docs)
            out[name] = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        elif name == "month":
            counts = Counter(_month(d.date or "") for d in docs)
            out[name] = sorted(counts.items(), key=lambda kv: (kv[0] == UNDATED, kv[0]))
        else:
            raise ValueError(f"unknown facet {name!r}")
    return out


def _month(date: str) -> str:
    """``2015-07`` of a date; a bare year stays a year; no date is ``undated``."""
    return date[:7] if len(date) >= 7 else (date or UNDATED)
