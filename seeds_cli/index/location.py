"""Where a corpus's index lives, whether it is still fresh, and opening (or building) it.

The index goes into ``<corpus>/.seeds-index/`` when that folder is writable, else into a
per-user cache folder keyed by the corpus path; an index folder given by the caller (the
CLI's --index-dir) or $SEEDS_INDEX_DIR overrides both. It is keyed to INDEX.md's size and
mtime and to each listed file's size and mtime: any change means a rebuild, so a stale result
is never shown.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from seeds_cli.index.store import FORMAT_VERSION, INDEX_DIR, INDEX_FILE, IndexReader

if TYPE_CHECKING:
    from contextlib import AbstractContextManager
    from os import PathLike

    from seeds_cli.catalogue import Catalogue

    StrPath = str | PathLike[str]

INDEX_MD = "INDEX.md"


def _corpus_key(root: StrPath) -> str:
    import hashlib  # only for the cache folder's name: not on the common path

    return hashlib.sha1(os.fsencode(os.path.realpath(root))).hexdigest()[:16]


def index_candidates(root: StrPath, index_dir: StrPath | None = None) -> Iterator[str]:
    """Index file paths for ``root``, preferred first (computed lazily: the cache path costs).

    ``index_dir`` (else $SEEDS_INDEX_DIR) is the only place when given.
    """
    override = index_dir or os.environ.get("SEEDS_INDEX_DIR")
    if override:
        yield os.path.join(os.path.abspath(override), _corpus_key(root), INDEX_FILE)
        return
    yield os.path.join(root, INDEX_DIR, INDEX_FILE)
    from platformdirs import user_cache_dir

    yield os.path.join(user_cache_dir("seeds"), "index", _corpus_key(root), INDEX_FILE)


def _writable(folder: str) -> bool:
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError:
        return False
    return os.access(folder, os.W_OK | os.X_OK)


def fingerprint(root: StrPath) -> dict[str, Any]:
    """The INDEX.md part of the freshness key (each file's part is ``IndexReader.file_stats``)."""
    st = os.stat(os.path.join(root, INDEX_MD))
    return {"index_md_size": st.st_size, "index_md_mtime": st.st_mtime_ns}


def staleness(reader: IndexReader, root: StrPath) -> str | None:
    """Why the index no longer matches the corpus, or None when it is fresh: INDEX.md, then
    every indexed file's size and mtime, in document order (the first difference is named)."""
    try:
        current = fingerprint(root)
    except OSError:
        return "INDEX.md cannot be read"
    for key, value in current.items():
        if str(reader.meta.get(key)) != str(value):
            return "INDEX.md changed"
    for file, size, mtime in reader.file_stats():
        try:
            st = os.stat(os.path.join(root, file))
        except OSError:
            if size == -1:
                continue  # it was unreadable at build time too
            return f"{file} is gone"
        if st.st_size != size or st.st_mtime_ns != mtime:
            return f"{file} changed"
    return None


def _try_open(path: str) -> IndexReader | None:
    if not os.path.isfile(path):
        return None
    try:
        return IndexReader(path)
    except Exception:  # unreadable, truncated or another format: rebuild it
        return None


def find_index(root: StrPath, index_dir: StrPath | None = None) -> tuple[IndexReader | None, str]:
    """The first existing, fresh index of ``root`` and a status note."""
    note = "no index yet"
    for path in index_candidates(root, index_dir):
        reader = _try_open(path)
        if reader is None:
            continue
        why = staleness(reader, root)
        if why is None:
            return reader, "fresh"
        reader.close()
        note = f"stale: {why}"
    return None, note


def build_path(root: StrPath, index_dir: StrPath | None = None) -> str:
    """Where a new index of ``root`` is written: the first candidate whose folder is writable."""
    from seeds_cli.errors import CorpusError

    for path in index_candidates(root, index_dir):
        if _writable(os.path.dirname(path)):
            return path
    raise CorpusError(
        f"no writable place for the search index of {root}",
        hint="set SEEDS_INDEX_DIR to a writable folder",
    )


def open_index(
    root: StrPath,
    load_catalogue: Callable[[], Catalogue],
    *,
    rebuild: bool = False,
    index_dir: StrPath | None = None,
    progress: Callable[[Catalogue], AbstractContextManager[Callable[[int], None]]] | None = None,
    problems: Callable[[list[str]], None] | None = None,
) -> IndexReader:
    """A fresh index of ``root``, built (atomically) first if missing, stale or ``rebuild``.

    While building, ``progress(catalogue)`` (a context manager) gives the ``advance(n)`` callable
    the build calls per document; ``problems`` receives the files that could not be read (the
    index is built without them), if there were any.
    """
    if not rebuild:
        reader, _ = find_index(root, index_dir)
        if reader is not None:
            return reader
    from contextlib import nullcontext

    from seeds_cli.index.builder import build_index

    catalogue = load_catalogue()
    path = build_path(root, index_dir)
    # The key is taken before reading the files: a change during the build makes it stale.
    key = fingerprint(root)
    with progress(catalogue) if progress else nullcontext(None) as advance:
        unreadable = build_index(catalogue, path, key, progress=advance)
    if unreadable and problems:
        problems(unreadable)
    return IndexReader(path)


__all__ = [
    "FORMAT_VERSION",
    "build_path",
    "find_index",
    "fingerprint",
    "index_candidates",
    "open_index",
    "staleness",
]
