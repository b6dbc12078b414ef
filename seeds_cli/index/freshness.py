"""Whether a search index still matches its corpus, at a cost that does not grow with the
number of files on every search.

Recorded when the index is built: INDEX.md's size and modification time; the modification
time of each folder that holds a listed file, and of the folders above it up to the corpus
folder (a folder's time changes when an entry in it is added, removed or renamed); and each
listed file's size and modification time, taken as it is read.

Checked:

* on every search (:func:`staleness`): INDEX.md, then the folders. A changed folder (a file
  added, deleted or renamed, or saved by an editor that writes a new file and renames it over
  the old one) makes every listed file be checked; when they all still match, the folders' new
  times are noted beside the index, so the next search is quick again;
* with ``every_file=True`` (``seeds index``, ``seeds index --status``, ``seeds check``): every
  listed file as well;
* before results are shown (:func:`changed_files`): each shown result's file. A changed one
  means the index is rebuilt and the query run again: no result is shown from a changed file.

Not seen by a search: a listed file rewritten in place (its folder unchanged) that is not
among the results. Until the next rebuild, the index holds its old text: it may be missed by
a query that only its new text matches.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from os import PathLike

    from seeds_cli.index.store import IndexReader

    StrPath = str | PathLike[str]

INDEX_MD = "INDEX.md"
_NOTED = ".folders.json"  # beside the index file: the folders' times last seen matching


def folders_of(files: Iterable[str]) -> list[str]:
    """The folders (relative, "" for the corpus folder) that hold ``files``, and every folder
    above them, sorted."""
    folders = {""}
    for file in files:
        folder = os.path.dirname(file)
        while folder and folder not in folders:
            folders.add(folder)
            folder = os.path.dirname(folder)
    return sorted(folders)


def folder_times(root: StrPath, folders: Iterable[str]) -> dict[str, int]:
    """Each folder's modification time in nanoseconds (-1: it cannot be read)."""
    times = {}
    for folder in folders:
        try:
            times[folder] = os.stat(os.path.join(root, folder)).st_mtime_ns
        except OSError:
            times[folder] = -1
    return times


def build_key(root: StrPath, files: Iterable[str]) -> dict[str, Any]:
    """What an index records of the corpus, to check its freshness later; taken before the
    files are read, so that a change during the build makes the index stale."""
    key = CorpusKey(root)
    for file in files:
        key.see(file)
    return key.key()


class CorpusKey:
    """:func:`build_key` taken as a build goes: INDEX.md's size and time at the start, each
    folder's time when the build first meets one of its files (before reading any of them)."""

    def __init__(self, root: StrPath) -> None:
        self.root = root
        st = os.stat(os.path.join(root, INDEX_MD))
        self.index_md = (st.st_size, st.st_mtime_ns)
        self.times = folder_times(root, [""])

    def see(self, file: str) -> None:
        """Note the folders of ``file`` (and those above them) not noted yet."""
        folder = os.path.dirname(file)
        times = self.times
        while folder not in times:
            times.update(folder_times(self.root, [folder]))
            folder = os.path.dirname(folder)

    def key(self) -> dict[str, Any]:
        return {
            "index_md_size": self.index_md[0],
            "index_md_mtime": self.index_md[1],
            "folders": json.dumps(dict(sorted(self.times.items()))),
        }


def staleness(reader: IndexReader, root: StrPath, *, every_file: bool = False) -> str | None:
    """Why the index no longer matches the corpus, or None when it does (see the module's
    docstring for what is checked)."""
    try:
        st = os.stat(os.path.join(root, INDEX_MD))
    except OSError:
        return "INDEX.md cannot be read"
    meta = reader.meta
    if str(meta.get("index_md_size")) != str(st.st_size) or str(meta.get("index_md_mtime")) != str(
        st.st_mtime_ns
    ):
        return "INDEX.md changed"
    recorded = _noted(reader) or _recorded(meta)
    if recorded is None:
        return "it was built by an older seeds"
    now = folder_times(root, recorded)
    if now == recorded and not every_file:
        return None
    why = _changed_file(reader, root)
    if why is None and now != recorded:
        _note(reader, now)
    return why


def _recorded(meta: dict[str, Any]) -> dict[str, int] | None:
    """The folders' times the index was built with, or None (an older or damaged index)."""
    try:
        recorded = json.loads(meta["folders"])
    except (KeyError, TypeError, ValueError):
        return None
    return recorded if isinstance(recorded, dict) else None


def changed_files(reader: IndexReader, root: StrPath, nums: Sequence[int]) -> list[str]:
    """The files of documents ``nums`` that changed (or went) since the index was built."""
    return [
        file for file, size, mtime in reader.file_stats(nums) if _change(root, file, size, mtime)
    ]


def _change(root: StrPath, file: str, size: int, mtime: int) -> str | None:
    """How ``file`` differs from what the index recorded ("is gone", "changed"), or None."""
    try:
        st = os.stat(os.path.join(root, file))
    except OSError:
        return None if size == -1 else "is gone"  # -1: unreadable when indexed, too
    return "changed" if st.st_size != size or st.st_mtime_ns != mtime else None


def _changed_file(reader: IndexReader, root: StrPath) -> str | None:
    """The first listed file, in document order, that changed since the build, and how."""
    for file, size, mtime in reader.file_stats():
        change = _change(root, file, size, mtime)
        if change:
            return f"{file} {change}"
    return None


def _identity(reader: IndexReader) -> list[int]:
    st = os.stat(reader.path)
    return [st.st_ino, st.st_size, st.st_mtime_ns]


def _noted(reader: IndexReader) -> dict[str, int] | None:
    """The folders' times noted beside this very index file, if any."""
    try:
        with open(reader.path + _NOTED, encoding="utf-8") as handle:
            noted = json.load(handle)
        if noted["index"] == _identity(reader):
            return dict(noted["folders"])
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return None


def _note(reader: IndexReader, times: dict[str, int]) -> None:
    """Note the folders' times, checked file by file, beside the index (if it can be written)."""
    from seeds_cli.catalogue.files import atomic_writer

    try:
        with atomic_writer(reader.path + _NOTED) as handle:
            json.dump({"index": _identity(reader), "folders": times}, handle)
    except OSError:
        pass  # a read-only index folder: the next search checks the files again
