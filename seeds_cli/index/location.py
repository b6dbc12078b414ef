"""Where a corpus's index lives, whether it is still fresh, and opening (or building) it.

The index goes into ``<corpus>/.seeds-index/`` when that folder is writable, else into a
per-user cache folder keyed by the corpus path ($SEEDS_INDEX_DIR overrides both). It is keyed
to INDEX.md's size and mtime and to each listed file's size and mtime: any change means a
rebuild, so a stale result is never shown.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from seeds_cli.index.store import FORMAT_VERSION, INDEX_DIR, INDEX_FILE, IndexReader

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

    from seeds_cli.catalogue import Catalogue

INDEX_MD = "INDEX.md"


def _corpus_key(root: Path) -> str:
    import hashlib  # only for the cache folder's name: not on the common path

    return hashlib.sha1(os.fsencode(os.path.realpath(root))).hexdigest()[:16]


def index_candidates(root: Path) -> Iterator[Path]:
    """Index file paths for ``root``, preferred first (computed lazily: the cache path costs)."""
    override = os.environ.get("SEEDS_INDEX_DIR")
    if override:
        yield Path(override) / _corpus_key(root) / INDEX_FILE
        return
    yield root / INDEX_DIR / INDEX_FILE
    from platformdirs import user_cache_dir

    yield Path(user_cache_dir("seeds")) / "index" / _corpus_key(root) / INDEX_FILE


def _writable(folder: Path) -> bool:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return os.access(folder, os.W_OK | os.X_OK)


def fingerprint(root: Path) -> dict[str, Any]:
    """The INDEX.md part of the freshness key (each file's part is ``IndexReader.file_stats``)."""
    st = os.stat(root / INDEX_MD)
    return {"index_md_size": st.st_size, "index_md_mtime": st.st_mtime_ns}


def staleness(reader: IndexReader, root: Path) -> str | None:
    """Why the index no longer matches the corpus, or None when it is fresh."""
    try:
        current = fingerprint(root)
    except OSError:
        return "INDEX.md cannot be read"
    for key, value in current.items():
        if str(reader.meta.get(key)) != str(value):
            return "INDEX.md changed"
    return _changed_file(reader.file_stats(), root)


def _changed_file(rows: list[tuple[str, int, int]], root: Path) -> str | None:
    """Why the first file whose size or mtime differs from ``rows`` does, or None.

    This runs before every search over every file of the corpus, so it is one stat call per
    file and nothing else: relative to an open folder where the platform allows (no path to
    join or walk), compared as it comes, stopping at the first difference. (A directory listing
    first costs more than it saves; threads gain nothing, the calls are too short.)
    """
    stat = os.stat
    fd = -1
    if stat in os.supports_dir_fd:
        try:
            fd = os.open(root, os.O_RDONLY)
        except OSError:
            fd = -1
    try:
        for file, size, mtime in rows:
            try:
                st = stat(file, dir_fd=fd) if fd >= 0 else stat(os.path.join(root, file))
            except OSError:
                if size == -1:
                    continue  # it was unreadable at build time too
                return f"{file} is gone"
            if st.st_size != size or st.st_mtime_ns != mtime:
                return f"{file} changed"
    finally:
        if fd >= 0:
            os.close(fd)
    return None


def _try_open(path: Path) -> IndexReader | None:
    if not path.is_file():
        return None
    try:
        return IndexReader(path)
    except Exception:  # unreadable, truncated or another format: rebuild it
        return None


def find_index(root: Path, *, deferred: bool = False) -> tuple[IndexReader | None, str]:
    """The first existing, fresh index of ``root`` and a status note.

    ``deferred``: where the platform can, the per-file part of the check runs in a child
    process while the caller goes on; :func:`confirm` waits for its verdict, which must come
    before anything read from the index is shown.
    """
    note = "no index yet"
    for path in index_candidates(root):
        reader = _try_open(path)
        if reader is None:
            continue
        if deferred and _index_md_matches(reader, root) and _check_in_child(reader, root):
            return reader, "fresh (confirming)"
        why = staleness(reader, root)
        if why is None:
            return reader, "fresh"
        reader.close()
        note = f"stale: {why}"
    return None, note


def _index_md_matches(reader: IndexReader, root: Path) -> bool:
    try:
        current = fingerprint(root)
    except OSError:
        return False
    return all(str(reader.meta.get(key)) == str(value) for key, value in current.items())


def _check_in_child(reader: IndexReader, root: Path) -> bool:
    """Start the per-file check in a forked child (exit status 0: fresh); False if not started.

    The check is system calls, about 0.1 s on 30,000 files: in a process of its own it runs on
    another core while the query is evaluated, which a thread cannot (it needs the GIL between
    two calls).
    """
    if not sys.platform.startswith("linux"):  # fork is only dependable there
        return False
    try:
        pid = os.fork()
    except OSError:
        return False
    if pid == 0:  # pragma: no cover - the child's coverage is not collected
        code = 2
        try:
            own = IndexReader(reader.path)  # nothing of the parent's connection is used
            code = 0 if _changed_file(own.file_stats(), root) is None else 1
        finally:
            os._exit(code)
    reader.pending = pid
    return True


def confirm(reader: IndexReader) -> IndexReader:
    """``reader`` once its deferred freshness check (if any) has found it fresh; else a fresh
    index, checked again and rebuilt if stale, as :func:`open_index` was asked to."""
    pid, reader.pending = reader.pending, None
    if pid is None:
        return reader
    try:
        _, status = os.waitpid(pid, 0)
        fresh = os.waitstatus_to_exitcode(status) == 0
    except ChildProcessError:
        fresh = False
    if fresh:
        return reader
    reader.close()
    assert reader.reopen is not None  # set with pending by open_index
    return reader.reopen()


def build_path(root: Path) -> Path:
    """Where a new index of ``root`` is written: the first candidate whose folder is writable."""
    from seeds_cli.errors import CorpusError

    for path in index_candidates(root):
        if _writable(path.parent):
            return path
    raise CorpusError(
        f"no writable place for the search index of {root}",
        hint="set SEEDS_INDEX_DIR to a writable folder",
    )


def open_index(
    root: Path,
    load_catalogue: Callable[[], Catalogue],
    *,
    rebuild: bool = False,
    progress: Callable[[Catalogue], AbstractContextManager[Callable[[int], None]]] | None = None,
    problems: Callable[[list[str]], None] | None = None,
    deferred: bool = False,
) -> IndexReader:
    """A fresh index of ``root``, built (atomically) first if missing, stale or ``rebuild``.

    While building, ``progress(catalogue)`` (a context manager) gives the ``advance(n)`` callable
    the build calls per document; ``problems`` receives the files that could not be read (the
    index is built without them), if there were any. ``deferred``: the check of each file may
    still be running (see :func:`find_index`): pass the reader through :func:`confirm` before
    showing anything read from it (:class:`~seeds_cli.index.search.Searcher` does).
    """
    if not rebuild:
        reader, _ = find_index(root, deferred=deferred)
        if reader is not None:
            if reader.pending is not None:
                reader.reopen = lambda: open_index(
                    root, load_catalogue, progress=progress, problems=problems
                )
            # How a Searcher replaces an index found damaged while reading it.
            reader.rebuild = lambda: open_index(
                root, load_catalogue, rebuild=True, progress=progress, problems=problems
            )
            return reader
    from contextlib import nullcontext

    from seeds_cli.index.builder import build_index

    catalogue = load_catalogue()
    path = build_path(root)
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
    "confirm",
    "find_index",
    "fingerprint",
    "index_candidates",
    "open_index",
    "staleness",
]
