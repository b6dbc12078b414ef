"""Where a corpus's index lives, whether it is still fresh, and opening (or building) it.

The index goes into ``<corpus>/.seeds-index/`` when that folder is writable, else into a
per-user cache folder keyed by the corpus path ($SEEDS_INDEX_DIR overrides both). It is keyed
to INDEX.md's size and mtime and to each listed file's size and mtime: any change means a
rebuild, so a stale result is never shown.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from seeds_cli._values import Record
from seeds_cli.index.store import FORMAT_VERSION, INDEX_DIR, INDEX_FILE, IndexReader

if TYPE_CHECKING:
    from os import PathLike

    StrPath = str | PathLike[str]
    import mmap
    from contextlib import AbstractContextManager

    from seeds_cli.catalogue import Catalogue

INDEX_MD = "INDEX.md"


def _corpus_key(root: StrPath) -> str:
    import hashlib  # only for the cache folder's name: not on the common path

    return hashlib.sha1(os.fsencode(os.path.realpath(root))).hexdigest()[:16]


def index_candidates(root: StrPath) -> Iterator[str]:
    """Index file paths for ``root``, preferred first (computed lazily: the cache path costs).

    Paths are strings, joined with os.path: pathlib's import costs a search more than finding
    and opening its index does.
    """
    override = os.environ.get("SEEDS_INDEX_DIR")
    if override:
        yield os.path.join(override, _corpus_key(root), INDEX_FILE)
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
    """Why the index no longer matches the corpus, or None when it is fresh."""
    try:
        current = fingerprint(root)
    except OSError:
        return "INDEX.md cannot be read"
    for key, value in current.items():
        if str(reader.meta.get(key)) != str(value):
            return "INDEX.md changed"
    files = _Files.of(reader)
    try:
        return files.changed(root, 0, len(files))
    finally:
        files.close()


class _Files:
    """Each indexed file's name, size and mtime, in document order, as the freshness check
    reads them: straight from the packed form in ``meta`` where it can (the names as bytes,
    split only when first needed; no tuple per file), else from ``IndexReader.file_stats``.

    This check runs before every search over every file of the corpus, so it is one stat call
    per file and nothing else: relative to an open folder where the platform allows (no path
    to join or walk), compared as it comes, stopping at the first difference. (A directory
    listing first costs more than it saves; threads gain nothing, the calls are too short.)
    """

    def __init__(
        self, names: Sequence[str] | bytes, sizes: Sequence[int], mtimes: Sequence[int]
    ) -> None:
        self._names = names  # bytes: the packed names, not split yet
        self.sizes = sizes
        self.mtimes = mtimes
        self.fd = -1  # the corpus folder, opened by the first check where stat takes a dir_fd

    @classmethod
    def of(cls, reader: IndexReader) -> _Files:
        packed = reader.packed_file_stats()
        if packed is not None:
            names: bytes | str | None = packed[0]
            if not _raw_names_ok(packed[0]):
                try:
                    names = packed[0].decode("utf-8", "surrogatepass")
                except UnicodeDecodeError:
                    names = None
            if names is not None:
                return cls(names, packed[1], packed[2])
        rows = reader.file_stats()
        return cls([r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows])

    def __len__(self) -> int:
        return len(self.sizes)

    @property
    def names(self) -> Sequence[str | bytes]:
        names = self._names
        if isinstance(names, (bytes, str)):
            names = self._names = names.split(b"\n" if isinstance(names, bytes) else "\n")
        return names

    def changed(self, root: StrPath, start: int, stop: int) -> str | None:
        """Why the first file of ``start:stop`` whose size or mtime differs does, or None."""
        stat = os.stat
        if self.fd < 0 and stat in os.supports_dir_fd:
            try:
                self.fd = os.open(root, os.O_RDONLY)
            except OSError:
                self.fd = -1
        fd = self.fd
        names = self.names
        base = os.fsencode(root) if names and isinstance(names[0], bytes) else os.fspath(root)
        for file, size, mtime in zip(
            names[start:stop], self.sizes[start:stop], self.mtimes[start:stop], strict=True
        ):
            try:
                st = stat(file, dir_fd=fd) if fd >= 0 else stat(os.path.join(base, file))
            except OSError:
                if size == -1:
                    continue  # it was unreadable at build time too
                return f"{os.fsdecode(file)} is gone"
            if st.st_size != size or st.st_mtime_ns != mtime:
                return f"{os.fsdecode(file)} changed"
        return None

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1


def _raw_names_ok(names: bytes) -> bool:
    """Whether the stored names (UTF-8, lone surrogates allowed) are the file names' bytes as
    the file system has them, so they can be passed to stat undecoded: UTF-8 is the file
    system's encoding and no lone surrogate (a byte that was not UTF-8) is encoded in them
    (as ED A0..ED BF; any ED sends them the slow way, which is right, only slower)."""
    return sys.getfilesystemencoding() == "utf-8" and b"\xed" not in names


def _try_open(path: str) -> IndexReader | None:
    if not os.path.isfile(path):
        return None
    try:
        return IndexReader(path)
    except Exception:  # unreadable, truncated or another format: rebuild it
        return None


def find_index(root: StrPath, *, deferred: bool = False) -> tuple[IndexReader | None, str]:
    """The first existing, fresh index of ``root`` and a status note.

    ``deferred``: where the platform can, the per-file part of the check runs in a child
    process while the caller goes on; :func:`confirm` waits for its verdict, which must come
    before anything read from the index is shown.
    """
    early = _take_early(root)
    if early is not None:
        if deferred and early.pending is not None:
            return early, "fresh (confirming)"
        if deferred and staleness(early, root) is None:  # a small corpus: checked here
            return early, "fresh"
        _abandon(early)
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


def _index_md_matches(reader: IndexReader, root: StrPath) -> bool:
    try:
        current = fingerprint(root)
    except OSError:
        return False
    return all(str(reader.meta.get(key)) == str(value) for key, value in current.items())


# The deferred check is split between a forked child and the parent: the child checks the
# files chunk by chunk from the first, the parent (once its query is done) from the last, and
# each marks a chunk in shared memory when it has checked it. Each stops at the first chunk
# the other has marked; as each one's marks run without a gap from its own end of the list,
# a chunk marked by the other means everything from there to the other end is checked too:
# every file is checked by someone (a chunk may be checked twice where they meet).
_CHUNK = 256  # files per chunk: small enough to balance, large enough to cost nothing


class _Split(Record):
    """A split check under way: what the parent needs to do its share in :func:`confirm`."""

    __slots__ = ("root", "files", "marks")  # noqa: RUF023 (field order)
    root: StrPath
    files: _Files
    marks: mmap.mmap  # one byte per chunk, shared with the child: nonzero once checked

    def __init__(self, root: StrPath, files: _Files, marks: mmap.mmap) -> None:
        self.root = root
        self.files = files
        self.marks = marks


_SPLITS: dict[int, _Split] = {}  # by the child's pid


def _check_in_child(reader: IndexReader, root: StrPath) -> bool:
    """Start the per-file check in a forked child (exit status 0: fresh); False if not started.

    The check is system calls, about 0.06 s on 30,000 files: in a process of its own it runs on
    another core while the query is evaluated, which a thread cannot (it needs the GIL between
    two calls); the parent takes its share once the query is done (:func:`confirm`). What the
    child needs is read before the fork, so it opens nothing and starts at once.
    """
    if not sys.platform.startswith("linux"):  # fork is only dependable there
        return False
    if reader.n_docs <= _CHUNK:
        return False  # a fork costs more than checking a few files here (~7% of a search)
    import mmap

    files = _Files.of(reader)
    marks = mmap.mmap(-1, max(1, -(-len(files) // _CHUNK)))  # anonymous, shared with the child
    try:
        pid = os.fork()
    except OSError:
        return False
    if pid == 0:  # pragma: no cover - the child's coverage is not collected
        code = 2
        try:
            code = 0 if _check_chunks(files, root, marks, backwards=False) is None else 1
        finally:
            os._exit(code)
    _SPLITS[pid] = _Split(root, files, marks)
    reader.pending = pid
    return True


def _check_chunks(files: _Files, root: StrPath, marks: mmap.mmap, *, backwards: bool) -> str | None:
    """Check ``files`` chunk by chunk from one end, marking each chunk in ``marks`` once it
    is found unchanged, until a chunk the other side has marked; why a file changed, if one
    did."""
    count = len(marks)
    for k in range(count - 1, -1, -1) if backwards else range(count):
        if marks[k]:
            return None  # the other side has checked it and everything beyond
        why = files.changed(root, k * _CHUNK, (k + 1) * _CHUNK)
        if why is not None:
            return why
        marks[k] = 1
    return None


# A search's check may start before the CLI is even imported (see seeds_cli.cli.entry): the
# reader it opened waits here for find_index, which takes it for the same corpus folder.
_EARLY: list[tuple[str, IndexReader]] = []


def start_early(root: StrPath) -> None:
    """Open the index ``find_index(root, deferred=True)`` would take and start its deferred
    check now (a small corpus's is left to find_index, which takes the open index); nothing
    is shown or written, and anything unexpected leaves it all to find_index."""
    for path in index_candidates(root):
        reader = _try_open(path)
        if reader is None:
            continue
        # Kept for the search either with its check under way or, for a corpus too small to
        # fork for, opened (the search checks it itself and need not open it again).
        if _index_md_matches(reader, root) and (
            reader.n_docs <= _CHUNK or _check_in_child(reader, root)
        ):
            import atexit

            _EARLY.append((os.fspath(root), reader))
            atexit.register(_abandon_early)
        else:
            reader.close()
        return


def _take_early(root: StrPath) -> IndexReader | None:
    """The reader started early for ``root``, if there is one (any other is abandoned)."""
    found = None
    while _EARLY:
        where, reader = _EARLY.pop()
        if found is None and where == os.fspath(root):
            found = reader
        else:
            _abandon(reader)
    return found


def _abandon_early() -> None:
    while _EARLY:
        _abandon(_EARLY.pop()[1])


def _abandon(reader: IndexReader) -> None:
    """Stop a deferred check nobody will wait for, and close its reader."""
    pid, reader.pending = reader.pending, None
    if pid is not None:
        import signal

        split = _SPLITS.pop(pid, None)
        if split is not None:
            split.files.close()
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)
    reader.close()


def confirm(reader: IndexReader) -> IndexReader:
    """``reader`` once its deferred freshness check (if any) has found it fresh; else a fresh
    index, checked again and rebuilt if stale, as :func:`open_index` was asked to."""
    pid, reader.pending = reader.pending, None
    if pid is None:
        return reader
    split = _SPLITS.pop(pid, None)
    fresh = split is not None
    if split is not None:
        if _check_chunks(split.files, split.root, split.marks, backwards=True) is not None:
            fresh = False  # the child's verdict is moot
            with contextlib.suppress(OSError):
                import signal

                os.kill(pid, signal.SIGKILL)
        split.files.close()
    try:
        _, status = os.waitpid(pid, 0)
        fresh = fresh and os.waitstatus_to_exitcode(status) == 0
    except ChildProcessError:
        fresh = False
    if fresh:
        return reader
    reader.close()
    assert reader.reopen is not None  # set with pending by open_index
    return reader.reopen()


def build_path(root: StrPath) -> str:
    """Where a new index of ``root`` is written: the first candidate whose folder is writable."""
    from seeds_cli.errors import CorpusError

    for path in index_candidates(root):
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
