"""Where the corpus is: an explicit folder, $SEEDS_CORPUS, the nearest seeds/INDEX.md, or the bundled one.

Everything is found with os.path: a listing that reads INDEX.md, or a search, does not need
pathlib, whose import costs more than the rest of finding the corpus. A folder given by the
user is normalized as ``Path`` would (``_normal``), so messages name it the same way.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Mapping
from typing import TYPE_CHECKING

from seeds_cli.errors import CorpusError

if TYPE_CHECKING:
    from pathlib import Path

ENV_VAR = "SEEDS_CORPUS"


def bundled_corpus() -> Path | None:
    """The corpus shipped with the package (installed), or the checkout's ``seeds/`` (editable)."""
    found = _bundled()
    if found is None:
        return None
    from pathlib import Path

    return Path(found)


def _bundled() -> str | None:
    package = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
    for candidate in (
        os.path.join(package, "bundled"),
        os.path.join(os.path.dirname(package), "seeds"),
    ):
        if _is_file(os.path.join(candidate, "INDEX.md")):
            return candidate
    return None


def _is_file(path: str) -> bool:
    """``Path(path).is_file()``: False if missing, but other errors (EACCES) are raised."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError as exc:
        if exc.errno not in (errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP):
            raise
        return False
    except ValueError:
        return False


def _as_corpus_dir(value: str | os.PathLike[str], origin: str) -> str:
    path = _normal(os.path.expanduser(os.fspath(value)))
    if os.path.basename(path) == "INDEX.md" and _is_file(path):
        return os.path.dirname(path) or "."
    if not _exists(path):
        raise CorpusError(
            f"{origin}: {path} does not exist", hint="give a corpus folder holding INDEX.md"
        )
    if not os.path.isdir(path):
        raise CorpusError(
            f"{origin}: {path} is not a folder", hint="give a corpus folder holding INDEX.md"
        )
    if not _exists(os.path.join(path, "INDEX.md")):
        raise CorpusError(
            f"{origin}: {path} has no INDEX.md",
            hint="create one with 'seeds init DIR', or point at a corpus folder",
        )
    return path


def _normal(path: str) -> str:
    """``str(Path(path))`` without pathlib: repeated slashes and "." parts dropped, ".." kept."""
    if path.startswith("//") and not path.startswith("///"):
        head = "//"  # POSIX leaves the meaning of exactly two leading slashes open: kept
    elif path.startswith("/"):
        head = "/"
    else:
        head = ""
    parts = [part for part in path.split("/") if part and part != "."]
    return head + "/".join(parts) if parts else head or "."


def _exists(path: str) -> bool:
    """``Path(path).exists()``: False if missing, but other errors (EACCES) are raised."""
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno not in (errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP):
            raise
        return False
    except ValueError:
        return False
    return True


def locate_corpus(
    explicit: str | Path | None = None,
    *,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> Path:
    """Resolve the corpus folder in the documented order of precedence."""
    from pathlib import Path

    return Path(corpus_folder(explicit, env=env, cwd=cwd))


def corpus_folder(
    explicit: str | Path | None = None,
    *,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> str:
    """:func:`locate_corpus`, as a string (``str`` of the Path it returns)."""
    if explicit:
        return _as_corpus_dir(explicit, "--corpus")
    env = os.environ if env is None else env
    if env.get(ENV_VAR):
        return _as_corpus_dir(env[ENV_VAR], ENV_VAR)
    folder = os.path.realpath(os.getcwd() if cwd is None else cwd)
    while True:
        if _is_file(os.path.join(folder, "seeds", "INDEX.md")):
            return os.path.join(folder, "seeds")
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
    bundled = _bundled()
    if bundled is None:
        raise CorpusError(
            "no corpus found: no seeds/INDEX.md here or above, and no bundled corpus",
            hint="pass --corpus DIR or set SEEDS_CORPUS",
        )
    return bundled
