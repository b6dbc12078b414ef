"""Search results by story: each result's copies, and a ranked list with each story once.

The index stores the stories (:mod:`seeds_cli.index.stories`), so none of this costs more
than a few lookups of the documents shown. Grouping keeps a story at the rank of its best
member and names the other copies (the documents of the story, wherever they rank, and the
copies an import recorded).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from seeds_cli.index.search import Outcome, Result, Searcher
    from seeds_cli.index.store import IndexReader

FETCH_FACTOR = 3  # results fetched per story wanted; more are fetched if copies eat them


@dataclass(slots=True, frozen=True)
class StoryCopy:
    """Another copy of a result's story: a document (``id``), or a copy an import recorded."""

    id: str
    source: str
    date: str
    url: str = ""

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id} if self.id else {"recorded": True}
        data.update(
            {
                k: v
                for k, v in (("source", self.source), ("date", self.date), ("url", self.url))
                if v
            }
        )
        return data


@dataclass(slots=True)
class StoryInfo:
    """A result's story: its representative's id and the story's other copies."""

    story: str
    copies: list[StoryCopy] = field(default_factory=list)

    def note(self) -> str:
        """``+4 copies: okaz, alriyadh, sabq, was``: the count, then the sources."""
        count = len(self.copies)
        sources = list(dict.fromkeys(c.source or "?" for c in self.copies))
        return f"+{count} cop{'y' if count == 1 else 'ies'}: {', '.join(sources)}"


def story_infos(reader: IndexReader, results: Sequence[Result]) -> dict[int, StoryInfo]:
    """The story of each result's document that has copies, by document number."""
    from seeds_cli.catalogue.copies import parse_copies

    nums = [r.doc.num for r in results]
    found = reader.stories_of(nums)
    members = {rep: reader.story_members(rep) for rep in {v[0] for v in found.values()}}
    infos = {
        d.num: d for d in reader.documents(sorted({m for ms in members.values() for m, _, _ in ms}))
    }
    out: dict[int, StoryInfo] = {}
    for num in nums:
        if num not in found:
            continue
        rep = found[num][0]
        info = StoryInfo(infos[rep].id)
        for member, _score, recorded in members[rep]:
            if member != num:
                doc = infos[member]
                info.copies.append(StoryCopy(doc.id, doc.source, doc.date, doc.url))
            info.copies.extend(
                StoryCopy("", c.source, c.date, c.url) for c in parse_copies(recorded)
            )
        if info.copies:
            out[num] = info
    return out


def group(results: Sequence[Result], infos: dict[int, StoryInfo]) -> list[Result]:
    """The results with each story once, at its best member's place."""
    seen: set[str] = set()
    kept = []
    for r in results:
        info = infos.get(r.doc.num)
        key = info.story if info is not None else r.doc.id
        if key not in seen:
            seen.add(key)
            kept.append(r)
    return kept


def grouped_search(
    searcher: Searcher, query: str, *, limit: int, offset: int, **options: Any
) -> tuple[Outcome, dict[int, StoryInfo]]:
    """``searcher.search`` with each story once: the page holds ``limit`` stories (0: all)
    after the first ``offset``, ranked 1, 2, … in story order; ``total`` still counts the
    matching documents. Also the stories of the results shown."""
    need = offset + limit if limit else 0
    fetch = max(need * FETCH_FACTOR, 20) if need else 0
    while True:
        outcome = searcher.search(query, limit=fetch, offset=0, **options)
        infos = story_infos(searcher.reader, outcome.results)
        kept = group(outcome.results, infos)
        if not need or len(kept) >= need or len(outcome.results) >= outcome.total:
            break
        fetch *= 4
    page = kept[offset : offset + limit] if limit else kept[offset:]
    for rank, r in enumerate(page, offset + 1):
        r.rank = rank
    outcome.results = page
    return outcome, {r.doc.num: infos[r.doc.num] for r in page if r.doc.num in infos}
