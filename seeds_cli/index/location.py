"""Where a corpus's search index lives.

In ``<corpus>/.seeds-index/`` when that folder is writable, else in a per-user cache folder
keyed by the corpus path. An index folder given by the caller (the CLI's ``--index-dir`` or
``$SEEDS_INDEX_DIR``, read where the CLI reads its options) replaces both.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import TYPE_CHECKING

from seeds_cli.index.store import INDEX_DIR, INDEX_FILE

if TYPE_CHECKING:
    from os import PathLike

    StrPath = str | PathLike[str]


def corpus_key(root: StrPath) -> str:
    """A short name for the corpus folder, for an index kept outside it."""
    import hashlib

    return hashlib.sha1(os.fsencode(os.path.realpath(root))).hexdigest()[:16]


def index_candidates(root: StrPath, index_dir: StrPath | None = None) -> Iterator[str]:
    """Index file paths for ``root``, preferred first (computed lazily: the cache path costs).

    ``index_dir``, when given, is the only place.
    """
    if index_dir:
        yield os.path.join(os.path.abspath(index_dir), corpus_key(root), INDEX_FILE)
        return
    yield os.path.join(root, INDEX_DIR, INDEX_FILE)
    from platformdirs import user_cache_dir

    yield os.path.join(user_cache_dir("seeds"), "index", corpus_key(root), INDEX_FILE)


def build_path(root: StrPath, index_dir: StrPath | None = None) -> str:
    """Where a new index of ``root`` is written: the first candidate whose folder is writable
    (created if need be)."""
    from seeds_cli.errors import CorpusError

    for path in index_candidates(root, index_dir):
        if _writable(os.path.dirname(path)):
            return path
    raise CorpusError(
        f"no writable place for the search index of {root}",
        hint="give --index-dir (or set SEEDS_INDEX_DIR) to a writable folder",
    )


def _writable(folder: str) -> bool:
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError:
        return False
    return os.access(folder, os.W_OK | os.X_OK)
