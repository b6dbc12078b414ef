"""A ready index of a corpus: the fresh one found where indexes live, or one built there."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING

from seeds_cli.index.freshness import staleness
from seeds_cli.index.location import build_path, index_candidates
from seeds_cli.index.store import IndexReader

if TYPE_CHECKING:
    from contextlib import AbstractContextManager
    from os import PathLike

    from seeds_cli.catalogue import Catalogue
    from seeds_cli.index.listing import Listing

    StrPath = str | PathLike[str]


def find_index(
    root: StrPath, index_dir: StrPath | None = None, *, every_file: bool = False
) -> tuple[IndexReader | None, str]:
    """The first existing, fresh index of ``root`` and a note: "fresh", or why there is none.

    ``every_file``: check every listed file, not only INDEX.md and the folders.
    """
    note = "no index yet"
    for path in index_candidates(root, index_dir):
        reader = _try_open(path)
        if reader is None:
            continue
        why = staleness(reader, root, every_file=every_file)
        if why is None:
            return reader, "fresh"
        reader.close()
        note = f"stale: {why}"
    return None, note


def _try_open(path: str) -> IndexReader | None:
    if not os.path.isfile(path):
        return None
    try:
        return IndexReader(path)
    except Exception:  # unreadable, truncated or another format: rebuild it
        return None


def open_index(
    root: StrPath,
    documents: Callable[[], Catalogue | Listing],
    *,
    rebuild: bool = False,
    every_file: bool = False,
    index_dir: StrPath | None = None,
    progress: Callable[[Listing], AbstractContextManager[Callable[[int], None]]] | None = None,
    problems: Callable[[list[str]], None] | None = None,
) -> IndexReader:
    """A fresh index of ``root``, built (atomically) first if missing, stale or ``rebuild``.

    ``documents()`` gives what to build from: a listing that reads INDEX.md as the build goes
    (:func:`seeds_cli.index.listing.read_listing`, the bounded way for a large corpus), or a
    loaded catalogue. While building, ``progress(listing)`` (a context manager, ``len()`` of
    its argument the number of documents) gives the ``advance(n)`` callable the build calls
    per document; ``problems`` receives the files that could not be read (the index is built
    without them), if there were any.
    """
    if not rebuild:
        reader, _ = find_index(root, index_dir, every_file=every_file)
        if reader is not None:
            return reader
    from contextlib import nullcontext

    from seeds_cli.index.builder import build_index
    from seeds_cli.index.listing import Listing, listing_of

    # first: making its folder may change the corpus folder's time, which the listing notes
    path = build_path(root, index_dir)
    source = documents()
    listing = source if isinstance(source, Listing) else listing_of(source)
    with progress(listing) if progress else nullcontext(None) as advance:
        unreadable = build_index(listing, path, progress=advance)
    if unreadable and problems:
        problems(unreadable)
    return IndexReader(path)
