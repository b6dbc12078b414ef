"""Stories as people read them: the index's near-duplicate clusters with each copy's metadata,
and the copies that ``seeds import --dedupe`` recorded in INDEX.md (``copies``).

The index knows which documents resemble each other (:mod:`seeds_cli.index.stories`); the
catalogue knows where else a byte-identical text ran. A story joins both: its documents, then
for each document the copies recorded with it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from seeds_cli.catalogue import Catalogue, Document
    from seeds_cli.index.store import IndexReader


@dataclass(slots=True, frozen=True)
class Copy:
    """One copy of a story: a document of the corpus (``id`` set), or a copy an import
    recorded (``id`` empty: same text as the document it is recorded with)."""

    id: str
    source: str
    date: str
    url: str = ""
    title: str = ""
    resemblance: float = 1.0  # to the story's representative

    @property
    def recorded(self) -> bool:
        return not self.id

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id} if self.id else {"recorded": True}
        for key in ("source", "date", "url", "title"):
            value = getattr(self, key)
            if value:
                data[key] = value
        data["resemblance"] = round(self.resemblance, 3)
        return data


@dataclass(slots=True)
class Story:
    """A story of two or more copies; ``copies[0]`` is the representative (the earliest
    document, then the smallest id)."""

    copies: list[Copy] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.copies[0].id

    @property
    def size(self) -> int:
        return len(self.copies)

    @property
    def title(self) -> str:
        return next((c.title for c in self.copies if c.title), "")

    @property
    def sources(self) -> list[str]:
        """Distinct sources, in the order of the copies."""
        return list(dict.fromkeys(c.source for c in self.copies if c.source))

    @property
    def dates(self) -> tuple[str, str]:
        """(first, last) date of the dated copies ("" when none is dated)."""
        days = sorted(c.date[:10] for c in self.copies if c.date)
        return (days[0], days[-1]) if days else ("", "")

    def earliest(self) -> Copy:
        """The earliest copy, recorded ones included (the representative on a tie)."""
        dated = [c for c in self.copies if c.date]
        return min(dated, key=lambda c: c.date[:10]) if dated else self.copies[0]

    def as_dict(self) -> dict[str, Any]:
        first, last = self.dates
        return {
            "story": self.id,
            "size": self.size,
            "sources": self.sources,
            "first": first,
            "last": last,
            "title": self.title,
            "copies": [c.as_dict() for c in self.copies],
        }


def _document_copies(doc: Document, resemblance: float) -> list[Copy]:
    """A document as a copy, then the copies recorded with it."""
    own = Copy(doc.id, doc.source, doc.date, doc.url, doc.title, resemblance)
    return [own] + [
        Copy("", c.source, c.date, c.url, doc.title, resemblance) for c in doc.copy_list()
    ]


def all_stories(reader: IndexReader, catalogue: Catalogue) -> list[Story]:
    """Every story of two or more copies: the index's clusters, and the documents with
    recorded copies that are in no cluster. Document numbers are the catalogue's order
    (the index is fresh)."""
    docs = catalogue.documents
    groups: dict[int, list[tuple[int, float]]] = {}
    for num, rep, score in reader.stories():
        groups.setdefault(rep, []).append((num, score))
    stories = [
        _story(docs, sorted(members, key=lambda m, rep=rep: _member_order(docs, rep, m[0])))
        for rep, members in groups.items()
    ]
    clustered = {num for members in groups.values() for num, _ in members}
    stories.extend(
        _story(docs, [(num, 1.0)])
        for num, doc in enumerate(docs)
        if doc.copies and num not in clustered
    )
    return [s for s in stories if s.size > 1]


def _story(docs: Sequence[Document], members: Iterable[tuple[int, float]]) -> Story:
    story = Story()
    for num, score in members:
        story.copies.extend(_document_copies(docs[num], score))
    return story


def story_of(reader: IndexReader, catalogue: Catalogue, num: int) -> Story | None:
    """The story of document ``num`` (two or more copies), or None."""
    docs = catalogue.documents
    found = reader.stories_of([num])
    if num not in found:
        story = _story(docs, [(num, 1.0)])
        return story if story.size > 1 else None
    rep = found[num][0]
    members = [(member, score) for member, score, _ in reader.story_members(rep)]
    story = _story(docs, sorted(members, key=lambda m: _member_order(docs, rep, m[0])))
    return story if story.size > 1 else None


def _member_order(docs: Sequence[Document], rep: int, num: int) -> tuple[bool, bool, str, str]:
    """The representative first, then in story order (date, then id; undated last)."""
    doc = docs[num]
    return (num != rep, doc.date == "", doc.date, doc.id)


def select_stories(
    stories: Iterable[Story],
    *,
    min_size: int = 2,
    sources: Sequence[str] = (),
    since: str | None = None,
    until: str | None = None,
) -> list[Story]:
    """The stories with at least ``min_size`` copies, one of them from one of ``sources``
    (case-insensitive) and dated within [since, until]; largest first, then earliest."""
    from seeds_cli.catalogue.select import date_in_range

    wanted = {s.casefold() for s in sources}
    chosen = [
        s
        for s in stories
        if s.size >= min_size
        and any(
            (not wanted or c.source.casefold() in wanted)
            and ((since is None and until is None) or date_in_range(c.date, since, until))
            for c in s.copies
        )
    ]
    chosen.sort(key=lambda s: (-s.size, s.dates[0] == "", s.dates[0], s.id))
    return chosen


def by_source(stories: Iterable[Story]) -> Counter[tuple[str, str]]:
    """Who copies whom: (source of a story's earliest copy, source of a later copy) -> count."""
    counts: Counter[tuple[str, str]] = Counter()
    for story in stories:
        first = story.earliest()
        for copy in story.copies:
            if copy is not first:
                counts[(first.source or "?", copy.source or "?")] += 1
    return counts


def also_in(story: Story, doc_id: str, *, names: int = 2) -> str:
    """What ``seeds show`` says of a document's story: the other copies' sources, the first
    ``names`` of them by name, then how many copies more (``okaz, sabq (+2)``)."""
    others = [c for c in story.copies if c.id != doc_id]
    sources = list(dict.fromkeys(c.source or "?" for c in others))
    shown = sources[:names]
    more = len(others) - sum(1 for c in others if (c.source or "?") in shown)
    return ", ".join(shown) + (f" (+{more})" if more else "")


def story_for_show(
    root: str, catalogue: Catalogue, doc: Document, index_dir: str | None = None
) -> Story | None:
    """The story of ``doc`` for its header, read from the corpus's index if one exists and
    is fresh (showing a document never builds an index); else only its recorded copies. A
    one-document corpus has no index to read."""
    num = next((i for i, d in enumerate(catalogue.documents) if d is doc), None)
    if num is None:
        return None
    if len(catalogue) > 1:
        from seeds_cli.index.ready import find_index

        reader, _ = find_index(root, index_dir)
        if reader is not None:
            try:
                return story_of(reader, catalogue, num)
            finally:
                reader.close()
    story = _story(catalogue.documents, [(num, 1.0)])
    return story if story.size > 1 else None
