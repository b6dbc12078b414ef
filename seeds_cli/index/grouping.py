"""Search results by story: each result's other copies, and a ranking with each story once.

The index stores the stories (:mod:`seeds_cli.index.stories`) and the copies an import
recorded, so none of this costs more than a few lookups of the documents shown. Grouping
keeps a story at the rank of its best member and names the story's other copies (wherever
they rank, whether or not they match) and the copies an import recorded.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from seeds_cli.index.search import Outcome, Result
    from seeds_cli.index.store import IndexReader

FETCH_FACTOR = 3  # results fetched per story wanted; more are fetched if copies eat them
MIN_FETCH = 30


@dataclass(slots=True)
class StoryCopy:
    """Another copy of a result's story: a document of the corpus (``id``), or a copy that
    ``seeds import --dedupe`` recorded (``id`` None: the same text, from another record)."""

    id: str | None
    source: str
    date: str
    url: str = ""

    def as_record(self) -> dict[str, Any]:
        record: dict[str, Any] = {"id": self.id} if self.id else {"recorded": True}
        for key in ("source", "date", "url"):
            value = getattr(self, key)
            if value:
                record[key] = value
        return record


@dataclass(slots=True, repr=False, eq=False)
class StoryInfo:
    """A result's story: its representative's id and the story's other copies."""

    story: str
    copies: list[StoryCopy] = field(default_factory=list)


def copies_note(copies: Sequence[StoryCopy]) -> str:
    """``+4 copies: okaz, alriyadh, sabq, was``: how many, then their sources (each once, in
    story order); "" when there are none."""
    if not copies:
        return ""
    count = len(copies)
    sources = ", ".join(dict.fromkeys(c.source or "?" for c in copies))
    return f"+{count} cop{'y' if count == 1 else 'ies'}: {sources}"


def story_infos(reader: IndexReader, nums: Sequence[int]) -> dict[int, StoryInfo]:
    """The story of each given document that has copies (in the corpus or recorded by an
    import), by document number."""
    found = reader.stories_of(nums)
    if not found:
        return {}
    members = {rep: reader.story_members(rep) for rep in {v[0] for v in found.values()}}
    every = sorted({m for ms in members.values() for m, _, _ in ms})
    docs = dict(zip(every, reader.documents(every), strict=True))
    for rep, ms in members.items():  # the representative, then story order: date, then id
        ms.sort(key=lambda m, rep=rep: (m[0] != rep, *_story_key(docs[m[0]])))
    out: dict[int, StoryInfo] = {}
    for num in nums:
        if num not in found:
            continue
        rep = found[num][0]
        info = StoryInfo(docs[rep].id)
        for member, _score, recorded in members[rep]:
            if member != num:
                doc = docs[member]
                info.copies.append(
                    StoryCopy(doc.id, doc.source or "", doc.date or "", doc.url or "")
                )
            if recorded:
                from seeds_cli.catalogue.copies import parse_copies

                info.copies.extend(
                    StoryCopy(None, c.source, c.date, c.url) for c in parse_copies(recorded)
                )
        if info.copies:
            out[num] = info
    return out


def _story_key(doc: Any) -> tuple[bool, str, str]:
    """Story order: dated documents first, earliest first, then by id."""
    return (not doc.date, doc.date or "", doc.id)


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
    search: Callable[[int], Outcome], reader: IndexReader, *, limit: int, offset: int
) -> tuple[Outcome, dict[int, StoryInfo]]:
    """A search with each story once: ``search(n)`` runs the query for its best ``n``
    documents (0: all); the page holds ``limit`` stories (0: all) after the first
    ``offset``, ranked 1, 2, … in story order. ``total`` still counts the matching
    documents. Also the stories of the documents fetched."""
    need = offset + limit if limit else 0
    fetch = max(need * FETCH_FACTOR, MIN_FETCH) if need else 0
    while True:
        outcome = search(fetch)
        infos = story_infos(reader, [r.doc.num for r in outcome.results])
        kept = group(outcome.results, infos)
        if not need or len(kept) >= need or len(outcome.results) >= outcome.total:
            break
        fetch *= 4
    page = kept[offset : offset + limit] if limit else kept[offset:]
    for rank, r in enumerate(page, offset + 1):
        r.rank = rank
    outcome.results = page
    return outcome, infos
